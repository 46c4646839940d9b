// The topics a corpus covers, for autocomplete: names and phrases in capitals ("Helsinki summit"
// is not, "Steele dossier" is half; "New START", "National Security Strategy" are) and common
// content words, counted by how many articles mention them. A small vocabulary, so autocomplete
// is a scan of precomputed entries, not a full-text search.
import { splitSentences } from './sentences.ts';
import { STOP_WORDS } from './search/tokenize.ts';
import type { Article } from './types.ts';

export interface Topic {
  readonly name: string;
  /** Articles that mention it. */
  readonly count: number;
}

const WORD = /[\p{L}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}]/gu;
const CONNECTORS = new Set(['of', 'the', 'for', 'and', 'on', 'de']);
const isCapital = (w: string): boolean => /^\p{Lu}/u.test(w);
const MAX_TOPICS = 20_000;

/** Candidate topics of one text: capitalised runs (1–4 words) and plain content words. */
function candidates(text: string): Set<string> {
  const out = new Set<string>();
  for (const sentence of splitSentences(text)) {
    const words = [...sentence.text.matchAll(WORD)].map((m) => m[0].replace(/['’]s$/, ''));
    let run: string[] = [];
    const flush = (): void => {
      while (run.length > 0 && CONNECTORS.has(run[run.length - 1] as string)) run.pop();
      if (run.length > 0) {
        for (let len = Math.min(4, run.length); len >= 1; len--) {
          for (let i = 0; i + len <= run.length; i++) {
            const part = run.slice(i, i + len);
            if (CONNECTORS.has(part[0] as string) || CONNECTORS.has(part[len - 1] as string)) continue;
            if (len === 1 && (STOP_WORDS.has((part[0] as string).toLowerCase()) || (part[0] as string).length < 3)) continue;
            out.add(part.join(' '));
          }
        }
      }
      run = [];
    };
    words.forEach((w, i) => {
      // The first word of a sentence is capitalised anyway: it starts a run only if a name follows.
      if (isCapital(w) && !(i === 0 && !isCapital(words[1] ?? ''))) run.push(w);
      else if (run.length > 0 && CONNECTORS.has(w)) run.push(w);
      else {
        flush();
        const lower = w.toLowerCase();
        if (!isCapital(w) && lower.length >= 5 && !STOP_WORDS.has(lower)) out.add(lower);
      }
    });
    flush();
  }
  return out;
}

export function extractTopics(articles: readonly Article[], minCount = 2): Topic[] {
  const counts = new Map<string, number>();
  for (const a of articles) for (const c of candidates(`${a.title}\n${a.text}`)) counts.set(c, (counts.get(c) ?? 0) + 1);
  const min = articles.length < 20 ? 1 : minCount;
  return [...counts]
    .filter(([, n]) => n >= min)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, MAX_TOPICS)
    .map(([name, count]) => ({ name, count }));
}

/** Topics with a word starting with what the user typed (every typed word must match), most common first. */
export function suggestTopics(topics: readonly Topic[], typed: string, limit = 25): Topic[] {
  const parts = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return topics.slice(0, limit);
  const out: Topic[] = [];
  for (const t of topics) {
    const words = t.name.toLowerCase().split(' ');
    if (parts.every((p, i) => (i === parts.length - 1 ? words.some((w) => w.startsWith(p)) : words.includes(p)))) {
      out.push(t);
      if (out.length >= limit) break;
    }
  }
  return out;
}

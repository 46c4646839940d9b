// The topics a corpus covers, for autocomplete: names and phrases in capitals ("Helsinki summit"
// is not, "Steele dossier" is half; "New START", "National Security Strategy" are) and common
// content words, counted by how many articles mention them. A small vocabulary, so autocomplete
// is a scan of precomputed entries, not a full-text search.
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

// Where a new sentence starts: after . ! ? (and closing quotes) plus space, unless the word before
// the stop is a title or an initial ("Mr. Putin", "J. Biden"). Only sentence-initial capitals
// matter here, so this cheap test stands in for `splitSentences` (ICU), which took two thirds of
// a whole-corpus build.
const SENTENCE_END = /(?<!\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov|Pres|Amb|Sec|Hon|Rev|St|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|Inc|Corp|Co|Ltd|Dept|[A-Z]))[.!?]+["”’)\]]*\s+/u;

function sentencesOf(text: string): string[] {
  return text.split(/\n+/).flatMap((para) => para.split(SENTENCE_END));
}

/** Candidate topics of one text: capitalised runs (1–4 words) and plain content words. */
function candidates(text: string): Set<string> {
  const out = new Set<string>();
  for (const sentence of sentencesOf(text)) {
    const words = [...sentence.matchAll(WORD)].map((m) => m[0].replace(/['’]s$/, ''));
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

/** Lower-cased words of every topic, and each word's topics (ascending = most common first). */
interface TopicLookup {
  readonly words: readonly (readonly string[])[];
  /** Every distinct word, sorted, for prefix ranges by binary search. */
  readonly sorted: readonly string[];
  readonly topicsOf: ReadonlyMap<string, readonly number[]>;
}

// Autocomplete runs on every keystroke: the lookup is built once per topic list, not per call.
const lookups = new WeakMap<readonly Topic[], TopicLookup>();

function lookupOf(topics: readonly Topic[]): TopicLookup {
  let l = lookups.get(topics);
  if (!l) {
    const words = topics.map((t) => t.name.toLowerCase().split(' '));
    const topicsOf = new Map<string, number[]>();
    words.forEach((ws, i) => {
      for (const w of new Set(ws)) {
        const list = topicsOf.get(w);
        if (list) list.push(i);
        else topicsOf.set(w, [i]);
      }
    });
    l = { words, sorted: [...topicsOf.keys()].sort(), topicsOf };
    lookups.set(topics, l);
  }
  return l;
}

/** Index of the first entry of `sorted` that is ≥ `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Past this many matching words, scanning topics in order finds `limit` matches sooner than merging lists. */
const MAX_MERGED_WORDS = 64;

/** Topics with a word starting with what the user typed (every typed word must match), most common first. */
export function suggestTopics(topics: readonly Topic[], typed: string, limit = 25): Topic[] {
  const parts = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return topics.slice(0, limit);
  const l = lookupOf(topics);
  const last = parts[parts.length - 1] as string;
  const whole = parts.slice(0, -1);
  const matches = (i: number): boolean => {
    const words = l.words[i] as readonly string[];
    return whole.every((p) => words.includes(p)) && words.some((w) => w.startsWith(last));
  };
  let candidates: Iterable<number>;
  if (whole.length > 0) {
    // A whole word narrows the most: start from its topics.
    candidates = l.topicsOf.get(whole[0] as string) ?? [];
  } else {
    const from = lowerBound(l.sorted, last);
    const to = lowerBound(l.sorted, `${last}\uffff`);
    if (to - from > MAX_MERGED_WORDS) {
      candidates = topics.keys();
    } else {
      const set = new Set<number>();
      for (let k = from; k < to; k++) for (const i of l.topicsOf.get(l.sorted[k] as string) ?? []) set.add(i);
      candidates = [...set].sort((a, b) => a - b);
    }
  }
  const out: Topic[] = [];
  for (const i of candidates) {
    if (!matches(i)) continue;
    out.push(topics[i] as Topic);
    if (out.length >= limit) break;
  }
  return out;
}

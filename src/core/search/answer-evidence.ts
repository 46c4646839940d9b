// What the best sentence holds that tells an answer from a near-miss. A near-miss names the same
// people and event as the question but not the asked-for detail: "How many diplomats did the
// Obama administration expel?" meets "a record 60" in a sentence about 2018, and "Obama" in
// another; "Who did Trump name to replace Bolton?" meets "will be naming a new National Security
// Advisor" with no one named. So: are the question's rare words together in one place (the best
// sentence and its neighbours), and does that place hold something of the asked-for type that the
// question does not already say (a name, a number, a date)?
import { type AskedFor, askedFor } from './question-kind.ts';
import type { QueryAnalysis } from './rerank.ts';
import { normaliseTerm, type PhraseSet, termsWithOffsets, tokensWithOffsets } from './tokenize.ts';

export interface EvidenceFeatures {
  /** Weighted share of the question's rare words (weight at least RARE × the heaviest) in the best sentence and its neighbours (0..1). */
  readonly rareTogether: number;
  /** The heaviest question word the best sentence and its neighbours lack, relative to the heaviest (0..1). */
  readonly windowMissing: number;
  /** The question asks for a type (a person or name, a number, a date, a place) and the best sentence and its neighbours hold none it does not already say (1), or not (0). */
  readonly noNewAnswer: number;
}

/** A word is rare when it weighs at least this share of the question's heaviest word. */
const RARE = 0.6;

/** What the question asks for, with "what was the name of", "which hospital" read as a name. */
export function askedType(question: string): AskedFor | 'name' {
  let kind = askedFor(question);
  // "What did Putin say when Bolton came to Moscow?" asks for words, not a date.
  if (kind === 'date' && !/^\W*(?:and |so |but )?when\b|\b(?:what|which) (?:day|date|year|month|time)\b/i.test(question)) kind = undefined;
  if (kind !== undefined) return kind;
  return /\bnames?\b|\bwhich [a-z]+\b|\bwhat (?:company|firm|ship|hospital|illness|disease|prison|agency|group|organi[sz]ation)\b/i.test(question) ? 'name' : undefined;
}

const YEAR = /^(?:19|20)\d\d$/;
const NUMBER_WORDS = new Set('two three four five six seven eight nine ten eleven twelve dozen dozens hundred hundreds thousand thousands million millions billion billions half twice'.split(' '));
const DATE_WORDS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday yesterday today tonight'.split(
    ' ',
  ),
);
/** Capitalised words that are not names: titles and sentence furniture. */
const NOT_NAMES = new Set('the a an mr mrs ms dr president secretary minister senator general q and but in on at as for of to'.split(' '));

/** Runs of capitalised words ("Paul Whelan", "Gleneagles Hospital"), titles dropped, skipping a sentence's first word. */
function nameRuns(window: string): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  let prevEnd = -1;
  for (const t of tokensWithOffsets(window)) {
    const capital = /^\p{Lu}/u.test(t.raw) && !NOT_NAMES.has(t.raw.toLowerCase()) && !DATE_WORDS.has(t.raw.toLowerCase());
    const joined = prevEnd >= 0 && /^[\s-]*$/.test(window.slice(prevEnd, t.start));
    if (!capital || !joined) {
      if (run.length > 0) runs.push(run);
      run = [];
    }
    const opening = /(?:^|[.!?"“(])\s*$/.test(window.slice(Math.max(0, t.start - 4), t.start));
    if (capital && !(run.length === 0 && opening)) run.push(t.raw);
    prevEnd = t.end;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Whether `window` holds something of the asked-for type that the question does not already say. */
export function holdsNewAnswer(type: AskedFor | 'name', window: string, asked: ReadonlySet<string>): boolean {
  const fresh = (raw: string): boolean => {
    const term = normaliseTerm(raw);
    return !asked.has(raw.toLowerCase()) && (term === null || !asked.has(term));
  };
  if (type === 'person' || type === 'place' || type === 'name') {
    // A name none of whose words the question says: "John Bolton" is not news to a question about Bolton.
    // (After a colon names are often listed: "two banks: V.E.B. and…", so a colon opens no sentence here.)
    return nameRuns(window).some((run) => run.every(fresh));
  }
  const tokens = tokensWithOffsets(window);
  return tokens.some((t, i) => {
    const raw = t.raw;
    const lower = raw.toLowerCase();
    if (type === 'number') {
      // A year, or a day after a month, is seldom the answer to "how many".
      const afterMonth = DATE_WORDS.has((tokens[i - 1]?.raw ?? '').toLowerCase());
      return ((/^\p{N}/u.test(raw) && !YEAR.test(raw) && !afterMonth) || NUMBER_WORDS.has(lower)) && fresh(raw);
    }
    if (type === 'date') return (YEAR.test(raw) || DATE_WORDS.has(lower)) && fresh(raw);
    return true;
  });
}

export function evidenceFeatures(
  question: string,
  q: QueryAnalysis,
  passage: string,
  best: { readonly start: number; readonly end: number } | undefined,
  sentences: readonly { readonly start: number; readonly end: number }[],
  phrases: PhraseSet,
): EvidenceFeatures {
  // The best sentence and one on either side: an answer often follows the sentence naming its subject.
  const at = best === undefined ? -1 : sentences.findIndex((s) => s.end > best.start);
  const from = at < 0 ? 0 : (sentences[Math.max(0, at - 1)]?.start ?? 0);
  const to = at < 0 ? passage.length : (sentences[Math.min(sentences.length - 1, at + 1)]?.end ?? passage.length);
  const window = passage.slice(from, to);
  const inWindow = new Set(termsWithOffsets(window, phrases).map((t) => t.term));
  const held = (i: number): boolean => (q.groups[i] ?? []).some((t) => inWindow.has(t)) || q.alternatives?.[i]?.some((set) => set.every((t) => inWindow.has(t))) === true;
  const top = Math.max(0, ...q.weights);
  let rare = 0;
  let rareHeld = 0;
  let lacking = 0;
  q.weights.forEach((w, i) => {
    if (!held(i)) lacking = Math.max(lacking, w);
    if (w >= RARE * top && w > 0) {
      rare += w;
      if (held(i)) rareHeld += w;
    }
  });
  const type = askedType(question);
  const asked = new Set<string>([...q.groups.flat(), ...(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])]);
  return {
    rareTogether: rare > 0 ? rareHeld / rare : 0,
    windowMissing: top > 0 ? lacking / top : 0,
    noNewAnswer: type !== undefined && !holdsNewAnswer(type, window, asked) ? 1 : 0,
  };
}

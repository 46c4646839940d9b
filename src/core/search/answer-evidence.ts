// What the best sentence holds that tells an answer from a near-miss. A near-miss names the same
// people and event as the question but not the asked-for detail: "How many diplomats did the
// Obama administration expel?" meets "a record 60" in a sentence about 2018, and "Obama" in
// another; "Who did Trump name to replace Bolton?" meets "will be naming a new National Security
// Advisor" with no one named. So: are the question's rare words together in one place (the best
// sentence and its neighbours), and does that place hold something of the asked-for type that the
// question does not already say (a name, a number, a date)?
import { type AskedFor, askedFor } from './question-kind.ts';
import type { QueryAnalysis } from './rerank.ts';
import { normaliseTerm, type PhraseSet, termSet, termsWithOffsets, tokensWithOffsets } from './tokenize.ts';

export interface EvidenceFeatures {
  /** Weighted share of the question's rare words (weight at least RARE × the heaviest) in the best sentence and its neighbours (0..1). */
  readonly rareTogether: number;
  /** The heaviest question word the best sentence and its neighbours lack, relative to the heaviest (0..1). */
  readonly windowMissing: number;
  /** The question asks for a type (a person or name, a number, a date, a place) and the best sentence and its neighbours hold none it does not already say (1), or not (0). */
  readonly noNewAnswer: number;
  /** Weighted share of the question's focus words (content words that are not names, numbers or dates) the best sentence and its neighbours hold (0..1; 1 with none). */
  readonly focusHeld: number;
  /** The best share of focus words one sentence of the window holds together with an answer of the asked-for type the question does not say (0..1). */
  readonly anchored: number;
  /** "How many X": no number in the window stands within a few words before X (or a word for it) (1), or it does, or the question asks no count (0). */
  readonly countMissing: number;
}

/** "How many Russian diplomats did…": the terms of the counted phrase (up to three words, to the first stop word). */
export function countedTerms(question: string): string[] {
  const m = /\bhow many\s+(?:of\s+the\s+)?((?:[\p{L}][\p{L}'’-]*\s*){1,3})/iu.exec(question);
  const out: string[] = [];
  for (const word of (m?.[1] ?? '').split(/\s+/)) {
    const term = word === '' ? null : normaliseTerm(word);
    if (term === null) break;
    out.push(term);
  }
  return out;
}

/** A number ("60", "ten", "dozens") followed within three words by one of `terms`. */
export function countsOf(window: string, terms: ReadonlySet<string>): boolean {
  const tokens = tokensWithOffsets(window);
  return tokens.some((t, i) => {
    const lower = t.raw.toLowerCase();
    if (!(/^\p{N}/u.test(t.raw) && !YEAR.test(t.raw)) && !NUMBER_WORDS.has(lower)) return false;
    for (let j = i + 1; j <= i + 3 && j < tokens.length; j++) {
      const term = normaliseTerm((tokens[j] as { raw: string }).raw);
      if (term !== null && terms.has(term)) return true;
    }
    return false;
  });
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

/**
 * Per question group: is it a name (or number, or date) rather than a focus word? A near-miss
 * shares its names with a passage and lacks what it asks about: "What model of drone did the
 * Houthis use against Aramco?" meets Houthis, Aramco and drones, never "model". A word is a name
 * when the question capitalises it past its first word, when it is a number, or, in a lower-case
 * question, when the passage writes it capitalised inside a sentence.
 */
export function nameGroups(question: string, q: QueryAnalysis, passage: string, phrases: PhraseSet): boolean[] {
  const capitalised = new Set<string>();
  const lowered = new Set<string>();
  // A question's question words are stop words, so its first term is as telling as any other;
  // a passage's sentence openings say nothing.
  const mark = (text: string, openings: boolean, into: (term: string, capital: boolean) => void): void => {
    for (const t of termsWithOffsets(text, phrases)) {
      const raw = text.slice(t.start, t.end);
      if (!openings && /(?:^|[.!?"“(:\n])\s*$/.test(text.slice(Math.max(0, t.start - 4), t.start))) continue;
      into(t.term, /^\p{Lu}/u.test(raw) || /^\p{N}/u.test(raw));
    }
  };
  const casual = question === question.toLowerCase();
  mark(question, true, (term, capital) => (capital ? capitalised : lowered).add(term));
  // The passage says how a lower-case question's words are written: names stay capitalised.
  const inPassage = new Map<string, number>();
  if (casual) mark(passage, false, (term, capital) => inPassage.set(term, (inPassage.get(term) ?? 0) + (capital ? 1 : -1)));
  return q.groups.map((g, i) => {
    const head = g[0] ?? '';
    if (q.dateParts[i] !== undefined || /^\p{N}/u.test(head)) return true;
    if (capitalised.has(head)) return true;
    if (casual) return g.some((t) => (inPassage.get(t) ?? 0) > 0);
    return false;
  });
}

export function evidenceFeatures(
  question: string,
  q: QueryAnalysis,
  passage: string,
  best: { readonly start: number; readonly end: number } | undefined,
  sentences: readonly { readonly start: number; readonly end: number }[],
  phrases: PhraseSet,
  /** Compute the focus and count features too (answerFeatures asks when the model or the fit needs them; they cost about as much as the rest). */
  focusToo = true,
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
  const core = {
    rareTogether: rare > 0 ? rareHeld / rare : 0,
    windowMissing: top > 0 ? lacking / top : 0,
    noNewAnswer: type !== undefined && !holdsNewAnswer(type, window, asked) ? 1 : 0,
  };
  if (!focusToo) return { ...core, focusHeld: 0, anchored: 0, countMissing: 0 };
  const names = nameGroups(question, q, passage, phrases);
  let focus = 0;
  let focusGot = 0;
  q.weights.forEach((w, i) => {
    if (names[i] === true || w <= 0) return;
    focus += w;
    if (held(i)) focusGot += w;
  });
  // A near-miss's window holds a number or a name, but not in the sentence that holds what is asked about.
  let anchored = 0;
  for (let s = Math.max(0, at - 1); s <= (at < 0 ? sentences.length - 1 : Math.min(sentences.length - 1, at + 1)); s++) {
    const span = sentences[s];
    if (span === undefined) continue;
    const text = passage.slice(span.start, span.end);
    if (type !== undefined && !holdsNewAnswer(type, text, asked)) continue;
    if (focus <= 0) {
      anchored = 1;
      break;
    }
    const inS = termSet(text, phrases);
    let got = 0;
    q.weights.forEach((w, i) => {
      if (names[i] !== true && w > 0 && ((q.groups[i] ?? []).some((x) => inS.has(x)) || q.alternatives?.[i]?.some((set) => set.every((x) => inS.has(x))) === true)) got += w;
    });
    anchored = Math.max(anchored, got / focus);
  }
  // Each counted word with its synonyms: "60 Russian diplomats", "ten drones", "143 nations".
  const counted = new Set(countedTerms(question).flatMap((c) => q.groups.find((g) => g.includes(c)) ?? [c]));
  const countMissing = counted.size > 0 && !countsOf(window, counted) ? 1 : 0;
  return { ...core, anchored, countMissing, focusHeld: focus > 0 ? focusGot / focus : 1 };
}

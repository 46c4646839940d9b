// Reranking for /ask: BM25 finds a wide set of candidates, then each is scored by how much of the
// question's *meaning* it holds. Every content term of the question weighs its IDF, so a passage
// matching "trump", "putin" and "call" no longer beats one matching "pragmatic" and "ties"; the
// best single sentence counts apart (the question's terms close together is what an answer looks
// like); dates in the question must agree with the article's. The same weighted coverage decides
// whether anything answers at all. Weights were chosen on the tune split of eval/questions.jsonl.
import type { Hit, PassageSearch } from './engine.ts';
import { termsWithOffsets, type PhraseSet } from './tokenize.ts';

/** Words a question is made of rather than what it is about: they weigh little ("what did X say about Y"). */
const FILLER: ReadonlySet<string> = new Set(
  'call name mean want think take make go come give tell talk ask anyon someon thing way kind like now get put happen describ respond react explain announc plan'.split(' '),
);
const FILLER_WEIGHT = 0.35;

const MONTHS = ['januari', 'februari', 'march', 'april', 'mai', 'june', 'juli', 'august', 'septemb', 'octob', 'novemb', 'decemb'];
const MONTH_STEMS: ReadonlyMap<string, number> = new Map([
  ...MONTHS.map((m, i) => [m, i + 1] as const),
  ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1] as const),
]);

export interface QueryAnalysis {
  readonly groups: readonly (readonly string[])[];
  /** Weight of each group: its IDF, less for question filler. */
  readonly weights: readonly number[];
  readonly total: number;
  /** Years ("2021") and months (1-12) the question names. */
  readonly years: readonly string[];
  readonly months: readonly number[];
  /** Some term is in no passage at all: perhaps a typo, worth a fuzzy retry. */
  readonly unknownTerm: boolean;
}

export function analyseQuery(search: PassageSearch, groups: readonly (readonly string[])[]): QueryAnalysis {
  const n = Math.max(1, search.documentCount);
  const years: string[] = [];
  const months: number[] = [];
  let unknownTerm = false;
  const weights = groups.map((g) => {
    const head = g[0] ?? '';
    if (/^(?:19|20)\d\d$/.test(head)) years.push(head);
    const month = MONTH_STEMS.get(head);
    if (month !== undefined) months.push(month);
    let df = 0;
    for (const t of g) df = Math.max(df, search.documentFrequency(t, 0), search.documentFrequency(t, 1));
    // A word the corpus never uses still counts (the question is about something absent), as a rare one.
    if (df === 0) unknownTerm = true;
    // A word in every passage still counts a little, so a one-word question has a weight.
    const idf = Math.max(0.01, Math.log(1 + (n - Math.min(n, df) + 0.5) / (df + 0.5)));
    const w = idf + RERANK.idfFloor;
    return FILLER.has(head) ? w * FILLER_WEIGHT : w;
  });
  return { groups, weights, total: weights.reduce((a, b) => a + b, 0), years, months, unknownTerm };
}

/** Weighted share of the query's groups that `has` holds (0..1). */
function weightedCoverage(q: QueryAnalysis, has: (t: string) => boolean): number {
  if (q.total <= 0) return 0;
  let got = 0;
  q.groups.forEach((g, i) => {
    if (g.some(has)) got += q.weights[i] as number;
  });
  return got / q.total;
}

function heaviestMissing(q: QueryAnalysis, has: (t: string) => boolean): number {
  let top = 0;
  let lacking = 0;
  q.groups.forEach((g, i) => {
    const w = q.weights[i] as number;
    top = Math.max(top, w);
    if (!g.some(has)) lacking = Math.max(lacking, w);
  });
  return top > 0 ? lacking / top : 0;
}

export interface Ranked {
  readonly hit: Hit;
  /** Weighted coverage of the whole passage (title and speaker included). */
  readonly coverage: number;
  /** Weighted coverage of the best sentence, and where it is in the passage text. */
  readonly sentence: number;
  /** The heaviest question term the passage lacks, relative to the heaviest term (0..1). */
  readonly missing: number;
  readonly bestSentence?: { readonly start: number; readonly end: number };
  readonly score: number;
}

export interface RerankSource {
  readonly text: (idx: number) => string;
  /** The article's publication date, ISO. */
  readonly published: (idx: number) => string;
  readonly phrases: PhraseSet;
}

/** Weights set by hand on the eval's tune split (README, "Answer quality"); frozen, so no caller tunes them at run time. */
export const RERANK = Object.freeze({
  /** BM25 candidates reranked: wide, so the answer is among them in a big corpus. */
  candidates: 300,
  /** Added to every term's IDF: in a small corpus where every passage names Putin, Putin still counts. */
  idfFloor: 1,
  /** Candidates that get the sentence-level look (the most expensive feature). */
  deep: 60,
  coverage: 1,
  sentence: 0.8,
  bm25: 0.25,
  date: 0.15,
});

// Sentence ends for scoring: a cheap pattern, not the ICU segmenter (sentences.ts), which cost
// more than the whole BM25 search when run over dozens of candidates per question.
const SENTENCE_END = /[.!?]["”’)]*\s+(?=["“‘(]?[A-Z0-9])|\n+/g;

function roughSentences(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    // "Mr. Putin", "U.S. officials": a short piece is joined to the next.
    if (end - start < 25) continue;
    out.push({ text: text.slice(start, end), start, end });
    start = end;
  }
  if (start < text.length) out.push({ text: text.slice(start), start, end: text.length });
  return out;
}

/** The best-covering sentence of a passage. */
export function bestSentenceOf(q: QueryAnalysis, text: string, phrases: PhraseSet): { score: number; start: number; end: number } | undefined {
  let best: { score: number; start: number; end: number } | undefined;
  for (const s of roughSentences(text)) {
    const ts = new Set(termsWithOffsets(s.text, phrases).map((t) => t.term));
    if (ts.size === 0) continue;
    const score = weightedCoverage(q, (t) => ts.has(t));
    if (!best || score > best.score) best = { score, start: s.start, end: s.end };
  }
  if (best) {
    // Trim the surrounding whitespace the segmenter keeps with a sentence.
    const raw = text.slice(best.start, best.end);
    const lead = raw.length - raw.trimStart().length;
    best = { score: best.score, start: best.start + lead, end: best.start + raw.trimEnd().length };
  }
  return best;
}

function dateAgreement(q: QueryAnalysis, published: string): number {
  if (q.years.length === 0) return 0;
  const year = published.slice(0, 4);
  if (!q.years.includes(year)) return -1;
  if (q.months.length === 0) return 1;
  return q.months.includes(Number(published.slice(5, 7))) ? 1 : 0.5;
}

/** Candidates best first. */
export function rerank(q: QueryAnalysis, hits: readonly Hit[], src: RerankSource): Ranked[] {
  if (hits.length === 0) return [];
  const maxBm25 = Math.max(...hits.map((h) => h.score));
  const shallow = hits.map((hit) => {
    const matched = new Set(hit.terms);
    const coverage = weightedCoverage(q, (t) => matched.has(t));
    const missing = heaviestMissing(q, (t) => matched.has(t));
    const date = dateAgreement(q, src.published(hit.idx));
    const base = RERANK.coverage * coverage + RERANK.bm25 * (hit.score / maxBm25) + RERANK.date * date;
    return { hit, coverage, missing, date, base };
  });
  shallow.sort((a, b) => b.base - a.base);
  const out: Ranked[] = shallow.map((s, i) => {
    if (i >= RERANK.deep) return { hit: s.hit, coverage: s.coverage, missing: s.missing, sentence: 0, score: s.base };
    const best = bestSentenceOf(q, src.text(s.hit.idx), src.phrases);
    const sentence = best?.score ?? 0;
    return {
      hit: s.hit,
      coverage: s.coverage,
      missing: s.missing,
      sentence,
      ...(best && { bestSentence: { start: best.start, end: best.end } }),
      score: s.base + RERANK.sentence * sentence,
    };
  });
  return out.sort((a, b) => b.score - a.score);
}

// Reranking for /ask: BM25 finds a wide set of candidates, then each is scored by how much of the
// question's *meaning* it holds. Every content term of the question weighs its IDF, so a passage
// matching "trump", "putin" and "call" no longer beats one matching "pragmatic" and "ties"; the
// best single sentence counts apart (the question's terms close together is what an answer looks
// like); dates in the question must agree with the article's. The same weighted coverage decides
// whether anything answers at all. Weights were chosen on the tune split of eval/questions.jsonl.
import type { Hit, PassageSearch } from './engine.ts';
import { type AskedFor, askedFor, asksForWords, holdsAskedFor, holdsQuotation } from './question-kind.ts';
import { termSet, type PhraseSet } from './tokenize.ts';

/** Words a question is made of rather than what it is about: they weigh little ("what did X say about Y"). */
const FILLER: ReadonlySet<string> = new Set(
  'call name mean want think take make go come give tell talk ask anyon someon thing way kind like now get put happen describ respond react explain announc plan'.split(' '),
);
const FILLER_WEIGHT = 0.35;
/** Verbs of a question after someone's words ("what did X call Y", "how did X describe Y"), as index terms. */
const FRAME_VERBS: ReadonlySet<string> = new Set(['call', 'describ', 'label', 'term', 'dub', 'characteris', 'characteriz']);

const MONTHS = ['januari', 'februari', 'march', 'april', 'mai', 'june', 'juli', 'august', 'septemb', 'octob', 'novemb', 'decemb'];
const MONTH_STEMS: ReadonlyMap<string, number> = new Map([
  ...MONTHS.map((m, i) => [m, i + 1] as const),
  ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1] as const),
]);

interface DatePart {
  readonly part: 'year' | 'month' | 'day';
  readonly value: number;
}

export interface QueryAnalysis {
  readonly groups: readonly (readonly string[])[];
  /** Weight of each group: its IDF, less for question filler. */
  readonly weights: readonly number[];
  readonly total: number;
  /** Years ("2021"), months (1-12) and days of a month ("feb 12") the question names. */
  readonly years: readonly string[];
  readonly months: readonly number[];
  readonly days: readonly number[];
  /** Per group: the part of a date it names ("2021": year, "april": month, "15" next to a month: day), if any. */
  readonly dateParts: readonly (DatePart | undefined)[];
  /** Some term is in no passage at all: perhaps a typo, worth a fuzzy retry. */
  readonly unknownTerm: boolean;
  /** Per group: no passage holds any of its terms. */
  readonly unknownGroups: readonly boolean[];
  /** What the question asks for (a person, date, number, place, or someone's own words), if its wording says. */
  readonly wants?: AskedFor | 'words';
  /** Per group: sets of terms that, all present, stand for it (an acronym spelled out, or the reverse). */
  readonly alternatives?: readonly (readonly (readonly string[])[])[];
}

/** What a group held only through an alternative (an acronym for its long form) counts, below the word itself. */
const ALTERNATIVE_WEIGHT = 0.8;

export function analyseQuery(search: PassageSearch, groups: readonly (readonly string[])[], question?: string, alternatives?: readonly (readonly (readonly string[])[])[]): QueryAnalysis {
  const n = Math.max(1, search.documentCount);
  const years: string[] = [];
  const months: number[] = [];
  const days: number[] = [];
  const dateParts: (DatePart | undefined)[] = [];
  const unknownGroups: boolean[] = [];
  let unknownTerm = false;
  const wants = question === undefined ? undefined : asksForWords(question) ? 'words' : askedFor(question);
  const weights = groups.map((g, i) => {
    const head = g[0] ?? '';
    let part: DatePart | undefined;
    if (/^(?:19|20)\d\d$/.test(head)) {
      years.push(head);
      part = { part: 'year', value: Number(head) };
    }
    const month = MONTH_STEMS.get(head);
    if (month !== undefined) {
      months.push(month);
      part = { part: 'month', value: month };
    }
    // "April 15", "15 April": a day is a small number next to a month.
    const near = (j: number): boolean => MONTH_STEMS.has(groups[j]?.[0] ?? '');
    if (/^\d{1,2}$/.test(head) && Number(head) >= 1 && Number(head) <= 31 && (near(i - 1) || near(i + 1))) {
      days.push(Number(head));
      part = { part: 'day', value: Number(head) };
    }
    dateParts.push(part);
    let df = 0;
    for (const t of g) df = Math.max(df, search.documentFrequency(t, 0), search.documentFrequency(t, 1));
    // A word the corpus never uses still counts (the question is about something absent), as a rare one.
    if (df === 0) unknownTerm = true;
    unknownGroups.push(df === 0);
    // A word in every passage still counts a little, so a one-word question has a weight.
    const idf = Math.max(0.01, Math.log(1 + (n - Math.min(n, df) + 0.5) / (df + 0.5)));
    const w = idf + RERANK.idfFloor;
    // "What did X call Y": the verb says the question wants X's words; the answer need not repeat it.
    if (wants === 'words' && FRAME_VERBS.has(head)) return 0;
    return FILLER.has(head) ? w * FILLER_WEIGHT : w;
  });
  return { groups, weights, total: weights.reduce((a, b) => a + b, 0), years, months, days, dateParts, unknownTerm, unknownGroups, ...(wants && { wants }), ...(alternatives && { alternatives }) };
}

/** Weighted share of the query's groups that `has` holds, or that `dated` (by index) counts as held (0..1). */
function weightedCoverage(q: QueryAnalysis, has: (t: string) => boolean, dated?: ReadonlySet<number>): number {
  if (q.total <= 0) return 0;
  let got = 0;
  q.groups.forEach((g, i) => {
    if (dated?.has(i) || g.some(has)) got += q.weights[i] as number;
    else if (q.alternatives?.[i]?.some((set) => set.every(has))) got += ALTERNATIVE_WEIGHT * (q.weights[i] as number);
  });
  return got / q.total;
}

/**
 * The question's date words that the article's own date bears out: "the April 2021 call" is
 * answered by the readout published then, whose text never writes "April 2021". Month and day
 * count only with the year (or alone) agreeing.
 */
function datedGroups(q: QueryAnalysis, published: string): ReadonlySet<number> | undefined {
  if (q.years.length + q.months.length === 0 || published.length < 10) return undefined;
  const year = Number(published.slice(0, 4));
  const month = Number(published.slice(5, 7));
  const day = Number(published.slice(8, 10));
  if (q.years.length > 0 && !q.years.includes(String(year))) return undefined;
  if (q.months.length > 0 && !q.months.includes(month) && q.years.length === 0) return undefined;
  const out = new Set<number>();
  q.dateParts.forEach((d, i) => {
    if (d === undefined) return;
    if ((d.part === 'year' && d.value === year) || (d.part === 'month' && d.value === month) || (d.part === 'day' && d.value === day && q.months.includes(month))) out.add(i);
  });
  return out;
}

function heaviestMissing(q: QueryAnalysis, has: (t: string) => boolean, dated?: ReadonlySet<number>): number {
  let top = 0;
  let lacking = 0;
  q.groups.forEach((g, i) => {
    const w = q.weights[i] as number;
    top = Math.max(top, w);
    if (!dated?.has(i) && !g.some(has) && !q.alternatives?.[i]?.some((set) => set.every(has))) lacking = Math.max(lacking, w);
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
  /** The article's title. */
  readonly title: (idx: number) => string;
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
  date: 0.4,
  /** Weighted coverage of the question by the article's title: readouts and fact sheets name their subject there. */
  title: 0.5,
  /** The best sentence holds what the question asks for (a name for "who", a quotation for "what did X call Y"). */
  kind: 0.05,
  /**
   * What a sentence that is itself a question counts for: a reporter's question in a briefing
   * repeats the user's words ("what did Biden propose to Putin?") and answers nothing.
   */
  asked: 0.5,
});

// A "?" closing a quotation is someone's words reported (Biden asked: “Are you ready to meet?”),
// often the very answer to "what did X ask"; only the passage's own question counts half.
const ENDS_ASKING = /\?[)\]]*\s*$/;

// Sentence ends for scoring: a cheap pattern, not the ICU segmenter (sentences.ts), which cost
// more than the whole BM25 search when run over dozens of candidates per question.
const SENTENCE_END = /[.!?]["”’)]*\s+(?=["“‘(]?[A-Z0-9])|\n+/g;

export function roughSentences(text: string): { text: string; start: number; end: number }[] {
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
export function bestSentenceOf(q: QueryAnalysis, text: string, phrases: PhraseSet, dated?: ReadonlySet<number>): { score: number; start: number; end: number } | undefined {
  let best: { score: number; start: number; end: number } | undefined;
  for (const s of roughSentences(text)) {
    const ts = termSet(s.text, phrases);
    if (ts.size === 0) continue;
    const score = weightedCoverage(q, (t) => ts.has(t), dated) * (ENDS_ASKING.test(s.text) ? RERANK.asked : 1);
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
  if (!q.months.includes(Number(published.slice(5, 7)))) return 0.5;
  // A day named and matched: the article of that day, not a later one that mentions it.
  if (q.days.length === 0) return 1;
  return q.days.includes(Number(published.slice(8, 10))) ? 1.5 : 1;
}

/** Distinct index terms of titles (one article's title recurs across its passages and queries). */
const titleTerms = new Map<string, ReadonlySet<string>>();

function termsOfTitle(title: string, phrases: PhraseSet): ReadonlySet<string> {
  let ts = titleTerms.get(title);
  if (ts === undefined) {
    ts = termSet(title, phrases);
    if (titleTerms.size >= 20_000) titleTerms.clear();
    titleTerms.set(title, ts);
  }
  return ts;
}

/** Candidates best first. */
export function rerank(q: QueryAnalysis, hits: readonly Hit[], src: RerankSource): Ranked[] {
  if (hits.length === 0) return [];
  const maxBm25 = Math.max(...hits.map((h) => h.score));
  const shallow = hits.map((hit) => {
    const matched = new Set(hit.terms);
    const dated = datedGroups(q, src.published(hit.idx));
    const coverage = weightedCoverage(q, (t) => matched.has(t), dated);
    const missing = heaviestMissing(q, (t) => matched.has(t), dated);
    const date = dateAgreement(q, src.published(hit.idx));
    const inTitle = termsOfTitle(src.title(hit.idx), src.phrases);
    const title = weightedCoverage(q, (t) => inTitle.has(t));
    const base = RERANK.coverage * coverage + RERANK.bm25 * (hit.score / maxBm25) + RERANK.date * date + RERANK.title * title;
    return { hit, coverage, missing, date, base, dated };
  });
  shallow.sort((a, b) => b.base - a.base);
  const out: Ranked[] = shallow.map((s, i) => {
    if (i >= RERANK.deep) return { hit: s.hit, coverage: s.coverage, missing: s.missing, sentence: 0, score: s.base };
    const best = bestSentenceOf(q, src.text(s.hit.idx), src.phrases, s.dated);
    const sentence = best?.score ?? 0;
    const text = best ? src.text(s.hit.idx).slice(best.start, best.end) : '';
    const kind = q.wants === undefined || best === undefined ? 0 : (q.wants === 'words' ? holdsQuotation(text) : holdsAskedFor(q.wants, text)) ? 1 : 0;
    return {
      hit: s.hit,
      coverage: s.coverage,
      missing: s.missing,
      sentence,
      ...(best && { bestSentence: { start: best.start, end: best.end } }),
      score: s.base + RERANK.sentence * sentence + RERANK.kind * kind,
    };
  });
  return out.sort((a, b) => b.score - a.score);
}

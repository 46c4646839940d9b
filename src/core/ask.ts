// `ask`: the passages that best answer a question, each with its citation and matched terms, or
// an honest "nothing in the corpus answers this".
import type { Answer, AnswerItem } from './answer.ts';
import type { Corpus } from './corpus.ts';
import { highlightTerms, snippet } from './highlight.ts';
import { LruCache } from './answer-cache.ts';
import { groupNearDuplicates } from './near-duplicates.ts';
import { type AcronymTable, acronymTableOf, expandAcronyms, type PassageAcronym, passageAcronyms, passageAcronymsInSteps } from './search/acronyms.ts';
import { answerFeatures, answerProbability, ANSWERABILITY } from './search/answerability.ts';
import type { PassageSearch } from './search/engine.ts';
import { analyseQuery, RERANK, rerank, type QueryAnalysis, type Ranked } from './search/rerank.ts';
import type { Passage } from './types.ts';

export interface AskOptions {
  readonly limit?: number;
  /** 0-based page of `limit` results. */
  readonly page?: number;
  /** Only passages from articles this accepts (a server's source settings). */
  readonly allowArticle?: (articleId: string) => boolean;
  /** Share of the query's terms a passage must match (default: `requiredCoverage` of search/topic.ts). */
  readonly coverage?: (groups: number) => number;
}

export interface AskResult {
  readonly query: string;
  readonly answered: boolean;
  readonly results: readonly AskHit[];
  /** How many distinct results there were before paging. */
  readonly total: number;
  readonly notice?: string;
  /** How sure the best candidate is to answer (0..1), compared with `ANSWERABILITY.threshold`. */
  readonly confidence?: number;
}

export interface AskHit {
  readonly passage: Passage;
  readonly score: number;
  readonly coverage: number;
  readonly matched: ReadonlySet<string>;
  /** Near-identical passages from other articles. */
  readonly duplicates: readonly Passage[];
  /** The sentence that best answers, as offsets into the passage text. */
  readonly bestSentence?: { readonly start: number; readonly end: number };
}

/** BM25 candidates the reranker sees: wide, so the answer is among them in a big corpus. */
const candidates = (): number => RERANK.candidates;
/** Reranked passages kept as results (near-duplicate grouping is quadratic in them). */
const MAX_RESULTS = 60;
/**
 * Answers to recent questions. The key is everything an answer depends on: the corpus (its
 * identity and build time, so a reload starts afresh), the question's terms after tokenizing
 * (what the search sees: "Russia?" and "russia" are one question), the page and its size. Asks
 * limited to some sources or with a custom coverage are not cached (their filter has no key).
 */
const askCache = new LruCache<string, AskResult>(2_000);
const corpusIds = new WeakMap<Corpus, number>();
let lastCorpusId = 0;

/** Empties the cache of answers (the benchmark measures first questions with it empty). */
export function clearAskCache(): void {
  askCache.clear();
}

export function askCacheStats(): { hits: number; misses: number; size: number } {
  return { hits: askCache.hits, misses: askCache.misses, size: askCache.size };
}

function cacheKey(corpus: Corpus, query: string, limit: number, page: number): string {
  let id = corpusIds.get(corpus);
  if (id === undefined) {
    id = ++lastCorpusId;
    corpusIds.set(corpus, id);
  }
  return JSON.stringify([id, corpus.builtAt, limit, page, corpus.search.queryGroups(query)]);
}

export function ask(corpus: Corpus, query: string, opts: AskOptions = {}): AskResult {
  const limit = Math.max(1, opts.limit ?? 5);
  const cacheable = opts.allowArticle === undefined && opts.coverage === undefined;
  const key = cacheable ? cacheKey(corpus, query, limit, Math.max(0, opts.page ?? 0)) : '';
  const cached = cacheable ? askCache.get(key) : undefined;
  if (cached !== undefined) return cached.query === query ? cached : { ...cached, query };
  const result = askUncached(corpus, query, limit, opts);
  if (cacheable) askCache.set(key, result);
  return result;
}

/**
 * Acronyms learned from a corpus's passages, once per corpus (about half a second on 134,000
 * passages, on its first question): a corpus is immutable, and an update makes a new one.
 */
const acronymTables = new WeakMap<readonly Passage[], AcronymTable>();
/** The acronyms each passage spells out, in passage order, that a table was counted from (for an update to carry over). */
const acronymSources = new WeakMap<readonly Passage[], readonly PassageAcronym[]>();

/** Learns the corpus's acronyms ahead of its first question (a warm-up step). */
export function prepareAsk(corpus: Corpus): void {
  acronymsOf(corpus);
}

/** `prepareAsk` in slices of a few ms (the warm-up of an updated corpus runs it between queries). */
export function* prepareAskInSteps(corpus: Corpus): Generator<void, void> {
  if (acronymTables.has(corpus.passages)) return;
  const occurrences = yield* passageAcronymsInSteps(corpus.passages);
  if (acronymTables.has(corpus.passages)) return;
  acronymSources.set(corpus.passages, occurrences);
  acronymTables.set(corpus.passages, acronymTableOf(occurrences));
}

/** The acronyms of `corpus` (learned on first use). */
export function acronymsOf(corpus: Corpus): AcronymTable {
  let table = acronymTables.get(corpus.passages);
  if (table === undefined) {
    const steps = prepareAskInSteps(corpus);
    while (!steps.next().done);
    table = acronymTables.get(corpus.passages) as AcronymTable;
  }
  return table;
}

/**
 * Gives an updated corpus's passages the acronyms of the corpus before, when it learned them: the
 * touched articles' occurrences dropped, the added passages' read (the kept passages keep their
 * order and the added come last, so the occurrences are in the order a fresh reading gives).
 * Reading every passage again was a pass over the whole corpus's text in each update's warm-up.
 */
export function carryAcronyms(before: readonly Passage[], after: readonly Passage[], touched: ReadonlySet<string>, added: readonly Passage[]): void {
  const sources = acronymSources.get(before);
  if (!sources || acronymTables.has(after)) return;
  const occurrences = sources.filter((o) => !touched.has(o.articleId));
  for (const p of added) for (const o of passageAcronyms(p)) occurrences.push(o);
  acronymSources.set(after, occurrences);
  acronymTables.set(after, acronymTableOf(occurrences));
}

/** The question's analysis and its candidates reranked, best first; no decision to answer yet. */
export interface RankedQuestion {
  readonly groups: readonly (readonly string[])[];
  readonly analysis?: QueryAnalysis;
  readonly ranked: readonly Ranked[];
}

export function rankQuestion(corpus: Corpus, query: string, opts: Pick<AskOptions, 'allowArticle' | 'coverage'> = {}): RankedQuestion {
  const allow = opts.allowArticle;
  const filter = allow ? (idx: number) => allow((corpus.passages[idx] as Passage).articleId) : undefined;
  const search = corpus.search;
  const groups = search.queryGroups(query);
  if (groups.length === 0) return { groups, ranked: [] };
  // Acronyms the corpus spells out, and the reverse: searched for too, counted below the question's own words.
  // Not with a caller's coverage rule, which counts the search's groups.
  const acronyms = opts.coverage === undefined ? expandAcronyms(acronymsOf(corpus), groups) : undefined;
  const searched = acronyms ? `${query} ${acronyms.extra.join(' ')}` : query;
  const { hits } = search.search(searched, { limit: candidates(), ...(filter && { filter }) });
  const q = analyseQuery(search, groups, query, acronyms?.alternatives);
  const need = opts.coverage ? opts.coverage(groups.length) - 1e-9 : 0;
  const src = {
    text: (idx: number) => (corpus.passages[idx] as Passage).text,
    published: (idx: number) => corpus.articleById.get((corpus.passages[idx] as Passage).articleId)?.published ?? '',
    title: (idx: number) => corpus.articleById.get((corpus.passages[idx] as Passage).articleId)?.title ?? '',
    phrases: search.synonyms.phrases,
  };
  let ranked = rerank(
    q,
    hits.filter((h) => h.coverage >= need),
    src,
  );
  if (q.unknownTerm && confidenceOf(query, q, ranked, src.text, search) < ANSWERABILITY.threshold) {
    // A word no passage uses, and no good answer: perhaps a typo; try once more with fuzzy terms.
    const fuzzy = rerank(
      q,
      search.search(searched, { limit: candidates(), fuzzy: true, ...(filter && { filter }) }).hits.filter((h) => h.coverage >= need),
      src,
    );
    if (confidenceOf(query, q, fuzzy, src.text, search) > confidenceOf(query, q, ranked, src.text, search)) ranked = fuzzy;
  }
  return { groups, analysis: q, ranked };
}

/** How sure the best candidate is to answer (0..1): the answerability model's probability. */
function confidenceOf(query: string, q: QueryAnalysis, ranked: readonly Ranked[], text: (idx: number) => string, search: PassageSearch): number {
  const f = answerFeatures(query, q, ranked, text, search.documentCount, search.synonyms.phrases);
  return f === undefined ? 0 : answerProbability(f);
}

function askUncached(corpus: Corpus, query: string, limit: number, opts: AskOptions): AskResult {
  const { groups, analysis, ranked } = rankQuestion(corpus, query, opts);
  if (groups.length === 0 || analysis === undefined) {
    return { query, answered: false, results: [], total: 0, notice: 'Ask with a few words that matter (names, places, events): this question has only common words.' };
  }
  const sure = Math.round(confidenceOf(query, analysis, ranked, (idx) => (corpus.passages[idx] as Passage).text, corpus.search) * 1000) / 1000;
  // A caller's own coverage rule (Find sources checks a long claim) is its gate; else the confidence.
  if (ranked.length === 0 || (opts.coverage === undefined && sure < ANSWERABILITY.threshold)) {
    return { query, answered: false, results: [], total: 0, notice: 'Nothing in the corpus answers this well enough.', confidence: sure };
  }
  const { results, total } = pageOfRanked(corpus, groups, ranked, Math.max(0, opts.page ?? 0), limit);
  return { query, answered: true, results, total, confidence: sure };
}

/**
 * A page of ranked candidates as results, near-duplicates grouped. Without the decision to answer:
 * the eval scores the ranking alone with it (`npm run eval`, "gate off").
 */
export function pageOfRanked(corpus: Corpus, groups: RankedQuestion['groups'], ranked: readonly Ranked[], page: number, limit: number): { results: AskHit[]; total: number } {
  const grouped = groupNearDuplicates(ranked.slice(0, MAX_RESULTS), (r) => (corpus.passages[r.hit.idx] as Passage).text);
  const matched = new Set(groups.flat());
  const results = grouped.slice(page * limit, page * limit + limit).map((g) => {
    const head = g[0] as Ranked;
    const passage = corpus.passages[head.hit.idx] as Passage;
    const duplicates = g
      .slice(1)
      .map((r) => corpus.passages[r.hit.idx] as Passage)
      .filter((p) => p.articleId !== passage.articleId);
    return { passage, score: head.score, coverage: head.coverage, matched, duplicates, ...(head.bestSentence && { bestSentence: head.bestSentence }) };
  });
  return { results, total: grouped.length };
}

/** Answers already built from a cached result (highlighting and citations are per page). */
const answers = new WeakMap<readonly AskHit[], Map<string, Answer>>();

export function askAnswer(corpus: Corpus, result: AskResult, page: number, limit: number): Answer {
  if (!result.answered) return buildAskAnswer(corpus, result, page, limit);
  const key = JSON.stringify([result.query, page, limit]);
  let built = answers.get(result.results);
  const known = built?.get(key);
  if (known !== undefined) return known;
  const answer = buildAskAnswer(corpus, result, page, limit);
  if (!built) {
    built = new Map();
    answers.set(result.results, built);
  }
  // A result is shown under a few titles and pages at most; keep it bounded anyway.
  if (built.size >= 8) built.clear();
  built.set(key, answer);
  return answer;
}

function buildAskAnswer(corpus: Corpus, result: AskResult, page: number, limit: number): Answer {
  const title = `Results for “${result.query}”`;
  if (!result.answered) return { command: 'ask', title, answered: false, notice: result.notice ?? 'Nothing in the corpus answers this.', items: [] };
  const pageCount = Math.max(1, Math.ceil(result.total / limit));
  const items: AnswerItem[] = result.results.map((r) => ({
    excerpt: r.passage.text,
    highlights: highlightTerms(r.passage.text, r.matched, corpus.search.synonyms.phrases),
    ...(r.bestSentence && { bestSentence: r.bestSentence }),
    citation: corpus.citation(r.passage),
    ...(r.duplicates.length > 0 && { alsoIn: r.duplicates.map((d) => corpus.citation(d)) }),
  }));
  return {
    command: 'ask',
    title,
    answered: true,
    // The count and page are the renderers' (from `paging`), not repeated here.
    items,
    paging: { page, pageCount, total: result.total },
  };
}

/** The CLI's JSON shape for one result. */
export function askJson(corpus: Corpus, r: AskHit) {
  const c = corpus.citation(r.passage);
  const highlights = highlightTerms(r.passage.text, r.matched, corpus.search.synonyms.phrases);
  return {
    passageId: c.passageId,
    articleId: c.articleId,
    title: c.title,
    outlet: c.outlet,
    published: c.published,
    url: c.url ?? null,
    position: c.position,
    text: r.passage.text,
    snippet: snippet(r.passage.text, highlights),
    score: Math.round(r.score * 1000) / 1000,
    bestSentence: r.bestSentence ? { ...r.bestSentence, text: r.passage.text.slice(r.bestSentence.start, r.bestSentence.end) } : null,
    ...(r.duplicates.length > 0 && { alsoIn: r.duplicates.map((d) => d.id) }),
  };
}

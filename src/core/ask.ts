// `ask`: the passages that best answer a question, each with its citation and matched terms, or
// an honest "nothing in the corpus answers this".
import type { Answer, AnswerItem } from './answer.ts';
import type { Corpus } from './corpus.ts';
import { highlightTerms, snippet } from './highlight.ts';
import { LruCache } from './answer-cache.ts';
import { groupNearDuplicates } from './near-duplicates.ts';
import { searchTopic } from './search/topic.ts';
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
}

export interface AskHit {
  readonly passage: Passage;
  readonly score: number;
  readonly coverage: number;
  readonly matched: ReadonlySet<string>;
  /** Near-identical passages from other articles. */
  readonly duplicates: readonly Passage[];
}

const MAX_CANDIDATES = 60;

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

function askUncached(corpus: Corpus, query: string, limit: number, opts: AskOptions): AskResult {
  const allow = opts.allowArticle;
  const filter = allow ? (idx: number) => allow((corpus.passages[idx] as Passage).articleId) : undefined;
  const { groups, matching } = searchTopic(corpus.search, query, { limit: MAX_CANDIDATES, ...(filter && { filter }), ...(opts.coverage && { coverage: opts.coverage }) });
  if (groups.length === 0) {
    return { query, answered: false, results: [], total: 0, notice: 'Ask with a few words that matter (names, places, events): this question has only common words.' };
  }
  // Passages that match more of the question rank first; BM25 orders within the same coverage.
  const ranked = [...matching].sort((a, b) => b.coverage - a.coverage || b.score - a.score);
  if (ranked.length === 0) {
    return { query, answered: false, results: [], total: 0, notice: 'Nothing in the corpus answers this well enough.' };
  }
  const grouped = groupNearDuplicates(ranked, (h) => (corpus.passages[h.idx] as Passage).text);
  const page = Math.max(0, opts.page ?? 0);
  const results = grouped.slice(page * limit, page * limit + limit).map((g) => {
    const head = g[0] as (typeof g)[number];
    const passage = corpus.passages[head.idx] as Passage;
    const duplicates = g.slice(1).map((h) => corpus.passages[h.idx] as Passage).filter((p) => p.articleId !== passage.articleId);
    return { passage, score: head.score, coverage: head.coverage, matched: new Set(groups.flat()), duplicates };
  });
  return { query, answered: true, results, total: grouped.length };
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
  if (!built) answers.set(result.results, (built = new Map()));
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
    ...(r.duplicates.length > 0 && { alsoIn: r.duplicates.map((d) => d.id) }),
  };
}

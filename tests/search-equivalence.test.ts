// The optimised search (typed-array postings, top-k selection) must return what plain minisearch
// returns: same query groups, same passages in the same order (ties may come in either order),
// same scores, same matched terms and coverage — on the benchmark's whole query list over the
// seeds + whitehouse-russia, with fuzzy fallback, with a source filter, and at the thousands of
// passages a topic search keeps.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSynonyms } from '../src/app/open-corpus.ts';
import { MinisearchReference } from '../src/bench/minisearch-reference.ts';
import { loadQueries } from '../src/bench/queries.ts';
import { splitPassages } from '../src/core/passages.ts';
import { PassageSearch, type Hit, type SearchOptions } from '../src/core/search/engine.ts';
import type { Passage } from '../src/core/types.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS, WHITEHOUSE_RUSSIA } from './support/paths.ts';

const dirs = [CORPUS, WHITEHOUSE_RUSSIA];
const queries = loadQueries();
const LIMIT = 60; // what `ask` asks for

let ours: PassageSearch;
let ref: MinisearchReference;
let passages: Passage[];

beforeAll(async () => {
  const log = silentLogger();
  const { articles } = await loadArticles(dirs, { log });
  passages = articles.flatMap((a) => splitPassages(a));
  const titles = new Map(articles.map((a) => [a.id, a.title]));
  const synonyms = loadSynonyms(dirs, log).table;
  ours = PassageSearch.build(passages, (id) => titles.get(id) ?? '', synonyms);
  ref = new MinisearchReference(passages, (id) => titles.get(id) ?? '', synonyms);
}, 300_000);

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Differences between two ranked lists, allowing tied scores in any order (and a tie cut at the limit). */
function differences(query: string, a: readonly Hit[], b: readonly Hit[]): string[] {
  const out: string[] = [];
  if (a.length !== b.length) return [`${query}: ${a.length} hits, minisearch ${b.length}`];
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Hit;
    const y = b[i] as Hit;
    if (!close(x.score, y.score)) return [`${query}: rank ${i + 1} score ${x.score} vs minisearch ${y.score}`];
  }
  // Group by tied score; within a group the same passages (unless the group reaches the cut).
  let start = 0;
  while (start < a.length) {
    let end = start + 1;
    while (end < a.length && close((a[end] as Hit).score, (a[start] as Hit).score)) end++;
    const ids = (h: readonly Hit[]) =>
      h
        .slice(start, end)
        .map((x) => x.idx)
        .sort((p, q) => p - q)
        .join(',');
    if (end < a.length && ids(a) !== ids(b)) out.push(`${query}: ranks ${start + 1}-${end} hold different passages`);
    start = end;
  }
  const byIdx = new Map(b.map((h) => [h.idx, h]));
  for (const x of a) {
    const y = byIdx.get(x.idx);
    if (!y) continue;
    if (x.coverage !== y.coverage) out.push(`${query}: passage ${x.idx} coverage ${x.coverage} vs ${y.coverage}`);
    if ([...x.terms].sort().join(' ') !== [...y.terms].sort().join(' ')) out.push(`${query}: passage ${x.idx} terms ${x.terms.join(' ')} vs ${y.terms.join(' ')}`);
  }
  return out;
}

function compare(qs: readonly string[], opts: SearchOptions): string[] {
  const out: string[] = [];
  for (const q of qs) {
    const a = ours.search(q, opts);
    const b = ref.search(q, opts);
    expect(a.groups, q).toEqual(b.groups);
    out.push(...differences(q, a.hits, b.hits));
  }
  return out;
}

describe('optimised search against plain minisearch (seeds + whitehouse-russia)', () => {
  it('uses a real corpus and the whole query list', () => {
    expect(passages.length).toBeGreaterThan(100_000);
    expect(queries.length).toBeGreaterThanOrEqual(200);
  });

  it('returns the same top passages, scores, terms and coverage for every query', () => {
    const diffs = compare(queries, { limit: LIMIT });
    expect(diffs).toEqual([]);
    // Not vacuous: most queries find something.
    expect(queries.filter((q) => ours.search(q, { limit: 1 }).hits.length > 0).length).toBeGreaterThan(200);
  }, 300_000);

  it('agrees with the fuzzy fallback on misspelt queries', () => {
    const typos = [
      'sanctoins on rusia',
      'Zelenskiy',
      'Prigozhyn mutiny',
      'Navalni poisoning',
      'diplomets expeled',
      'Gershkovitch',
      'Nord Steam pipeline',
      'ceasfire negotations',
      'Lukashenka',
      'hypersonik missiles',
    ];
    const diffs = compare([...typos, ...queries.slice(20, 40)], { limit: LIMIT, fuzzy: true });
    expect(diffs).toEqual([]);
    expect(ours.search('sanctoins on rusia', { limit: 5, fuzzy: true }).hits[0]?.coverage).toBe(1);
  }, 300_000);

  it('applies a source filter the same way', () => {
    const filter = (idx: number): boolean => ((passages[idx] as Passage).articleId.charCodeAt(0) + idx) % 3 !== 0;
    const diffs = compare(queries.slice(0, 60), { limit: LIMIT, filter });
    expect(diffs).toEqual([]);
  }, 300_000);

  it('keeps the same thousands of passages that /timeline and /quote ask for by topic', () => {
    const filter = (idx: number): boolean => idx % 4 !== 1;
    const diffs = compare(
      queries.filter((_, i) => i % 6 === 0),
      { limit: 5000, filter },
    );
    expect(diffs).toEqual([]);
    // Not vacuous: common words fill the limit, so the top-k selection really drops passages.
    expect(ours.search('Russia', { limit: 5000, filter }).hits).toHaveLength(5000);
  }, 300_000);
});

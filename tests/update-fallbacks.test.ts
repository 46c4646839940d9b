// The paths an update falls back on when its incremental condition fails (a structure built again
// from the whole corpus), forced one by one: each gives what a fresh build gives.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUpdateExtractors } from '../src/app/extractors.ts';
import { type Corpus, eventGroupsOf } from '../src/core/corpus.ts';
import { applyChanges } from '../src/core/corpus-update.ts';
import { PassagePositions } from '../src/core/passage-positions.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import type { SynonymTable } from '../src/core/search/synonyms.ts';
import type { Article, Passage } from '../src/core/types.ts';
import { BUILT_AT, freshCorpus, updateSources } from './support/update-steps.ts';

let pool: Article[];
let synonyms: SynonymTable;

const fresh = (articles: readonly Article[]): Corpus => freshCorpus(articles, synonyms);
const article = (id: string, published: string, text: string): Article => ({ id, title: `Statement ${id}`, outlet: 'test', published, authors: [], tags: [], source: id, text });

beforeAll(async () => {
  const sources = await updateSources();
  const { russia } = sources;
  pool = russia.filter((_, i) => i % 30 === 3).slice(0, 24);
  synonyms = sources.synonyms;
}, 180_000);

describe('the fallbacks of an update', () => {
  it('finds passages by id through the map of every passage when they are not in their articles’ runs', () => {
    const p = (articleId: string, n: number): Passage => ({ id: `${articleId}#${n}`, articleId, n, text: `${articleId} ${n}`, start: 0, end: 0 });
    const [a1, a2, b1] = [p('a', 1), p('a', 2), p('b', 1)];
    const passages = [a1, b1, a2];
    const positions = new PassagePositions(
      passages,
      [{ id: 'a' } as Article, { id: 'b' } as Article],
      new Map([
        ['a', [a1, a2]],
        ['b', [b1]],
      ]),
    );
    const expected = new Map(passages.map((x, i) => [x.id, i]));
    for (const id of ['a#1', 'a#2', 'b#1', 'a#3', 'b#0', 'c#1', 'nohash']) expect(positions.get(id)).toBe(expected.get(id));
    expect(positions.fellBack).toBe(true);
    expect([...positions]).toEqual([...expected]);
  });

  it('ranks every topic again when the least count changes (the corpus crossing 20 articles), as a fresh build', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const twenty = pool.slice(0, 20);
    expect(pool.length).toBe(24);
    let corpus = fresh(twenty);
    // 20 -> 19: every candidate named once becomes a topic.
    corpus = applyChanges(corpus, [{ kind: 'remove', id: (twenty[0] as Article).id }], { extractors, builtAt: BUILT_AT }).corpus;
    expect(corpus.topics).toEqual(fresh(twenty.slice(1)).topics);
    // 19 -> 21: they are no topics again.
    const more = pool.slice(20, 22);
    corpus = applyChanges(
      corpus,
      more.map((article) => ({ kind: 'upsert' as const, article })),
      { extractors, builtAt: BUILT_AT },
    ).corpus;
    expect(corpus.topics).toEqual(fresh([...twenty.slice(1), ...more]).topics);
  });

  it('groups a date again when more than 256 of its old events come after an arriving one, as a fresh build', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const sentences = (what: string, n: number): string =>
      Array.from({ length: n }, (_, i) => `On 3 March 2019 the ministry ${what} measure number ${i + 1} on grain exports to the region.`).join('\n\n');
    // A later statement with many events on one date, then an earlier one arriving late: every old event of the date comes after the new ones.
    for (const n of [40, 300]) {
      const later = article(`later-${n}`, '2019-03-06', sentences('announced', n));
      const earlier = article(`earlier-${n}`, '2019-03-04', sentences('proposed', 3));
      const base = pool.slice(0, 4);
      const start = fresh([...base, later]);
      expect(start.events.filter((e) => e.articleId === later.id).length).toBeGreaterThanOrEqual(n);
      const updated = applyChanges(start, [{ kind: 'upsert', article: earlier }], { extractors, builtAt: BUILT_AT }).corpus;
      expect(updated.data.eventGroups).toEqual(eventGroupsOf(updated.articles, updated.events));
      expect(updated.data.eventGroups).toEqual(fresh([...base, later, earlier]).data.eventGroups);
    }
  });
});

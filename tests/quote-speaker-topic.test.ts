// /quote with a speaker and a topic scores only the speaker's passages (`SearchOptions.within`)
// rather than every passage matching the topic. It must answer exactly as before:
// - the engine: a search `within` a set of passages gives the same hits, scores and order as the
//   same search filtered to that set, on an index with a base, a delta and removed passages, exact
//   and fuzzy, capped and not;
// - /quote on whitehouse-russia: a speaker's quotes about a topic are those of everyone's quotes
//   about it (when not capped) that the speaker said, newest first.
import { beforeAll, describe, expect, it } from 'vitest';
import { openCorpus, loadSynonyms } from '../src/app/open-corpus.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { splitPassages } from '../src/core/passages.ts';
import { findQuotes } from '../src/core/quote-answer.ts';
import { PassageSearch } from '../src/core/search/engine.ts';
import type { Quote } from '../src/core/types.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { WHITEHOUSE_RUSSIA, WIKINEWS } from './support/paths.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

describe('search within a set of passages', () => {
  it('gives the hits of the same search filtered to that set', async () => {
    const log = silentLogger();
    const pool = (await loadArticles([WIKINEWS], { log })).articles;
    const synonyms = loadSynonyms([WIKINEWS], log).table;
    const titleOf = new Map(pool.map((a) => [a.id, a.title]));
    const base = pool.slice(0, 200);
    let index = PassageSearch.build(
      base.flatMap((a) => splitPassages(a)),
      (id) => titleOf.get(id) ?? '',
      synonyms,
    );
    // A delta of added articles and tombstones of removed ones (positions of the second article's passages).
    const first = splitPassages(base[0] as (typeof pool)[number]).length;
    const removed = splitPassages(base[1] as (typeof pool)[number]).map((passage, i) => ({ idx: first + i, passage, title: titleOf.get(passage.articleId) ?? '' }));
    const added = pool.slice(200, 260).flatMap((a) => splitPassages(a).map((passage) => ({ passage, title: a.title })));
    index = index.update({ removed, added });
    const n = index.documentCount;
    // Sets from a handful of passages (looked up in long postings) to most of them (walked).
    const sets = [3, 17, 101].map((every) => Uint32Array.from({ length: Math.ceil(n / every) }, (_, i) => i * every).filter((p) => p < n));
    sets.push(Uint32Array.from({ length: n }, (_, i) => i).filter((p) => p % 5 !== 0));
    const words = pool.slice(0, 260).flatMap((a) => a.title.split(/\s+/).filter((w) => w.length > 4));
    const queries = ['said', 'police said', 'government minister', 'presidnt electoin', ...words.filter((_, i) => i % 29 === 0)];
    let compared = 0;
    for (const within of sets) {
      const inSet = new Set(within);
      const filter = (i: number): boolean => inSet.has(i);
      for (const q of queries) {
        for (const opts of [{ limit: 5000 }, { limit: 3 }, { limit: 50, fuzzy: true }]) {
          const expected = index.search(q, { ...opts, filter });
          expect(index.search(q, { ...opts, filter, within })).toEqual(expected);
          compared += expected.hits.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  }, 120_000);
});

describe('/quote by a speaker about a topic', () => {
  let corpus: Corpus;
  beforeAll(() => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-quote-speaker-topic-'));
    corpus = openCorpus({ dirs: [WHITEHOUSE_RUSSIA], dataDir, log: silentLogger(), now: () => 0, noCache: true }).corpus;
  }, 600_000);

  it("is everyone's quotes about the topic that the speaker said, newest first", () => {
    const key = (q: Quote): string => `${q.passageId}:${q.start}`;
    const topics = ['sanctions', 'Ukraine', 'nuclear weapons', 'Putin', 'election interference', 'energy', 'NATO allies', 'sancions'];
    let compared = 0;
    for (const speaker of corpus.speakers.speakers.slice(0, 12)) {
      for (const topic of topics) {
        const everyone = findQuotes(corpus, { topic });
        const theirs = findQuotes(corpus, { speaker: speaker.name, topic });
        if (everyone.kind !== 'ok' || theirs.kind !== 'ok' || everyone.capped) continue;
        const said = everyone.quotes.filter((q) => q.speakerId === speaker.id);
        // With none of the speaker's among everyone's, a typo retry may differ: nothing to compare.
        if (said.length === 0) continue;
        expect(theirs.quotes.map(key).sort()).toEqual(said.map(key).sort());
        const days = theirs.quotes.map((q) => corpus.article(q.articleId).published);
        expect(days).toEqual([...days].sort().reverse());
        compared += said.length;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});

// The two-thread build (what `openCorpus` runs) makes exactly the corpus of the plain
// single-threaded `buildCorpus` with the default extractors: same passages, events, quotes,
// topics, lookups and search index, on real White House documents with their speakers and dates.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeExtractors } from '../src/app/extractors.ts';
import { loadSynonyms } from '../src/app/open-corpus.ts';
import { buildCorpusOnTwoThreads } from '../src/app/parallel-build.ts';
import { buildCorpus } from '../src/core/corpus.ts';
import { loadAliasesSync } from '../src/load/aliases.ts';
import { parseCorpusFiles, readCorpusFiles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS, WHITEHOUSE_RUSSIA } from './support/paths.ts';

describe('the two-thread build', () => {
  it('equals the single-threaded build, part for part', () => {
    const log = silentLogger();
    // Press briefings (speakers, quotes) and statements (dates) from every year, and the seeds.
    const dirs = [path.join(WHITEHOUSE_RUSSIA, 'press-briefings'), path.join(WHITEHOUSE_RUSSIA, 'briefings-statements'), CORPUS];
    const read = readCorpusFiles(dirs, { log });
    const all = parseCorpusFiles(read.files, { log }).articles;
    const articles = all.filter((_, i) => i % 3 === 0 || i >= all.length - 2);
    expect(articles.length).toBeGreaterThan(200);
    const aliases = loadAliasesSync([CORPUS]).table;
    const synonyms = loadSynonyms([CORPUS], log).table;
    const two = buildCorpusOnTwoThreads({ articles, synonyms, aliases, builtAt: 0 });
    const one = buildCorpus({ articles, synonyms, extractors: makeExtractors(aliases), builtAt: 0, aliases });
    expect(two.quotes.length).toBeGreaterThan(1000);
    expect(two.events.length).toBeGreaterThan(500);
    for (const key of Object.keys(one.data) as (keyof typeof one.data)[]) expect(two.data[key], key).toEqual(one.data[key]);
    expect(two.search.serialize()).toEqual(one.search.serialize());
  }, 300_000);

  it("equals it on a small corpus too, where the helper's part runs on the calling thread", () => {
    const log = silentLogger();
    const articles = parseCorpusFiles(readCorpusFiles([CORPUS], { log }).files, { log }).articles;
    const aliases = loadAliasesSync([CORPUS]).table;
    const synonyms = loadSynonyms([CORPUS], log).table;
    const two = buildCorpusOnTwoThreads({ articles, synonyms, aliases, builtAt: 0 });
    const one = buildCorpus({ articles, synonyms, extractors: makeExtractors(aliases), builtAt: 0, aliases });
    expect(two.quotes.length).toBeGreaterThan(0);
    expect(two.events.length).toBeGreaterThan(0);
    for (const key of Object.keys(one.data) as (keyof typeof one.data)[]) expect(two.data[key], key).toEqual(one.data[key]);
    expect(two.search.serialize()).toEqual(one.search.serialize());
  });
});

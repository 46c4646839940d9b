// What `buildCorpus` computes at index time for /timeline and /quote (the corpus timeline, each
// passage's events and quotes, each speaker's quotes), and that it reaches the bot whichever way
// the corpus arrives: built in process, loaded from the index cache, or handed over by the reload
// worker. The answers must be the same in all three.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeExtractors } from '../src/app/extractors.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import { buildInWorker } from '../src/app/rebuild-worker.ts';
import { buildCorpus, type Corpus } from '../src/core/corpus.ts';
import type { IndexLists } from '../src/core/index-lists.ts';
import { findQuotes, quoteJson } from '../src/core/quote-answer.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import { terms } from '../src/core/search/tokenize.ts';
import { queryTimeline, timelineJson } from '../src/core/timeline-answer.ts';
import { buildTimeline } from '../src/core/events/timeline-reference.ts';
import type { Article, DatedEvent, Quote } from '../src/core/types.ts';
import { createLogger, silentLogger } from '../src/log.ts';
import { Writable } from 'node:stream';
import { CORPUS } from './support/paths.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';

const lists = (l: IndexLists): number[][] => Array.from({ length: l.starts.length - 1 }, (_, k) => [...l.items.subarray(l.starts[k], l.starts[k + 1])]);

/** The corpus timeline as `CorpusData` holds it, as entries of events. */
const storedTimeline = (c: Corpus): DatedEvent[][] => lists(c.data.eventGroups).map((g) => g.map((i) => c.events[i] as DatedEvent));

/** What a user sees: the JSON of a few /timeline and /quote queries. */
function answers(c: Corpus) {
  const timeline = (q: Parameters<typeof queryTimeline>[1]) => {
    const r = queryTimeline(c, q);
    if (!r.ok) throw new Error(r.message);
    return timelineJson(c, r);
  };
  const quotes = (q: Parameters<typeof findQuotes>[1]) => {
    const r = findQuotes(c, q);
    if (r.kind !== 'ok') throw new Error(r.kind);
    return quoteJson(c, r);
  };
  return {
    timeline: timeline({}),
    timelineTopic: timeline({ topic: 'Putin' }),
    timeline2018: timeline({ from: '2018', to: '2018' }),
    quotesByPutin: quotes({ speaker: 'Vladimir Putin' }),
    quotesByTrump: quotes({ speaker: 'Donald Trump', order: 'oldest' }),
    quotesAboutSanctions: quotes({ topic: 'sanctions' }),
  };
}

let built: Corpus;
beforeAll(() => {
  built = openSeedCorpus();
});

describe('index-time lookups', () => {
  it('hold the corpus timeline grouped exactly as buildTimeline groups it', () => {
    const publishedOf = (id: string) => built.articleById.get(id)?.published;
    expect(built.events.length).toBeGreaterThan(10);
    expect(storedTimeline(built)).toEqual(buildTimeline(built.events, { publishedOf }).map((e) => e.events));
  });

  it('group the same event from two articles into one entry, the earlier report first', () => {
    const article = (id: string, published: string, text: string): Article => ({ id, title: id, outlet: 'Wire', published, authors: [], tags: [], source: `${id}.md`, text });
    const wire = 'In March 2018, Washington expelled 60 Russian diplomats and closed the consulate in Seattle, officials said.';
    const two = buildCorpus({
      articles: [article('b-later', '2018-03-28', `${wire} Moscow promised to respond in kind.`), article('a-earlier', '2018-03-27', `Background comes first here. ${wire}`)],
      synonyms: buildSynonyms([]).table,
      extractors: makeExtractors(EMPTY_ALIASES),
      builtAt: 0,
    });
    const timeline = storedTimeline(two);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]?.map((e) => e.articleId)).toEqual(['a-earlier', 'b-later']);
  });

  it("list each passage's events and quotes, and each speaker's quotes, as a scan of the corpus finds them", () => {
    expect(built.quotes.length).toBeGreaterThan(10);
    expect(built.passages.length).toBeGreaterThan(10);
    built.passages.forEach((p, i) => {
      expect([...built.eventsOfPassage(i)].map((k) => built.events[k])).toEqual(built.events.filter((e) => e.passageId === p.id));
      expect([...built.quotesOfPassage(i)].map((k) => built.quotes[k])).toEqual(built.quotes.filter((q) => q.passageId === p.id));
    });
    const speakers = new Set(built.quotes.map((q) => q.speakerId).filter((id): id is string => id !== null));
    expect(speakers.size).toBeGreaterThan(1);
    for (const id of speakers) {
      expect([...built.quotesOfSpeaker(id)].map((k) => built.quotes[k] as Quote)).toEqual(built.quotes.filter((q) => q.speakerId === id));
    }
    expect(built.quotesOfSpeaker('nobody-of-that-name')).toHaveLength(0);
    expect(built.eventsOfPassage(built.passages.length)).toHaveLength(0);
  });

  it("hold the index terms of each event's sentence and each quote's context, as the search makes them", () => {
    const phrases = built.search.synonyms.phrases;
    const vocabulary = built.data.sentenceVocabulary;
    const has = (of: (i: number, id: number) => boolean, i: number): Set<string> => new Set(vocabulary.filter((t) => of(i, built.sentenceTermId(t))));
    // A forEach over an empty list passes on nothing: make sure there is something to check.
    expect(built.events.length).toBeGreaterThan(10);
    expect(built.quotes.length).toBeGreaterThan(10);
    expect(vocabulary.length).toBeGreaterThan(0);
    built.events.forEach((e, i) => {
      expect(has((k, id) => built.eventSentenceHas(k, id), i)).toEqual(new Set(terms(e.text, phrases)));
    });
    built.quotes.forEach((q, i) => {
      expect(has((k, id) => built.quoteContextHas(k, id), i)).toEqual(new Set(terms(q.context, phrases)));
    });
    expect(built.sentenceTermId('no-such-term-anywhere')).toBe(-1);
    expect(built.quoteContextHas(0, -1)).toBe(false);
  });
});

describe('the lookups reach the bot however the corpus arrives', () => {
  it('from the index cache: the same lookups and the same answers as the corpus just built', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-build-cache-'));
    const first = openCorpus({ dirs: [CORPUS], dataDir, log: silentLogger(), now: () => 0 });
    const again = openCorpus({ dirs: [CORPUS], dataDir, log: silentLogger(), now: () => 0 });
    expect(first.fromCache).toBe(false);
    expect(again.fromCache).toBe(true);
    for (const c of [first.corpus, again.corpus]) {
      expect(lists(c.data.eventGroups)).toEqual(lists(built.data.eventGroups));
      expect(lists(c.data.eventsOfPassage)).toEqual(lists(built.data.eventsOfPassage));
      expect(lists(c.data.quotesOfPassage)).toEqual(lists(built.data.quotesOfPassage));
      expect(lists(c.data.quotesOfSpeaker)).toEqual(lists(built.data.quotesOfSpeaker));
      expect(c.data.quoteSpeakerIds).toEqual(built.data.quoteSpeakerIds);
      expect(lists(c.data.sentenceTerms)).toEqual(lists(built.data.sentenceTerms));
      expect([...c.data.sentenceOfEvent, ...c.data.sentenceOfQuote]).toEqual([...built.data.sentenceOfEvent, ...built.data.sentenceOfQuote]);
      expect(c.data.sentenceVocabulary).toEqual(built.data.sentenceVocabulary);
    }
    expect(answers(again.corpus)).toEqual(answers(built));
  });

  it('from the index cache: the files skipped on the first build are named again on every start', async () => {
    // They were named once, then silent on every start from the cache.
    const dirs = [fs.mkdtempSync(path.join(os.tmpdir(), 'attache-build-warn-'))];
    const article = (title: string, url: string): string => `---\ntitle: ${title}\noutlet: Wire\npublished: 2020-01-02\nurl: ${url}\n---\n\nThe body of ${title}, with a sentence about sanctions.\n`;
    fs.writeFileSync(path.join(dirs[0] as string, 'a.md'), article('First', 'https://x.example/1'));
    fs.writeFileSync(path.join(dirs[0] as string, 'b.md'), article('Copy', 'https://x.example/1'));
    fs.writeFileSync(path.join(dirs[0] as string, 'c.md'), '---\ntitle: [unclosed\n---\nBody.');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-build-warn-data-'));
    const start = async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk, _e, cb) {
          lines.push(String(chunk));
          cb();
        },
      });
      const opened = openCorpus({ dirs, dataDir, log: createLogger({ level: 'warn', pretty: false, stream }), now: () => 0 });
      await new Promise((r) => setImmediate(r));
      const logged = lines.map((l) => JSON.parse(l) as { msg: string }).map((l) => l.msg.replace(/^skipped .*?([a-z]\.md)/, 'skipped $1'));
      return { fromCache: opened.fromCache, warnings: opened.warnings.map((w) => [path.basename(w.file), w.reason.split(':')[0]]), logged };
    };
    const first = await start();
    const again = await start();
    expect(first.fromCache).toBe(false);
    expect(again.fromCache).toBe(true);
    expect(first.warnings).toEqual([
      ['b.md', 'duplicate url https'],
      ['c.md', expect.any(String)],
    ]);
    expect(first.logged).toHaveLength(2);
    expect(again).toEqual({ ...first, fromCache: true });
  });

  it('from the reload worker: the same answers as the corpus built in process', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-build-worker-'));
    const handed = await buildInWorker({ dirs: [CORPUS], dataDir, log: silentLogger() });
    expect(lists(handed.data.eventGroups)).toEqual(lists(built.data.eventGroups));
    expect(answers(handed)).toEqual(answers(built));
  }, 60_000);
});

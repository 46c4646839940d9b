// The answer cache: bounded, and never an answer from another corpus or another question.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LruCache } from '../src/core/answer-cache.ts';
import { ask, askAnswer, askCacheStats, clearAskCache } from '../src/core/ask.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';

describe('LruCache', () => {
  it('keeps at most max entries, dropping the least recently used', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.size).toBe(2);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
  });
});

describe('ask with the cache', () => {
  let corpus: Corpus;
  beforeAll(() => {
    corpus = openSeedCorpus();
  });
  beforeEach(() => clearAskCache());

  it('answers a repeated question from the cache, with the same answer as the first time', () => {
    const first = ask(corpus, 'expelled diplomats', { limit: 3 });
    expect(first.answered).toBe(true);
    const again = ask(corpus, 'expelled diplomats', { limit: 3 });
    expect(askCacheStats().hits).toBe(1);
    expect(again).toEqual(first);
    expect(askAnswer(corpus, again, 0, 3)).toEqual(askAnswer(corpus, first, 0, 3));
  });

  it('shares an answer between spellings of one question, under each one’s own title', () => {
    ask(corpus, 'expelled diplomats', { limit: 3 });
    const other = ask(corpus, 'Expelled diplomats?', { limit: 3 });
    expect(askCacheStats().hits).toBe(1);
    expect(other.query).toBe('Expelled diplomats?');
    expect(askAnswer(corpus, other, 0, 3).title).toBe('Results for “Expelled diplomats?”');
  });

  it('keys by page and size, and never caches a question limited to some sources', () => {
    const p0 = ask(corpus, 'Russia', { limit: 1, page: 0 });
    const p1 = ask(corpus, 'Russia', { limit: 1, page: 1 });
    expect(p1.results[0]?.passage.id).not.toBe(p0.results[0]?.passage.id);
    const none = ask(corpus, 'Russia', { limit: 1, allowArticle: () => false });
    expect(none.answered).toBe(false);
    expect(askCacheStats().hits).toBe(0);
  });

  it('a reloaded corpus gets its own answers, not the old corpus’s', () => {
    const before = ask(corpus, 'expelled diplomats', { limit: 3 });
    const reloaded = openSeedCorpus();
    const after = ask(reloaded, 'expelled diplomats', { limit: 3 });
    expect(askCacheStats().hits).toBe(0);
    // Same text, but the passages are the new corpus's own objects.
    expect(after.results[0]?.passage).toBe(reloaded.passages.find((p) => p.id === after.results[0]?.passage.id));
    expect(after.results[0]?.passage).not.toBe(before.results[0]?.passage);
  });
});

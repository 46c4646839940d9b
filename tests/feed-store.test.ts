import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/store/db.ts';
import { FeedStore, type ItemRecord } from '../src/store/feeds.ts';

let dir: string;
let db: Db;
let store: FeedStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-feeds-'));
  db = openDatabase(path.join(dir, 'attache.sqlite'));
  store = new FeedStore(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const FEED = 'https://news.example/rss.xml';
const item = (identity: string, extra: Partial<ItemRecord> = {}, withFile = true): ItemRecord => ({
  feedUrl: FEED,
  identity,
  contentHash: 'h1',
  status: 'imported',
  ...(withFile && { file: `/corpus/${identity}.md` }),
  attempts: 1,
  announce: false,
  firstSeenMs: 1000,
  changedMs: 1000,
  ...extra,
});

describe('FeedStore', () => {
  it('adds a feed due at once, and keeps its settings', () => {
    store.upsert({ url: FEED, outlet: 'News', intervalS: 900, tags: ['a', 'b'], origin: 'cli', language: 'en' }, 5000);
    expect(store.get(FEED)).toMatchObject({ url: FEED, outlet: 'News', intervalS: 900, tags: ['a', 'b'], language: 'en', status: 'ok', failures: 0, nextPollMs: 5000, polls: 0 });
    expect(store.get(FEED)?.etag).toBeUndefined();
    expect(store.due(5000).map((f) => f.url)).toEqual([FEED]);
    expect(store.due(4999)).toEqual([]);
  });

  it('lets one poller claim a due feed; a second claim of the same read fails', () => {
    store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    const [feed] = store.due(10);
    if (!feed) throw new Error('not due');
    expect(store.claim(feed, 600_000)).toBe(true);
    expect(store.claim(feed, 600_000)).toBe(false);
    expect(store.due(10)).toEqual([]);
  });

  it('records a poll: validators exactly as received, status, items; items update in place', () => {
    store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    const state = { etag: 'W/"abc"', lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT', bodyHash: 'x', lastPollMs: 10, outcome: '2 new items', nextPollMs: 900_000, failures: 0, status: 'ok' as const };
    store.recordPoll(FEED, state, [item('g1'), item('g2')], 2);
    expect(store.get(FEED)).toMatchObject({ etag: 'W/"abc"', lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT', polls: 1, imported: 2, outcome: '2 new items' });
    store.recordPoll(FEED, { ...state, outcome: '1 updated' }, [item('g1', { contentHash: 'h2', status: 'updated', changedMs: 2000, announce: true }, false)], 1);
    const items = store.items(FEED);
    expect(items.size).toBe(2);
    // The update keeps the file written first, and the first poll's "do not announce".
    expect(items.get('g1')).toMatchObject({ contentHash: 'h2', status: 'updated', file: '/corpus/g1.md', announce: false, firstSeenMs: 1000, changedMs: 2000 });
  });

  it('re-adding a disabled feed enables it and polls it at once', () => {
    store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    store.recordPoll(FEED, { nextPollMs: 99_000_000, failures: 10, status: 'disabled', reason: 'HTTP 500 ten times' }, [], 0);
    expect(store.due(100_000_000)).toEqual([]);
    expect(store.nextDue()).toBeUndefined();
    store.upsert({ url: FEED, intervalS: 1800, tags: [], origin: 'cli' }, 7);
    expect(store.get(FEED)).toMatchObject({ status: 'ok', failures: 0, nextPollMs: 7, intervalS: 1800 });
  });

  it('removes a feed with its items', () => {
    store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    store.recordPoll(FEED, { nextPollMs: 1, failures: 0, status: 'ok' }, [item('g1')], 1);
    expect(store.remove(FEED)).toBe(true);
    expect(store.remove(FEED)).toBe(false);
    expect(store.items(FEED).size).toBe(0);
    expect(store.list()).toEqual([]);
  });
});

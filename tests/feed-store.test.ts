// The feed store on every backend: SQLite in DATA_DIR (on this thread, and in the worker thread
// the bot's poller uses), and PostgreSQL (skipped without TEST_DATABASE_URL; each test in a
// schema of its own, dropped after).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.ts';
import { type FeedStore, type ItemRecord, SqliteFeedStore } from '../src/store/feeds.ts';
import { openPostgres } from '../src/store/postgres/db.ts';
import { PgFeedStore } from '../src/store/postgres/feeds.ts';
import { sqliteFeedStoreThread } from '../src/store/store-thread.ts';
import { freshSchema, TEST_DATABASE_URL } from './support/services.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A store, and `another`: a second process on the same database (a replica, `attache feeds …`). */
interface Opened {
  readonly store: FeedStore;
  another(): Promise<FeedStore>;
}

async function sqlite(): Promise<Opened> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-feeds-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const open = async (): Promise<FeedStore> => {
    const db = openDatabase(path.join(dir, 'attache.sqlite'));
    cleanups.push(() => {
      db.close();
    });
    return new SqliteFeedStore(db);
  };
  return { store: await open(), another: open };
}

async function sqliteThread(): Promise<Opened> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-feeds-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const open = async (): Promise<FeedStore> => {
    const store = sqliteFeedStoreThread(dir);
    cleanups.push(() => store.close());
    return store;
  };
  return { store: await open(), another: open };
}

async function postgres(): Promise<Opened> {
  const url = TEST_DATABASE_URL ?? '';
  const { schema, drop } = await freshSchema(url);
  cleanups.push(drop);
  const open = async (): Promise<FeedStore> => {
    const db = await openPostgres({ url, schema, max: 4 });
    cleanups.push(() => db.close());
    return new PgFeedStore(db);
  };
  return { store: await open(), another: open };
}

const BACKENDS = [
  { name: 'SQLite', skip: false, open: sqlite },
  { name: 'SQLite in a worker thread', skip: false, open: sqliteThread },
  { name: 'PostgreSQL', skip: TEST_DATABASE_URL === undefined, open: postgres },
] as const;

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

describe.each(BACKENDS)('feed store on $name', ({ skip, open }) => {
  it.skipIf(skip)('adds a feed due at once, and keeps its settings', async () => {
    const { store } = await open();
    await store.upsert({ url: FEED, outlet: 'News', intervalS: 900, tags: ['a', 'b'], origin: 'cli', language: 'en' }, 5000);
    expect(await store.get(FEED)).toMatchObject({ url: FEED, outlet: 'News', intervalS: 900, tags: ['a', 'b'], language: 'en', status: 'ok', failures: 0, nextPollMs: 5000, polls: 0 });
    expect((await store.get(FEED))?.etag).toBeUndefined();
    expect(await store.get('https://other.example/feed')).toBeUndefined();
    expect((await store.due(5000)).map((f) => f.url)).toEqual([FEED]);
    expect(await store.due(4999)).toEqual([]);
    expect(await store.nextDue()).toBe(5000);
  });

  it.skipIf(skip)('gives back exactly what was stored: no field added, none lost', async () => {
    const { store } = await open();
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'opml' }, 1_764_496_800_000);
    expect(await store.get(FEED)).toEqual({
      url: FEED,
      intervalS: 900,
      tags: [],
      origin: 'opml',
      addedMs: 1_764_496_800_000,
      nextPollMs: 1_764_496_800_000,
      failures: 0,
      status: 'ok',
      polls: 0,
      imported: 0,
    });
  });

  it.skipIf(skip)('lists feeds in order of their address, upper case first (byte order, as SQLite sorts)', async () => {
    const { store } = await open();
    for (const url of ['https://b.example/feed', 'https://B.example/feed', 'https://a.example/feed']) await store.upsert({ url, intervalS: 900, tags: [], origin: 'cli' }, 0);
    expect((await store.list()).map((f) => f.url)).toEqual(['https://B.example/feed', 'https://a.example/feed', 'https://b.example/feed']);
  });

  it.skipIf(skip)('lets one poller claim a due feed; a second claim of the same read fails', async () => {
    const { store } = await open();
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    const [feed] = await store.due(10);
    if (!feed) throw new Error('not due');
    expect(await store.claim(feed, 600_000)).toBe(true);
    expect(await store.claim(feed, 600_000)).toBe(false);
    expect(await store.due(10)).toEqual([]);
  });

  it.skipIf(skip)('gives back a claimed poll not made: due again as it was, unless another poller took it since', async () => {
    const { store } = await open();
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    const [feed] = await store.due(10);
    if (!feed) throw new Error('not due');
    expect(await store.claim(feed, 600_000)).toBe(true);
    await store.release(feed, 600_000);
    const [again] = await store.due(10);
    expect(again?.nextPollMs).toBe(feed.nextPollMs);
    // Claimed anew by another poller (a later lease): an old release leaves that claim alone.
    if (!again) throw new Error('not due again');
    expect(await store.claim(again, 700_000)).toBe(true);
    await store.release(feed, 600_000);
    expect(await store.due(10)).toEqual([]);
  });

  it.skipIf(skip)('lets exactly one of several processes claim a feed they all read as due at once', async () => {
    const { store, another } = await open();
    const others = [store, await another(), await another()];
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    const reads = await Promise.all(others.map((s) => s.due(10)));
    const claims = await Promise.all(reads.flatMap((due, i) => due.map((f) => others[i]?.claim(f, 600_000 + i))));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it.skipIf(skip)('records a poll: validators exactly as received, status, items; items update in place', async () => {
    const { store } = await open();
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    const state = { etag: 'W/"abc"', lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT', bodyHash: 'x', lastPollMs: 10, outcome: '2 new items', nextPollMs: 900_000, failures: 0, status: 'ok' as const };
    await store.recordPoll(FEED, state, [item('g1'), item('g2')], 2);
    expect(await store.get(FEED)).toMatchObject({ etag: 'W/"abc"', lastModified: 'Mon, 30 Nov 2026 10:00:00 GMT', bodyHash: 'x', lastPollMs: 10, polls: 1, imported: 2, outcome: '2 new items' });
    await store.recordPoll(FEED, { ...state, outcome: '1 updated' }, [item('g1', { contentHash: 'h2', status: 'updated', changedMs: 2000, announce: true }, false)], 1);
    const items = await store.items(FEED);
    expect(items.size).toBe(2);
    // The update keeps the file written first, and the first poll's "do not announce".
    expect(items.get('g1')).toEqual({ feedUrl: FEED, identity: 'g1', contentHash: 'h2', status: 'updated', file: '/corpus/g1.md', attempts: 1, announce: false, firstSeenMs: 1000, changedMs: 2000 });
    expect(await store.get(FEED)).toMatchObject({ polls: 2, imported: 3, outcome: '1 updated' });
  });

  it.skipIf(skip)('re-adding a disabled feed enables it and polls it at once', async () => {
    const { store } = await open();
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    await store.recordPoll(FEED, { nextPollMs: 99_000_000, failures: 10, status: 'disabled', reason: 'HTTP 500 ten times' }, [], 0);
    expect(await store.due(100_000_000)).toEqual([]);
    expect(await store.nextDue()).toBeUndefined();
    await store.upsert({ url: FEED, intervalS: 1800, tags: [], origin: 'cli' }, 7);
    expect(await store.get(FEED)).toMatchObject({ status: 'ok', failures: 0, nextPollMs: 7, intervalS: 1800 });
  });

  it.skipIf(skip)('changing a feed that is not disabled keeps its poll state', async () => {
    const { store } = await open();
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    await store.recordPoll(FEED, { etag: '"e"', nextPollMs: 900_000, failures: 2, status: 'failing', reason: 'HTTP 503' }, [], 0);
    await store.upsert({ url: FEED, outlet: 'Renamed', intervalS: 3600, tags: ['x'], origin: 'cli' }, 50);
    expect(await store.get(FEED)).toMatchObject({ outlet: 'Renamed', intervalS: 3600, tags: ['x'], etag: '"e"', nextPollMs: 900_000, failures: 2, status: 'failing', addedMs: 0 });
  });

  it.skipIf(skip)('removes a feed with its items', async () => {
    const { store } = await open();
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    await store.recordPoll(FEED, { nextPollMs: 1, failures: 0, status: 'ok' }, [item('g1')], 1);
    expect(await store.remove(FEED)).toBe(true);
    expect(await store.remove(FEED)).toBe(false);
    expect((await store.items(FEED)).size).toBe(0);
    expect(await store.list()).toEqual([]);
  });

  it.skipIf(skip)('another process sees the state a poller left: a poller taking over continues from it', async () => {
    const { store, another } = await open();
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    await store.recordPoll(FEED, { etag: '"v1"', lastPollMs: 5, nextPollMs: 900_000, failures: 0, status: 'ok' }, [item('g1')], 1);
    const next = await another();
    expect(await next.get(FEED)).toMatchObject({ etag: '"v1"', polls: 1, nextPollMs: 900_000 });
    expect([...(await next.items(FEED)).keys()]).toEqual(['g1']);
    expect(await next.due(899_999)).toEqual([]);
  });

  it.skipIf(skip)('keeps items marked pending across a restart until their poll is recorded or they are cleared', async () => {
    const { store, another } = await open();
    const other = 'https://other.example/feed.xml';
    await store.upsert({ url: FEED, intervalS: 900, tags: [], origin: 'cli' }, 0);
    await store.upsert({ url: other, intervalS: 900, tags: [], origin: 'cli' }, 0);
    const a = { feedUrl: FEED, identity: 'g1', file: '/corpus/g1.md', writtenMs: 10 };
    const b = { feedUrl: other, identity: 'o1', file: '/corpus/o1.md', writtenMs: 20 };
    await store.markPending([a, b]);
    // The process died: another one finds both.
    const next = await another();
    expect(await next.pending()).toEqual([a, b]);
    // Recording FEED's poll ends its pending items, not the other feed's.
    await next.recordPoll(FEED, { nextPollMs: 1, failures: 0, status: 'ok' }, [item('g1', { announce: true })], 1);
    expect(await next.pending()).toEqual([b]);
    await next.clearPending([b]);
    expect(await store.pending()).toEqual([]);
  });
});

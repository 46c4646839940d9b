// One suite for every store backend: settings and history on SQLite (changed on this thread and in
// a worker thread) and PostgreSQL, cooldowns on
// SQLite (on this thread and in a worker thread), PostgreSQL and Redis, the replay guard in memory, PostgreSQL and Redis. A backend whose
// server is not configured (TEST_DATABASE_URL, TEST_REDIS_URL) is skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, SettingsError } from '../src/core/policy.ts';
import { type CooldownStore, SqliteCooldownStore } from '../src/store/cooldowns.ts';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import { PgCooldownStore, PgReplayGuard } from '../src/store/postgres/cooldowns.ts';
import { openPostgres } from '../src/store/postgres/db.ts';
import { PgSettingsStore } from '../src/store/postgres/settings.ts';
import { openRedis } from '../src/store/redis.ts';
import { MemoryReplayGuard, type ReplayGuard } from '../src/store/replay.ts';
import { sqliteCooldownStore, sqliteSettingsStore } from '../src/store/store-thread.ts';
import { HISTORY_KEEP, type SettingsStore, SqliteSettingsStore } from '../src/store/settings.ts';
import { freshPrefix, freshSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from './support/services.ts';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A store over a database that is reopened by `reopen` (a restart of the process). */
interface Opened<T> {
  readonly store: T;
  reopen(): Promise<T>;
}

async function sqliteDir(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-suite-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return databaseFile(dir);
}

function sqlite<T>(make: (db: ReturnType<typeof openDatabase>) => T): () => Promise<Opened<T>> {
  return async () => {
    const file = await sqliteDir();
    const open = (): T => {
      const db = openDatabase(file);
      cleanups.push(() => {
        db.close();
      });
      return make(db);
    };
    return { store: open(), reopen: async () => open() };
  };
}

function postgres<T>(make: (db: Awaited<ReturnType<typeof openPostgres>>) => Promise<T> | T): () => Promise<Opened<T>> {
  return async () => {
    const url = TEST_DATABASE_URL ?? '';
    const { schema, drop } = await freshSchema(url);
    cleanups.push(drop);
    const open = async (): Promise<T> => {
      const db = await openPostgres({ url, schema, max: 4 });
      cleanups.push(() => db.close());
      const store = await make(db);
      if (store instanceof PgSettingsStore) cleanups.push(() => store.close());
      return store;
    };
    return { store: await open(), reopen: open };
  };
}

function redis<T>(pick: (r: ReturnType<typeof openRedis>) => T): () => Promise<Opened<T>> {
  return async () => {
    const keyPrefix = freshPrefix();
    const open = async (): Promise<T> => {
      const r = openRedis({ url: TEST_REDIS_URL ?? '', log, keyPrefix });
      cleanups.push(() => r.close());
      await new Promise((resolve) => r.client.once('ready', resolve));
      return pick(r);
    };
    const store = await open();
    cleanups.push(async () => {
      const r = openRedis({ url: TEST_REDIS_URL ?? '', log, keyPrefix: '' });
      await new Promise((resolve) => r.client.once('ready', resolve));
      const keys = await r.client.keys(`${keyPrefix}*`);
      if (keys.length > 0) await r.client.del(...keys);
      await r.close();
    });
    return { store, reopen: open };
  };
}

const SETTINGS_BACKENDS = [
  { name: 'SQLite', skip: false, open: sqlite((db) => new SqliteSettingsStore(db)) },
  // As the bot uses it: read on this thread, changed in a worker thread.
  {
    name: 'SQLite with changes in a worker thread',
    skip: false,
    open: sqlite((db): SettingsStore => {
      const store = sqliteSettingsStore(db);
      cleanups.push(() => store.close());
      return store;
    }),
  },
  { name: 'PostgreSQL', skip: TEST_DATABASE_URL === undefined, open: postgres((db) => PgSettingsStore.open(db, { log })) },
] as const;

const COOLDOWN_BACKENDS = [
  { name: 'SQLite', skip: false, open: sqlite((db): CooldownStore => new SqliteCooldownStore(db)) },
  // As the bot uses it: a connection of its own that commits without fsync, in a worker thread.
  {
    name: 'SQLite in a worker thread',
    skip: false,
    open: sqlite((db): CooldownStore => {
      const store = sqliteCooldownStore(db.name);
      cleanups.push(() => store.close());
      return store;
    }),
  },
  { name: 'PostgreSQL', skip: TEST_DATABASE_URL === undefined, open: postgres((db): CooldownStore => new PgCooldownStore(db)) },
  { name: 'Redis', skip: TEST_REDIS_URL === undefined, open: redis((r) => r.cooldowns) },
] as const;

const REPLAY_BACKENDS = [
  { name: 'memory', skip: false, open: async (): Promise<Opened<ReplayGuard>> => ({ store: new MemoryReplayGuard(), reopen: async () => new MemoryReplayGuard() }) },
  { name: 'PostgreSQL', skip: TEST_DATABASE_URL === undefined, open: postgres((db): ReplayGuard => new PgReplayGuard(db)) },
  { name: 'Redis', skip: TEST_REDIS_URL === undefined, open: redis((r) => r.replay) },
] as const;

const mod = (at: number) => ({ userId: 'mod-1', at });

describe.each(SETTINGS_BACKENDS)('settings on $name', ({ skip, open }) => {
  const opened = async (): Promise<Opened<SettingsStore>> => open();

  it.skipIf(skip)('gives the defaults to a server that never configured anything', async () => {
    const { store } = await opened();
    expect(await store.get('g1')).toEqual(DEFAULT_SETTINGS);
    expect(await store.history('g1', 10)).toEqual([]);
  });

  it.skipIf(skip)('stores each change, keeps servers apart, and finds it again after a restart', async () => {
    const { store, reopen } = await opened();
    await store.update('g1', { kind: 'channelMode', mode: 'allowlist' }, mod(1));
    await store.update('g1', { kind: 'allowChannel', channelId: '100' }, mod(2));
    await store.update('g1', { kind: 'allowChannel', channelId: '101' }, mod(3));
    await store.update('g1', { kind: 'denyChannel', channelId: '101' }, mod(4));
    await store.update('g1', { kind: 'visibility', visibility: 'private' }, mod(5));
    await store.update('g1', { kind: 'cooldown', seconds: 20 }, mod(6));
    await store.update('g1', { kind: 'sourceMode', mode: 'allowlist' }, mod(7));
    await store.update('g1', { kind: 'allowOutlet', outlet: 'Reuters' }, mod(8));
    await store.update('g1', { kind: 'blockOutlet', outlet: 'RT' }, mod(9));
    await expect(store.update('g1', { kind: 'timeZone', zone: 'Mars/Olympus' }, mod(10))).rejects.toThrow('is not a time zone');
    const last = await store.update('g1', { kind: 'timeZone', zone: 'europe/paris' }, mod(10));
    const expected = {
      channelMode: 'allowlist',
      allowedChannels: ['100'],
      deniedChannels: ['101'],
      visibility: 'private',
      cooldownSeconds: 20,
      sourceMode: 'allowlist',
      allowedOutlets: ['Reuters'],
      blockedOutlets: ['RT'],
      timeZone: 'Europe/Paris',
    };
    expect(last).toEqual(expected);
    expect(await store.get('g1')).toEqual(expected);
    expect(await store.get('g2')).toEqual(DEFAULT_SETTINGS);
    expect(await (await reopen()).get('g1')).toEqual(expected);
  });

  it.skipIf(skip)('returns the history newest first, with who, when and what', async () => {
    const { store } = await opened();
    await store.update('g1', { kind: 'allowChannel', channelId: '100' }, { userId: 'alice', at: 1000 });
    await store.update('g2', { kind: 'cooldown', seconds: 9 }, { userId: 'carol', at: 1500 });
    await store.update('g1', { kind: 'visibility', visibility: 'private' }, { userId: 'bob', at: 2000 });
    await store.update('g1', { kind: 'blockOutlet', outlet: 'RT' }, { userId: 'alice', at: 3000 });
    expect(await store.history('g1', 10)).toEqual([
      { userId: 'alice', at: 3000, change: { kind: 'blockOutlet', outlet: 'RT' }, summary: 'sources block RT' },
      { userId: 'bob', at: 2000, change: { kind: 'visibility', visibility: 'private' }, summary: 'replies visibility private' },
      { userId: 'alice', at: 1000, change: { kind: 'allowChannel', channelId: '100' }, summary: 'channels allow <#100>' },
    ]);
    expect((await store.history('g1', 2)).map((h) => h.at)).toEqual([3000, 2000]);
  });

  it.skipIf(skip)('reset brings back the defaults and is recorded', async () => {
    const { store } = await opened();
    await store.update('g1', { kind: 'cooldown', seconds: 60 }, mod(1));
    expect(await store.reset('g1', { userId: 'mod-2', at: 2 })).toEqual(DEFAULT_SETTINGS);
    expect(await store.get('g1')).toEqual(DEFAULT_SETTINGS);
    expect(await store.history('g1', 1)).toEqual([{ userId: 'mod-2', at: 2, change: { kind: 'reset' }, summary: 'reset' }]);
  });

  it.skipIf(skip)('stores nothing for a change that is refused', async () => {
    const { store } = await opened();
    await expect(store.update('g1', { kind: 'cooldown', seconds: -5 }, mod(1))).rejects.toThrow(SettingsError);
    expect(await store.get('g1')).toEqual(DEFAULT_SETTINGS);
    expect(await store.history('g1', 10)).toEqual([]);
  });

  it.skipIf(skip)('loses no change when moderators change one server at the same moment', async () => {
    const { store } = await opened();
    const ids = Array.from({ length: 20 }, (_, i) => String(1000 + i));
    await Promise.all(ids.map((id, i) => store.update('g1', { kind: 'allowChannel', channelId: id }, mod(i))));
    expect([...(await store.get('g1')).allowedChannels].sort()).toEqual(ids);
    expect(await store.history('g1', 100)).toHaveLength(20);
  });

  it.skipIf(skip)(`keeps the newest ${HISTORY_KEEP} changes of a server`, async () => {
    const { store } = await opened();
    for (let i = 0; i < HISTORY_KEEP + 3; i++) await store.update('g1', { kind: 'cooldown', seconds: i % 60 }, mod(i));
    await store.update('g2', { kind: 'cooldown', seconds: 1 }, mod(0));
    const kept = await store.history('g1', HISTORY_KEEP + 10);
    expect(kept).toHaveLength(HISTORY_KEEP);
    expect(kept[0]?.at).toBe(HISTORY_KEEP + 2);
    expect(kept.at(-1)?.at).toBe(3);
    expect(await store.history('g2', 10)).toHaveLength(1);
  });
});

describe.each(COOLDOWN_BACKENDS)('cooldowns on $name', ({ skip, open }) => {
  it.skipIf(skip)('lets a user through once per cooldown, per command and per server, and says when to retry', async () => {
    const { store: cd } = await open();
    const t = 1_700_000_000_000;
    expect(await cd.hit('g1', 'u1', 'ask', t, 3)).toEqual({ ok: true });
    expect(await cd.hit('g1', 'u1', 'ask', t + 1000, 3)).toEqual({ ok: false, retryAt: t + 3000 });
    // A refused try does not push the retry time further.
    expect(await cd.hit('g1', 'u1', 'ask', t + 2999, 3)).toEqual({ ok: false, retryAt: t + 3000 });
    expect(await cd.hit('g1', 'u1', 'quote', t + 1000, 3)).toEqual({ ok: true });
    expect(await cd.hit('g1', 'u2', 'ask', t + 1000, 3)).toEqual({ ok: true });
    expect(await cd.hit('g2', 'u1', 'ask', t + 1000, 3)).toEqual({ ok: true });
    expect(await cd.hit('g1', 'u1', 'ask', t + 3000, 3)).toEqual({ ok: true });
    expect(await cd.hit('g1', 'u1', 'ask', t + 3001, 3)).toEqual({ ok: false, retryAt: t + 6000 });
  });

  it.skipIf(skip)('applies a shortened cooldown at once, and 0 turns it off', async () => {
    const { store: cd } = await open();
    const t = 5_000_000;
    expect(await cd.hit('g1', 'u1', 'ask', t, 60)).toEqual({ ok: true });
    expect(await cd.hit('g1', 'u1', 'ask', t + 5000, 60)).toEqual({ ok: false, retryAt: t + 60_000 });
    expect(await cd.hit('g1', 'u1', 'ask', t + 5000, 5)).toEqual({ ok: true });
    expect(await cd.hit('g1', 'u1', 'ask', t + 5001, 0)).toEqual({ ok: true });
  });

  it.skipIf(skip)('is shared by two replicas, and lets exactly one of many simultaneous uses through', async () => {
    const { store: a, reopen } = await open();
    const b = await reopen();
    expect(await a.hit('g1', 'u1', 'ask', 10_000, 3)).toEqual({ ok: true });
    expect(await b.hit('g1', 'u1', 'ask', 11_000, 3)).toEqual({ ok: false, retryAt: 13_000 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).hit('g1', 'u2', 'ask', 20_000, 3)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it.skipIf(skip)('does not lock out a user when the clock went back', async () => {
    const { store: cd } = await open();
    expect(await cd.hit('g1', 'u1', 'ask', 100_000, 3)).toEqual({ ok: true });
    expect(await cd.hit('g1', 'u1', 'ask', 50_000, 3)).toEqual({ ok: true });
    expect(await cd.hit('g1', 'u1', 'ask', 51_000, 3)).toEqual({ ok: false, retryAt: 53_000 });
  });
});

describe.each(REPLAY_BACKENDS)('replay guard on $name', ({ name, skip, open }) => {
  it.skipIf(skip)('accepts a signature once within its window', async () => {
    const { store: guard } = await open();
    const t = Date.now();
    expect(await guard.firstSeen('sig-a', t, 60_000)).toBe(true);
    expect(await guard.firstSeen('sig-a', t + 1000, 60_000)).toBe(false);
    expect(await guard.firstSeen('sig-b', t + 1000, 60_000)).toBe(true);
  });

  // Redis expires keys on its own clock, which a test cannot move.
  it.skipIf(skip || name === 'Redis')('accepts it again once the window is over', async () => {
    const { store: guard } = await open();
    const t = Date.now();
    expect(await guard.firstSeen('sig-e', t, 60_000)).toBe(true);
    expect(await guard.firstSeen('sig-e', t + 60_000, 60_000)).toBe(true);
    expect(await guard.firstSeen('sig-e', t + 60_001, 60_000)).toBe(false);
  });

  it.skipIf(skip || name === 'memory')('refuses a replay that lands on another replica', async () => {
    const { store: a, reopen } = await open();
    const b = await reopen();
    const t = Date.now();
    expect(await a.firstSeen('sig-c', t, 60_000)).toBe(true);
    expect(await b.firstSeen('sig-c', t + 10, 60_000)).toBe(false);
    const both = await Promise.all([a.firstSeen('sig-d', t, 60_000), b.firstSeen('sig-d', t, 60_000)]);
    expect(both.filter(Boolean)).toHaveLength(1);
  });
});

describe.skipIf(TEST_REDIS_URL === undefined)('Redis connection lost', () => {
  it('reconnects by itself after its connection is closed under it, and the cooldowns it held still apply', async () => {
    const { store: cd } = await redis((r) => r)();
    const t = Date.now();
    expect(await cd.cooldowns.hit('g1', 'u1', 'ask', t, 60)).toEqual({ ok: true });
    // What a Redis restart looks like to the client: its connection is closed under it.
    const id = await cd.client.client('ID');
    const admin = openRedis({ url: TEST_REDIS_URL ?? '', log, keyPrefix: '' });
    cleanups.push(() => admin.close());
    await new Promise((resolve) => admin.client.once('ready', resolve));
    await admin.client.client('KILL', 'ID', String(id));
    await vi.waitFor(async () => expect(await cd.cooldowns.hit('g1', 'u1', 'ask', t + 1000, 60)).toEqual({ ok: false, retryAt: t + 60_000 }), { timeout: 5000, interval: 50 });
  });
});

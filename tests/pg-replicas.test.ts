// Several replicas on one PostgreSQL database: a settings change made through one is seen by the
// others through NOTIFY, again after the notification connection is killed, and replicas that
// start together apply each migration once. Needs TEST_DATABASE_URL (skipped without it).
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Migration } from '../src/store/migrations.ts';
import { openPostgres, type PgDatabase } from '../src/store/postgres/db.ts';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../src/store/postgres/migrations.ts';
import { PgSettingsStore } from '../src/store/postgres/settings.ts';
import { StoreUnavailableError } from '../src/store/unavailable.ts';
import { freshSchema, TEST_DATABASE_URL } from './support/services.ts';
import { type Relay, tcpRelay } from './support/tcp-relay.ts';

const DB_URL = TEST_DATABASE_URL ?? '';
const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function schema(): Promise<string> {
  const s = await freshSchema(DB_URL);
  cleanups.push(s.drop);
  return s.schema;
}

async function replica(name: string, opts: { ttlMs?: number } = {}): Promise<{ db: PgDatabase; store: PgSettingsStore }> {
  const db = await openPostgres({ url: DB_URL, schema: name });
  // An hour: within a test, only a notification (or a resync) can refresh a cached entry.
  const store = await PgSettingsStore.open(db, { log, ttlMs: opts.ttlMs ?? 3_600_000 });
  cleanups.push(async () => {
    await store.close();
    await db.close();
  });
  return { db, store };
}

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: DB_URL });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

const mod = { userId: 'mod', at: 1 };
/** Longer than the 1 s the README promises, for a loaded CI machine; the TTL rules out any other path. */
const CONVERGE = { timeout: 5000, interval: 20 };

describe.skipIf(TEST_DATABASE_URL === undefined)('replicas on PostgreSQL', () => {
  it('a change made through one replica is seen by another, which had cached the old value', async () => {
    const name = await schema();
    const a = await replica(name);
    const b = await replica(name);
    expect((await b.store.get('g1')).cooldownSeconds).toBe(3);
    await a.store.update('g1', { kind: 'cooldown', seconds: 42 }, mod);
    await vi.waitFor(async () => expect((await b.store.get('g1')).cooldownSeconds).toBe(42), CONVERGE);
    await b.store.update('g1', { kind: 'visibility', visibility: 'private' }, mod);
    await vi.waitFor(async () => expect((await a.store.get('g1')).visibility).toBe('private'), CONVERGE);
  });

  it('converges again after its notification connection is killed, and listens again', async () => {
    const name = await schema();
    const a = await replica(name);
    const b = await replica(name);
    expect((await b.store.get('g1')).cooldownSeconds).toBe(3);
    const killed = await sql<{ ok: boolean }>(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1`, [`attache listener ${name}`]);
    expect(killed.length).toBe(2);
    // Changed while the listeners may be down: the notification may be lost.
    await a.store.update('g1', { kind: 'cooldown', seconds: 7 }, mod);
    await vi.waitFor(async () => expect((await b.store.get('g1')).cooldownSeconds).toBe(7), CONVERGE);
    await vi.waitFor(() => expect(b.store.connected && a.store.connected).toBe(true), CONVERGE);
    // Listening again: a cached value is refreshed by the next notification.
    expect((await b.store.get('g1')).cooldownSeconds).toBe(7);
    await a.store.update('g1', { kind: 'cooldown', seconds: 8 }, mod);
    await vi.waitFor(async () => expect((await b.store.get('g1')).cooldownSeconds).toBe(8), CONVERGE);
  });

  it('applies each migration once when several replicas start together', async () => {
    const name = await schema();
    // A slow second step widens the window in which the replicas overlap; applied twice, its
    // CREATE TABLE would fail.
    const migrations: Migration[] = [...PG_MIGRATIONS, { version: PG_SCHEMA_VERSION + 1, name: 'slow step', sql: 'SELECT pg_sleep(0.3); CREATE TABLE slow_step (x int);' }];
    const applied: number[] = [];
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openPostgres({ url: DB_URL, schema: name, migrations, onMigrate: (m) => applied.push(m.version) })));
    for (const db of dbs) cleanups.push(() => db.close());
    expect(applied.sort()).toEqual(migrations.map((m) => m.version));
    const rows = await sql<{ version: number }>(`SELECT version FROM ${name}.attache_schema ORDER BY version`);
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  it('refuses a database written by a newer version, naming both versions', async () => {
    const name = await schema();
    const db = await openPostgres({ url: DB_URL, schema: name });
    await db.close();
    await sql(`INSERT INTO ${name}.attache_schema (version, name) VALUES ($1, 'from the future')`, [PG_SCHEMA_VERSION + 5]);
    await expect(openPostgres({ url: DB_URL, schema: name })).rejects.toThrow(
      `the PostgreSQL database was written by a newer version of Attaché (schema ${PG_SCHEMA_VERSION + 5}, this version knows ${PG_SCHEMA_VERSION}); refusing to use it`,
    );
  });

  it('a write that waits too long is refused as unavailable, and never commits later', async () => {
    const name = await schema();
    const db = await openPostgres({ url: DB_URL, schema: name });
    const store = await PgSettingsStore.open(db, { log, timeoutMs: 300 });
    cleanups.push(async () => {
      await store.close();
      await db.close();
    });
    // Another session holds the server's write lock, as a stuck writer would.
    const holder = new pg.Client({ connectionString: DB_URL, options: `-c search_path=${name}` });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT pg_advisory_xact_lock(hashtext('attache:guild:' || $1))`, ['g1']);
    try {
      await expect(store.update('g1', { kind: 'cooldown', seconds: 9 }, mod)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // A refused write still queued for the lock would take it before this one and commit.
    await store.update('g1', { kind: 'visibility', visibility: 'private' }, mod);
    expect((await store.history('g1', 10)).map((h) => h.summary)).toEqual(['replies visibility private']);
    expect((await store.get('g1')).cooldownSeconds).toBe(3);
  });
});

/** A relay to PostgreSQL that a test can cut (the database "goes down") and bring back on the same port. */
async function relay(): Promise<Relay> {
  const relayed = await tcpRelay(DB_URL, 5432);
  cleanups.push(() => relayed.cut());
  return relayed;
}

describe.skipIf(TEST_DATABASE_URL === undefined)('PostgreSQL down', () => {
  it('answers from the settings it read, refuses what it never read and every change, then recovers', async () => {
    const name = await schema();
    const writer = await replica(name);
    await writer.store.update('g1', { kind: 'cooldown', seconds: 30 }, mod);
    const path = await relay();
    const db = await openPostgres({ url: path.url, schema: name });
    const store = await PgSettingsStore.open(db, { log, timeoutMs: 500 });
    cleanups.push(async () => {
      await store.close();
      await db.close().catch(() => {});
    });
    expect((await store.get('g1')).cooldownSeconds).toBe(30);

    await path.cut();
    expect((await store.get('g1')).cooldownSeconds).toBe(30);
    await expect(store.get('g2')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.update('g1', { kind: 'cooldown', seconds: 5 }, mod)).rejects.toBeInstanceOf(StoreUnavailableError);
    // Changed elsewhere while this replica could not hear about it.
    await writer.store.update('g1', { kind: 'cooldown', seconds: 12 }, mod);

    await path.restore();
    await vi.waitFor(async () => expect((await store.get('g1')).cooldownSeconds).toBe(12), CONVERGE);
    expect((await writer.store.history('g1', 10)).map((h) => h.summary)).toEqual(['cooldown 12s', 'cooldown 30s']);
  });
});

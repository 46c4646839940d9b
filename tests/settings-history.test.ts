// /config history is bounded: each change prunes the server's history to the newest HISTORY_KEEP
// entries, in the same transaction, and never touches another server's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { databaseFile, openDatabase, type Db } from '../src/store/db.ts';
import { HISTORY_KEEP, SqliteSettingsStore } from '../src/store/settings.ts';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-history-'));
  db = openDatabase(databaseFile(dir));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rows = (guildId: string): number => (db.prepare('SELECT count(*) AS n FROM settings_history WHERE guild_id = ?').get(guildId) as { n: number }).n;

it('keeps the newest changes of each server and drops the oldest, as changes are made', async () => {
  const store = new SqliteSettingsStore(db);
  await store.update('g2', { kind: 'cooldown', seconds: 7 }, { userId: 'mod-2', at: 1 });
  const total = HISTORY_KEEP + 25;
  for (let i = 0; i < total; i++) await store.update('g1', { kind: 'cooldown', seconds: i % 60 }, { userId: 'mod-1', at: 1000 + i });
  expect(rows('g1')).toBe(HISTORY_KEEP);
  const history = await store.history('g1', HISTORY_KEEP + 10);
  expect(history).toHaveLength(HISTORY_KEEP);
  expect(history[0]?.at).toBe(1000 + total - 1);
  expect(history.at(-1)?.at).toBe(1000 + total - HISTORY_KEEP);
  // Another server's history is its own.
  expect((await store.history('g2', 10)).map((h) => h.summary)).toEqual(['cooldown 7s']);
});

it('a refused change neither records nor prunes anything', async () => {
  const store = new SqliteSettingsStore(db);
  for (let i = 0; i < HISTORY_KEEP; i++) await store.update('g1', { kind: 'visibility', visibility: i % 2 ? 'public' : 'private' }, { userId: 'm', at: i });
  await expect(store.update('g1', { kind: 'cooldown', seconds: -1 }, { userId: 'm', at: 5000 })).rejects.toThrow();
  expect(rows('g1')).toBe(HISTORY_KEEP);
  expect((await store.history('g1', HISTORY_KEEP)).at(-1)?.at).toBe(0);
});

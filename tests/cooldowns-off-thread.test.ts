// The bot's SQLite cooldowns (openStores without REDIS_URL or DATABASE_URL) are stamped off the
// event loop: while another writer holds the database's write lock, a member's command waits for it
// without stopping the bot, and goes through once the lock is released.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStores } from '../src/cli/wiring.ts';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { databaseFile } from '../src/store/db.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('cooldowns on SQLite in the bot', () => {
  it('a use waiting for another writer holds no event loop: timers tick, and the use goes through when the lock is freed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cooldowns-thread-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, 'corpus'));
    const config = parseConfig({ CORPUS_DIRS: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data') });
    const stores = await openStores(config, silentLogger());
    cleanups.push(() => stores.close());
    // Another process's transaction (a moderator's change on another shard), held open.
    const other = new Database(databaseFile(config.dataDir));
    cleanups.push(() => {
      other.close();
    });
    other.exec('BEGIN IMMEDIATE');

    let settled = false;
    const hit = stores.cooldowns.hit('g1', 'u1', 'ask', 1000, 60).finally(() => {
      settled = true;
    });
    let ticks = 0;
    for (; ticks < 5; ticks++) await tick();
    expect({ ticks, settled }).toEqual({ ticks: 5, settled: false });

    other.exec('COMMIT');
    expect(await hit).toEqual({ ok: true });
    expect(await stores.cooldowns.hit('g1', 'u1', 'ask', 2000, 60)).toEqual({ ok: false, retryAt: 61_000 });
  });
});

// The bot's SQLite writes (openStores without REDIS_URL or DATABASE_URL), cooldown stamps and
// settings changes, run off the event loop: while another writer holds the database's write lock,
// a member's command or a moderator's change waits for it without stopping the bot, and goes
// through once the lock is released.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStores, type Stores } from '../src/cli/wiring.ts';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { databaseFile } from '../src/store/db.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** The bot's stores on a fresh DATA_DIR, and another process's transaction on it, held open. */
async function storesWithLockHeld(): Promise<{ stores: Stores; file: string; release: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-writes-thread-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'corpus'));
  const config = parseConfig({ CORPUS_DIRS: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data') });
  const stores = await openStores(config, silentLogger());
  cleanups.push(() => stores.close());
  const file = databaseFile(config.dataDir);
  const other = new Database(file);
  cleanups.push(() => {
    other.close();
  });
  other.exec('BEGIN IMMEDIATE');
  return { stores, file, release: () => other.exec('COMMIT') };
}

/**
 * Whether `pending` settled while five timers of this thread ran. A write made on this thread would
 * hold it for the whole busy timeout (5 s) and settle (with SQLITE_BUSY) before the first timer.
 */
async function settledWhileTimersRun(pending: Promise<unknown>): Promise<boolean> {
  let settled = false;
  pending.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5; i++) await tick();
  return settled;
}

describe('SQLite writes in the bot', () => {
  it('the store threads boot as the stores open, so a first use does not wait for one', async () => {
    const { stores, release } = await storesWithLockHeld();
    release();
    await stores.started;
    expect(await stores.cooldowns.hit('g1', 'u1', 'ask', 1000, 60)).toEqual({ ok: true });
  });

  it('a use waiting for another writer holds no event loop: timers tick, and the use goes through when the lock is freed', async () => {
    const { stores, release } = await storesWithLockHeld();
    const hit = stores.cooldowns.hit('g1', 'u1', 'ask', 1000, 60);
    expect(await settledWhileTimersRun(hit)).toBe(false);
    release();
    expect(await hit).toEqual({ ok: true });
    expect(await stores.cooldowns.hit('g1', 'u1', 'ask', 2000, 60)).toEqual({ ok: false, retryAt: 61_000 });
  });

  it('a settings change waiting for another writer holds no event loop, and is stored when the lock is freed', async () => {
    const { stores, file, release } = await storesWithLockHeld();
    const saved = stores.settings.update('g1', { kind: 'cooldown', seconds: 30 }, { userId: 'mod-1', at: 1000 });
    expect(await settledWhileTimersRun(saved)).toBe(false);
    release();
    expect((await saved).cooldownSeconds).toBe(30);
    // Stored once "saved": read here, and by another process's connection.
    expect((await stores.settings.get('g1')).cooldownSeconds).toBe(30);
    const reader = new Database(file, { readonly: true });
    try {
      expect(reader.prepare('SELECT settings FROM guild_settings WHERE guild_id = ?').pluck().get('g1')).toContain('"cooldownSeconds":30');
    } finally {
      reader.close();
    }
    expect(await stores.settings.history('g1', 10)).toHaveLength(1);
  });
});

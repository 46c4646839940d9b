// Exactly one process polls feeds and writes the corpus when replicas share PostgreSQL: two
// `npm run serve` processes with the poller on, spawned as real processes; one takes the feed
// lease (a session advisory lock), the other waits; kill -9 of the holder and the other takes it
// over. Needs TEST_DATABASE_URL (skipped without it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS } from './support/paths.ts';
import { freshSchema, TEST_DATABASE_URL } from './support/services.ts';
import { makeSigner } from './support/signed-http.ts';
import { type LogLine, spawnBot, type SpawnedBot } from './support/spawn-bot.ts';

const signer = makeSigner();

describe.skipIf(TEST_DATABASE_URL === undefined)('the feed lease on PostgreSQL', () => {
  let tmp: string;
  let drop: (() => Promise<void>) | undefined;
  let databaseUrl: string;
  const bots: SpawnedBot[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-lease-'));
    const schema = await freshSchema(TEST_DATABASE_URL ?? '');
    drop = schema.drop;
    const url = new URL(TEST_DATABASE_URL ?? '');
    url.searchParams.set('options', `-c search_path=${schema.schema}`);
    databaseUrl = url.href;
  });
  afterAll(async () => {
    for (const b of bots) if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
    await Promise.all(bots.map((b) => b.exited));
    await drop?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function replica(i: number): SpawnedBot {
    const bot = spawnBot({
      args: ['serve'],
      env: {
        DISCORD_PUBLIC_KEY: signer.publicKeyHex,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_FORMAT: 'json',
        CORPUS_DIRS: CORPUS,
        DATA_DIR: fs.mkdtempSync(path.join(tmp, `data-${i}-`)),
        DATABASE_URL: databaseUrl,
        // The poller on, with no feeds file: the lease is what is tested, not the web.
        FEEDS_POLLER: 'auto',
        FEEDS_FILE: path.join(tmp, 'no-feeds.yml'),
      },
    });
    bots.push(bot);
    return bot;
  }

  const msg = (l: LogLine): string => (typeof l.msg === 'string' ? l.msg : '');
  const took = (l: LogLine): boolean => msg(l).startsWith('took the feeds lease');
  const waits = (l: LogLine): boolean => msg(l).startsWith('another process holds the feeds lease');
  const polls = (l: LogLine): boolean => msg(l).startsWith('feed poller started');

  it('lets one replica poll, and another take over when it is killed with SIGKILL', async () => {
    const first = replica(0);
    await first.waitForLog(took, 60_000, 'the first replica to take the lease');
    await first.waitForLog(polls, 10_000, 'the first replica to start polling');
    const second = replica(1);
    await second.waitForLog(waits, 60_000, 'the second replica to find the lease held');
    await second.waitForLog((l) => msg(l).startsWith('ready: index'), 60_000, 'the second replica to be ready');
    expect(second.logs().some(took)).toBe(false);
    expect(second.logs().some(polls)).toBe(false);

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    await second.waitForLog(took, 30_000, 'the second replica to take the lease over');
    await second.waitForLog(polls, 10_000, 'the second replica to start polling');
    // `attache feeds run` (the compose file's feed worker) started now finds it held, and waits;
    // when the holder stops cleanly, it takes the lease and polls.
    const worker = spawnBot({
      args: ['feeds', 'run'],
      env: {
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
        CORPUS_DIRS: CORPUS,
        DATA_DIR: fs.mkdtempSync(path.join(tmp, 'data-worker-')),
        DATABASE_URL: databaseUrl,
        FEEDS_FILE: path.join(tmp, 'no-feeds.yml'),
      },
    });
    bots.push(worker);
    await worker.waitForLog(waits, 60_000, 'the feed worker to find the lease held');
    expect(worker.logs().some((l) => msg(l) === 'polling feeds until stopped')).toBe(false);
    expect(await second.stop()).toBe(0);
    await worker.waitForLog(took, 30_000, 'the feed worker to take the lease');
    await worker.waitForLog((l) => msg(l) === 'polling feeds until stopped', 10_000, 'the feed worker to poll');
    expect(await worker.stop()).toBe(0);
  });
});

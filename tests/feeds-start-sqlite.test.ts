// The bot's feed poller on SQLite (startFeeds without DATABASE_URL): its store answers from a worker
// thread, and starting it runs no open of the database (with its quick_check) on the bot's thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStores, startFeeds } from '../src/cli/wiring.ts';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import * as feedStore from '../src/store/feeds.ts';

vi.mock('../src/store/feeds.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/store/feeds.ts')>();
  return { ...real, openFeedDatabase: vi.fn(real.openFeedDatabase) };
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('the feed poller in the bot on SQLite', () => {
  it('starts with its store in a worker thread, opening the database on this thread only once (openStores)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-feeds-start-sqlite-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, 'corpus'));
    fs.writeFileSync(path.join(dir, 'feeds.yml'), 'feeds:\n  - url: http://127.0.0.1:9/feed.xml\n');
    const config = parseConfig({ CORPUS_DIRS: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data'), FEEDS_FILE: path.join(dir, 'feeds.yml'), FEEDS_ALLOW_LOOPBACK: '1' });
    const stores = await openStores(config, silentLogger());
    cleanups.push(() => stores.close());
    const service = await startFeeds(config, stores, silentLogger(), '9.9.9');
    expect(service).toBeDefined();
    await service?.stop();
    expect(vi.mocked(feedStore.openFeedDatabase)).not.toHaveBeenCalled();
  });
});

// The bot's feed poller (startFeeds) with DATABASE_URL: it polls the feeds kept in PostgreSQL,
// and a process taking the lease over continues from the poll state the previous holder left
// (its validators, the items it imported), not from a feed state of its own in DATA_DIR.
import fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStores, startFeeds } from '../src/cli/wiring.ts';
import { parseConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import type { PgDatabase } from '../src/store/postgres/db.ts';
import { PgFeedStore } from '../src/store/postgres/feeds.ts';
import { freshSchema, TEST_DATABASE_URL } from './support/services.ts';

const para = Array.from(
  { length: 4 },
  (_, i) => `<p>Paragraph ${i + 1}: the river commission agreed new fishing quotas for the spring season after two days of talks, and both delegations promised to publish the tables.</p>`,
).join('');
const RSS = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Delta Courier</title><item><title>River quotas agreed</title><link>http://127.0.0.1/a/1</link><guid>dc-1</guid><pubDate>${new Date().toUTCString()}</pubDate><content:encoded><![CDATA[${para}]]></content:encoded></item></channel></rss>`;

describe.skipIf(TEST_DATABASE_URL === undefined)('the feed poller in the bot with DATABASE_URL', () => {
  let server: Server;
  let feedUrl = '';
  const requests: IncomingHttpHeaders[] = [];
  let dir = '';
  let databaseUrl = '';
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.headers);
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
      else res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(RSS);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-feeds-start-'));
    fs.mkdirSync(path.join(dir, 'corpus'));
    const fresh = await freshSchema(TEST_DATABASE_URL ?? '');
    drop = fresh.drop;
    const url = new URL(TEST_DATABASE_URL ?? '');
    url.searchParams.set('options', `-c search_path=${fresh.schema}`);
    databaseUrl = url.href;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One bot process's stores and poller, on a data folder of its own. */
  async function processOn(machine: string, before: (store: PgFeedStore, pg: PgDatabase) => Promise<unknown>) {
    const config = parseConfig({
      CORPUS_DIRS: path.join(dir, 'corpus'),
      DATA_DIR: path.join(dir, machine),
      DATABASE_URL: databaseUrl,
      FEEDS_FILE: path.join(dir, 'no-feeds.yml'),
      FEEDS_ALLOW_LOOPBACK: '1',
    });
    const log = silentLogger();
    const stores = await openStores(config, log);
    if (stores.postgres === undefined) throw new Error('not on PostgreSQL');
    const store = new PgFeedStore(stores.postgres);
    await before(store, stores.postgres);
    const feeds = await startFeeds(config, stores, log, 'test');
    return { store, feeds, stores };
  }
  const corpusFiles = (): string[] => fs.readdirSync(path.join(dir, 'corpus')).filter((f) => f.endsWith('.md'));

  it('polls the feeds in PostgreSQL; the next lease holder sends the validators the first one stored', async () => {
    const first = await processOn('a', (store) => store.upsert({ url: feedUrl, outlet: 'Delta Courier', intervalS: 900, tags: [], origin: 'cli' }, Date.now()));
    await vi.waitFor(async () => expect(await first.store.get(feedUrl)).toMatchObject({ polls: 1, imported: 1, etag: '"v1"' }), { timeout: 20_000, interval: 50 });
    expect(corpusFiles()).toHaveLength(1);
    await first.feeds?.stop();
    await first.stores.close();

    // Time passes: the feed is due again when the next process takes the lease.
    const second = await processOn('b', (_, pg) => pg.pool.query('UPDATE feeds SET next_poll_ms = 0 WHERE url = $1', [feedUrl]));
    await vi.waitFor(async () => expect(await second.store.get(feedUrl)).toMatchObject({ polls: 2, outcome: expect.stringContaining('not modified') }), { timeout: 20_000, interval: 50 });
    await second.feeds?.stop();
    await second.stores.close();
    expect(requests.map((h) => h['if-none-match'])).toEqual([undefined, '"v1"']);
    expect(corpusFiles()).toHaveLength(1);
  });
});

// The real poller against a feed server on loopback: RSS, Atom and JSON Feed; conditional GETs;
// 429 and 500s; malformed and huge feeds; a redirect to a private address; an item edited at its
// source; items without guid; and an item that ends up answering `ask`. The clock is injected.
import fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../src/app/metrics.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import { ask } from '../src/core/ask.ts';
import { type FeedParser, inThreadParser, WorkerFeedParser } from '../src/feeds/feed-worker.ts';
import { FeedPoller } from '../src/feeds/poller.ts';
import { silentLogger } from '../src/log.ts';
import { openDatabase, type Db } from '../src/store/db.ts';
import { type FeedStore, SqliteFeedStore } from '../src/store/feeds.ts';

type Route = { status?: number; headers?: Record<string, string>; body?: string };
const routes = new Map<string, Route | ((headers: IncomingHttpHeaders) => Route)>();
const requests: { path: string; headers: IncomingHttpHeaders }[] = [];
/** Paths the server takes and never answers (a stuck origin). */
const unanswered = new Set<string>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const p = req.url ?? '/';
    requests.push({ path: p, headers: req.headers });
    if (unanswered.has(p)) return;
    const r = routes.get(p);
    const route = typeof r === 'function' ? r(req.headers) : (r ?? { status: 404, body: 'not found' });
    res.writeHead(route.status ?? 200, route.headers ?? {});
    res.end(route.body ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
// One feed worker for the file's pollers (each would start its own): loading it takes a second.
const parser = new WorkerFeedParser();
afterAll(async () => {
  await parser.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const NOW = Date.UTC(2026, 10, 30, 12);
const MIN = 60_000;
let clock = NOW;
let dir: string;
let into: string;
let db: Db;
let store: FeedStore;
let poller: FeedPoller;

beforeEach(() => {
  routes.clear();
  unanswered.clear();
  requests.length = 0;
  clock = NOW;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-poller-'));
  into = path.join(dir, 'corpus');
  db = openDatabase(path.join(dir, 'attache.sqlite'));
  store = new SqliteFeedStore(db);
  poller = new FeedPoller({ store, defaultInto: into, log: silentLogger(), now: () => clock, random: () => 0.5, version: '9.9.9', contact: 'feeds@ops.example', allowLoopback: true, parser });
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const XML = { 'content-type': 'application/rss+xml; charset=utf-8' };
const para = (topic: string, n: number): string =>
  Array.from(
    { length: n },
    (_, i) => `<p>Paragraph ${i + 1} about ${topic}: negotiators met again in the harbour city and compared their drafts line by line, as both delegations had promised.</p>`,
  ).join('');
const rssItem = (o: { guid?: string; title: string; link?: string; date?: string; html?: string; description?: string }): string =>
  `<item><title>${o.title}</title>${o.link ? `<link>${o.link}</link>` : ''}${o.guid ? `<guid isPermaLink="false">${o.guid}</guid>` : ''}<pubDate>${o.date ?? 'Mon, 30 Nov 2026 09:00:00 GMT'}</pubDate>${o.description ? `<description>${o.description}</description>` : ''}${o.html ? `<content:encoded><![CDATA[${o.html}]]></content:encoded>` : ''}</item>`;
const rss = (items: string[]): string =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour Times</title><link>${base}/</link><language>en</language>${items.join('')}</channel></rss>`;

async function add(url: string, extra: { outlet?: string } = {}) {
  await store.upsert({ url, intervalS: 900, tags: ['feeds-test'], origin: 'cli', ...extra }, clock);
  const feed = await store.get(url);
  if (!feed) throw new Error('not added');
  return poller.pollFeed(feed);
}
async function pollAgain(url: string) {
  const feed = await store.get(url);
  if (!feed) throw new Error('gone');
  return poller.pollFeed(feed);
}
const corpusFiles = (): string[] => (fs.existsSync(into) ? fs.readdirSync(into).filter((f) => f.endsWith('.md')) : []);

describe('feed poller', () => {
  it('an item published on the feed ends up as a corpus file that answers ask; the first poll announces nothing', async () => {
    const first = rssItem({ guid: 'ht-1', title: 'Fishing talks resume in Tallinn', link: `${base}/a/1`, html: para('fishing quotas', 4) });
    routes.set('/feed.xml', { headers: XML, body: rss([first]) });
    const r1 = await add(`${base}/feed.xml`);
    expect(r1).toMatchObject({ status: 'ok', written: [{ identity: 'id:ht-1', announce: false, updated: false }] });

    clock += 20 * MIN;
    const second = rssItem({
      guid: 'ht-2',
      title: 'Lindqvist accord caps herring catch',
      link: `${base}/a/2`,
      html: `<p>The Lindqvist accord caps the Baltic herring catch at forty thousand tonnes a year, the two fisheries ministers announced on Monday.</p>${para('the herring accord', 3)}`,
    });
    routes.set('/feed.xml', { headers: XML, body: rss([second, first]) });
    const r2 = await pollAgain(`${base}/feed.xml`);
    expect(r2.written).toMatchObject([{ identity: 'id:ht-2', announce: true }]);
    expect(corpusFiles()).toHaveLength(2);

    const file = fs.readFileSync(r2.written[0]?.file as string, 'utf8');
    expect(file).toContain('title: Lindqvist accord caps herring catch');
    expect(file).toContain('outlet: Harbour Times');
    expect(file).toContain(`url: ${base}/a/2`);
    const corpus = openCorpus({ dirs: [into], dataDir: path.join(dir, 'data'), log: silentLogger(), now: () => clock, noCache: true }).corpus;
    const answer = ask(corpus, 'Baltic herring catch limit Lindqvist accord');
    expect(answer.answered).toBe(true);
    expect(corpus.articles.find((a) => a.id === answer.results[0]?.passage.articleId)?.title).toBe('Lindqvist accord caps herring catch');
    expect(answer.results[0]?.passage.text).toContain('forty thousand tonnes');
    expect(await store.get(`${base}/feed.xml`)).toMatchObject({ polls: 2, imported: 2, failures: 0 });
  });

  it('counts each poll in attache_feed_polls_total by outcome: new items, unchanged, not modified, failed', async () => {
    const metrics = createMetrics({ index: () => undefined, now: () => clock, processMetrics: false });
    poller = new FeedPoller({
      store,
      defaultInto: into,
      log: silentLogger(),
      now: () => clock,
      random: () => 0.5,
      version: '9.9.9',
      allowLoopback: true,
      parser,
      onPolled: (o) => metrics.feedPoll(o),
    });
    const body = rss([rssItem({ guid: 'm-1', title: 'Ferry line reopens', link: `${base}/m/1`, html: para('the ferry line', 3) })]);
    let mode: 'body' | 'etag' | 'error' = 'body';
    routes.set('/m.xml', (h) =>
      mode === 'error' ? { status: 500, body: 'down' } : mode === 'etag' && h['if-none-match'] === '"v1"' ? { status: 304 } : { headers: { ...XML, ...(mode === 'etag' && { etag: '"v1"' }) }, body },
    );
    await add(`${base}/m.xml`);
    clock += 20 * MIN;
    await pollAgain(`${base}/m.xml`); // the same body again: not parsed
    mode = 'etag';
    clock += 20 * MIN;
    await pollAgain(`${base}/m.xml`); // a 200 with a validator, same body
    clock += 20 * MIN;
    await pollAgain(`${base}/m.xml`); // sent back: 304
    mode = 'error';
    clock += 20 * MIN;
    await pollAgain(`${base}/m.xml`);
    const text = (await metrics.scrape()).body;
    const count = (outcome: string): number => Number(new RegExp(`^attache_feed_polls_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    expect({ new_items: count('new_items'), unchanged: count('unchanged'), not_modified: count('not_modified'), failed: count('failed') }).toEqual({
      new_items: 1,
      unchanged: 2,
      not_modified: 1,
      failed: 1,
    });
  });

  it('sends a User-Agent with the contact, then the validators exactly as received; a 304 imports nothing', async () => {
    const etag = 'W/"5f3-Ab"';
    const lastModified = 'Mon, 30 Nov 2026 10:00:00 GMT';
    routes.set('/cond.xml', (h) =>
      h['if-none-match'] === etag && h['if-modified-since'] === lastModified
        ? { status: 304, headers: { etag } }
        : { headers: { ...XML, etag, 'last-modified': lastModified }, body: rss([rssItem({ guid: 'c1', title: 'Conditional', html: para('validators', 4) })]) },
    );
    await add(`${base}/cond.xml`);
    expect(requests[0]?.headers['user-agent']).toBe('Attache/9.9.9 (Discord bot citing news articles; feed reader; contact: feeds@ops.example)');
    expect(requests[0]?.headers['accept-encoding']).toContain('gzip');
    expect(requests[0]?.headers).not.toHaveProperty('if-none-match');
    expect(requests[0]?.headers).not.toHaveProperty('if-modified-since');
    clock += 20 * MIN;
    const r = await pollAgain(`${base}/cond.xml`);
    expect(requests[1]?.headers).toMatchObject({ 'if-none-match': etag, 'if-modified-since': lastModified });
    expect(r).toMatchObject({ outcome: 'not modified', written: [] });
    expect(r.nextPollMs).toBe(clock + 15 * MIN);
  });

  it('a 429 waits for Retry-After; 500s back off and mark the feed failing with the reason', async () => {
    routes.set('/busy.xml', { status: 429, headers: { 'retry-after': '3600' } });
    const limited = await add(`${base}/busy.xml`);
    expect(limited).toMatchObject({ status: 'ok', outcome: 'failed: HTTP 429', nextPollMs: NOW + 60 * MIN });

    routes.set('/broken.xml', { status: 500 });
    const waits: number[] = [];
    let r = await add(`${base}/broken.xml`);
    waits.push((r.nextPollMs - clock) / MIN);
    for (let i = 0; i < 2; i++) {
      clock = r.nextPollMs;
      r = await pollAgain(`${base}/broken.xml`);
      waits.push((r.nextPollMs - clock) / MIN);
    }
    expect(waits).toEqual([5, 10, 20]);
    expect(await store.get(`${base}/broken.xml`)).toMatchObject({ status: 'failing', failures: 3, reason: 'HTTP 500', outcome: 'failed: HTTP 500' });
  });

  it('malformed XML, a 100,000-item feed and a redirect to a private address each end in a clear status', async () => {
    routes.set('/bad.xml', { headers: XML, body: '<rss version="2.0"><channel><title>Broken' });
    expect((await add(`${base}/bad.xml`)).reason).toMatch(/^malformed feed/);
    routes.set('/huge.xml', { headers: XML, body: rss(Array.from({ length: 100_000 }, (_, i) => `<item><guid>${i}</guid><title>t</title></item>`)) });
    expect((await add(`${base}/huge.xml`)).reason).toBe('the feed lists more than 2000 items; refused');
    routes.set('/moved.xml', { status: 301, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    expect((await add(`${base}/moved.xml`)).reason).toBe('refused 169.254.169.254: 169.254.169.254 is a link-local, cloud metadata address');
    routes.set('/inside.xml', { status: 302, headers: { location: 'http://192.168.0.10/feed.xml' } });
    expect((await add(`${base}/inside.xml`)).reason).toBe('refused 192.168.0.10: 192.168.0.10 is a private address');
    expect(corpusFiles()).toEqual([]);
  });

  it('a feed whose parse hangs, or kills the feed worker, ends in a clear status; the next feed is polled', async () => {
    const faulty = new WorkerFeedParser({ timeoutMs: 1000, entry: { moduleUrl: new URL('./fixtures/feeds/faulty-feed-worker.ts', import.meta.url).href, name: 'faultyFeedWorkerMain' } });
    poller = new FeedPoller({ store, defaultInto: into, log: silentLogger(), now: () => clock, random: () => 0.5, version: '9.9.9', allowLoopback: true, parser: faulty });
    try {
      routes.set('/hang.xml', { headers: XML, body: rss([rssItem({ guid: 'h', title: 'HANG' })]) });
      routes.set('/crash.xml', { headers: XML, body: rss([rssItem({ guid: 'c', title: 'CRASH' })]) });
      routes.set('/fine.xml', { headers: XML, body: rss([rssItem({ guid: 'f-1', title: 'Ferry line reopens', link: `${base}/f/1`, html: para('the ferry line', 4) })]) });
      for (const url of ['/hang.xml', '/crash.xml', '/fine.xml']) await store.upsert({ url: `${base}${url}`, intervalS: 900, tags: [], origin: 'cli' }, clock);
      const reports = await poller.pollDue();
      const byUrl = new Map(reports.map((r) => [r.url.replace(base, ''), r]));
      expect(byUrl.get('/hang.xml')).toMatchObject({ status: 'ok', reason: 'gave up after 1 s (the feed took too long to read)', written: [] });
      expect(byUrl.get('/crash.xml')).toMatchObject({ status: 'ok', reason: 'the feed reader stopped (exit code 7)', written: [] });
      expect(byUrl.get('/fine.xml')?.written).toHaveLength(1);
      // Recorded as a failed poll, which backs off and, repeated, marks the feed failing.
      expect(await store.get(`${base}/hang.xml`)).toMatchObject({ failures: 1, outcome: 'failed: gave up after 1 s (the feed took too long to read)' });
    } finally {
      await faulty.close();
    }
  });

  it('stops at once mid-poll, a fetch and a parse hanging: nothing recorded, and the next poll imports those items whole', async () => {
    // A parse that never ends (the limit far beyond this test's timeout) and a server that never answers.
    const faulty = new WorkerFeedParser({ timeoutMs: 600_000, entry: { moduleUrl: new URL('./fixtures/feeds/faulty-feed-worker.ts', import.meta.url).href, name: 'faultyFeedWorkerMain' } });
    const stuck = new FeedPoller({ store, defaultInto: into, log: silentLogger(), now: () => clock, random: () => 0.5, version: '9.9.9', allowLoopback: true, parser: faulty, timeoutMs: 600_000 });
    try {
      routes.set('/hang.xml', { headers: XML, body: rss([rssItem({ guid: 'h-1', title: 'HANG of the harbour talks', link: `${base}/h/1`, html: para('the harbour talks', 4) })]) });
      routes.set('/slow.xml', { headers: XML, body: rss([rssItem({ guid: 's-1', title: 'Ferry line reopens', link: `${base}/s/1`, html: para('the ferry line', 4) })]) });
      unanswered.add('/slow.xml');
      for (const url of ['/hang.xml', '/slow.xml']) await store.upsert({ url: `${base}${url}`, intervalS: 900, tags: [], origin: 'cli' }, clock);
      const handle = stuck.start();
      await vi.waitFor(() => expect(new Set(requests.map((r) => r.path))).toEqual(new Set(['/hang.xml', '/slow.xml'])), { timeout: 20_000, interval: 50 });
      await vi.waitFor(() => expect(faulty.started).toBe(1), { timeout: 20_000, interval: 50 });
      // Neither hang ends by itself within this test's timeout: stop() returns without waiting for them.
      await handle.stop();
      for (const url of ['/hang.xml', '/slow.xml']) {
        // Not recorded as polled or failed, and given back: due now, not after the 10-minute lease.
        expect(await store.get(`${base}${url}`)).toMatchObject({ polls: 0, failures: 0, nextPollMs: clock });
        expect((await store.get(`${base}${url}`))?.lastPollMs).toBeUndefined();
      }
      expect(corpusFiles()).toEqual([]);
    } finally {
      await faulty.close();
    }
    // The bot started again: the next poll imports both items, each once.
    unanswered.clear();
    const reports = await poller.pollDue();
    expect(reports.map((r) => r.written.length)).toEqual([1, 1]);
    expect(corpusFiles()).toHaveLength(2);
  }, 60_000);

  it("stopped between a poll's reads, starts no more of them: none is left failing unheard, and the poll is given back", async () => {
    // The parser's reads fail once stop() ends its worker: one begun after the stop would reject with no one waiting.
    const read: string[] = [];
    const failing: FeedParser = {
      parse: (bytes, type) => inThreadParser.parse(bytes, type),
      fullText: async (item) => {
        read.push(item.identity);
        throw new Error('the feed worker stopped');
      },
      page: (html, url) => inThreadParser.page(html, url),
      close: async () => {},
    };
    let handle: { stop(): Promise<void> } | undefined;
    let stopped: Promise<void> | undefined;
    // The stop lands while the poll reads the items it has seen, before it reads the new one.
    const stopsOnRead: FeedStore = Object.assign(Object.create(store) as FeedStore, {
      items: (url: string) => {
        stopped ??= handle?.stop();
        return store.items(url);
      },
    });
    const p = new FeedPoller({ store: stopsOnRead, defaultInto: into, log: silentLogger(), now: () => clock, random: () => 0.5, version: '9.9.9', allowLoopback: true, parser: failing });
    routes.set('/stop.xml', { headers: XML, body: rss([rssItem({ guid: 'x-1', title: 'Bridge reopens to traffic', link: `${base}/x/1`, html: para('the bridge', 4) })]) });
    await store.upsert({ url: `${base}/stop.xml`, intervalS: 900, tags: [], origin: 'cli' }, clock);
    handle = p.start();
    await vi.waitFor(() => expect(stopped).toBeDefined(), { timeout: 20_000, interval: 20 });
    await stopped;
    expect(read).toEqual([]);
    expect(await store.get(`${base}/stop.xml`)).toMatchObject({ polls: 0, failures: 0, nextPollMs: clock });
    expect(corpusFiles()).toEqual([]);
  });

  it('a poll the store fails fails the round and keeps its lease: not polled again at once, round after round', async () => {
    const failing: FeedStore = Object.assign(Object.create(store) as FeedStore, {
      recordPoll: async () => {
        throw new Error('disk I/O error');
      },
    });
    const p = new FeedPoller({ store: failing, defaultInto: into, log: silentLogger(), now: () => clock, random: () => 0.5, version: '9.9.9', allowLoopback: true, parser });
    routes.set('/io.xml', { headers: XML, body: rss([rssItem({ guid: 'io-1', title: 'Harbour crane collapses', link: `${base}/io/1`, html: para('the crane', 4) })]) });
    await store.upsert({ url: `${base}/io.xml`, intervalS: 900, tags: [], origin: 'cli' }, clock);
    await expect(p.pollDue()).rejects.toThrow('disk I/O error');
    expect((await store.get(`${base}/io.xml`))?.nextPollMs).toBe(clock + 10 * 60_000);
    expect(await store.due(clock)).toEqual([]);
  });

  it('started again after a stop (`feeds run` losing and retaking the PostgreSQL lease), its own feed worker parses again', async () => {
    // No parser given: the poller's own worker, which its stop() ends.
    const own = new FeedPoller({ store, defaultInto: into, log: silentLogger(), now: () => clock, random: () => 0.5, version: '9.9.9', allowLoopback: true });
    await own.start().stop();
    routes.set('/again.xml', { headers: XML, body: rss([rssItem({ guid: 'g-1', title: 'Ferry line reopens', link: `${base}/g/1`, html: para('the ferry line', 4) })]) });
    await store.upsert({ url: `${base}/again.xml`, intervalS: 900, tags: [], origin: 'cli' }, clock);
    const handle = own.start();
    try {
      await vi.waitFor(async () => expect((await store.get(`${base}/again.xml`))?.lastPollMs).toBeDefined(), { timeout: 60_000, interval: 100 });
    } finally {
      await handle.stop();
    }
    expect(await store.get(`${base}/again.xml`)).toMatchObject({ status: 'ok', failures: 0 });
    expect(corpusFiles()).toHaveLength(1);
  }, 90_000);

  it('started, looks at the store again while it sleeps: a feed another process adds is polled before the first is due again', async () => {
    // The re-check every minute, made 100 ms here (`recheckMs`): the clock stands still, so the
    // first feed's next poll stays 15 minutes away and only the re-check can find the new feed.
    const p = new FeedPoller({ store, defaultInto: into, log: silentLogger(), now: () => clock, random: () => 0.5, version: '9.9.9', allowLoopback: true, parser, recheckMs: 100 });
    routes.set('/first.xml', { headers: XML, body: rss([rssItem({ guid: 'f-1', title: 'Harbour talks resume', link: `${base}/f/1`, html: para('the harbour talks', 4) })]) });
    routes.set('/later.xml', { headers: XML, body: rss([rssItem({ guid: 'l-1', title: 'Ferry line reopens', link: `${base}/l/1`, html: para('the ferry line', 4) })]) });
    await store.upsert({ url: `${base}/first.xml`, intervalS: 900, tags: [], origin: 'cli' }, clock);
    const handle = p.start();
    const other = openDatabase(path.join(dir, 'attache.sqlite'));
    try {
      await vi.waitFor(async () => expect((await store.get(`${base}/first.xml`))?.polls).toBe(1), { timeout: 20_000, interval: 50 });
      // `attache feeds add` in another process, on the same database.
      await new SqliteFeedStore(other).upsert({ url: `${base}/later.xml`, intervalS: 900, tags: [], origin: 'cli' }, clock);
      await vi.waitFor(async () => expect((await store.get(`${base}/later.xml`))?.polls).toBe(1), { timeout: 10_000, interval: 50 });
    } finally {
      await handle.stop();
      other.close();
    }
    expect((await store.get(`${base}/first.xml`))?.polls).toBe(1);
    expect(corpusFiles()).toHaveLength(2);
  }, 60_000);

  it('same guid with a new pubDate changes nothing; with new text it rewrites its file, not a duplicate', async () => {
    const v = (date: string, extra: string) => rss([rssItem({ guid: 'e1', title: 'Envoys agree on ceasefire monitors', link: `${base}/a/e1`, date, html: para('monitors', 4) + extra })]);
    routes.set('/edit.xml', { headers: XML, body: v('Mon, 30 Nov 2026 09:00:00 GMT', '') });
    const r1 = await add(`${base}/edit.xml`);
    const file = r1.written[0]?.file as string;
    clock += 20 * MIN;
    routes.set('/edit.xml', { headers: XML, body: v('Mon, 30 Nov 2026 11:00:00 GMT', '') });
    expect((await pollAgain(`${base}/edit.xml`)).written).toEqual([]);
    clock += 20 * MIN;
    routes.set('/edit.xml', { headers: XML, body: v('Mon, 30 Nov 2026 11:00:00 GMT', '<p>Correction: the monitors will number two hundred, not twenty, the ministry said later.</p>') });
    const r3 = await pollAgain(`${base}/edit.xml`);
    expect(r3.written).toMatchObject([{ identity: 'id:e1', file, updated: true, announce: false }]);
    expect(corpusFiles()).toHaveLength(1);
    expect(fs.readFileSync(file, 'utf8')).toContain('two hundred, not twenty');
  });

  it('items without guid are known by their link: tracking parameters added later make no duplicate', async () => {
    const item = (link: string) => rssItem({ title: 'Port strike ends after nine days', link, html: para('the port strike', 4) });
    routes.set('/noguid.xml', { headers: XML, body: rss([item(`${base}/a/strike`)]) });
    await add(`${base}/noguid.xml`);
    clock += 20 * MIN;
    routes.set('/noguid.xml', { headers: XML, body: rss([item(`${base}/a/strike?utm_source=rss&utm_campaign=x#top`)]) });
    const r = await pollAgain(`${base}/noguid.xml`);
    expect(r.written).toEqual([]);
    expect(corpusFiles()).toHaveLength(1);
    expect([...(await store.items(`${base}/noguid.xml`)).keys()]).toEqual([`link:${base}/a/strike`]);
  });

  it('a wire copy in another feed is a duplicate by text; an article imported by hand meanwhile, by address', async () => {
    const text = para('the grain deal', 4);
    routes.set('/wire-a.xml', { headers: XML, body: rss([rssItem({ guid: 'a1', title: 'Grain deal extended', link: `${base}/a/grain`, html: text })]) });
    routes.set('/wire-b.xml', { headers: XML, body: rss([rssItem({ guid: 'b1', title: 'Grain deal is extended by sixty days', link: `${base}/b/grain`, html: text })]) });
    expect((await add(`${base}/wire-a.xml`)).written).toHaveLength(1);
    const b = await add(`${base}/wire-b.xml`);
    expect(b.written).toEqual([]);
    expect((await store.items(`${base}/wire-b.xml`)).get('id:b1')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/^already in the corpus as .*grain-deal-extended\.md \(same text/),
    });

    // Someone runs `attache import` between polls: the poller sees the new file.
    const byHand = fs
      .readFileSync(path.join(into, corpusFiles()[0] as string), 'utf8')
      .replace(`url: ${base}/a/grain`, `url: ${base}/c/treaty`)
      .replace(/Paragraph/g, 'Section')
      .replace('title: Grain deal extended', 'title: Treaty text');
    fs.writeFileSync(path.join(into, '2026-11-30-treaty-text.md'), byHand);
    routes.set('/wire-c.xml', { headers: XML, body: rss([rssItem({ guid: 'c1', title: 'Treaty text published', link: `${base}/c/treaty`, html: para('the treaty', 4) })]) });
    const c = await add(`${base}/wire-c.xml`);
    expect(c.written).toEqual([]);
    expect((await store.items(`${base}/wire-c.xml`)).get('id:c1')?.reason).toMatch(/treaty-text\.md \(same address/);
  });

  it('a teaser item: the page is fetched through the import pipeline; robots.txt is honoured', async () => {
    routes.set('/robots.txt', { headers: { 'content-type': 'text/plain' }, body: 'User-agent: *\nDisallow: /private/\n' });
    routes.set('/news/summit', {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<html lang="en"><head><title>Summit date set</title><meta property="article:published_time" content="2026-11-30T08:00:00Z"></head><body><article><h1>Summit date set</h1>${para('the summit date', 5)}</article></body></html>`,
    });
    routes.set('/teaser.xml', {
      headers: XML,
      body: rss([
        rssItem({ guid: 't1', title: 'Summit date set', link: `${base}/news/summit`, description: 'Short teaser.' }),
        rssItem({ guid: 't2', title: 'Hidden', link: `${base}/private/x`, description: 'Teaser.' }),
      ]),
    });
    const r = await add(`${base}/teaser.xml`, { outlet: 'Harbour Times Online' });
    expect(r.written.map((w) => w.identity)).toEqual(['id:t1']);
    expect(r.failed).toEqual([{ identity: 'id:t2', reason: `not fetched: ${base}/robots.txt disallows it` }]);
    expect(requests.map((q) => q.path)).not.toContain('/private/x');
    const text = fs.readFileSync(r.written[0]?.file as string, 'utf8');
    expect(text).toContain('outlet: Harbour Times Online');
    expect(text).toContain('Paragraph 5 about the summit date');
  });

  it('reads Atom and JSON Feed full text', async () => {
    routes.set('/atom.xml', {
      headers: { 'content-type': 'application/atom+xml' },
      body: `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:aw</id><updated>2026-11-30T10:00:00Z</updated><entry><id>urn:aw:1</id><title>Grain corridor reopens</title><link href="${base}/aw/1"/><published>2026-11-30T10:00:00Z</published><updated>2026-11-30T10:00:00Z</updated><content type="html">${para('the grain corridor', 4).replace(/</g, '&lt;').replace(/>/g, '&gt;')}</content></entry></feed>`,
    });
    routes.set('/feed.json', {
      headers: { 'content-type': 'application/feed+json' },
      body: JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON Desk',
        items: [{ id: 'jd-1', url: `${base}/jd/1`, title: 'Embassy reopens in Kyiv', date_published: '2026-11-30T07:00:00Z', content_html: para('the embassy', 4) }],
      }),
    });
    expect((await add(`${base}/atom.xml`)).written.map((w) => w.identity)).toEqual(['id:urn:aw:1']);
    expect((await add(`${base}/feed.json`)).written.map((w) => w.identity)).toEqual(['id:jd-1']);
    expect(corpusFiles().sort()).toEqual(['2026-11-30-embassy-reopens-kyiv.md', '2026-11-30-grain-corridor-reopens.md']);
  });
});

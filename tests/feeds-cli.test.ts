// `attache feeds …` in process, on a temporary data folder and a loopback feed server.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { runFeedsCli } from '../src/feeds/cli.ts';
import { silentLogger } from '../src/log.ts';
import { StartupError } from '../src/startup-error.ts';
import { databaseFile } from '../src/store/db.ts';
import { freshSchema, TEST_DATABASE_URL } from './support/services.ts';

let server: Server;
let base: string;
const NOW = Date.UTC(2026, 10, 30, 12);
const para = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i + 1}: the customs union talks moved to a second round, with tariff schedules exchanged on both sides.</p>`).join('');
const rss = (title: string): string =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Border Gazette</title><item><title>${title}</title><link>${base}/a/1</link><guid>bg-1</guid><pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate><content:encoded><![CDATA[${para}]]></content:encoded></item><item><title>Old news</title><guid>bg-0</guid><pubDate>Mon, 05 Jan 2026 08:00:00 GMT</pubDate><description>x</description></item></channel></rss>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/feed.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Customs union talks advance'));
    else if (req.url === '/down.xml') res.writeHead(503).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-feeds-cli-'));
  fs.mkdirSync(path.join(dir, 'corpus'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function feeds(argv: string[], stopped?: () => Promise<unknown>, env: Record<string, string> = {}) {
  const config = parseConfig({ CORPUS_DIRS: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data'), FEEDS_FILE: path.join(dir, 'feeds.yml'), FEEDS_ALLOW_LOOPBACK: '1', ...env });
  let out = '';
  let err = '';
  const code = await runFeedsCli(argv, {
    config,
    log: silentLogger(),
    version: 'test',
    now: () => NOW,
    stdout: {
      write: (s: string) => {
        out += s;
        return true;
      },
    },
    stderr: {
      write: (s: string) => {
        err += s;
        return true;
      },
    },
    ...(stopped && { stopped }),
  });
  return { code, out, err };
}
const corpusFiles = (): string[] => fs.readdirSync(path.join(dir, 'corpus')).filter((f) => f.endsWith('.md'));
/** Resolves once `feeds run` has written a corpus file (it then stops, finishing the poll). */
const written = () =>
  new Promise<void>((resolve) => {
    const t = setInterval(() => {
      if (corpusFiles().length > 0) {
        clearInterval(t);
        resolve();
      }
    }, 20);
  });

describe('attache feeds', () => {
  it('add, list, check (writes nothing), status, remove', async () => {
    expect(await feeds(['add', `${base}/feed.xml`, '--every', '5m'])).toMatchObject({ code: 2, err: expect.stringContaining('--every 5m is more often than every 10m') });
    expect(await feeds(['add', 'ftp://x.example/feed'])).toMatchObject({ code: 2, err: expect.stringContaining('only http and https feeds can be followed (got ftp)') });
    expect(await feeds(['add', `${base}/feed.xml`, '--outlet', 'Border Gazette', '--every', '30m', '--tags', 'trade,eu'])).toMatchObject({
      code: 0,
      out: expect.stringContaining(`added ${base}/feed.xml (every 30m`),
    });
    expect((await feeds(['list'])).out).toBe(`${base}/feed.xml\n  outlet Border Gazette, every 30m, into ${path.join(dir, 'corpus')}, tags trade,eu (feeds add)\n`);

    const check = await feeds(['check', `${base}/feed.xml`]);
    expect(check.code).toBe(0);
    expect(check.out).toContain(`would import  Customs union talks advance  ${base}/a/1  [full text in the feed]`);
    expect(check.out).toContain('would skip    id:bg-0: published more than 30 days ago');
    expect(check.out).toContain('Nothing was written.');
    expect(corpusFiles()).toEqual([]);
    expect((await feeds(['status'])).out).toContain('last poll never');

    expect(await feeds(['remove', `${base}/feed.xml`])).toMatchObject({ code: 0 });
    expect(await feeds(['remove', `${base}/feed.xml`])).toMatchObject({ code: 1, err: expect.stringContaining('not following') });
  });

  it('check of a failing feed says why and exits 1', async () => {
    expect(await feeds(['check', `${base}/down.xml`])).toMatchObject({ code: 1, out: `${base}/down.xml: failed: HTTP 503\n` });
  });

  it('imports an OPML list, skipping feeds already followed', async () => {
    const opml = path.join(dir, 'list.opml');
    fs.writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body><outline text="World"><outline text="Border Gazette" type="rss" xmlUrl="${base}/feed.xml"/><outline text="Other" type="rss" xmlUrl="https://other.example/rss"/></outline></body></opml>`,
    );
    expect((await feeds(['import-opml', opml])).out).toBe(`2 feeds added from ${opml} (0 already followed)\n`);
    expect((await feeds(['import-opml', opml])).out).toBe(`0 feeds added from ${opml} (2 already followed)\n`);
    expect((await feeds(['list'])).out).toContain('outlet Border Gazette');
  });

  it('feeds.yml declares feeds; one removed from the file is removed from the store; a bad file is named', async () => {
    const file = path.join(dir, 'feeds.yml');
    fs.writeFileSync(file, `defaults:\n  every: 1h\n  language: en\nfeeds:\n  - url: ${base}/feed.xml\n    outlet: Border Gazette\n  - https://other.example/rss\n`);
    const listed = (await feeds(['list'])).out;
    expect(listed).toContain('outlet Border Gazette, every 1h');
    expect(listed).toContain('https://other.example/rss');
    expect(listed).toContain('(feeds.yml)');
    expect(await feeds(['remove', 'https://other.example/rss'])).toMatchObject({ code: 2, err: expect.stringContaining('is declared in') });
    fs.writeFileSync(file, `feeds:\n  - url: ${base}/feed.xml\n`);
    expect((await feeds(['list'])).out).not.toContain('other.example');
    fs.writeFileSync(file, 'feeds:\n  - url: ftp://nope\n    every: 2m\n');
    await expect(feeds(['list'])).rejects.toThrow(StartupError);
    await expect(feeds(['list'])).rejects.toThrow(/feeds\.0\.url: must be an http\(s\) address/);
  });

  it('run polls until stopped, writing the item into the corpus', async () => {
    await feeds(['add', `${base}/feed.xml`]);
    expect((await feeds(['run'], written)).code).toBe(0);
    expect(corpusFiles()).toEqual(['2026-11-30-customs-union-talks-advance.md']);
    expect((await feeds(['status'])).out).toMatch(/^OK +http/);
  });
});

describe.skipIf(TEST_DATABASE_URL === undefined)('attache feeds with DATABASE_URL', () => {
  let databaseUrl = '';
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const fresh = await freshSchema(TEST_DATABASE_URL ?? '');
    drop = fresh.drop;
    const url = new URL(TEST_DATABASE_URL ?? '');
    url.searchParams.set('options', `-c search_path=${fresh.schema}`);
    databaseUrl = url.href;
  });
  afterAll(() => drop?.());
  // Each call on a data folder of its own: what one machine did, another sees.
  const on = (machine: string) => ({ DATABASE_URL: databaseUrl, DATA_DIR: path.join(dir, machine) });

  it('keeps feeds and their poll state in PostgreSQL, not in DATA_DIR: every machine sees one state', async () => {
    expect((await feeds(['add', `${base}/feed.xml`, '--outlet', 'Border Gazette'], undefined, on('a'))).code).toBe(0);
    expect((await feeds(['list'], undefined, on('b'))).out).toContain(`${base}/feed.xml\n  outlet Border Gazette, every 15m`);
    expect((await feeds(['run'], written, on('b'))).code).toBe(0);
    expect(corpusFiles()).toEqual(['2026-11-30-customs-union-talks-advance.md']);
    const status = (await feeds(['status'], undefined, on('c'))).out;
    expect(status).toMatch(/^OK +http/);
    expect(status).toContain('1 polls, 1 items imported, 0 failures in a row');
    expect(fs.existsSync(databaseFile(path.join(dir, 'a')))).toBe(false);
    expect((await feeds(['remove', `${base}/feed.xml`], undefined, on('c'))).code).toBe(0);
    expect((await feeds(['list'], undefined, on('a'))).out).toBe('No feeds. Add one with: attache feeds add <url>\n');
  });
});

// Import end to end: fixture pages served by a local HTTP server (no internet), files written
// into a temporary corpus folder and read back with the real loader.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { fetchPage } from '../src/import/fetch.ts';
import { formatSummary, importSources, ImportUsageError, type ImportOutcome } from '../src/import/run.ts';

const FIX = new URL('./fixtures/import/', import.meta.url);
const page = (name: string): string => fs.readFileSync(new URL(name, FIX), 'utf8');

let server: http.Server;
let base = '';
/** A port nothing listens on: opened, noted and closed. */
let closedPort = 0;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const html = (body: string): void => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
    };
    const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hop) {
      const n = Number(hop[1]);
      if (n === 0) return html(page('news-og.html'));
      // Alternate relative and absolute Locations, and the redirect codes.
      res.writeHead([301, 302, 303, 307, 308][n % 5] as number, { location: n % 2 ? `/hop/${n - 1}` : `${base}/hop/${n - 1}` });
      return res.end();
    }
    switch (url.pathname) {
      case '/news/jsonld':
        return html(page('news-jsonld.html'));
      case '/news/og':
        return html(page('news-og.html'));
      case '/news/plain':
        return html(page('news-plain.html'));
      case '/short/plain':
        res.writeHead(302, { location: '/news/plain' });
        return res.end();
      case '/slow': {
        const t = setTimeout(() => html(page('news-og.html')), 3000);
        timers.add(t);
        return;
      }
      case '/slow-body': {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>The first part arrives');
        const t = setTimeout(() => res.end('</p></body></html>'), 3000);
        timers.add(t);
        return;
      }
      case '/huge': {
        // Chunked, no Content-Length: the cap has to be enforced while reading.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = `<p>${'Sanctions and summits. '.repeat(400)}</p>\n`;
        let sent = 0;
        const push = (): void => {
          while (sent < 3_000_000) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', push);
          }
          res.end();
        };
        return push();
      }
      case '/report.pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end('%PDF-1.4');
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});

afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-import-'));
});

// The test server is on loopback, which only this switch (FEEDS_ALLOW_LOOPBACK=1) lets through.
const FAST = { timeoutMs: 500, maxBytes: 200_000, allowLoopback: true };
const byInput = (outcomes: readonly ImportOutcome[], input: string): ImportOutcome => {
  const o = outcomes.find((r) => r.input === input);
  if (!o) throw new Error(`no outcome for ${input}`);
  return o;
};
async function load(d: string) {
  return loadArticles([d], { log: silentLogger() });
}

describe('importing pages by address', () => {
  test('one batch: three pages imported, every broken address failed with its own reason, the rest unaffected', async () => {
    const inputs = [
      `${base}/news/jsonld`,
      `${base}/missing`,
      `${base}/news/og`,
      `${base}/slow`,
      `${base}/huge`,
      `${base}/report.pdf`,
      `${base}/hop/6`,
      `${base}/short/plain`,
      'ftp://127.0.0.1/file.html',
      `http://127.0.0.1:${closedPort}/refused`,
    ];
    const outcomes = await importSources(inputs, { into: dir, fetch: FAST });
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'failed', 'imported', 'failed', 'failed', 'failed', 'failed', 'imported', 'failed', 'failed']);
    expect(byInput(outcomes, `${base}/missing`).reason).toBe('HTTP 404 Not Found');
    expect(byInput(outcomes, `${base}/slow`).reason).toBe('timed out after 0.5 s');
    expect(byInput(outcomes, `${base}/huge`).reason).toBe('the page is larger than 200000 bytes');
    expect(byInput(outcomes, `${base}/report.pdf`).reason).toBe('not an HTML page (content type application/pdf)');
    expect(byInput(outcomes, `${base}/hop/6`).reason).toBe('too many redirects (more than 5)');
    expect(byInput(outcomes, 'ftp://127.0.0.1/file.html').reason).toBe('only http and https addresses are fetched (got ftp)');
    expect(byInput(outcomes, `http://127.0.0.1:${closedPort}/refused`).reason).toMatch(/^could not connect \(ECONNREFUSED\)$/);

    const summary = formatSummary(outcomes);
    expect(summary).toContain(`failed  ${base}/missing: HTTP 404 Not Found`);
    expect(summary.trim().split('\n').at(-1)).toBe('3 imported, 0 skipped, 7 failed');

    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['2023-11-20-sanctions-list-grows-40-names.md', '2024-05-14-us-russian-envoys-meet-geneva-revive.md', '2025-03-02-kremlin-says-date-yet-putin-trump.md']);
    const { articles, warnings } = await load(dir);
    expect(warnings).toEqual([]);
    expect(articles).toHaveLength(3);
  });

  test('a page with JSON-LD: headline, publisher, dates, authors, canonical address and language from the page', async () => {
    const [o] = await importSources([`${base}/news/jsonld`], { into: dir, fetch: FAST });
    const { articles } = await load(dir);
    const a = articles[0];
    expect(o?.status).toBe('imported');
    expect(a).toMatchObject({
      title: 'U.S. and Russian envoys meet in Geneva to revive arms control talks',
      outlet: 'The Harbour Times',
      published: '2024-05-14T08:30:00Z',
      updated: '2024-05-14T11:05:00+00:00',
      authors: ['Anna Kowalski', 'David Osei'],
      url: 'https://harbourtimes.example/world/envoys-geneva-arms-talks',
      language: 'en',
    });
    // Navigation, byline, photo caption, ad marker and footer are gone; the article's words are all there.
    const text = a?.text ?? '';
    expect(text.startsWith('GENEVA — Senior diplomats')).toBe(true);
    expect(text).not.toMatch(/Subscribe|Photo: Harbour Times|Story continues|All rights reserved|By Anna/);
    expect(text).toContain('A narrow agenda\n\nNeither delegation expected a breakthrough.');
    expect(text.endsWith('late on Tuesday evening.')).toBe(true);
    expect(text.split('\n\n')).toHaveLength(6);
    // The subheading is written as a Markdown heading.
    expect(fs.readFileSync(o?.file ?? '', 'utf8')).toContain('\n## A narrow agenda\n');
  });

  test('a page with only OpenGraph tags, reached through five redirects', async () => {
    const [o] = await importSources([`${base}/hop/5`], { into: dir, fetch: FAST });
    expect(o?.status).toBe('imported');
    expect(o?.article).toMatchObject({
      title: 'Kremlin says no date yet for a Putin-Trump summit',
      outlet: 'Northern Ledger',
      published: '2025-03-02T09:15:00+03:00',
      updated: '2025-03-02T12:40:00+03:00',
      authors: ['Ivan Petrov'],
      url: 'https://ledger.example/2025/03/kremlin-summit-date',
      language: 'en',
    });
    expect(o?.article?.text).not.toMatch(/newsletter|Related|Opinion/);
    expect(o?.article?.text.split('\n\n')).toHaveLength(4);
  });

  test('a page with neither: <title> without the site name, <time>, rel=author, lang, a relative canonical resolved against the final address; outlet from the address, with a note', async () => {
    const [o] = await importSources([`${base}/short/plain`], { into: dir, fetch: FAST });
    expect(o?.status).toBe('imported');
    expect(o?.article).toMatchObject({
      title: 'Sanctions list grows by 40 names',
      outlet: '127.0.0.1',
      published: '2023-11-20T16:00:00Z',
      authors: ['Maria Lind'],
      url: `${base}/news/sanctions-list-grows`,
      language: 'en',
    });
    expect(o?.notes).toEqual(['outlet taken from the address (127.0.0.1); pass --outlet to name it']);
    // --outlet names it instead.
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-import-'));
    const [named] = await importSources([`${base}/news/plain`], { into: dir2, fetch: FAST, overrides: { outlet: 'Riverside Courier' } });
    expect(named?.article?.outlet).toBe('Riverside Courier');
    expect(named?.notes).toEqual([]);
  });

  test('Markdown characters in the text survive the round trip through the written file', async () => {
    await importSources([`${base}/news/plain`], { into: dir, fetch: FAST });
    const { articles } = await load(dir);
    const text = articles[0]?.text ?? '';
    expect(text).toContain('suppliers of *dual-use* electronics, a shipping firm known as Black_Sea Logistics');
    expect(text).toContain('1. The first group covers firms');
    expect(text).toContain('arms makers <through> intermediaries in at least three regions [1], with AT&T-style shell names.');
    expect(text).toContain('# of entities: 40, up from 25');
  });

  test('a body that stalls after the headers times out too', async () => {
    const r = await fetchPage(`${base}/slow-body`, { timeoutMs: 300, allowLoopback: true });
    expect(r).toEqual({ ok: false, reason: 'timed out after 0.3 s' });
  });
});

describe('duplicates and overwriting', () => {
  test('the same page twice in a batch (once through a redirect) is imported once', async () => {
    const outcomes = await importSources([`${base}/news/og`, `${base}/hop/2`], { into: dir, fetch: FAST });
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'skipped']);
    expect(outcomes[1]?.reason).toBe(`duplicate of ${base}/news/og in this batch (same address)`);
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  test('an article already in the folder is skipped; --force replaces that file under its own name', async () => {
    await importSources([`${base}/news/jsonld`], { into: dir, fetch: FAST });
    const [file] = fs.readdirSync(dir);
    const first = path.join(dir, file ?? '');
    // Someone renamed the file and edited its tags by hand.
    const renamed = path.join(dir, 'geneva-talks.md');
    fs.renameSync(first, renamed);
    fs.writeFileSync(renamed, fs.readFileSync(renamed, 'utf8').replace('language: en', 'language: en\ntags: [arms-control]'));

    const [again] = await importSources([`${base}/news/jsonld`], { into: dir, fetch: FAST });
    expect(again?.status).toBe('skipped');
    expect(again?.reason).toBe(`already in the corpus as ${renamed} (same address; --force replaces it)`);
    expect(fs.readFileSync(renamed, 'utf8')).toContain('arms-control');

    const [forced] = await importSources([`${base}/news/jsonld`], { into: dir, fetch: FAST, force: true });
    expect(forced).toMatchObject({ status: 'imported', replaced: true, file: renamed });
    expect(fs.readdirSync(dir)).toEqual(['geneva-talks.md']);
    expect(fs.readFileSync(renamed, 'utf8')).not.toContain('arms-control');
  });

  test('the same text from a saved copy without its address is a duplicate by text', async () => {
    await importSources([`${base}/news/og`], { into: dir, fetch: FAST });
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'attache-src-')), 'saved.html');
    fs.writeFileSync(saved, page('news-og.html').replace(/<meta property="og:url"[^>]*>/, ''));
    const [o] = await importSources([saved], { into: dir });
    expect(o?.status).toBe('skipped');
    expect(o?.reason).toMatch(/^already in the corpus as .*2025-03-02-kremlin-says-date-yet-putin-trump\.md \(same text; --force replaces it\)$/);
  });

  test('a different article with the same file name is not overwritten without --force', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-src-'));
    const a = path.join(src, 'a.txt');
    fs.writeFileSync(a, 'Summit called off\n\ndate 2025-01-02 The summit was called off on Thursday, officials said.\n');
    const b = path.join(src, 'b.txt');
    fs.writeFileSync(b, 'Summit called off\n\ndate 2025-01-02 The summit, it now appears, was called off for good.\n');
    const opts = { into: dir, overrides: { outlet: 'Wire' } };
    expect((await importSources([a], opts))[0]?.status).toBe('imported');
    const [second] = await importSources([b], opts);
    expect(second?.status).toBe('skipped');
    expect(second?.reason).toBe(`${path.join(dir, '2025-01-02-summit-called-off.md')} already exists with a different article (--force overwrites it)`);
    const [forced] = await importSources([b], { ...opts, force: true });
    expect(forced?.status).toBe('imported');
    expect(fs.readFileSync(path.join(dir, '2025-01-02-summit-called-off.md'), 'utf8')).toContain('for good');
    // In one batch, two different articles with one name both arrive: the second gets -2.
    const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-import-'));
    const both = await importSources([a, b], { ...opts, into: dir2 });
    expect(both.map((o) => path.basename(o.file ?? ''))).toEqual(['2025-01-02-summit-called-off.md', '2025-01-02-summit-called-off-2.md']);
  });

  test('--dry-run writes nothing and says what it would write', async () => {
    const outcomes = await importSources([`${base}/news/og`], { into: path.join(dir, 'new-folder'), fetch: FAST, dryRun: true });
    expect(outcomes[0]?.status).toBe('imported');
    expect(fs.existsSync(path.join(dir, 'new-folder'))).toBe(false);
    expect(formatSummary(outcomes, true)).toBe(
      `would import  ${base}/news/og -> ${path.join(dir, 'new-folder', '2025-03-02-kremlin-says-date-yet-putin-trump.md')}\n1 would be imported, 0 skipped, 0 failed\n`,
    );
  });
});

describe('files', () => {
  test('Markdown with archive field names is validated and normalised; unknown fields are kept', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-src-'));
    fs.writeFileSync(
      path.join(src, 'note.md'),
      '---\ntitle: Lavrov meets Blinken\nsource: Wire Service\ndate: 2021-05-19 21:30:00+03:00\nauthor: "A. Writer, B. Writer"\nlink: https://wire.example/lavrov-blinken\nagency: Reuters\n---\n\n# Lavrov meets Blinken\n\nThe two ministers met in *Reykjavik* on Wednesday.\n\n## Arctic Council\n\nAdvertisement\n\nThey spoke for [nearly two hours](https://x.example).\n',
    );
    fs.writeFileSync(path.join(src, 'broken.md'), '---\noutlet: Wire\ndate: 2021-05-19\n---\n\nNo title here.\n');
    const outcomes = await importSources([src], { into: dir });
    expect(outcomes.map((o) => [path.basename(o.input), o.status, o.reason])).toEqual([
      ['broken.md', 'failed', 'no title (front matter `title`)'],
      ['note.md', 'imported', undefined],
    ]);
    const written = fs.readFileSync(outcomes[1]?.file ?? '', 'utf8');
    expect(written).toBe(
      '---\ntitle: Lavrov meets Blinken\noutlet: Wire Service\npublished: 2021-05-19T21:30:00+03:00\nurl: https://wire.example/lavrov-blinken\nauthors:\n  - A. Writer\n  - B. Writer\nagency: Reuters\n---\n\nThe two ministers met in Reykjavik on Wednesday.\n\n## Arctic Council\n\nThey spoke for nearly two hours.\n',
    );
  });

  test('--title and --published describe one article and refuse several inputs', async () => {
    await expect(importSources([`${base}/news/og`, `${base}/news/jsonld`], { into: dir, overrides: { title: 'X' } })).rejects.toThrow(ImportUsageError);
  });

  test('a missing path or an empty folder fails on its own', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-src-'));
    const outcomes = await importSources(['/nonexistent/file.txt', empty], { into: dir });
    expect(outcomes.map((o) => o.reason)).toEqual(['no such file or folder', 'the folder holds no .html, .txt or .md files']);
  });
});

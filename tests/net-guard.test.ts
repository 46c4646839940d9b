// Untrusted addresses: what the fetcher behind feeds and `attache import` refuses, and the limits
// it keeps, against a real server on loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage } from '../src/import/fetch.ts';
import { refusedAddress } from '../src/net/address-guard.ts';
import { httpGet } from '../src/net/http-get.ts';

let server: Server;
let base: string;
const seen: Record<string, string | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ ...req.headers } as Record<string, string | undefined>);
    const url = req.url ?? '/';
    if (url === '/gz') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync('hello, compressed'));
    } else if (url === '/bomb') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(2_000_000, 0x20)));
    } else if (url === '/metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    } else if (url === '/private') {
      res.writeHead(301, { location: 'http://10.0.0.7/feed.xml' }).end();
    } else if (url === '/mapped') {
      res.writeHead(307, { location: 'http://[::ffff:127.0.0.1]/x' }).end();
    } else if (url === '/loop-a') {
      res.writeHead(302, { location: '/loop-b' }).end();
    } else if (url === '/loop-b') {
      res.writeHead(302, { location: '/loop-a' }).end();
    } else if (url === '/file') {
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    } else if (url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body><p>hi</p></body></html>');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (path: string, extra: { maxBytes?: number; allowLoopback?: boolean; url?: string } = {}) =>
  httpGet(extra.url ?? `${base}${path}`, { timeoutMs: 5000, maxBytes: extra.maxBytes ?? 100_000, maxRedirects: 5, allowLoopback: extra.allowLoopback ?? true });

describe('refusedAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, metadata, ULA and mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::127.0.0.1',
      '::a9fe:a9fe',
      '2002:7f00:1::',
      '2002:a9fe:a9fe::1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      'fec0::1',
    ]) {
      expect(refusedAddress(a), a).toBeDefined();
    }
    expect(refusedAddress('169.254.169.254')).toBe('169.254.169.254 is a link-local, cloud metadata address');
  });
  it('lets public addresses through, and loopback only with the switch', () => {
    for (const a of ['93.184.215.14', '8.8.8.8', '2606:4700::1111']) expect(refusedAddress(a), a).toBeUndefined();
    expect(refusedAddress('127.0.0.1', true)).toBeUndefined();
    expect(refusedAddress('::1', true)).toBeUndefined();
    expect(refusedAddress('0:0:0:0:0:0:0:1', true)).toBeUndefined();
    expect(refusedAddress('::127.0.0.1', true)).toBe('::127.0.0.1 is an IPv4-compatible address');
    expect(refusedAddress('::', true)).toBe(':: is an unspecified address');
    expect(refusedAddress('10.0.0.1', true)).toBe('10.0.0.1 is a private address');
  });
});

describe('httpGet', () => {
  it('asks for gzip and decompresses it', async () => {
    const r = await get('/gz');
    expect(r.ok && r.body.toString()).toBe('hello, compressed');
    expect(seen.at(-1)?.['accept-encoding']).toContain('gzip');
  });
  it('refuses a loopback address without the switch, by IP and by name after DNS', async () => {
    expect(await get('/page', { allowLoopback: false })).toEqual({ ok: false, reason: expect.stringMatching(/^refused 127\.0\.0\.1:\d+: 127\.0\.0\.1 is a loopback address$/) });
    const port = (server.address() as AddressInfo).port;
    const byName = await get('', { allowLoopback: false, url: `http://localhost:${port}/page` });
    expect(byName).toEqual({ ok: false, reason: expect.stringMatching(/^refused localhost: it resolves to (127\.0\.0\.1|::1) is a loopback address$/) });
  });
  it('refuses redirects to metadata, private and IPv4-mapped addresses, even with loopback allowed', async () => {
    expect(await get('/metadata')).toEqual({ ok: false, reason: 'refused 169.254.169.254: 169.254.169.254 is a link-local, cloud metadata address' });
    expect(await get('/private')).toEqual({ ok: false, reason: 'refused 10.0.0.7: 10.0.0.7 is a private address' });
    expect(await get('/mapped')).toMatchObject({ ok: false, reason: expect.stringContaining('IPv4-mapped') });
  });
  it('ends a redirect loop and a redirect to another scheme with a reason', async () => {
    expect(await get('/loop-a')).toEqual({ ok: false, reason: `redirect loop (${base}/loop-b -> ${base}/loop-a)` });
    expect(await get('/file')).toEqual({ ok: false, reason: 'only http and https addresses are fetched (got file)' });
  });
  it('stops a body that decompresses past the size cap', async () => {
    expect(await get('/bomb', { maxBytes: 100_000 })).toEqual({ ok: false, reason: 'the response is larger than 100000 bytes' });
  });
});

describe('fetchPage (attache import) goes through the same checks', () => {
  it('refuses a redirect to the metadata address', async () => {
    expect(await fetchPage(`${base}/metadata`, { allowLoopback: true })).toEqual({ ok: false, reason: 'refused 169.254.169.254: 169.254.169.254 is a link-local, cloud metadata address' });
    expect(await fetchPage(`${base}/page`)).toMatchObject({ ok: false, reason: expect.stringContaining('loopback') });
    expect(await fetchPage(`${base}/page`, { allowLoopback: true })).toMatchObject({ ok: true, html: expect.stringContaining('<p>hi</p>') });
  });
});

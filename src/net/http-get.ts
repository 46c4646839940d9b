// One GET of an untrusted address, with every limit a fetcher that follows links it is given
// needs: http(s) only; the address checked after DNS resolution, inside the connection's own
// lookup (so a name cannot resolve to one address for the check and another for the connection);
// every redirect checked the same way and counted; one deadline over the whole exchange; a size
// cap enforced on the decompressed body as it streams (a gzip bomb stops at the cap).
// node:http rather than fetch: fetch offers no hook between resolving a name and connecting.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { refusedAddress } from './address-guard.ts';

export interface GetOptions {
  /** Whole exchange, redirects and body included. */
  readonly timeoutMs: number;
  /** Largest body accepted, after decompression. */
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** Request headers (user-agent, accept, validators); accept-encoding is set here. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Let loopback addresses through (the tests' local servers); off unless FEEDS_ALLOW_LOOPBACK=1. */
  readonly allowLoopback?: boolean;
  /** Ends the exchange at once when aborted (the poller stopping): the result says "stopped". */
  readonly signal?: AbortSignal;
}

export interface GetResponse {
  readonly ok: true;
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Empty for redirects and 304. */
  readonly body: Buffer;
  /** The address that answered, after redirects. */
  readonly url: string;
}

export type GetResult = GetResponse | { readonly ok: false; readonly reason: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// No keep-alive: polls of one host are minutes apart, and a pooled socket the server has since
// closed fails the next request with ECONNRESET (seen in tests as a poll that never arrived).
const AGENTS = { 'http:': new http.Agent({ keepAlive: false }), 'https:': new https.Agent({ keepAlive: false }) };

export class Refused extends Error {}

function checkUrl(url: URL, allowLoopback: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refused(`only http and https addresses are fetched (got ${url.protocol.replace(/:$/, '')})`);
  if (url.username !== '' || url.password !== '') throw new Refused('addresses with a user name or password are not fetched');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is never looked up, so the connection's lookup hook would not see it.
  if (net.isIP(host) !== 0) {
    const why = refusedAddress(host, allowLoopback);
    if (why !== undefined) throw new Refused(`refused ${url.host}: ${why}`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup, refusing the connection when any address the name resolves to is forbidden. */
function guardedLookup(allowLoopback: boolean) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      for (const a of addresses) {
        const why = refusedAddress(a.address, allowLoopback);
        if (why !== undefined) return callback(new Refused(`refused ${hostname}: it resolves to ${why}`), '');
      }
      const first = addresses[0];
      if (first === undefined) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

function headerMap(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function decoded(res: http.IncomingMessage): Readable {
  const enc = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (enc === 'gzip' || enc === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (enc === 'deflate') return res.pipe(zlib.createInflate());
  if (enc === 'br') return res.pipe(zlib.createBrotliDecompress());
  return res;
}

function oneRequest(url: URL, opts: GetOptions, signal: AbortSignal): Promise<{ res: http.IncomingMessage; body: () => Promise<Buffer> }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: 'GET',
      agent: url.protocol === 'https:' ? AGENTS['https:'] : AGENTS['http:'],
      signal,
      lookup: guardedLookup(opts.allowLoopback === true) as never,
      headers: { 'accept-encoding': 'gzip, deflate, br', ...opts.headers },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const body = (): Promise<Buffer> =>
        new Promise((done, fail) => {
          const declared = Number(res.headers['content-length'] ?? Number.NaN);
          if (!res.headers['content-encoding'] && declared > opts.maxBytes) {
            res.destroy();
            return fail(new Refused(`the response is larger than ${opts.maxBytes} bytes (${declared} declared)`));
          }
          const stream = decoded(res);
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (chunk: Buffer) => {
            size += chunk.byteLength;
            if (size > opts.maxBytes) {
              res.destroy();
              stream.destroy();
              fail(new Refused(`the response is larger than ${opts.maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          stream.on('error', (err) =>
            fail(err.message.includes('incorrect header') || (err as NodeJS.ErrnoException).code?.startsWith('Z_') ? new Refused(`the response body could not be decompressed (${err.message})`) : err),
          );
          res.on('error', fail);
          stream.on('end', () => done(Buffer.concat(chunks, size)));
        });
      resolve({ res, body });
    });
    req.end();
  });
}

function networkReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { cause?: { code?: string } };
  return `could not connect (${e.code ?? e.cause?.code ?? (err instanceof Error ? err.message : String(err))})`;
}

/** GETs `address`, following redirects; a failure of any kind is a reason, never a throw. */
export async function httpGet(address: string, opts: GetOptions): Promise<GetResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  const stop = (): void => controller.abort();
  opts.signal?.addEventListener('abort', stop);
  try {
    if (opts.signal?.aborted) throw new Refused('stopped');
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new Refused('not a valid address');
    }
    const visited = new Set<string>();
    for (let hop = 0; ; hop++) {
      checkUrl(url, opts.allowLoopback === true);
      visited.add(url.href);
      const { res, body } = await oneRequest(url, opts, controller.signal);
      if (REDIRECTS.has(res.statusCode ?? 0)) {
        res.resume();
        const location = res.headers.location;
        if (!location) throw new Refused(`HTTP ${res.statusCode} redirect without a Location header`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new Refused(`HTTP ${res.statusCode} redirect to an invalid address`);
        }
        if (visited.has(next.href)) throw new Refused(`redirect loop (${url.href} -> ${next.href})`);
        if (hop + 1 > opts.maxRedirects) throw new Refused(`too many redirects (more than ${opts.maxRedirects})`);
        url = next;
        continue;
      }
      const status = res.statusCode ?? 0;
      // Only a success carries a body worth reading; anything else is answered by its status.
      if (status < 200 || status >= 300) res.resume();
      const bytes = status >= 200 && status < 300 ? await body() : Buffer.alloc(0);
      return { ok: true, status, headers: headerMap(res.headers), body: bytes, url: url.href };
    }
  } catch (err) {
    if (err instanceof Refused) return { ok: false, reason: err.message };
    if (opts.signal?.aborted) return { ok: false, reason: 'stopped' };
    if (controller.signal.aborted) return { ok: false, reason: `timed out after ${opts.timeoutMs / 1000} s` };
    return { ok: false, reason: networkReason(err) };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', stop);
  }
}

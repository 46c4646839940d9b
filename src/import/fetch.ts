// Fetching a page to import: the limits and address checks of src/net/http-get.ts (http(s) only,
// private and loopback addresses refused after DNS and on every redirect, a deadline, a size
// cap), and HTML content types only.
import { STATUS_CODES } from 'node:http';
import { httpGet } from '../net/http-get.ts';

export interface FetchOptions {
  /** Whole exchange, redirects and body included. Default 15 s. */
  readonly timeoutMs?: number;
  /** Largest body accepted. Default 5 MB. */
  readonly maxBytes?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /** Let loopback addresses through (tests' local servers: FEEDS_ALLOW_LOOPBACK=1). */
  readonly allowLoopback?: boolean;
  /** Ends the fetch at once when aborted (see httpGet). */
  readonly signal?: AbortSignal;
}

export type FetchResult = { ok: true; url: string; html: string; contentType: string } | { ok: false; reason: string };

export const FETCH_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5_000_000, maxRedirects: 5, userAgent: 'Attache-import/0.1' } as const;

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** The charset from the header, else from a `<meta>` in the first bytes, else UTF-8. */
export function decodeHtml(bytes: Uint8Array, contentType = ''): string {
  let label = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (label === undefined) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    label = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  }
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export async function fetchPage(address: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const res = await httpGet(address, {
    timeoutMs,
    maxBytes,
    maxRedirects: opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects,
    allowLoopback: opts.allowLoopback === true,
    ...(opts.signal && { signal: opts.signal }),
    headers: { 'user-agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent, accept: 'text/html,application/xhtml+xml;q=0.9' },
  });
  if (!res.ok) return { ok: false, reason: res.reason.replace('the response is larger', 'the page is larger') };
  if (res.status < 200 || res.status >= 300) return { ok: false, reason: `HTTP ${res.status}${STATUS_CODES[res.status] ? ` ${STATUS_CODES[res.status]}` : ''}` };
  const contentType = res.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!HTML_TYPES.has(mediaType)) return { ok: false, reason: `not an HTML page (content type ${mediaType || 'missing'})` };
  return { ok: true, url: res.url, html: decodeHtml(res.body, contentType), contentType };
}

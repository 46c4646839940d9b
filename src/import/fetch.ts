// Fetching a page to import, with the limits a tool that follows links it is given needs: http(s)
// only, a deadline over the whole exchange, a size cap enforced while the body streams, redirects
// followed by hand (so each hop is checked and counted), and HTML content types only.

export interface FetchOptions {
  /** Whole exchange, redirects and body included. Default 15 s. */
  readonly timeoutMs?: number;
  /** Largest body accepted. Default 5 MB. */
  readonly maxBytes?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
  readonly userAgent?: string;
}

export type FetchResult = { ok: true; url: string; html: string; contentType: string } | { ok: false; reason: string };

export const FETCH_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5_000_000, maxRedirects: 5, userAgent: 'Attache-import/0.1' } as const;

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

class Refused extends Error {}

function checkScheme(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refused(`only http and https addresses can be imported (got ${url.protocol.replace(/:$/, '')})`);
}

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

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Refused(`the page is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return `could not connect (${detail})`;
}

export async function fetchPage(address: string, opts: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw new Refused('not a valid address');
    }
    for (let hop = 0; ; hop++) {
      checkScheme(url);
      const res = await fetch(url, {
        redirect: 'manual',
        signal: controller.signal,
        headers: { 'user-agent': opts.userAgent ?? FETCH_DEFAULTS.userAgent, accept: 'text/html,application/xhtml+xml;q=0.9' },
      });
      if (REDIRECTS.has(res.status)) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        if (!location) throw new Refused(`HTTP ${res.status} redirect without a Location header`);
        if (hop + 1 > maxRedirects) throw new Refused(`too many redirects (more than ${maxRedirects})`);
        url = new URL(location, url);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new Refused(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
      }
      const contentType = res.headers.get('content-type') ?? '';
      const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!HTML_TYPES.has(mediaType)) {
        await res.body?.cancel().catch(() => undefined);
        throw new Refused(`not an HTML page (content type ${mediaType || 'missing'})`);
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw new Refused(`the page is larger than ${maxBytes} bytes (${declared} declared)`);
      }
      const bytes = res.body ? await readCapped(res.body, maxBytes) : new Uint8Array();
      return { ok: true, url: url.href, html: decodeHtml(bytes, contentType), contentType };
    }
  } catch (err) {
    if (err instanceof Refused) return { ok: false, reason: err.message };
    if (controller.signal.aborted) return { ok: false, reason: `timed out after ${timeoutMs / 1000} s` };
    return { ok: false, reason: networkReason(err) };
  } finally {
    clearTimeout(timer);
  }
}

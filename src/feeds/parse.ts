// A feed body (RSS 2.0, Atom, RDF or JSON Feed) as the items the poller needs. feedsmith parses
// all four with one call and types each (it is maintained, and parses OPML too); this file only
// maps its four shapes onto one, and gives every item an identity that survives edits.
import { createHash } from 'node:crypto';
import { parseFeed } from 'feedsmith';
import { urlKey } from '../import/duplicates.ts';

export interface FeedItem {
  /** `id:<guid | atom:id | JSON Feed id>`, else `link:<normalised link>`, else `text:<hash>`; never the date. */
  readonly identity: string;
  readonly link?: string;
  readonly title?: string;
  /** As the feed wrote it. */
  readonly published?: string;
  readonly updated?: string;
  readonly authors: readonly string[];
  /** The article as HTML (content:encoded, Atom content, content_html) or plain text (content_text). */
  readonly content?: { readonly html: string } | { readonly text: string };
  readonly summary?: string;
  /** Hash of what the item says (title, link, content), not its dates: a new pubDate alone is no change. */
  readonly contentHash: string;
}

export interface ParsedFeed {
  readonly format: 'rss' | 'atom' | 'rdf' | 'json';
  readonly title?: string;
  readonly language?: string;
  /** RSS `<ttl>`, minutes. */
  readonly ttlMinutes?: number;
  /** RSS `<skipHours>` (0–23, GMT) and `<skipDays>` (Monday…). */
  readonly skipHours: readonly number[];
  readonly skipDays: readonly string[];
  readonly items: readonly FeedItem[];
}

export type ParseResult = { readonly ok: true; readonly feed: ParsedFeed } | { readonly ok: false; readonly reason: string };

/** Items a feed may list; more is refused before parsing (a 100,000-item feed would hold the event loop for seconds). */
export const MAX_FEED_ITEMS = 2000;

const hash = (parts: readonly unknown[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : undefined);
const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());

interface Loose {
  readonly id?: string | undefined;
  readonly link?: string | undefined;
  readonly title?: string | undefined;
  readonly published?: string | undefined;
  readonly updated?: string | undefined;
  readonly authors: readonly (string | undefined)[];
  readonly html?: string | undefined;
  readonly text?: string | undefined;
  readonly summary?: string | undefined;
}

function item(l: Loose): FeedItem {
  const link = nonEmpty(l.link);
  const id = nonEmpty(l.id);
  const content = nonEmpty(l.html) !== undefined ? { html: l.html as string } : nonEmpty(l.text) !== undefined ? { text: l.text as string } : undefined;
  const body = l.html ?? l.text ?? l.summary ?? '';
  const identity = id !== undefined ? `id:${id}` : link !== undefined ? `link:${urlKey(link)}` : `text:${hash([l.title ?? '', body])}`;
  const title = nonEmpty(l.title);
  const published = nonEmpty(l.published);
  const updated = nonEmpty(l.updated);
  const summary = nonEmpty(l.summary);
  return {
    identity,
    ...(link !== undefined && { link }),
    ...(title !== undefined && { title }),
    ...(published !== undefined && { published }),
    ...(updated !== undefined && { updated }),
    authors: l.authors.map(nonEmpty).filter((a): a is string => a !== undefined),
    ...(content !== undefined && { content }),
    ...(summary !== undefined && { summary }),
    contentHash: hash([title ?? '', link === undefined ? '' : urlKey(link), body]),
  };
}

/**
 * `<skipHours>`/`<skipDays>` read from the XML when feedsmith gave none: feedsmith 3.0.1 returns an
 * empty list when the element holds a single `<hour>` (seen in tests).
 */
function rawSkips(body: string, outer: string, inner: string): string[] {
  const block = new RegExp(`<${outer}>([\\s\\S]{0,2000}?)</${outer}>`, 'i').exec(body)?.[1] ?? '';
  return [...block.matchAll(new RegExp(`<${inner}>\\s*([^<]*?)\\s*</${inner}>`, 'gi'))].map((m) => m[1] as string);
}

/** Counts item tags without parsing, stopping past the limit. */
function tooManyItems(body: string): number | undefined {
  if (/^\s*[{[]/.test(body)) {
    // JSON Feed: parsing JSON is fast; it is feedsmith's mapping of each item that costs.
    try {
      const n = (JSON.parse(body) as { items?: unknown[] }).items?.length ?? 0;
      return n > MAX_FEED_ITEMS ? n : undefined;
    } catch {
      return undefined;
    }
  }
  const re = /<(?:item|entry)[\s>/]/gi;
  let n = 0;
  while (re.exec(body) !== null) if (++n > MAX_FEED_ITEMS) return n;
  return undefined;
}

export function parseFeedBody(body: string): ParseResult {
  const many = tooManyItems(body);
  if (many !== undefined) return { ok: false, reason: `the feed lists more than ${MAX_FEED_ITEMS} items; refused` };
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(body);
  } catch (err) {
    const what = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: /unrecognized/i.test(what) ? 'not a feed (RSS, Atom, RDF or JSON Feed)' : `malformed feed (${what})` };
  }
  switch (parsed.format) {
    case 'rss': {
      const f = parsed.feed;
      return {
        ok: true,
        feed: {
          format: 'rss',
          ...(f.title !== undefined && { title: f.title }),
          ...(f.language !== undefined && { language: f.language }),
          ...(typeof f.ttl === 'number' && f.ttl > 0 && { ttlMinutes: f.ttl }),
          skipHours: f.skipHours?.length ? f.skipHours : rawSkips(body, 'skipHours', 'hour').map(Number).filter(Number.isInteger),
          skipDays: f.skipDays?.length ? f.skipDays : rawSkips(body, 'skipDays', 'day'),
          items: (f.items ?? []).map((i) =>
            item({
              id: i.guid?.value,
              link: i.link ?? (i.guid?.isPermaLink !== false && /^https?:\/\//.test(i.guid?.value ?? '') ? i.guid?.value : undefined),
              title: i.title,
              published: str(i.pubDate) ?? str(i.dc?.dates?.[0]),
              authors: [...(i.authors ?? []).map((a) => a.name ?? a.email), ...(i.dc?.creators ?? [])],
              html: i.content?.encoded,
              summary: i.description,
            }),
          ),
        },
      };
    }
    case 'atom': {
      const f = parsed.feed;
      return {
        ok: true,
        feed: {
          format: 'atom',
          ...(f.title?.value !== undefined && { title: f.title.value }),
          skipHours: [],
          skipDays: [],
          items: (f.entries ?? []).map((e) => {
            const link = (e.links ?? []).find((l) => l.rel === undefined || l.rel === 'alternate')?.href;
            const c = e.content;
            const isText = c?.type === undefined || c.type === 'text';
            return item({
              id: e.id,
              link,
              title: e.title?.value,
              published: str(e.published) ?? str(e.updated),
              updated: str(e.updated),
              authors: (e.authors ?? []).map((a) => a.name),
              ...(c?.value !== undefined && c.src === undefined && (isText ? { text: c.value } : { html: c.value })),
              summary: e.summary?.value,
            });
          }),
        },
      };
    }
    case 'rdf': {
      const f = parsed.feed;
      return {
        ok: true,
        feed: {
          format: 'rdf',
          ...(f.title !== undefined && { title: f.title }),
          skipHours: [],
          skipDays: [],
          items: (f.items ?? []).map((i) =>
            item({ link: i.link ?? i.rdf?.about, title: i.title, published: str(i.dc?.dates?.[0]), authors: i.dc?.creators ?? [], html: i.content?.encoded, summary: i.description }),
          ),
        },
      };
    }
    case 'json': {
      const f = parsed.feed;
      return {
        ok: true,
        feed: {
          format: 'json',
          ...(f.title !== undefined && { title: f.title }),
          ...(f.language !== undefined && { language: f.language }),
          skipHours: [],
          skipDays: [],
          items: (f.items ?? []).map((i) =>
            item({
              id: i.id === undefined ? undefined : String(i.id),
              link: i.url ?? i.external_url,
              title: i.title,
              published: str(i.date_published),
              updated: str(i.date_modified),
              authors: (i.authors ?? []).map((a) => a.name),
              html: i.content_html,
              text: i.content_text,
              summary: i.summary,
            }),
          ),
        },
      };
    }
  }
}

// A feed item as an import draft. A feed that carries the article (content:encoded, Atom content,
// JSON Feed content) is used as is; otherwise the item's page is fetched (robots.txt permitting)
// and read with the import pipeline's Readability extractor. The feed fills what the page lacks.
import type { Draft, Extracted } from '../import/draft.ts';
import { htmlFragmentBlocks } from '../import/html.ts';
import type { FeedItem, ParsedFeed } from './parse.ts';

/** Below this much text, a feed's "content" is a teaser: the page is fetched instead. */
export const FULL_TEXT_MIN_CHARS = 400;

export function fullText(item: FeedItem): { paragraphs: string[]; headings: Set<string> } | undefined {
  const c = item.content;
  if (c === undefined) return undefined;
  const blocks =
    'html' in c
      ? htmlFragmentBlocks(c.html)
      : {
          paragraphs: c.text
            .split(/\n\s*\n/)
            .map((p) => p.replace(/\s+/g, ' ').trim())
            .filter(Boolean),
          headings: new Set<string>(),
        };
  const size = blocks.paragraphs.reduce((n, p) => n + p.length, 0);
  return size >= FULL_TEXT_MIN_CHARS ? blocks : undefined;
}

/** What the feed says about an item, as a draft (paragraphs from the feed's full text, if any). */
export function feedDraft(item: FeedItem, feed: ParsedFeed, nowMs: number, paragraphs: readonly string[] = [], headings?: ReadonlySet<string>): Draft {
  const notes: string[] = [];
  let published = item.published ?? item.updated;
  if (published === undefined) {
    published = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    notes.push('the feed gives no date: publication date is when the feed first listed it');
  }
  return {
    ...(item.title !== undefined && { title: item.title }),
    ...(feed.title !== undefined && { outlet: feed.title }),
    published,
    ...(item.updated !== undefined && item.updated !== published && { updated: item.updated }),
    ...(item.authors.length > 0 && { authors: item.authors }),
    ...(item.link !== undefined && { url: item.link }),
    ...(feed.language !== undefined && { language: feed.language }),
    paragraphs,
    ...(headings !== undefined && { headings }),
    notes,
  };
}

/** The page's draft, with the feed's title, date, authors and outlet where the page has none. */
export function mergePage(page: Extracted, fromFeed: Draft): Extracted {
  if (!page.ok) return page;
  const d = page.draft;
  return {
    ok: true,
    draft: {
      ...fromFeed,
      ...d,
      title: d.title ?? fromFeed.title,
      published: d.published ?? fromFeed.published,
      outlet: fromFeed.outlet !== undefined && d.outlet === undefined ? fromFeed.outlet : d.outlet,
      authors: d.authors !== undefined && d.authors.length > 0 ? d.authors : (fromFeed.authors ?? []),
      url: d.url ?? fromFeed.url,
      notes: [...(d.notes ?? []), ...(d.published === undefined ? (fromFeed.notes ?? []) : [])],
    } as Draft,
  };
}

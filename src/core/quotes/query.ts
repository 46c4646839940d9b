// Quote selection for /quote: by speaker, by the publication date of the quote's article, by any
// extra predicate (the topic match, which the search layer supplies), newest or oldest first.
import type { Quote } from '../types.ts';

export interface QuoteQuery {
  readonly speakerId?: string;
  /** Inclusive ISO date bounds (`2022`, `2022-03`, `2022-03-01`), compared with the article's published date. */
  readonly from?: string;
  readonly to?: string;
  readonly keep?: (q: Quote) => boolean;
  readonly order?: 'newest' | 'oldest';
}

export function queryQuotes(quotes: readonly Quote[], opts: QuoteQuery, publishedOf: (articleId: string) => string): Quote[] {
  const from = opts.from;
  // "to: 2022-03" includes every day of March: compare the date cut to the bound's own precision.
  const to = opts.to;
  const out = quotes.filter((q) => {
    if (opts.speakerId !== undefined && q.speakerId !== opts.speakerId) return false;
    const day = publishedOf(q.articleId).slice(0, 10);
    if (from && day.slice(0, from.length) < from) return false;
    if (to && day.slice(0, to.length) > to) return false;
    return opts.keep ? opts.keep(q) : true;
  });
  const sign = opts.order === 'oldest' ? 1 : -1;
  return out
    .map((q, i) => ({ q, i, day: publishedOf(q.articleId) }))
    .sort((a, b) => (a.day < b.day ? -sign : a.day > b.day ? sign : a.i - b.i))
    .map((x) => x.q);
}

/**
 * How much a quote's speaker counts when quotes by anyone are ranked: named people first, groups
 * (officials, moderators) after, reporters' questions and unattributed quotes last.
 */
export function speakerWeight(q: Quote): number {
  if (!q.speakerId) return 0.2;
  if (q.speakerId === 'reporter') return 0.3;
  if (/official|moderator|audience|aide|operator|’s-|s-lawyers|group/.test(q.speakerId)) return 0.6;
  return 1;
}

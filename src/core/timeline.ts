// The timeline: dated events in chronological order, the same event reported by several articles
// shown once, and from/to ranges. Pure: events in, entries out.
import type { DatedEvent, Precision } from './types.ts';
import { coarser, truncate } from './events/calendar.ts';
import { type DateBound, dateLabel } from './events/labels.ts';

export interface TimelineEntry {
  readonly date: string;
  readonly precision: Precision;
  /** "Dec 2017", "20 Jan 2025", "2016". */
  readonly label: string;
  /** The same event as reported by each article; the first is the representative. */
  readonly events: readonly DatedEvent[];
}

export interface TimelineOptions {
  readonly from?: DateBound;
  readonly to?: DateBound;
  /** Which events to consider (a topic match, an outlet); all when absent. */
  readonly keep?: (e: DatedEvent) => boolean;
  /** Publication date of an article, to order events of the same date; by article id when absent. */
  readonly publishedOf?: (articleId: string) => string | undefined;
}

/** Near-identical sentences: Jaccard similarity of their normalised word sets. */
export const SAME_SENTENCE = 0.8;
/** Enough shared words when the date expression is also the same ("last month" in two wire copies). */
export const SAME_EXPRESSION_SENTENCE = 0.5;

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []);
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Whether the event falls in [from, to]. Each bound is compared at the coarser of its precision
 * and the event's, so an event overlapping the range is kept: "2018" is within from=2018-03, and
 * "2018-03" is within to=2018-03-05; "2018-02" is not within from=2018-03.
 */
export function inRange(e: { date: string; precision: Precision }, from?: DateBound, to?: DateBound): boolean {
  if (from) {
    const p = coarser(e.precision, from.precision);
    if (truncate(e.date, p) < truncate(from.date, p)) return false;
  }
  if (to) {
    const p = coarser(e.precision, to.precision);
    if (truncate(e.date, p) > truncate(to.date, p)) return false;
  }
  return true;
}

/** A message when `from` is after `to` (compared at the coarser precision), else null. */
export function validateRange(from?: DateBound, to?: DateBound): string | null {
  if (!from || !to) return null;
  const p = coarser(from.precision, to.precision);
  if (truncate(from.date, p) <= truncate(to.date, p)) return null;
  return `The start of the range (from: ${dateLabel(from.date, from.precision)}) is after its end (to: ${dateLabel(to.date, to.precision)}).`;
}

/**
 * Events sorted by date, coarser before finer within a period (ISO strings compare that way:
 * "2018" < "2018-03" < "2018-03-05" < "2018-04"), then by publication date, article and position.
 * Events of different articles with the same date and the same sentence (near-identical words, or
 * the same expression with strongly overlapping words) become one entry.
 */
export function buildTimeline(events: readonly DatedEvent[], opts: TimelineOptions = {}): TimelineEntry[] {
  const published = (id: string): string => opts.publishedOf?.(id) ?? '';
  const kept = events.filter((e) => (opts.keep ? opts.keep(e) : true) && inRange(e, opts.from, opts.to));
  const sorted = [...kept].sort(
    (a, b) =>
      cmp(a.date, b.date) || cmp(published(a.articleId), published(b.articleId)) || cmp(a.articleId, b.articleId) || a.start - b.start,
  );
  const entries: { date: string; precision: Precision; events: DatedEvent[]; words: Set<string>; expression: string }[] = [];
  let sameDate: typeof entries = [];
  for (const e of sorted) {
    if (sameDate[0]?.date !== e.date) sameDate = [];
    const w = words(e.text);
    const expr = e.expression.toLowerCase();
    const group = sameDate.find((g) => {
      if (g.events.some((x) => x.articleId === e.articleId)) return false;
      const j = jaccard(g.words, w);
      return j >= SAME_SENTENCE || (g.expression === expr && j >= SAME_EXPRESSION_SENTENCE);
    });
    if (group) group.events.push(e);
    else {
      const entry = { date: e.date, precision: e.precision, events: [e], words: w, expression: expr };
      entries.push(entry);
      sameDate.push(entry);
    }
  }
  return entries.map(({ date, precision, events: evs }) => ({ date, precision, label: dateLabel(date, precision), events: evs }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

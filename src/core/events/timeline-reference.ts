// The timeline's reference implementation: dated events in chronological order, the same event
// reported by several articles shown once. Slow and obvious (each event is compared with every
// entry of its date: quadratic), it is the specification that `grouping.ts`, which /timeline
// runs, is tested against. Pure: events in, entries out.
import type { DateModifier, DatedEvent, Precision } from '../types.ts';
import { compareDates, dateKey } from './calendar.ts';
import { SAME_EXPRESSION_SENTENCE, SAME_SENTENCE, type TimelineEntry } from './grouping.ts';
import { type DateBound, dateLabel } from './labels.ts';
import { inRange } from './range.ts';

export interface TimelineOptions {
  readonly from?: DateBound;
  readonly to?: DateBound;
  /** Which events to consider (a topic match, an outlet); all when absent. */
  readonly keep?: (e: DatedEvent) => boolean;
  /** Publication date of an article, to order events of the same date; by article id when absent. */
  readonly publishedOf?: (articleId: string) => string | undefined;
}

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? [],
  );
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Events sorted by date, coarser before finer within a period (ISO strings compare that way:
 * "2018" < "2018-03" < "2018-03-05" < "2018-04"; a season sorts at its first month before that
 * month, a week at its Monday before that day: `compareDates`), then by publication date, article and position.
 * Events of different articles with the same date and the same sentence (near-identical words, or
 * the same expression with strongly overlapping words) become one entry.
 */
export function buildTimeline(events: readonly DatedEvent[], opts: TimelineOptions = {}): TimelineEntry[] {
  const published = (id: string): string => opts.publishedOf?.(id) ?? '';
  const kept = events.filter((e) => (opts.keep ? opts.keep(e) : true) && inRange(e, opts.from, opts.to));
  const sorted = [...kept].sort((a, b) => compareDates(a, b) || cmp(published(a.articleId), published(b.articleId)) || cmp(a.articleId, b.articleId) || a.start - b.start);
  const entries: { key: string; date: string; precision: Precision; modifier?: DateModifier; events: DatedEvent[]; words: Set<string>; expression: string }[] = [];
  let sameDate: typeof entries = [];
  for (const e of sorted) {
    if (sameDate[0]?.key !== dateKey(e)) sameDate = [];
    const w = words(e.text);
    const expr = e.expression.toLowerCase();
    const group = sameDate.find((g) => {
      if (g.events.some((x) => x.articleId === e.articleId)) return false;
      const j = jaccard(g.words, w);
      return j >= SAME_SENTENCE || (g.expression === expr && j >= SAME_EXPRESSION_SENTENCE);
    });
    if (group) group.events.push(e);
    else {
      const entry = { key: dateKey(e), date: e.date, precision: e.precision, ...(e.modifier && { modifier: e.modifier }), events: [e], words: w, expression: expr };
      entries.push(entry);
      sameDate.push(entry);
    }
  }
  return entries.map(({ date, precision, modifier, events: evs }) => ({
    date,
    precision,
    ...(modifier && { modifier }),
    label: dateLabel(date, precision, modifier),
    events: evs,
  }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

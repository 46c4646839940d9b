// Scores the dates extracted from one article against its hand annotation
// (tests/fixtures/events/*.json, format in tests/fixtures/FORMATS.md). Shared by the eval's
// extraction report and tests/events-annotations.test.ts.
//
// An extracted event matches an annotation when the dates and precisions agree and one expression
// contains the other ("on January 20" and "January 20"); each annotation takes at most one event,
// in text order. Unmatched events are wrong (they count against precision).
import type { DatedEvent } from '../core/types.ts';

export interface GoldDate {
  readonly expression: string;
  readonly date: string;
  /** year | month | day (calendar dates), or week | season (Wikinews annotations). */
  readonly precision: string;
  readonly modifier?: string;
  readonly anaphoric?: boolean;
  readonly inQuote?: boolean;
}

export interface DateAnnotation {
  readonly source: string;
  readonly url?: string;
  readonly notes: string;
  readonly events: readonly GoldDate[];
}

type Event = Pick<DatedEvent, 'date' | 'precision' | 'expression' | 'text'>;

export const CALENDAR_PRECISIONS: readonly string[] = ['year', 'month', 'day'];
export const isCalendar = (g: { precision: string }): boolean => CALENDAR_PRECISIONS.includes(g.precision);

export interface DateTally {
  /** Every annotated expression, and those at calendar precision. */
  annotated: number;
  annotatedCalendar: number;
  extracted: number;
  /** Extracted at calendar precision (today's extractor gives nothing else). */
  extractedCalendar: number;
  right: number;
  rightCalendar: number;
  readonly problems: string[];
}

export const emptyDateTally = (): DateTally => ({ annotated: 0, annotatedCalendar: 0, extracted: 0, extractedCalendar: 0, right: 0, rightCalendar: 0, problems: [] });

export function sameDate(e: Event, g: GoldDate): boolean {
  const a = e.expression.toLowerCase();
  const b = g.expression.toLowerCase();
  return e.date === g.date && e.precision === g.precision && (a.includes(b) || b.includes(a));
}

/** Adds one article's counts to `into` and returns it. */
export function scoreDates(name: string, gold: readonly GoldDate[], events: readonly Event[], into: DateTally = emptyDateTally()): DateTally {
  const used = new Set<number>();
  for (const g of gold) {
    const i = events.findIndex((e, k) => !used.has(k) && sameDate(e, g));
    into.annotated += 1;
    if (isCalendar(g)) into.annotatedCalendar += 1;
    if (i >= 0) {
      used.add(i);
      into.right += 1;
      if (isCalendar(g)) into.rightCalendar += 1;
    } else into.problems.push(`${name}: missed ${g.expression} → ${g.date} (${g.precision})`);
  }
  events.forEach((e, k) => {
    into.extracted += 1;
    if (isCalendar(e)) into.extractedCalendar += 1;
    if (!used.has(k)) into.problems.push(`${name}: wrong ${e.expression} → ${e.date} (${e.precision}) in “${e.text}”`);
  });
  return into;
}

export interface PRF {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const prf = (right: number, extracted: number, annotated: number): PRF => {
  const precision = extracted === 0 ? Number.NaN : right / extracted;
  const recall = annotated === 0 ? Number.NaN : right / annotated;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
};

/** Value scores at calendar precision (year, month, day) and over every annotated expression. */
export function dateRates(t: DateTally): { calendar: PRF; all: PRF } {
  return {
    calendar: prf(t.rightCalendar, t.extractedCalendar, t.annotatedCalendar),
    all: prf(t.right, t.extracted, t.annotated),
  };
}

// From a candidate that passed the negative filters to a date with the precision its words support.
import type { Candidate, Sentence } from './candidates.ts';
import { type Ymd } from './calendar.ts';
import { isCalendarExpression } from './negatives.ts';
import { type Resolved, resolveRelative, resolveWeekday } from './relative.ts';
import { around } from './words.ts';

export interface Resolution extends Resolved {
  /** The expression may grow to take in a modifier chrono-node left out ("Last December"). */
  readonly start: number;
  readonly end: number;
  /** The year is written in the expression itself (not implied by the publication date). */
  readonly explicitYear: boolean;
  /** The year was implied from the publication date alone: context may contradict it. */
  readonly impliedYear: boolean;
}

/**
 * The year of a month (and day) written without one. "last/this/next" count from the publication
 * month; otherwise the publication year, unless that puts the date more than four months after
 * publication (then the year before: "December 28" in a February article) or more than eight months
 * before it (then the year after: "January 5" in a December article). News mostly looks back.
 */
function yearFor(month: number, modifier: string | undefined, ref: Ymd): number {
  if (modifier === 'last' || modifier === 'past' || modifier === 'this past') return month < ref.month ? ref.year : ref.year - 1;
  if (modifier === 'next') return month > ref.month ? ref.year : ref.year + 1;
  const diff = month - ref.month;
  if (modifier !== 'this' && diff > 4) return ref.year - 1;
  if (modifier !== 'this' && diff < -8) return ref.year + 1;
  return ref.year;
}

// "March … and May 2018", "Jan. 6 to Jan. 8, 2021": a yearless date takes the year of the date it
// is paired with.
const PAIRING = /^\s*,?\s*(?:and|to|through|until|till|or|-|–|—)\s*$/;

export function resolveCandidate(
  c: Candidate,
  s: Sentence,
  ref: Ymd,
  next: Candidate | undefined,
): Resolution | null {
  const base = { start: c.start, end: c.end };
  if (c.source === 'year') {
    return c.year === undefined ? null : { ...base, year: c.year, precision: 'year', explicitYear: true, impliedYear: false };
  }
  if (!isCalendarExpression(c.expression)) {
    const r = resolveRelative(c.expression, ref) ?? resolveWeekday(c.expression, s.text, ref);
    return r && { ...base, ...r, explicitYear: false, impliedYear: false };
  }
  if (c.month === undefined) return null;
  const precision = c.day === undefined ? 'month' : 'day';
  const withDay = c.day === undefined ? {} : { day: c.day };
  if (c.year !== undefined) {
    return { ...base, year: c.year, month: c.month, ...withDay, precision, explicitYear: true, impliedYear: false };
  }
  const { before } = around(s, c.start, c.end);
  const mod = /\b(last|this past|past|this|next)\s+$/i.exec(before);
  if (mod) {
    const year = yearFor(c.month, (mod[1] ?? '').toLowerCase(), ref);
    return { start: c.start - mod[0].length, end: c.end, year, month: c.month, ...withDay, precision, explicitYear: false, impliedYear: false };
  }
  if (next?.year !== undefined && next.month !== undefined && PAIRING.test(s.text.slice(c.end - s.start, next.start - s.start))) {
    const year = c.month <= next.month ? next.year : next.year - 1;
    return { ...base, year, month: c.month, ...withDay, precision, explicitYear: false, impliedYear: false };
  }
  return { ...base, year: yearFor(c.month, undefined, ref), month: c.month, ...withDay, precision, explicitYear: false, impliedYear: true };
}

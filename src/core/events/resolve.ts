// From a candidate that passed the negative filters to a date with the precision its words support.
import type { DateModifier } from '../types.ts';
import type { Candidate, Season, Sentence } from './candidates.ts';
import { type Ymd, addDays, isValidYmd, weekday } from './calendar.ts';
import { isCalendarExpression } from './negatives.ts';
import { type Resolved, resolveRelative, resolveWeekday, resolveWeekend } from './relative.ts';
import { type Tense, tenseNear } from './tense.ts';
import { around } from './words.ts';

export interface Resolution extends Resolved {
  /** The expression may grow to take in a modifier chrono-node left out ("Last December"). */
  readonly start: number;
  readonly end: number;
  /** The year is written in the expression itself (not implied by the publication date). */
  readonly explicitYear: boolean;
  /** The year was implied from the publication date alone: context may contradict it. */
  readonly impliedYear: boolean;
  /** A day counted from the publication day ("on Saturday", "yesterday"): exact, so a day can be counted from it. */
  readonly dayFromPublication?: boolean;
  /** The year is said relative to the publication ("March of last year"): it tells nothing of the years around it. */
  readonly yearInWords?: boolean;
  readonly modifier?: DateModifier;
}

/**
 * The year of a month (and day) written without one. "last/this/next" count from the publication
 * month. Otherwise the tense of the sentence decides: in the past tense the latest such month up
 * to publication ("fired from his job in July", March 2013: July 2012), in the future tense the
 * next one from publication ("will meet in February"), and with no tense to go by the nearest one
 * (a tie, six months either way, goes back: news mostly looks back).
 */
function yearFor(month: number, modifier: string | undefined, ref: Ymd, tense: Tense | null = null): number {
  if (modifier === 'last' || modifier === 'past' || modifier === 'this past') return month < ref.month ? ref.year : ref.year - 1;
  if (modifier === 'next') return month > ref.month ? ref.year : ref.year + 1;
  if (modifier === 'this') return ref.year;
  if (tense === 'past') return month <= ref.month ? ref.year : ref.year - 1;
  if (tense === 'future') return month >= ref.month ? ref.year : ref.year + 1;
  const diff = month - ref.month;
  if (diff >= 6) return ref.year - 1;
  if (diff < -6) return ref.year + 1;
  return ref.year;
}

const SEASON_START: Record<Season, number> = { spring: 3, summer: 6, autumn: 9, winter: 12 };

/**
 * The year a season starts in. With a year: that year ("winter 2018" starts in December 2018).
 * "this": the one under way or to come this year (winter in January or February is the one that
 * began in December). "last"/"past": the latest such season that began before the current one;
 * "next": the first that begins after it.
 */
function seasonYear(name: Season, modifier: string | undefined, ref: Ymd): number | null {
  const start = SEASON_START[name];
  // The season under way at publication, as a month count (year * 12 + month index).
  const nowStart = (() => {
    const m = ref.month;
    const first = m >= 3 && m <= 5 ? 3 : m >= 6 && m <= 8 ? 6 : m >= 9 && m <= 11 ? 9 : 12;
    const year = first === 12 && m <= 2 ? ref.year - 1 : ref.year;
    return year * 12 + first - 1;
  })();
  const sameYear = ref.year * 12 + start - 1;
  if (modifier === 'this') return name === 'winter' && ref.month <= 2 ? ref.year - 1 : ref.year;
  if (modifier === 'last' || modifier === 'past' || modifier === 'this past') return sameYear < nowStart ? ref.year : ref.year - 1;
  if (modifier === 'next') return sameYear > nowStart ? ref.year : ref.year + 1;
  return null;
}

// "early 2011", "mid-2023", "late last July", "in early March", "late Friday", "early next week",
// "Late on Sunday": the part of the period meant.
const PART = /\b(early|mid|late)(?:\s+|-)$/i;
// "at the end of August", "the beginning of June", "the middle of 2018": the same parts, in words.
const PART_OF_WORDS = /\b(end|beginning|start|middle)\s+of\s+$/i;
const PART_WORD: Record<string, DateModifier> = { end: 'late', beginning: 'early', start: 'early', middle: 'mid' };
const PART_ON = /\b(early|late)\s+on\s+$/i;

/** The resolution grown to take in an "early"/"mid"/"late" before it. */
function withPart(r: Resolution, s: Sentence): Resolution {
  if (r.modifier) return r; // "the end of last year" says it already; a weekend is no part to qualify
  const before = s.text.slice(0, r.start - s.start);
  const w = r.precision === 'month' || r.precision === 'year' || r.precision === 'season' ? PART_OF_WORDS.exec(before) : null;
  if (w) return { ...r, start: r.start - w[0].length, modifier: PART_WORD[(w[1] ?? '').toLowerCase()] as DateModifier };
  const m = PART.exec(before) ?? (r.precision === 'day' ? PART_ON.exec(before) : null);
  if (!m) return r;
  return { ...r, start: r.start - m[0].length, modifier: (m[1] ?? '').toLowerCase() as DateModifier };
}

// "March … and May 2018", "Jan. 6 to Jan. 8, 2021": a yearless date takes the year of the date it
// is paired with.
const PAIRING = /^\s*,?\s*(?:and|to|through|until|till|or|-|–|—)\s*$/;

// "on Monday last week", "Tuesday next week": that weekday of the week named after it.
const WEEK_AFTER = /^,?\s+(last|next|this)\s+week\b/i;
const WEEKDAY_ALONE = /^(?:on\s+)?(sun|mon|tues|wednes|thurs|fri|satur)day(?:\s+(?:morning|afternoon|evening|night))?$/i;
const WEEKDAY_STEMS = ['sun', 'mon', 'tues', 'wednes', 'thurs', 'fri', 'satur'];

function weekdayOfWeek(c: Candidate, s: Sentence, ref: Ymd): Resolution | null {
  const w = WEEKDAY_ALONE.exec(c.expression);
  const m = w ? WEEK_AFTER.exec(s.text.slice(c.end - s.start)) : null;
  if (!w || !m) return null;
  const target = WEEKDAY_STEMS.indexOf((w[1] ?? '').toLowerCase());
  const shift = { last: -7, next: 7, this: 0 }[(m[1] ?? '').toLowerCase() as 'last' | 'next' | 'this'];
  const monday = addDays(ref, -((weekday(ref) + 6) % 7) + shift);
  const d = addDays(monday, (target + 6) % 7);
  return { start: c.start, end: c.end + m[0].length, ...d, precision: 'day', explicitYear: false, impliedYear: false, dayFromPublication: true };
}

export function resolveCandidate(c: Candidate, s: Sentence, ref: Ymd, next: Candidate | undefined): Resolution | null {
  const r = resolveBare(c, s, ref, next);
  return r && withPart(r, s);
}

function resolveBare(c: Candidate, s: Sentence, ref: Ymd, next: Candidate | undefined): Resolution | null {
  const base = { start: c.start, end: c.end };
  if (c.source === 'season' && c.season) {
    const year = c.year ?? seasonYear(c.season.name, c.season.modifier, ref);
    if (year === null) return null;
    return { ...base, year, month: SEASON_START[c.season.name], precision: 'season', explicitYear: c.year !== undefined, impliedYear: false };
  }
  if (c.source === 'year') {
    return c.year === undefined ? null : { ...base, year: c.year, precision: 'year', explicitYear: true, impliedYear: false };
  }
  if (!isCalendarExpression(c.expression)) {
    const at = { start: c.start - s.start, end: c.end - s.start };
    const inWeek = weekdayOfWeek(c, s, ref);
    if (inWeek) return inWeek;
    const r = resolveRelative(c.expression, ref) ?? resolveWeekday(c.expression, s.text, at, ref) ?? resolveWeekend(c.expression, s.text, at, ref);
    return r && { ...base, ...r, explicitYear: false, impliedYear: false, ...(r.precision === 'day' && { dayFromPublication: true }) };
  }
  if (c.month === undefined) return null;
  const precision = c.day === undefined ? 'month' : 'day';
  const withDay = c.day === undefined ? {} : { day: c.day };
  if (c.year !== undefined) {
    return { ...base, year: c.year, month: c.month, ...withDay, precision, explicitYear: true, impliedYear: false, ...(c.yearInWords && { yearInWords: true }) };
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
  const tense = tenseNear(s.text, c.start - s.start, c.end - s.start);
  return { ...base, year: yearFor(c.month, undefined, ref, tense), month: c.month, ...withDay, precision, explicitYear: false, impliedYear: true };
}

// "On December 5 and 6", "on March 4 and 5 respectively": a second day of the same month, written
// as its number alone (chrono-node reads the first day only). Only after a date that ends in its day
// number, and only where the number ends the phrase: "on Monday and 20 were injured", "May 5 and 6
// people", "March 4 and 25 were arrested" are counts.
const AND_DAY = /^\s+and\s+(\d{1,2})(?:st|nd|rd|th)?(?=\s*(?:[,.;:)]|$)|\s+(?:respectively\b|(?:19|20)\d\d\b|(?:this|last|next)\s+year\b))/;
const ENDS_IN_DAY = /\d(?:st|nd|rd|th)?$/;

/** The day paired with a resolved day by "and" after it, in the same month and year; null if none. */
export function pairedDay(r: Resolution, s: Sentence): Resolution | null {
  if (r.precision !== 'day' || r.day === undefined || r.month === undefined) return null;
  if (!ENDS_IN_DAY.test(s.text.slice(r.start - s.start, r.end - s.start))) return null;
  const m = AND_DAY.exec(s.text.slice(r.end - s.start));
  if (!m) return null;
  const day = Number(m[1]);
  if (day <= r.day || !isValidYmd(r.year, r.month, day)) return null;
  const start = r.end + m[0].indexOf(m[1] ?? '');
  const { modifier: _, ...rest } = r; // "late December 5 and 6": the part was said of the first
  return { ...rest, start, end: start + (m[1] ?? '').length, day };
}

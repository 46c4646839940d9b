// Relative expressions resolved against the publication date. Only forms whose meaning is fixed by
// that date are accepted ("last month", "yesterday", "two years ago"); anything anchored elsewhere
// ("three days before the summit", "the following day") or a span ("for three years") is not.
// chrono-node resolves all of these to an instant; the precision the words carry is decided here.
import type { Precision } from '../types.ts';
import { type Ymd, addDays, weekday } from './calendar.ts';
import { tenseNear } from './tense.ts';
import { NUMBER_WORD_PATTERN, WEEKDAY_NAMES, countOf } from './words.ts';
import type { DateModifier } from '../types.ts';

export interface Resolved {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
  readonly precision: Precision;
  readonly modifier?: DateModifier;
}

const norm = (e: string): string => e.toLowerCase().replace(/\s+/g, ' ').replace(/^on /, '').trim();

const DAY_WORD = /^(today|yesterday|tomorrow)(?: (morning|afternoon|evening|night))?$|^(tonight|last night|this (?:morning|afternoon|evening)|the day before yesterday|the day after tomorrow)$/;
const AGO = new RegExp(`^(${NUMBER_WORD_PATTERN}|\\d{1,3}) (day|week|month|year)s? ago$`);
// "this past week" is last week; "the past week" (a span) never gets here.
const THIS_UNIT = /^(last|this|next|this past) (week|month|year)$/;
const WEEKEND = /^(last|this|this past|past) weekend$/;
// "the end of last year", "the beginning of next month": the late or early part of that period.
const PART_OF = /^(end|beginning|start) of (last|this|next) (week|month|year)$/;
const WEEKDAY = /^(?:(last|this|next|this past|past) )?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?: (?:morning|afternoon|evening|night))?$/;

export function isRelativeExpression(expression: string): boolean {
  const e = norm(expression);
  return DAY_WORD.test(e) || AGO.test(e) || THIS_UNIT.test(e) || WEEKEND.test(e) || PART_OF.test(e);
}

/** "today", "last night", "this morning", "tomorrow"…: a day counted from the day of speaking. */
export function isDayWord(expression: string): boolean {
  return DAY_WORD.test(norm(expression));
}

export function isWeekdayExpression(expression: string): boolean {
  return WEEKDAY.test(norm(expression));
}

const day = (d: Ymd): Resolved => ({ year: d.year, month: d.month, day: d.day, precision: 'day' });

function monthShift(ref: Ymd, n: number): Resolved {
  const total = ref.year * 12 + (ref.month - 1) + n;
  return { year: Math.floor(total / 12), month: (total % 12) + 1, precision: 'month' };
}

// A week (Monday to Sunday) at week precision, dated by its Monday.
function weekOf(d: Ymd): Resolved {
  const monday = addDays(d, -((weekday(d) + 6) % 7));
  return { ...monday, precision: 'week' };
}

function dayWord(e: string, ref: Ymd): Resolved | null {
  const m = DAY_WORD.exec(e);
  if (!m) return null;
  const w = m[1] ?? m[3] ?? '';
  if (w === 'yesterday' || w === 'last night') return day(addDays(ref, -1));
  if (w === 'tomorrow') return day(addDays(ref, 1));
  if (w === 'the day before yesterday') return day(addDays(ref, -2));
  if (w === 'the day after tomorrow') return day(addDays(ref, 2));
  return day(ref);
}

function unitShift(unit: string, n: number, ref: Ymd): Resolved | null {
  if (unit === 'day') return day(addDays(ref, n));
  if (unit === 'week') return weekOf(addDays(ref, 7 * n));
  if (unit === 'month') return monthShift(ref, n);
  return { year: ref.year + n, precision: 'year' };
}

/** Resolves "last month", "two years ago", "yesterday"… ; null when the words carry no date. */
export function resolveRelative(expression: string, ref: Ymd): Resolved | null {
  const e = norm(expression);
  const d = dayWord(e, ref);
  if (d) return d;
  let m = AGO.exec(e);
  if (m) {
    const n = countOf(m[1] ?? '');
    return n === undefined ? null : unitShift(m[2] ?? '', -n, ref);
  }
  m = THIS_UNIT.exec(e);
  if (m) return unitShift(m[2] ?? '', m[1] === 'last' || m[1] === 'this past' ? -1 : m[1] === 'next' ? 1 : 0, ref);
  m = PART_OF.exec(e);
  if (m) {
    const r = unitShift(m[3] ?? '', m[2] === 'last' ? -1 : m[2] === 'next' ? 1 : 0, ref);
    return r && { ...r, modifier: m[1] === 'end' ? 'late' : 'early' };
  }
  return null;
}

/**
 * "this weekend", "last weekend", "this past weekend": a Saturday and Sunday, at week precision
 * (dated by the Monday of their week) with the modifier "weekend". "last"/"past": the latest
 * weekend over before publication. "this": the one under way on a Saturday or Sunday; otherwise the
 * one just gone in a report of what happened, the coming one when the sentence looks ahead, and with
 * no tense to go by the nearer one (Monday to Wednesday look back).
 */
export function resolveWeekend(expression: string, sentence: string, at: { start: number; end: number }, ref: Ymd): Resolved | null {
  const m = WEEKEND.exec(norm(expression));
  if (!m) return null;
  const today = weekday(ref); // 0 Sunday … 6 Saturday
  // The Saturday of the weekend over before publication, for a weekday; a week back on a weekend.
  const before = addDays(ref, today === 6 ? -7 : today === 0 ? -8 : -(today + 1));
  let saturday = before;
  if (m[1] === 'this') {
    if (today === 6 || today === 0) saturday = addDays(ref, today === 6 ? 0 : -1);
    else {
      const tense = tenseNear(sentence, at.start, at.end);
      const back = tense === 'past' || (tense === null && today <= 3);
      saturday = back ? addDays(ref, -(today + 1)) : addDays(ref, 6 - today);
    }
  }
  return { ...weekOf(saturday), modifier: 'weekend' };
}

/**
 * "on Monday", "last Friday", "next Tuesday", "Monday night": the nearest such day before
 * publication, or after it when the words nearest the weekday are in the future tense. The
 * publication's own weekday is the publication day when the words nearest it report what happened
 * ("…, officials said Friday" in a Friday paper), a week later when they look ahead ("the board
 * will vote on Friday"), and no date otherwise ("It's Friday").
 */
export function resolveWeekday(expression: string, sentence: string, at: { start: number; end: number }, ref: Ymd): Resolved | null {
  const m = WEEKDAY.exec(norm(expression));
  if (!m) return null;
  const target = WEEKDAY_NAMES.indexOf(m[2] as (typeof WEEKDAY_NAMES)[number]);
  const modifier = m[1];
  const bare = modifier === undefined || modifier === 'this';
  // "this Monday" may be either side of today; only a tense can tell, as for a bare weekday.
  const tense = bare ? tenseNear(sentence, at.start, at.end) : null;
  const future = modifier === 'next' || tense === 'future';
  const today = weekday(ref);
  // The publication's own weekday is the publication day only in a report of what happened
  // ("officials said Friday"); "It's Friday", "see you on Friday" are no events.
  if (target === today && bare) return tense === 'past' ? day(ref) : future ? day(addDays(ref, 7)) : null;
  if (future) return day(addDays(ref, ((target - today + 6) % 7) + 1));
  // "last Wednesday" in a Friday paper is the Wednesday of the week before (Monday to Sunday), not
  // the one two days ago, which the paper calls "Wednesday": "last" skips back past this week.
  if (modifier === 'last') return day(addDays(ref, -(((today + 6) % 7) + 7) + ((target + 6) % 7)));
  return day(addDays(ref, -(((today - target + 6) % 7) + 1)));
}

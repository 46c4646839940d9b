// Calendar arithmetic on plain year/month/day numbers. Everything goes through Date.UTC so the
// machine's time zone can never move a day (2018-07-19 stays 07-19 in Tokyo and in Los Angeles).
import type { DateModifier, Precision } from '../types.ts';

export interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The calendar date an article was published on: the first `YYYY-MM-DD` of `published`, as written. */
export function publishedDay(published: string): Ymd | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published.trim());
  if (!m) return null;
  const ymd = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidYmd(ymd.year, ymd.month, ymd.day) ? ymd : null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidYmd(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function addDays(d: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday, as chrono-node numbers weekdays. */
export function weekday(d: Ymd): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function isoOf(year: number, month: number | undefined, day: number | undefined, precision: Precision): string {
  if (precision === 'year') return pad(year, 4);
  if (precision === 'month' || precision === 'season') return `${pad(year, 4)}-${pad(month ?? 1)}`;
  return `${pad(year, 4)}-${pad(month ?? 1)}-${pad(day ?? 1)}`;
}

/** Whether `date` is a real ISO date written exactly at `precision` (a week at its Monday, a season at its first month). */
export function isIsoOfPrecision(date: string, precision: Precision): boolean {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (precision === 'year') return mo === undefined && d === undefined;
  if (precision === 'season') return d === undefined && ['03', '06', '09', '12'].includes(mo ?? '');
  if (precision === 'month') return mo !== undefined && d === undefined && Number(mo) >= 1 && Number(mo) <= 12;
  if (mo === undefined || d === undefined || !isValidYmd(Number(y), Number(mo), Number(d))) return false;
  return precision === 'day' || weekday({ year: Number(y), month: Number(mo), day: Number(d) }) === 1;
}

const iso = (d: Ymd): string => isoOf(d.year, d.month, d.day, 'day');

/** The first and last calendar day a date covers, as `YYYY-MM-DD` (a season its three months, a week Monday to Sunday). */
export function spanOf(date: string, precision: Precision): { first: string; last: string } {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  if (precision === 'year') return { first: `${date}-01-01`, last: `${date}-12-31` };
  if (precision === 'month') return { first: `${date}-01`, last: iso({ year: y, month: m, day: daysInMonth(y, m) }) };
  if (precision === 'season') {
    const end = m + 2 > 12 ? { year: y + 1, month: m + 2 - 12 } : { year: y, month: m + 2 };
    return { first: `${date}-01`, last: iso({ ...end, day: daysInMonth(end.year, end.month) }) };
  }
  if (precision === 'week') return { first: date, last: iso(addDays({ year: y, month: m, day: d }, 6)) };
  return { first: date, last: date };
}

const RANK: Record<Precision, number> = { year: 0, season: 1, month: 2, week: 3, day: 4 };

/**
 * Timeline order: by date string, then coarser first. ISO strings already put "2018" before
 * "2018-03" before "2018-03-05"; a season sorts at its first month, before that month
 * ("summer 2018" before "Jun 2018"), a week at its Monday, before that day.
 */
export function compareDates(a: DateKey, b: DateKey): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return RANK[a.precision] - RANK[b.precision] || MODIFIER_RANK[a.modifier ?? ''] - MODIFIER_RANK[b.modifier ?? ''];
}

export interface DateKey {
  readonly date: string;
  readonly precision: Precision;
  readonly modifier?: DateModifier;
}

// The whole period first, then its early, middle and late parts; a week before its weekend.
const MODIFIER_RANK: Record<DateModifier | '', number> = { '': 0, early: 1, mid: 2, late: 3, weekend: 4 };

/** Events with the same key are the same date for grouping. */
export function dateKey(d: DateKey): string {
  return `${d.date}/${d.precision}/${d.modifier ?? ''}`;
}

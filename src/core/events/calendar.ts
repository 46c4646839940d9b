// Calendar arithmetic on plain year/month/day numbers. Everything goes through Date.UTC so the
// machine's time zone can never move a day (2018-07-19 stays 07-19 in Tokyo and in Los Angeles).
import type { Precision } from '../types.ts';

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
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
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
  if (precision === 'month') return `${pad(year, 4)}-${pad(month ?? 1)}`;
  return `${pad(year, 4)}-${pad(month ?? 1)}-${pad(day ?? 1)}`;
}

/** Whether `date` is a real ISO date written exactly at `precision`. */
export function isIsoOfPrecision(date: string, precision: Precision): boolean {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (precision === 'year') return mo === undefined && d === undefined;
  if (precision === 'month') return mo !== undefined && d === undefined && Number(mo) >= 1 && Number(mo) <= 12;
  return mo !== undefined && d !== undefined && isValidYmd(Number(y), Number(mo), Number(d));
}

/** The date cut to a coarser precision ("2018-03-05" at month is "2018-03"). */
export function truncate(date: string, precision: Precision): string {
  return date.slice(0, precision === 'year' ? 4 : precision === 'month' ? 7 : 10);
}

export function precisionOf(date: string): Precision {
  return date.length <= 4 ? 'year' : date.length <= 7 ? 'month' : 'day';
}

const RANK: Record<Precision, number> = { year: 0, month: 1, day: 2 };

export function coarser(a: Precision, b: Precision): Precision {
  return RANK[a] <= RANK[b] ? a : b;
}

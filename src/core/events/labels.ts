// Date labels and the from/to bounds users type. The accepted forms are few and fixed, so a small
// hand-written parser is stricter than chrono-node (which would guess a year for "March 5").
import type { DateModifier, Precision } from '../types.ts';
import { isValidYmd } from './calendar.ts';

const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const SEASONS: Record<string, string> = { '03': 'spring', '06': 'summer', '09': 'autumn', '12': 'winter' };

/**
 * "2016", "Dec 2017", "20 Jan 2025", "summer 2018", "winter 2018–19", "week of 4 Mar 2019", "late
 * Jul 2018": readable at a glance, and the same in every locale.
 */
export function dateLabel(date: string, precision: Precision, modifier?: DateModifier): string {
  // "weekend of 19 Sep 2015": named by its Saturday, the Monday of the week plus five days.
  if (modifier === 'weekend' && precision === 'week') {
    const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
    const sat = new Date(Date.UTC(y, m - 1, d + 5));
    return `weekend of ${sat.getUTCDate()} ${SHORT[sat.getUTCMonth()]} ${sat.getUTCFullYear()}`;
  }
  const plain = labelOf(date, precision);
  return modifier ? `${modifier} ${plain}` : plain;
}

function labelOf(date: string, precision: Precision): string {
  const [y = '', m, d] = date.split('-');
  const month = m === undefined ? undefined : SHORT[Number(m) - 1];
  if (precision === 'year' || month === undefined) return y;
  if (precision === 'season' && m !== undefined && SEASONS[m]) {
    return m === '12' ? `winter ${y}–${String(Number(y) + 1).slice(-2)}` : `${SEASONS[m]} ${y}`;
  }
  if (precision === 'month' || precision === 'season' || d === undefined) return `${month} ${y}`;
  return precision === 'week' ? `week of ${Number(d)} ${month} ${y}` : `${Number(d)} ${month} ${y}`;
}

export type DateBound = { readonly date: string; readonly precision: Precision };
export type DateBoundResult = ({ ok: true } & DateBound) | { ok: false; message: string };

export const ACCEPTED_DATE_FORMS = '2018, 2018-03, 2018-03-05, March 2018, Mar 2018, 5 March 2018 or March 5, 2018';

// Month names and their usual abbreviations, lower case.
const MONTHS = new Map<string, number>();
['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach((name, i) => {
  MONTHS.set(name, i + 1);
  MONTHS.set(name.slice(0, 3), i + 1);
});
MONTHS.set('sept', 9);

function monthNumber(word: string): number | undefined {
  return MONTHS.get(word.toLowerCase().replace(/\.$/, ''));
}

const pad = (n: number): string => String(n).padStart(2, '0');

function bound(year: number, month?: number, day?: number): DateBound | null {
  if (year < 1000 || year > 9999) return null;
  if (month === undefined) return { date: String(year), precision: 'year' };
  if (month < 1 || month > 12) return null;
  if (day === undefined) return { date: `${year}-${pad(month)}`, precision: 'month' };
  if (!isValidYmd(year, month, day)) return null;
  return { date: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' };
}

function parse(s: string): DateBound | null {
  let m: RegExpExecArray | null;
  m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(s);
  if (m) {
    return bound(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  }
  const word = '([A-Za-z]+\\.?)';
  m = new RegExp(`^${word},?\\s+(\\d{4})$`).exec(s);
  if (m) {
    const month = monthNumber(m[1] ?? '');
    return month === undefined ? null : bound(Number(m[2]), month);
  }
  m = new RegExp(`^(\\d{1,2})\\s+${word},?\\s+(\\d{4})$`).exec(s);
  if (m) {
    const month = monthNumber(m[2] ?? '');
    return month === undefined ? null : bound(Number(m[3]), month, Number(m[1]));
  }
  m = new RegExp(`^${word}\\s+(\\d{1,2}),?\\s+(\\d{4})$`).exec(s);
  if (m) {
    const month = monthNumber(m[1] ?? '');
    return month === undefined ? null : bound(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

/** Parses a `from`/`to` option. The error message names the value and every accepted form. */
export function parseDateBound(input: string): DateBoundResult {
  const s = input.trim().replace(/\s+/g, ' ');
  const b = s === '' ? null : parse(s);
  if (b) return { ok: true, date: b.date, precision: b.precision };
  return { ok: false, message: `“${input.trim()}” is not a date I can read. Use one of: ${ACCEPTED_DATE_FORMS}.` };
}

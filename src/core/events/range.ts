// Date ranges as /timeline and /quote take them: `from`/`to` as typed, checked, and whether a
// dated event falls inside.
import type { Precision } from '../types.ts';
import { spanOf } from './calendar.ts';
import { type DateBound, dateLabel, parseDateBound } from './labels.ts';

export interface DateRange {
  readonly from?: DateBound;
  readonly to?: DateBound;
}

/**
 * Whether the event falls in [from, to]. The event and each bound are spans of days, and an event
 * overlapping the range is kept: "2018" is within from=2018-03, "2018-03" within to=2018-03-05,
 * "summer 2018" within to=2018-08, the week of 30 Jul 2018 within from=2018-08; "2018-02" is not
 * within from=2018-03.
 */
export function inRange(e: { date: string; precision: Precision }, from?: DateBound, to?: DateBound): boolean {
  const span = spanOf(e.date, e.precision);
  if (from && span.last < spanOf(from.date, from.precision).first) return false;
  if (to && span.first > spanOf(to.date, to.precision).last) return false;
  return true;
}

/** A message when `from` is after `to` (when they do not overlap and `from` comes later), else null. */
export function validateRange(from?: DateBound, to?: DateBound): string | null {
  if (!from || !to) return null;
  if (spanOf(from.date, from.precision).first <= spanOf(to.date, to.precision).last) return null;
  return `The start of the range (from: ${dateLabel(from.date, from.precision)}) is after its end (to: ${dateLabel(to.date, to.precision)}).`;
}

function bound(name: 'from' | 'to', value: string | undefined): DateBound | { message: string } | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const b = parseDateBound(value);
  return b.ok ? { date: b.date, precision: b.precision } : { message: `${name}: ${b.message}` };
}

/** The range `from`/`to` name as typed (either may be absent or blank), or what is wrong with it. */
export function parseDateRange(from: string | undefined, to: string | undefined): { ok: true; range: DateRange } | { ok: false; message: string } {
  const f = bound('from', from);
  if (f && 'message' in f) return { ok: false, message: f.message };
  const t = bound('to', to);
  if (t && 'message' in t) return { ok: false, message: t.message };
  const bad = validateRange(f, t);
  if (bad !== null) return { ok: false, message: bad };
  return { ok: true, range: { ...(f && { from: f }), ...(t && { to: t }) } };
}

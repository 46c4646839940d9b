// Dates anchored on a date the text has just given: "The following day", "two years later", "the
// previous month", opening a sentence that tells what happened. Dated from the main date (the
// first) of the nearest sentence before that has one, at most two sentences back, written with its
// year, so "In July 2018, at a summit in Helsinki, … The following day,
// Trump backtracked" is July 2018. A day after a date known only to the month stays that month
// (a day is never invented); an anchor further back, or "the day after the election" (anchored on
// something the text does not date), gives nothing.
import type { Precision } from '../types.ts';
import { type Ymd, addDays, weekday } from './calendar.ts';
import type { Sentence } from './candidates.ts';
import type { Resolution } from './resolve.ts';
import { countOf } from './words.ts';

type Unit = 'day' | 'week' | 'month' | 'year';

interface Anchored {
  readonly start: number;
  readonly end: number;
  readonly unit: Unit;
  /** Units forward (negative: back). */
  readonly n: number;
  /** Inside the sentence, not opening it: counted from the latest day the text gave. */
  readonly inside?: boolean;
}

const NUMBER = '(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2})';
const FOLLOWING = /\bthe\s+(following|next|previous|preceding)\s+(day|week|month|year)\b/gi;
const LATER = new RegExp(`\\b${NUMBER}\\s+(days?|weeks?|months?|years?)\\s+(later|earlier)\\b`, 'gi');
const DAY_AFTER = /\bthe\s+day\s+(after|before)\b(?!\s+(?:the|a|an|his|her|their|its|our|my|this|that|[A-Z0-9]))/gi;

// Only where a narrative sentence opens with it ("The following day, Trump backtracked"): inside a
// sentence the same words are mostly spans ("within the next month"), appositions ("On Sunday, the
// next day") or plans ("in Egypt tomorrow and Israel the next day").
const OPENING = /^[\s“"‘']*(?:(?:and|but|then|so|just|only|almost|nearly|about|some)\s+)*$/i;
// Hypotheticals, conditionals and plans are not events.
const NOT_AN_EVENT = /\b(?:would|could|might|should|if|unless|will|shall|may)\b|[’']ll\b|[’']d\b/i;

// A cheap test that spares the patterns below most sentences.
const MAYBE_ANCHORED = /later|earlier|following|next|previous|preceding|day after|day before/i;

// Inside a sentence, "the previous day" / "the next day" / "the following day" date what a past
// sentence tells ("This followed a 5.8 quake the previous day", "a press release issued the
// following day"), unless a span word comes before ("within the next day") or it stands in
// apposition to a date (", the next day").
const SPAN_BEFORE = /(?:\b(?:within|over|in|into|during|for|by|until|till|through|throughout|of|and|or|to)|,)\s*$/i;
const DAY_PAST = /\b(?:was|were|had|followed|[a-z]{3,}ed)\b/;

/** The anchored expressions of a sentence, in text order. */
export function anchoredExpressions(s: Sentence): Anchored[] {
  if (!MAYBE_ANCHORED.test(s.text) || NOT_AN_EVENT.test(s.text)) return [];
  return collect(s).flatMap((a) => {
    const before = s.text.slice(0, a.start - s.start);
    if (OPENING.test(before)) return [a];
    const inside = a.unit === 'day' && Math.abs(a.n) === 1 && /^the\s/i.test(s.text.slice(a.start - s.start)) && !SPAN_BEFORE.test(before) && DAY_PAST.test(before);
    return inside ? [{ ...a, inside: true }] : [];
  });
}

function collect(s: Sentence): Anchored[] {
  const out: Anchored[] = [];
  for (const m of s.text.matchAll(FOLLOWING)) {
    const back = /^(?:previous|preceding)$/i.test(m[1] ?? '');
    out.push({ start: s.start + m.index, end: s.start + m.index + m[0].length, unit: (m[2] ?? '').toLowerCase() as Unit, n: back ? -1 : 1 });
  }
  for (const m of s.text.matchAll(LATER)) {
    const n = countOf(m[1] ?? '');
    if (n === undefined) continue;
    const unit = (m[2] ?? '').toLowerCase().replace(/s$/, '') as Unit;
    out.push({ start: s.start + m.index, end: s.start + m.index + m[0].length, unit, n: /earlier/i.test(m[3] ?? '') ? -n : n });
  }
  for (const m of s.text.matchAll(DAY_AFTER)) {
    out.push({ start: s.start + m.index, end: s.start + m.index + m[0].length, unit: 'day', n: /after/i.test(m[1] ?? '') ? 1 : -1 });
  }
  return out.sort((a, b) => a.start - b.start);
}

const RANK: Record<Precision, number> = { year: 0, season: 1, month: 2, week: 3, day: 4 };

function monthShift(year: number, month: number, n: number): { year: number; month: number } {
  const total = year * 12 + (month - 1) + n;
  return { year: Math.floor(total / 12), month: (total % 12) + 1 };
}

/**
 * The date `a` names, counted from `anchor`; null when the anchor is too coarse to count from, or
 * when the date would fall after publication (then the text is not telling what happened).
 */
export function shiftFrom(anchor: Resolution, a: Anchored, ref: Ymd): Resolution | null {
  // Only from a date the text writes out with its year ("In July 2018"): counting from "a little
  // more than 30 years ago" or from another anchored date compounds the guess.
  // A weekday or "yesterday" is as exact: "On Saturday, the cabinet voted. The following day, …".
  if (!anchor.explicitYear && !anchor.dayFromPublication && !(a.inside && anchor.precision === 'day')) return null;
  const r = shift(anchor, a);
  if (!r) return null;
  const first = `${String(r.year).padStart(4, '0')}-${String(r.month ?? 1).padStart(2, '0')}-${String(r.day ?? 1).padStart(2, '0')}`;
  const published = `${String(ref.year).padStart(4, '0')}-${String(ref.month).padStart(2, '0')}-${String(ref.day).padStart(2, '0')}`;
  return first > published ? null : r;
}

function shift(anchor: Resolution, a: Anchored): Resolution | null {
  const base = { start: a.start, end: a.end, explicitYear: false, impliedYear: false };
  const p = anchor.precision;
  if (a.unit === 'year') return { ...base, year: anchor.year + a.n, precision: 'year' };
  if (p === 'year' || p === 'season') return null;
  if (a.unit === 'month') {
    if (anchor.month === undefined) return null;
    const m = monthShift(anchor.year, anchor.month, a.n);
    return { ...base, ...m, precision: 'month' };
  }
  // Days and weeks: exact from a day; from a coarser date only one unit away, kept at the anchor's
  // own date (the day after a day in July 2018 is almost surely in July 2018).
  if (p === 'day' && anchor.month !== undefined && anchor.day !== undefined) {
    const d: Ymd = addDays({ year: anchor.year, month: anchor.month, day: anchor.day }, a.unit === 'week' ? 7 * a.n : a.n);
    if (a.unit === 'day') return { ...base, ...d, precision: 'day' };
    return { ...base, ...addDays(d, -((weekday(d) + 6) % 7)), precision: 'week' };
  }
  if (Math.abs(a.n) === 1 && RANK[p] < RANK[a.unit]) {
    return { ...base, year: anchor.year, ...(anchor.month !== undefined && { month: anchor.month }), ...(anchor.day !== undefined && { day: anchor.day }), precision: p };
  }
  return null;
}

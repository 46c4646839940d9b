// Candidate date expressions in one sentence, before any filtering: what chrono-node finds, plus
// bare years ("in 2013", "a 2013 visit"), which chrono-node's English parsers do not match.
import * as chrono from 'chrono-node';
import type { Ymd } from './calendar.ts';
import { MONTH_WORD, NUMBER_WORD_PATTERN } from './words.ts';

export interface Sentence {
  /** The sentence as it stands in the article (untrimmed), and its offsets in `article.text`. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface Candidate {
  readonly source: 'chrono' | 'year' | 'season';
  /** Offsets in the article text; `expression === article.text.slice(start, end)`. */
  readonly start: number;
  readonly end: number;
  readonly expression: string;
  /** Components the text states (chrono's "known" values; for a bare year, the year alone). */
  readonly year?: number;
  readonly month?: number;
  readonly day?: number;
  readonly weekday?: number;
  readonly hour?: number;
  /** What chrono-node computed for the whole date, for relative expressions ("last month"). */
  readonly computed?: Ymd;
  /** The year is said relative to the publication ("December 22, last year"), not written as a number. */
  readonly yearInWords?: boolean;
  /** chrono-node found a range ("Jan. 6 to Jan. 8"); only its start is used. */
  readonly isRange: boolean;
  /** A season: its name and the "last"/"this"/"next" before it ("last spring"). */
  readonly season?: { readonly name: Season; readonly modifier?: string };
}

export type Season = 'spring' | 'summer' | 'autumn' | 'winter';

// chrono-node's casual English parser without its ENUnlikelyFormatFilter, which drops every "May"
// not right after "in" ("last May", "since May", "May." at the end of a sentence) so as not to read
// the modal verb as a month. negatives.ts already tells the two apart (the verb is lower case; a
// month alone needs a date cue before it: "Theresa May", "May I ask" are not dates).
const parser: chrono.Chrono = (() => {
  const c = chrono.casual.clone();
  c.refiners = c.refiners.filter((r) => r.constructor.name !== 'ENUnlikelyFormatFilter');
  return c;
})();

// "the night of June 21": chrono-node reads "night of June 21" as a time of day with no date. The
// words are blanked (same length, so offsets hold) before parsing.
const TIME_OF_DAY_OF = /\b(?:morning|afternoon|evening|night)\s+of\s+(?=[A-Z0-9])/g;
const blank = (t: string): string => t.replace(TIME_OF_DAY_OF, (m) => ' '.repeat(m.length));

// Noon UTC with a zero offset: chrono-node then computes in UTC, and noon keeps "yesterday"/"today"
// on the right calendar day whatever the time zone of the machine.
function reference(ref: Ymd): chrono.ParsingReference {
  return { instant: new Date(Date.UTC(ref.year, ref.month - 1, ref.day, 12)), timezone: 0 };
}

// A cheap test that spares chrono-node the sentences with nothing date-like in them.
const MAYBE_DATE = /\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|ago|last|this|next|past|mon|tue|wed|thu|fri|sat|sun)/i;

// "from January 23 through March 9", "Jan. 6 to Jan. 8, 2021": a range whose end names its month is
// two dates, each dated (a news timeline lists when the exhibit opens and when it closes). "June
// 1-3, 2019" stays one date, its start.
const RANGE_ENDS = new RegExp(`^(.+?)(\\s+(?:to|through|until|till)\\s+|\\s*[-–—]\\s*)(${MONTH_WORD.source}.*)$`, 'i');

const WEEKDAY_WORDS = /\b(?:(?:last|this|next|this\s+past|past)\s+)?(?:sun|mon|tues|wednes|thurs|fri|satur)day(?:\s+(?:morning|afternoon|evening|night))?\b/i;

function certain(c: chrono.ParsedComponents): Pick<Candidate, 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'computed'> {
  const get = (k: chrono.Component): number | undefined => (c.isCertain(k) ? (c.get(k) ?? undefined) : undefined);
  const [year, month, day, weekday, hour] = [get('year'), get('month'), get('day'), get('weekday'), get('hour')];
  const cy = c.get('year');
  const cm = c.get('month');
  const cd = c.get('day');
  return {
    ...(year !== undefined && { year }),
    ...(month !== undefined && { month }),
    ...(day !== undefined && { day }),
    ...(weekday !== undefined && { weekday }),
    ...(hour !== undefined && { hour }),
    ...(cy !== null && cm !== null && cd !== null && { computed: { year: cy, month: cm, day: cd } }),
  };
}

function withoutDay<T extends { day?: number }>(c: T, drop: boolean): Omit<T, 'day'> | T {
  if (!drop) return c;
  const { day: _, ...rest } = c;
  return rest;
}

function chronoCandidates(s: Sentence, ref: Ymd): Candidate[] {
  const out: Candidate[] = [];
  for (const r of parser.parse(blank(s.text), reference(ref))) {
    // chrono-node sometimes takes in the comma after a date ("December,") or the preposition before
    // it ("on Monday"): the expression is the date words alone.
    // "this week on Wednesday" is one day: the weekday says which ("Earlier this week on Wednesday").
    let lead = /^(?:on|at|in)\s+|^this\s+week,?\s+on\s+(?=(?:sun|mon|tues|wednes|thurs|fri|satur)day\b)/i.exec(r.text)?.[0].length ?? 0;
    let text = r.text.slice(lead).replace(/[\s,;:]+$/, '');
    // A weekday with no month, which chrono-node ran together with a clock time or a number
    // ("7:49 a.m. UTC) on Saturday morning", "Saturday 8:00 p.m.", "late Tuesday, 20 bodies"): a
    // timeline dates the day, so the expression is the weekday words alone.
    const weekdayOnly = !r.start.isCertain('month') && r.start.isCertain('weekday') ? WEEKDAY_WORDS.exec(text) : null;
    if (weekdayOnly && weekdayOnly[0] !== text) {
      lead += weekdayOnly.index;
      text = weekdayOnly[0];
    }
    // "end of August": chrono-node dates the last day; a timeline dates the month, late in it
    // (resolve.ts takes "end of" in as the modifier).
    const endOf = r.start.isCertain('month') && !r.end ? /^(?:the\s+)?end\s+of\s+/i.exec(text) : null;
    if (endOf) {
      lead += endOf[0].length;
      text = text.slice(endOf[0].length);
    }
    const index = r.index + lead;
    const ends = r.end ? RANGE_ENDS.exec(text) : null;
    if (r.end && ends) {
      const first = ends[1] ?? '';
      const at = index + first.length + (ends[2] ?? '').length;
      const last = ends[3] ?? '';
      out.push({ source: 'chrono', start: s.start + index, end: s.start + index + first.length, expression: first, ...certain(r.start), isRange: false });
      out.push({ source: 'chrono', start: s.start + at, end: s.start + at + last.length, expression: last, ...certain(r.end), isRange: false });
      continue;
    }
    out.push({
      source: 'chrono',
      start: s.start + index,
      end: s.start + index + text.length,
      expression: text,
      ...withoutDay(certain(r.start), endOf !== null),
      isRange: r.end !== null && r.end !== undefined,
    });
  }
  return out;
}

// A four-digit year standing alone: not part of a longer number ("2,020", "12020", "2020.5"), not
// a decade ("2020s"), not a percentage. Whether it is a date is decided by the negative filters.
// "2017's Hurricane Maria", "2020's election" are the year's; "the 1990's", "the early 2010's" are
// decades (a year ending in 0, its "'s", and "the" or a part of the decade before it).
const BARE_YEAR = /(?<![\d.,$€£#/:])\b(19\d\d|20\d\d)\b(?![\d/:]|[.,]\d|%|s\b)/g;
const DECADE_APOSTROPHE = /^[’']s\b/;
const BEFORE_DECADE = /\b(?:the|early|mid|late)[\s-]+$/i;

function yearCandidates(s: Sentence, taken: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const m of s.text.matchAll(BARE_YEAR)) {
    const start = s.start + m.index;
    const end = start + m[0].length;
    if (taken.some((c) => c.start < end && start < c.end)) continue;
    const at = start - s.start;
    if (m[0].endsWith('0') && DECADE_APOSTROPHE.test(s.text.slice(at + m[0].length)) && BEFORE_DECADE.test(s.text.slice(0, at))) continue;
    out.push({ source: 'year', start, end, expression: m[0], year: Number(m[1]), isRange: false });
  }
  return out;
}

// "last spring", "this summer", "summer of 2019", "the fall of 2008", "winter 2018": a season with
// a modifier or a year (chrono-node has no seasons). A season alone ("in the spring") is not dated.
// "the winter of 2006–2007", "winter 2018-19": the year after the dash is the same season's end.
const SEASON = /\b(?:(last|this past|past|this|next)\s+)?(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?((?:19|20)\d\d)(?:\s*[-–/]\s*(?:19|20)?\d\d)?\b)?/gi;

const FALL_VERB_AFTER = /^\s+(?:on|into|under|within|short|apart|behind|through|off|out|back|below|above|flat)\b/i;
const FALL_VERB_BEFORE = /\b(?:does|do|did|will|would|could|can|may|might|should|where|how|what|not)\s+$/i;

function seasonCandidates(s: Sentence): Candidate[] {
  const out: Candidate[] = [];
  for (const m of s.text.matchAll(SEASON)) {
    const modifier = m[1]?.toLowerCase();
    const year = m[3] === undefined ? undefined : Number(m[3]);
    if (modifier === undefined && year === undefined) continue;
    // "last fall" is a season; "prices fall" is not (no modifier, no year); "Fall 2019" needs the year.
    const word = (m[2] ?? '').toLowerCase();
    const start = s.start + m.index;
    // "where does this fall on the agenda", "this will fall short": the verb.
    if (word === 'fall' && year === undefined && (FALL_VERB_AFTER.test(s.text.slice(m.index + m[0].length)) || FALL_VERB_BEFORE.test(s.text.slice(0, m.index)))) continue;
    const name: Season = word === 'fall' ? 'autumn' : (word as Season);
    out.push({
      source: 'season',
      start,
      end: start + m[0].length,
      expression: m[0],
      ...(year !== undefined && { year }),
      isRange: false,
      season: { name, ...(modifier !== undefined && { modifier }) },
    });
  }
  return out;
}

// "December 22, last year": the year of a month (and day) given by a relative year after it. One
// expression, one date: the "last year" is not a date of its own.
// "March of last year", "June of this year" are the same thing.
const YEAR_AFTER = /^,?\s+(?:of\s+)?(last|this|next)\s+year\b/i;

function withYearAfter(cs: readonly Candidate[], s: Sentence, ref: Ymd): Candidate[] {
  const out: Candidate[] = [];
  let skipUntil = -1;
  for (const c of cs) {
    if (c.start < skipUntil) continue;
    const m = c.month !== undefined && c.year === undefined ? YEAR_AFTER.exec(s.text.slice(c.end - s.start)) : null;
    if (!m) {
      out.push(c);
      continue;
    }
    const w = (m[1] ?? '').toLowerCase();
    const end = c.end + m[0].length;
    out.push({ ...c, end, expression: s.text.slice(c.start - s.start, end - s.start), year: ref.year + (w === 'last' ? -1 : w === 'next' ? 1 : 0), yearInWords: true });
    skipUntil = end;
  }
  return out;
}

// Relative forms chrono-node misses or cuts short: "this past week" (it reads "past week", which
// is a span), "this weekend", "last weekend" (it reads a weekend as one Saturday, or not at all),
// "Seventeen years ago" (it spells numbers out only to twelve), "the end of last year" (it reads a
// day). relative.ts resolves them.
const WORD_FORMS = new RegExp(
  `\\b(?:(?:end|beginning|start)\\s+of\\s+(?:last|this|next)\\s+(?:week|month|year)|this\\s+past\\s+(?:week|month|year)|(?:this\\s+past|this|last|past)\\s+weekend|(?<![\\w-])(?:${NUMBER_WORD_PATTERN}|\\d{1,3})\\s+(?:days?|weeks?|months?|years?)\\s+ago)\\b`,
  'gi',
);

function wordCandidates(s: Sentence): Candidate[] {
  return [...s.text.matchAll(WORD_FORMS)].map((m) => ({ source: 'chrono', start: s.start + m.index, end: s.start + m.index + m[0].length, expression: m[0], isRange: false }));
}

const overlaps = (a: Candidate, b: Candidate): boolean => a.start < b.end && b.start < a.end;

// "Sunday night (March 4)": the weekday and the date in brackets after it are one day, written
// twice; one candidate spanning both, dated by the date.
function withBracketedDate(cs: readonly Candidate[], s: Sentence): Candidate[] {
  const out: Candidate[] = [];
  for (const c of cs) {
    const prev = out.at(-1);
    const between = prev ? s.text.slice(prev.end - s.start, c.start - s.start) : '';
    const close = /^\s*\)/.exec(s.text.slice(c.end - s.start));
    if (prev && prev.weekday !== undefined && prev.month === undefined && c.month !== undefined && c.day !== undefined && /^\s*\($/.test(between) && close) {
      const end = c.end + close[0].length;
      out[out.length - 1] = { ...c, start: prev.start, end, expression: s.text.slice(prev.start - s.start, end - s.start) };
      continue;
    }
    out.push(c);
  }
  return out;
}

/** Every candidate in the sentence, in text order. */
export function findCandidates(s: Sentence, ref: Ymd): Candidate[] {
  if (!MAYBE_DATE.test(s.text)) return []; // a dated season has a year or "last"/"this"/"next"/"past"
  const seasons = seasonCandidates(s);
  const words = wordCandidates(s).filter((c) => !seasons.some((x) => overlaps(x, c)));
  const fromChrono = withBracketedDate(withYearAfter(chronoCandidates(s, ref), s, ref), s).filter((c) => !seasons.some((x) => overlaps(x, c)) && !words.some((x) => overlaps(x, c)));
  const taken = [...seasons, ...words, ...fromChrono];
  return [...taken, ...yearCandidates(s, taken)].sort((a, b) => a.start - b.start);
}

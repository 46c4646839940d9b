// Things that look like dates and are not: clock times and video durations, spans and durations,
// modal "may" and the verb "march", counts, fiscal years, and years that are part of a name. Each
// rule returns why it rejects a candidate, so tests and debugging can say which rule fired.
import type { Candidate, Sentence } from './candidates.ts';
import { MONTH_WORD, around, lastWord } from './words.ts';
import { isRelativeExpression, isWeekdayExpression } from './relative.ts';
import { tenseNear } from './tense.ts';

type Rule = (c: Candidate, s: Sentence) => string | null;

/** A month name, a numeric date with a year, or an ISO date: what makes an expression absolute. */
export function isCalendarExpression(expression: string): boolean {
  return new RegExp(MONTH_WORD.source, 'i').test(expression) || /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{4}\b/.test(expression);
}

// Words that, right after "March 3" with no year, make it a name ("the Sept. 11 attacks").
const NAMED_DAY_NOUNS = /^\s*(?:attacks?|terrorist|terror|hijack\w*|commission|committee|insurrection|riots?|rioters|memorial|era|anniversary|families|victims)\b/i;

// Events a weekday after "the" dates ("the Thursday opening", "the Monday meeting").
const EVENT_NOUN_AFTER =
  /^\s+(?:edition|issue|opening|meeting|vote|votes|election|session|hearing|announcement|attack|attacks|ceremony|summit|game|match|final|talks|debate|rally|deadline|launch|raid|strike|protest|protests|march|shooting|explosion|crash|ruling|verdict|decision|briefing|press\s+conference|speech|statement|referendum|primary|funeral|premiere|release|deal|agreement|sentencing|trial|arrest)\b/;

// Function words and verbs that, after "the March", show a name or a verb rather than a dated noun.
const NOT_A_NOUN = new Set(['for', 'of', 'to', 'on', 'in', 'at', 'by', 'with', 'from', 'and', 'or', 'that', 'which', 'who', 'is', 'was', 'were', 'are', 'has', 'had', 'will', 'would']);

// Words a bare year follows when it is a date: prepositions, articles, determiners.
// Prepositions and modifiers a date follows ("in 2018", "by March", "late May"): the cues a bare year
// and a bare month share.
const DATE_PREPOSITIONS = ['in', 'since', 'by', 'until', 'till', 'through', 'throughout', 'during', 'before', 'after', 'from', 'to', 'between', 'and', 'or', 'of', 'early', 'late', 'mid', 'mid-'];

const YEAR_CUES = new Set([
  ...DATE_PREPOSITIONS,
  'the',
  'a',
  'an',
  'around',
  'circa',
  'than',
  'at',
  'for',
  'that',
  'this',
  'its',
  'his',
  'her',
  'their',
  'our',
  'year',
  'spring',
  'summer',
  'fall',
  'autumn',
  'winter',
  'beginning',
  'end',
  'start',
  'as',
  'back',
]);

// Heads of names that a year can be part of: "the 2020 Election Act", "the 2022 National Security Strategy".
const NAME_HEADS =
  'Act|Acts|Law|Code|Strategy|Doctrine|Budget|Plan|Initiative|Authorization|Appropriations|NDAA|Bill|Agreement|Treaty|Accords?|Declaration|Convention|Resolution|Directive|Review|Framework|Program|Programme|Agenda|Vision|Fund';
// The name starts right after the year ("2020 Election Act"); "Since 2007 the … Program has seeded"
// opens a clause with the year.
const NAMED_AFTER = new RegExp(`^\\s+(?:[A-Z][\\w.’'-]*\\s+(?:(?:[A-Z][\\w.’'-]*|and|of|for|on|the|to)\\s+)*?)?(?:${NAME_HEADS})\\b`);
const NAMED_BEFORE = new RegExp(`\\b(?:${NAME_HEADS}|Order|Class|Vision|Agenda|Project|Expo)\\s+(?:of\\s+)?$`);

// Time zones news writes after a clock time.
const ZONE = '\\b(?:UTC|GMT|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z|Zulu)\\b';
// A year that is a 24-hour clock time: the zone right after it, or at the end of its parenthesis.
const ZONE_AFTER = new RegExp(`^\\s*${ZONE}`);
const ZONE_IN_PARENTHESIS = new RegExp(`^[^()]*${ZONE}[^()]*\\)`);

// A bare number followed by what it counts is a count, not a year ("2000 troops").
const COUNTED =
  /^\s*(?:[-\s]?years?[-\s]+old\b|%|percent|per cent|troops|soldiers|people|persons|Americans|civilians|diplomats|dollars|tons|tonnes|miles|km|kilometers|kilometres|barrels|jobs|members|cases|deaths|casualties|units|times|hours|minutes|seconds|days|weeks|months|years|votes|pages|employees|workers|refugees|children|prisoners|detainees|victims|missiles|drones|tanks|rounds|shells|companies|entities|individuals|sanctions|acres|feet|meters|metres|calories)\b/i;

const MAY_CUES = new Set(['in', 'since', 'until', 'till', 'through', 'throughout', 'during', 'last', 'this', 'next', 'past', 'early', 'late', 'mid', 'mid-', 'of', 'and', 'between', 'by']);
// Words that may follow a month used as a date ("in May and June", "since May this year").
const AFTER_MONTH = new Set([
  'and',
  'or',
  'to',
  'of',
  'the',
  'a',
  'an',
  'this',
  'last',
  'that',
  'when',
  'after',
  'before',
  'but',
  'as',
  'with',
  'for',
  'at',
  'in',
  'on',
  'by',
  'from',
  'until',
  'through',
  'while',
  'so',
  'is',
  'was',
  'will',
  'has',
  'had',
  'next',
  'amid',
  'into',
  'because',
]);

const rules: Record<string, Rule> = {
  // "9:36 A.M. EDT", "1:53", "02:39", "at 3 p.m.": a time with no date at all.
  clockTime: (c) => (c.source === 'chrono' && /^\d{1,2}:\d{2}/.test(c.expression) ? 'clock time or duration' : null),

  // "may", "march": month names are capitalised in English; a lower-case one is a verb.
  lowerCaseMonth: (c) => {
    if (c.source !== 'chrono') return null;
    for (const m of c.expression.matchAll(new RegExp(MONTH_WORD.source, 'gi'))) {
      if (/^[a-z]/.test(m[1] ?? '')) return 'lower-case month name (a verb)';
    }
    return null;
  },

  // "22 of April 30" (in "M-22-18 of April 30"): chrono-node reads a two-digit year; news writes four.
  // "December 22, last year", "March of last year" (candidates.ts) state their year in words.
  shortYear: (c) => (c.source === 'chrono' && c.year !== undefined && !c.yearInWords && isCalendarExpression(c.expression) && !/\b\d{4}\b/.test(c.expression) ? 'two-digit year' : null),

  // "Sixty-five years ago": chrono-node reads "five years ago" from the end of a compound number.
  partOfNumber: (c, s) =>
    c.source === 'chrono' && /^(?:one|two|three|four|five|six|seven|eight|nine)\b/i.test(c.expression) && /\w-$/.test(around(s, c.start, c.end).before) ? 'the end of a hyphenated number' : null,

  // "9/11", "24/7", "1/2": slashes without a four-digit year are names or fractions.
  slashWithoutYear: (c) => (c.source === 'chrono' && /^\d{1,2}\/\d{1,2}$/.test(c.expression.trim()) ? 'slash date without a year' : null),

  // Relative expressions that are spans ("for three years", "the past year") or anchored on
  // something other than the publication date ("three days before the summit"): not whitelisted.
  spanOrAnchored: (c, s) => {
    if (c.source !== 'chrono' || isCalendarExpression(c.expression)) return null;
    if (isWeekdayExpression(c.expression)) return null;
    if (!isRelativeExpression(c.expression)) return 'span, duration or relative to something else';
    // "over the last year", "in the next month": "the" makes a span of the last twelve months.
    const { before, after } = around(s, c.start, c.end);
    // Not "the past weekend": the one just gone, as "this past weekend" ("the last weekend of July" is no match).
    if (/\bthe\s+$/i.test(before) && !/^(?:end|beginning|start)\b|^past\s+weekend$/i.test(c.expression)) return 'span ("the last year")';
    // "this past year and a half": a span.
    if (/^\s+and\s+a\s+half\b/i.test(after)) return 'span ("a year and a half")';
    // "in this past week", "over this past year": the last seven days, not the week before.
    return /^this\s+past\b/i.test(c.expression) && /\b(?:in|over|during|within|for|throughout)\s+$/i.test(before) ? 'span ("in this past week")' : null;
  },

  // "We are for the freedom to dress, but today with the current situation … we find": "today" set
  // against the past ("but today", "yet today", "even today") means "nowadays" when no verb after
  // it tells of something done or to be done that day.
  nowadays: (c, s) => {
    if (c.source !== 'chrono' || !/^today$/i.test(c.expression)) return null;
    const { before, after } = around(s, c.start, c.end);
    // "as strong today as it was when Warhol was living": today set against a past in a comparison.
    if (/\bas\s+[a-z]+\s+$/i.test(before) && /^\s+as\b/i.test(after)) return '"today" in a comparison (nowadays)';
    if (!/\b(?:but|yet|even|still|than)\s+$/i.test(before)) return null;
    const clause = after.split(/["”“]/)[0] ?? '';
    return tenseNear(clause, 0, 0) === null ? '"today" meaning "nowadays"' : null;
  },

  // "according to USA Today", "NBC's Today": a capitalised "Today" after a capitalised word, inside
  // a sentence, is a name (a newspaper, a programme).
  todayInName: (c, s) => {
    if (c.source !== 'chrono' || c.expression !== 'Today') return null;
    const { before } = around(s, c.start, c.end);
    return /\S/.test(before) && /\b[A-Z][\w’'.&-]*\s+$/.test(before) ? '"Today" inside a name' : null;
  },

  // "March on Washington", "May God bless": a month alone needs a preposition or modifier before it.
  bareMonth: (c, s) => {
    if (c.source !== 'chrono' || c.month === undefined || c.day !== undefined || c.year !== undefined) return null;
    const { before, after } = around(s, c.start, c.end);
    const word = lastWord(before);
    const cues = [...DATE_PREPOSITIONS, 'on', 'last', 'this', 'next', 'past', 'as', 'for'];
    if (cues.includes(word)) return null;
    // "The November border demarcation resulted in …": "the", the month, then a common noun it dates,
    // told in the past (what lies ahead, "The July summit is the next step", stays undated); "the
    // March for Our Lives", "the March on Washington" go on with a preposition (names).
    const noun = /^\s+([a-z]+)\b/.exec(after)?.[1];
    const dated = word === 'the' && noun !== undefined && !NOT_A_NOUN.has(noun) && tenseNear(s.text, c.start - s.start, c.end - s.start) === 'past';
    return dated ? null : 'month name without a date cue';
  },

  // "May" alone is also a name ("calls for May to resign", "after May took office"): it needs a
  // strong cue before it, and no verb after it.
  mayAsName: (c, s) => {
    if (c.source !== 'chrono' || c.month !== 5 || c.day !== undefined || c.year !== undefined) return null;
    const { before, after } = around(s, c.start, c.end);
    if (!MAY_CUES.has(lastWord(before))) return '"May" without a strong date cue (a name?)';
    const next = /^\s+([a-z][a-z’']*)/.exec(after)?.[1];
    return next !== undefined && !AFTER_MONTH.has(next) ? '"May" followed by a verb (a name)' : null;
  },

  // "on a Friday", "every Thursday", "that Thursday", "the following Monday": a weekday that is
  // generic, or anchored on a day the text names elsewhere.
  genericWeekday: (c, s) => {
    if (c.source !== 'chrono' || !isWeekdayExpression(c.expression)) return null;
    const { before, after } = around(s, c.start, c.end);
    // "the Thursday opening", "the Tuesday vote": "the" and an event the weekday dates.
    if (/\bthe\s+$/i.test(before) && EVENT_NOUN_AFTER.test(after)) return null;
    // "following" alone is a preposition ("declared a state of calamity following Wednesday's quake").
    if (/\b(?:a|an|every|each|any|one|some|that|those|the|(?:the|that|a)\s+following|previous|same)\s+$/i.test(before)) return 'generic or anchored weekday';
    // "Happy Friday", "the Good Friday Agreement", "Fox News Sunday", "Super Tuesday".
    return /\b(?:happy|good|black|cyber|super|holy|easter|palm|ash|news|giving)\s+$/i.test(before) ? 'a greeting or a name' : null;
  },

  // "the Sept. 11 attacks", "the January 6 committee": a month-day without a year used as a name.
  namedDay: (c, s) => {
    if (c.source !== 'chrono' || c.day === undefined || c.year !== undefined) return null;
    return NAMED_DAY_NOUNS.test(around(s, c.start, c.end).after) ? 'day used as a name' : null;
  },

  // Bare years: only after a word that introduces a date, and not in a name, a fiscal year or a count.
  bareYear: (c, s) => {
    if (c.source !== 'year') return null;
    const { before, after } = around(s, c.start, c.end);
    if (/\b(?:fiscal(?:\s+year)?|FY|Fiscal\s+Year)\s*$/i.test(before)) return 'fiscal year';
    if (NAMED_BEFORE.test(before) || NAMED_AFTER.test(after)) return 'year inside a name';
    // "Most Influential People of 2024", "Class of 2020": a capitalised word and "of" make a title.
    const titled = /\b([A-Z][a-z]+)\s+of\s*$/.exec(before);
    if (titled && !new RegExp(`^${MONTH_WORD.source}$`, 'i').test(titled[1] ?? '')) return 'year inside a title';
    if (COUNTED.test(after)) return 'a count, not a year';
    // "over 2000 - 2050": a year opening a range of years is a date, whatever word comes before it.
    if (/^\s*[-–]\s*(?:19|20)\d\d\b/.test(after)) return null;
    // "8:30 p.m. BST (1930 UTC)": a 24-hour clock time.
    if (ZONE_AFTER.test(after)) return 'a 24-hour clock time';
    // "(2053 Wednesday night, UTC)": the clock time of a day, the zone at the end of the parenthesis.
    if (/\(\s*$/.test(before) && ZONE_IN_PARENTHESIS.test(after)) return 'a 24-hour clock time';
    if (/^[\s“"‘'([*•-]*$/.test(before)) return null; // the sentence starts with it
    if (/[’']s\s*$/.test(before)) return null; // "Mueller’s 2019 report"
    if (/(?:[(,;]|(?:19|20)\d\d\s*[-–]|\bmid-)\s*$/.test(before)) return null;
    return YEAR_CUES.has(lastWord(before)) ? null : 'number without a date cue';
  },
};

/** Why the candidate is not a date, or null when no rule rejects it. */
export function rejection(c: Candidate, s: Sentence): string | null {
  for (const [name, rule] of Object.entries(rules)) {
    const why = rule(c, s);
    if (why !== null) return `${name}: ${why}`;
  }
  return null;
}

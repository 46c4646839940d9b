// Word lists and patterns shared by the filters and resolvers.

/** A month name or abbreviation as written ("March", "Sept.", "may"); group 1 is the word. */
export const MONTH_WORD = /\b(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b/gi;

export const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
};

const TENS = 'twenty|thirty|forty';
const UNITS = 'one|two|three|four|five|six|seven|eight|nine';
const COMPOUND = new RegExp(`^(${TENS})-(${UNITS})$`);

/**
 * The number words countOf reads, as a regex alternation: "twenty-five" first, or a match would
 * start at its "five" (a word boundary follows the hyphen).
 */
export const NUMBER_WORD_PATTERN = [`(?:${TENS})-(?:${UNITS})`, ...Object.keys(NUMBER_WORDS)].join('|');

/** "two" → 2, "twenty-five" → 25, "12" → 12, "a" → 1; undefined for anything else ("several", "a few"). */
export function countOf(word: string): number | undefined {
  const w = word.toLowerCase();
  if (/^\d{1,3}$/.test(w)) return Number(w);
  const compound = COMPOUND.exec(w);
  if (compound) return (NUMBER_WORDS[compound[1] ?? ''] ?? 0) + (NUMBER_WORDS[compound[2] ?? ''] ?? 0);
  return NUMBER_WORDS[w];
}

/** The text before the expression in its sentence, and after it. */
export function around(sentence: { text: string; start: number }, start: number, end: number): { before: string; after: string } {
  return { before: sentence.text.slice(0, start - sentence.start), after: sentence.text.slice(end - sentence.start) };
}

/** The last word before a position, lower-cased, possessive kept ("mueller’s"), or "" at the start. */
export function lastWord(before: string): string {
  const m = /([A-Za-z][A-Za-z.’'-]*)\s*$/.exec(before);
  return m ? (m[1] ?? '').toLowerCase() : '';
}

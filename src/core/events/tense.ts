// The tense a date expression is used in, read from the verbs nearest it in its sentence: "officials
// said Friday" (past), "the board will vote on Friday" (future). The nearest marker wins, so a
// quotation elsewhere in the sentence ("“Nothing will change,” Pompeo said on Tuesday") does not
// decide it. A heuristic on words, not a parser: null when no marker is near.

export type Tense = 'past' | 'future';

const FUTURE_WORDS = new Set(['will', 'shall', 'won’t', "won't", 'scheduled', 'upcoming', 'expected', 'plans', 'plan', 'planned', 'intends', 'intend', 'due', 'set', 'next', 'tomorrow', 'coming']);
// Irregular past forms news uses most; regular ones end in "-ed".
const PAST_WORDS = new Set([
  'was',
  'were',
  'had',
  'did',
  'said',
  'told',
  'went',
  'came',
  'met',
  'left',
  'took',
  'made',
  'gave',
  'spoke',
  'began',
  'won',
  'lost',
  'fell',
  'rose',
  'sent',
  'held',
  'led',
  'ran',
  'saw',
  'found',
  'became',
  'brought',
  'thought',
  'wrote',
  'struck',
  'hit',
  'put',
  'quit',
  'shot',
  'fought',
  'sought',
  'paid',
  'sold',
  'built',
  'kept',
  'broke',
  'chose',
  'drove',
  'flew',
  'grew',
  'knew',
  'threw',
  'ago',
  'yesterday',
  'earlier',
  'been',
]);
// "-ed" words that are not past tense here.
const NOT_PAST = new Set(['need', 'speed', 'seed', 'feed', 'red', 'bed', 'indeed', 'united', 'based', 'related', 'armed', 'limited', 'proposed', 'hundred']);

// Intent: "committed to getting Britain out by October 31", "vowed to close the deal by March 3",
// "his plans for a no-deal Brexit by October 31". What is intended lies ahead, even when the
// intending is told in the past ("have claimed", "vowed"): nearest the date, the intent decides.
// Only before the date: in "In January, Trump vowed to …" the vowing is what January dates.
const INTENT_WORDS = new Set(['committed', 'pledged', 'vowed', 'promised', 'determined', 'aims', 'aim', 'aiming', 'hopes', 'hoping', 'wants', 'seeks', 'seeking']);

// "last" tells the past only before a time ("last week", "last May"); "the orbiter's last flight,
// which launches June 28" looks ahead.
const TIME_AFTER_LAST =
  /^(?:night|week|weekend|month|year|decade|spring|summer|autumn|fall|winter|(?:sun|mon|tues|wednes|thurs|fri|satur)day|jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|august|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/;

// "due to a massive landslide", "due to the storm": a cause, not a timetable ("is due to arrive").
const CAUSE_AFTER_DUE_TO = new Set(['a', 'an', 'the', 'his', 'her', 'its', 'their', 'our', 'this', 'that', 'these', 'those', 'heavy', 'high', 'low', 'poor', 'bad']);
// "was expected to end on December 15", "were scheduled to meet": an expectation held in the past,
// which says nothing of whether the day is still ahead; the past auxiliary before it decides.
const ARRANGED = new Set(['expected', 'scheduled', 'due', 'set', 'planned', 'supposed']);
const PAST_AUXILIARY = new Set(['was', 'were']);

function markerOf(word: string, next: string | undefined, before: boolean, name = false, following?: string, previous?: string): Tense | null {
  if (word === 'last') return next !== undefined && TIME_AFTER_LAST.test(next) ? 'past' : null;
  if (word === 'due' && next === 'to' && following !== undefined && CAUSE_AFTER_DUE_TO.has(following)) return null;
  if (ARRANGED.has(word) && previous !== undefined && PAST_AUXILIARY.has(previous)) return null;
  // "may continue into early February", "might meet on Friday": a modal before a verb looks ahead
  // ("may have left" does not).
  if ((word === 'may' || word === 'might') && !name && next !== undefined && next !== 'have' && next !== 'not' && /^[a-z]+$/.test(next)) return 'future';
  // "are to travel", "is to visit": what is arranged lies ahead.
  if ((word === 'is' || word === 'are') && next === 'to') return 'future';
  if (before && INTENT_WORDS.has(word) && next === 'to') return 'future';
  if (before && (word === 'plans' || word === 'plan') && next === 'for') return 'future';
  if (FUTURE_WORDS.has(word)) {
    // "set to", "due to", "expected to", "plans to": future only with "to"; "set" alone is often past.
    if (['set', 'due', 'expected', 'plans', 'plan', 'planned', 'intends', 'intend'].includes(word)) return next === 'to' ? 'future' : null;
    return 'future';
  }
  if (word.endsWith('’ll') || word.endsWith("'ll")) return 'future';
  if (word === 'going' && next === 'to') return 'future';
  if (PAST_WORDS.has(word)) return 'past';
  // A capitalised "-ed" word inside the sentence is a name ("Mohamed"), not a verb.
  if (/^[a-z]{3,}ed$/.test(word) && !NOT_PAST.has(word) && !name) return 'past';
  return null;
}

/** The tense nearest the span [start, end) of `sentence` (offsets within the sentence). */
export function tenseNear(sentence: string, start: number, end: number): Tense | null {
  const words = [...sentence.matchAll(/[A-Za-z][A-Za-z’']*/g)].map((m, i) => ({
    w: m[0].toLowerCase(),
    at: m.index,
    to: m.index + m[0].length,
    name: i > 0 && /^[A-Z]/.test(m[0]),
  }));
  // Word indexes: the first word of the expression (or after it) and the first word after it.
  let first = words.findIndex((x) => x.to > start);
  if (first < 0) first = words.length;
  let after = words.findIndex((x) => x.at >= end);
  if (after < 0) after = words.length;
  let best: { tense: Tense; distance: number } | null = null;
  words.forEach((x, i) => {
    if (i >= first && i < after) return; // the expression's own words ("next week") decide nothing here
    const tense = markerOf(x.w, words[i + 1]?.w, i < first, x.name, words[i + 2]?.w, words[i - 1]?.w);
    if (!tense) return;
    // Distance in words between; a marker after the expression counts a little further than one before it.
    const distance = i < first ? first - i - 1 : i - after + 0.5;
    if (!best || distance < best.distance) best = { tense, distance };
  });
  return (best as { tense: Tense } | null)?.tense ?? null;
}

// Does anything in the corpus answer the question? A calibrated score rather than a count of
// matched terms: a tiny logistic model over what the best candidate holds — its weighted coverage
// of the question, whether its best sentence holds what the question asks for (a person, a date,
// a number, a place) — and whether it lacks a question word no passage uses. The weights are data (answerability.json), fitted on the
// eval's tune split only by `src/eval/fit-answerability.ts`, which says how and prints the
// cross-validated rates.
import model from './answerability.json' with { type: 'json' };
import type { QueryAnalysis, Ranked } from './rerank.ts';

/** What a question asks for, read from its wording ("who", "when", "how many", "where"). */
export type AskedFor = 'person' | 'date' | 'number' | 'place' | undefined;

export function askedFor(question: string): AskedFor {
  const q = question.toLowerCase();
  if (/\bhow (?:many|much|old|long|far)\b|\bwhat (?:number|amount|percentage|share)\b/.test(q)) return 'number';
  if (/\bwhen\b|\bwhat (?:day|date|year|month|time)\b|\bwhich (?:day|date|year|month)\b/.test(q)) return 'date';
  if (/\bwho(?:m|se)?\b|\bwhich (?:leader|official|person|people|president|senator|americans?|company|firm|country|countries)\b/.test(q)) return 'person';
  if (/\bwhere\b|\bwhich (?:city|town|place|prison|hospital|country)\b/.test(q)) return 'place';
  return undefined;
}

const MONTH_WORD = /\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b/;
const DATE_WORD = /\b(?:(?:19|20)\d\d|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|last (?:week|month|year)|this (?:week|month|year))\b/i;
const NUMBER_WORD = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|half|twice)\b/i;
// Two capitalised words in a row, not at the sentence's start: a name ("Paul Whelan", "Steve Witkoff").
const NAME = /(?<=\S\s+)[A-Z][\p{Ll}'’-]+(?:\s+[A-Z][\p{Ll}'’-]+)+/u;
const PLACE = /\b(?:in|at|from|to|near)\s+(?:the\s+)?[A-Z][\p{Ll}]+/u;

/** Whether the sentence holds what the question asks for. */
export function holdsAskedFor(kind: AskedFor, sentence: string): boolean {
  switch (kind) {
    case 'number':
      return NUMBER_WORD.test(sentence);
    case 'date':
      return MONTH_WORD.test(sentence) || DATE_WORD.test(sentence);
    case 'person':
      return NAME.test(sentence);
    case 'place':
      return PLACE.test(sentence);
    case undefined:
      return true;
  }
}

/**
 * The model's inputs, in the order of `answerability.json`'s `features`. Tried and dropped (no
 * held-out gain on 29 tune near-misses, or a weight of the wrong sign): the best sentence's
 * coverage, the heaviest word lacking, the share of rare words held, the weight lacking, the lead
 * over the runner-up.
 */
export interface AnswerFeatures {
  /** Weighted coverage of the question by the best passage (0..1). */
  readonly coverage: number;
  /** The question asks for a person, date, number or place and the best sentence holds none (1) or not (0). */
  readonly kindMissing: number;
  /** A question word that no passage uses at all, and the best passage lacks it even by a typo correction (1) or not (0). */
  readonly unknown: number;
}

export const FEATURE_NAMES = ['coverage', 'kindMissing', 'unknown'] as const satisfies readonly (keyof AnswerFeatures)[];

/**
 * Passages a corpus needs before a word it never uses says something: in the 16 passages of the
 * seeds most question words are absent, and counting them refused half the answerable questions.
 */
export const UNKNOWN_WORD_MIN_PASSAGES = 1000;

export function answerFeatures(question: string, q: QueryAnalysis, ranked: readonly Ranked[], text: (idx: number) => string, passages: number): AnswerFeatures | undefined {
  const top = ranked[0];
  if (top === undefined) return undefined;
  const kind = askedFor(question);
  const passage = text(top.hit.idx);
  const sentence = top.bestSentence ? passage.slice(top.bestSentence.start, top.bestSentence.end) : passage;
  const matched = new Set(top.hit.terms);
  // A typo's correction shows in the passage's matched terms; a word the corpus never uses does not.
  const lacksUnknown = passages >= UNKNOWN_WORD_MIN_PASSAGES && q.groups.some((g, i) => q.unknownGroups[i] === true && !g.some((t) => matched.has(t))) && top.coverage < 1;
  return {
    coverage: top.coverage,
    kindMissing: kind !== undefined && !holdsAskedFor(kind, sentence) ? 1 : 0,
    unknown: lacksUnknown ? 1 : 0,
  };
}

export interface AnswerabilityModel {
  readonly features: readonly string[];
  /** Features are standardised ((x - mean) / scale) before the weights apply. */
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** The probability at or above which /ask answers. */
  readonly threshold: number;
}

export const ANSWERABILITY: AnswerabilityModel = model;

/** The model's probability that something answers (0..1). */
export function answerProbability(f: AnswerFeatures, m: AnswerabilityModel = ANSWERABILITY): number {
  let z = m.bias;
  m.features.forEach((name, i) => {
    const x = f[name as keyof AnswerFeatures];
    z += (m.weights[i] as number) * ((x - (m.mean[i] as number)) / (m.scale[i] as number));
  });
  return 1 / (1 + Math.exp(-z));
}

// Does anything in the corpus answer the question? A calibrated score rather than a count of
// matched terms: a tiny logistic model over what the best candidate holds — its weighted coverage
// of the question, whether its best sentence holds what the question asks for (a person, a date,
// a number, a place) — and whether it lacks a question word no passage uses. The weights are data (answerability.json), fitted on the
// eval's tune split only by `src/eval/fit-answerability.ts`, which says how and prints the
// cross-validated rates.
import model from './answerability.json' with { type: 'json' };
import { askedFor, holdsAskedFor } from './question-kind.ts';
import type { QueryAnalysis, Ranked } from './rerank.ts';

export { type AskedFor, askedFor, holdsAskedFor } from './question-kind.ts';

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

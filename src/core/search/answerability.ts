// Does anything in the corpus answer the question? A calibrated score rather than a count of
// matched terms: a tiny logistic model over what the best candidate holds — its weighted coverage,
// a question word no passage uses, whether its best sentence holds what the question asks for (a
// person, a date, a number, a place), whether that sentence and its neighbours lack a heavy
// question word, and whether they hold an answer of the asked-for type that the question does not already say (answer-evidence.ts). Which features, and
// their weights, are data (answerability.json), fitted on the eval's tune split only by
// `src/eval/fit-answerability.ts`, which says how and prints the cross-validated rates.
import model from './answerability.json' with { type: 'json' };
import { evidenceFeatures } from './answer-evidence.ts';
import { askedFor, holdsAskedFor } from './question-kind.ts';
import { type QueryAnalysis, type Ranked, roughSentences } from './rerank.ts';
import type { PhraseSet } from './tokenize.ts';

export { type AskedFor, askedFor, holdsAskedFor } from './question-kind.ts';

/**
 * Every input the model may use; `answerability.json`'s `features` says which it does, in order.
 * Tried and dropped (no held-out gain on 29 tune near-misses, or a weight of the wrong sign): the
 * best sentence's coverage, the heaviest word lacking from the passage, the weight lacking, the
 * lead over the runner-up; then the rare words held together (a weight of the wrong sign) and the
 * best sentence's coverage again. With 50 tune near-misses (2026-12-01, 51 new tune questions):
 * the focus words held (names, numbers and dates aside) and the focus words held together with a
 * fresh answer in one sentence, held-out AUC 0.63 and 0.68 against near-misses (coverage: 0.61),
 * no held-out gain beside coverage and the window's missing word.
 */
export interface AnswerFeatures {
  /** Weighted coverage of the question by the best passage (0..1). */
  readonly coverage: number;
  /** The question asks for a person, date, number or place and the best sentence holds none (1) or not (0). */
  readonly kindMissing: number;
  /** A question word that no passage uses at all, and the best passage lacks it even by a typo correction (1) or not (0). */
  readonly unknown: number;
  /** Weighted share of the question's rare words held by the best sentence and its neighbours (answer-evidence.ts). */
  readonly rareTogether: number;
  /** The heaviest question word the best sentence and its neighbours lack, relative to the heaviest. */
  readonly windowMissing: number;
  /** The question asks for a type and the best sentence and its neighbours hold none it does not already say (1) or not (0). */
  readonly noNewAnswer: number;
  /** Weighted coverage of the question by the best sentence alone. */
  readonly sentence: number;
  /** Weighted share of the question's focus words (not names, numbers, dates) the best sentence and its neighbours hold (answer-evidence.ts). */
  readonly focusHeld: number;
  /** The best share of focus words one sentence of the window holds together with a fresh answer of the asked-for type. */
  readonly anchored: number;
  /** "How many X" and no number before X (or a word for it) in the best sentence and its neighbours (answer-evidence.ts). */
  readonly countMissing: number;
}

/** Every feature computed, for the fitting script to choose from. */
export const ALL_FEATURES = [
  'coverage',
  'kindMissing',
  'unknown',
  'rareTogether',
  'windowMissing',
  'noNewAnswer',
  'sentence',
  'focusHeld',
  'anchored',
  'countMissing',
] as const satisfies readonly (keyof AnswerFeatures)[];
export const FEATURE_NAMES: readonly (keyof AnswerFeatures)[] = model.features as (keyof AnswerFeatures)[];

/**
 * Passages a corpus needs before a word it never uses says something: in the 16 passages of the
 * seeds most question words are absent, and counting them refused half the answerable questions.
 */
export const UNKNOWN_WORD_MIN_PASSAGES = 1000;

/** Features only the fit may want: /ask computes them when its model uses one (answerFeatures' `all`). */
const FOCUS_FEATURES: readonly (keyof AnswerFeatures)[] = ['focusHeld', 'anchored', 'countMissing'];

export function answerFeatures(
  question: string,
  q: QueryAnalysis,
  ranked: readonly Ranked[],
  text: (idx: number) => string,
  passages: number,
  phrases: PhraseSet,
  all = FEATURE_NAMES.some((n) => FOCUS_FEATURES.includes(n)),
): AnswerFeatures | undefined {
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
    sentence: top.sentence,
    ...evidenceFeatures(question, q, passage, top.bestSentence, roughSentences(passage), phrases, all),
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
  /**
   * Below this weighted coverage the best passage answers nothing, whatever the model says: an
   * off-topic question ("Brexit negotiations" of two articles on Trump and Putin) is no near-miss,
   * and the eval's near-misses, which the model learns from, are all on topic. Set by hand, under
   * every answerable tune question's best coverage but one (0.26; the next is 0.44).
   */
  readonly minCoverage?: number;
}

export const ANSWERABILITY: AnswerabilityModel = model;

/** The model's probability that something answers (0..1). */
export function answerProbability(f: AnswerFeatures, m: AnswerabilityModel = ANSWERABILITY): number {
  if (f.coverage < (m.minCoverage ?? 0)) return 0;
  let z = m.bias;
  m.features.forEach((name, i) => {
    const x = f[name as keyof AnswerFeatures];
    z += (m.weights[i] as number) * ((x - (m.mean[i] as number)) / (m.scale[i] as number));
  });
  return 1 / (1 + Math.exp(-z));
}

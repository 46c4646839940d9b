// The reranker's feature weights: fitted on the eval's tune split by src/eval/fit-rerank.ts and
// kept in a reviewed data file (src/data/rerank-weights.json, whose `about` says how), so a
// change of weights is a diff of numbers with the cross-validated figures beside it.
import file from '../../data/rerank-weights.json' with { type: 'json' };
/**
 * What the reranker reads of one candidate. Shallow features are computed for every candidate;
 * deep ones (the best sentence) only for the `RERANK.deep` best by the shallow score.
 */
export interface CandidateFeatures {
  /** Weighted coverage of the question by the passage (title and speaker included). */
  readonly coverage: number;
  /** BM25 relative to the best candidate's. */
  readonly bm25: number;
  /** Agreement of the article's date with the question's (-1..1.5). */
  readonly date: number;
  /** Weighted coverage of the question by the article's title. */
  readonly title: number;
  /** The heaviest question word the passage lacks, relative to the heaviest (0..1). */
  readonly missing: number;
  /** 1 / the passage's position in its article: a story's lede states its news. */
  readonly early: number;
  /** The passage's length in thousands of characters (at most 2). */
  readonly length: number;
  /** Weighted coverage of the question by the best sentence (half for a sentence that asks). */
  readonly sentence: number;
  /** The best sentence holds what the question asks for (1) or not (0). */
  readonly kind: number;
  /** The heaviest question word the best sentence holds, relative to the heaviest (0..1). */
  readonly rare: number;
  /** Question words in the tightest span of the best sentence that holds them all, per term of that span (0 under two words). */
  readonly proximity: number;
}

export const SHALLOW_FEATURES = ['coverage', 'bm25', 'date', 'title', 'missing', 'early', 'length'] as const;
export const DEEP_FEATURES = ['sentence', 'kind', 'rare', 'proximity'] as const;
export type FeatureName = keyof CandidateFeatures;
export type RerankWeights = Readonly<Record<FeatureName, number>>;

const NAMES: readonly FeatureName[] = [...SHALLOW_FEATURES, ...DEEP_FEATURES];

/** Checks a weights object: every feature named, a finite number each, nothing else. */
export function parseRerankWeights(raw: unknown): RerankWeights {
  if (typeof raw !== 'object' || raw === null) throw new Error('rerank weights: not an object');
  const w = raw as Record<string, unknown>;
  const extra = Object.keys(w).filter((k) => !(NAMES as readonly string[]).includes(k));
  if (extra.length > 0) throw new Error(`rerank weights: unknown features ${extra.join(', ')}`);
  const out = {} as Record<FeatureName, number>;
  for (const n of NAMES) {
    const v = w[n];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`rerank weights: ${n} is not a number`);
    out[n] = v;
  }
  return Object.freeze(out);
}

export const RERANK_WEIGHTS: RerankWeights = parseRerankWeights(file.weights);

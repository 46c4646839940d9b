// Words near a question's words by their vectors (word-vectors.ts, GloVe trained on news text), for
// /ask: a question says "probe" or "troops"; the passage says "investigation" or "soldiers". Only
// close neighbours, kept to terms the corpus holds; a neighbour counts below the word itself.
import { nearestTerms, rowCosine, type WordVectors, wordVectors } from './word-vectors.ts';

export interface RelatedExpansion {
  /** Index terms to search for too. */
  readonly extra: readonly string[];
  /** Per group of the question: term sets that, all present, stand for it (below the word itself). */
  readonly related: readonly (readonly (readonly string[])[])[];
}

/**
 * The experiment's settings (tune split, issue 13: see the README's "Word vectors" paragraph).
 * Mutable so a timing script can switch them in one process; `related` 0 turns expansion off,
 * `soft` 0 soft coverage.
 */
export const VECTORS = {
  /** Neighbours a question word gains, and how near they must be (cosine). */
  k: 4,
  min: 0.7,
  /** A neighbour held counts this share of the word's weight (coverage, answer evidence). */
  related: 0.3,
  /** The neighbours' BM25 weight, against the word's 1. */
  search: 0.1,
  /** Soft coverage: a sentence term whose cosine with a lacking question word is at least `softMin` counts `soft` of its weight. */
  soft: 0,
  softMin: 0.7,
};

/** The nearest neighbours of each question word, kept to terms the corpus holds (`known`) and not already in the question. */
export function relatedWords(_question: string, groups: readonly (readonly string[])[], known: (term: string) => boolean): RelatedExpansion | undefined {
  const inQuestion = new Set(groups.flat());
  const related = groups.map((g) =>
    nearestTerms(g[0] ?? '', VECTORS.k, VECTORS.min)
      .map((n) => n.term)
      .filter((t) => !inQuestion.has(t) && known(t))
      .map((t) => [t]),
  );
  const extra = [...new Set(related.flat(2))];
  return extra.length === 0 ? undefined : { extra, related };
}

/** Per group of the question: the best cosine of its word with a term of a set, when at least `min` (else 0). */
export type SoftMatch = (group: number, terms: ReadonlySet<string>) => number;

/**
 * Soft matching for the question's groups: a sentence lacking "probe" but saying "inquiry" holds it
 * in part. Cosines are remembered per question, since candidates share most of their words.
 */
export function softMatcher(groups: readonly (readonly string[])[], min: number, v: WordVectors = wordVectors()): SoftMatch | undefined {
  const rows = groups.map((g) => v.index.get(g[0] ?? ''));
  if (rows.every((r) => r === undefined)) return undefined;
  const memo = groups.map(() => new Map<string, number>());
  return (group, terms) => {
    const row = rows[group];
    if (row === undefined) return 0;
    const seen = memo[group] as Map<string, number>;
    let best = 0;
    for (const t of terms) {
      let c = seen.get(t);
      if (c === undefined) {
        const other = v.index.get(t);
        c = other === undefined ? 0 : rowCosine(v, row, other);
        seen.set(t, c);
      }
      if (c > best) best = c;
    }
    return best >= min ? best : 0;
  };
}

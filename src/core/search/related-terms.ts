// Related terms learned from the corpus itself: words that occur in the same passages far more
// often than chance (normalised PMI). A question's "swap" meets a passage's "prisoner" and
// "exchange" this way, where no synonym table lists the pair. Associations are topical, not
// synonyms, so they only nudge the ranking (rerank.ts, `related`); they never count as a word
// the passage holds. Learned once per corpus as a warm-up step, from a forward index (each
// passage's distinct terms) kept in flat typed arrays; a term's neighbours are computed on its
// first question from a sample of its passages and memoised.
import { termSet, type PhraseSet } from './tokenize.ts';

export interface Cooccurrence {
  readonly vocab: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  /** Passages holding each term. */
  readonly df: Uint32Array;
  /** Passage p's term ids: `terms[offsets[p] .. offsets[p + 1])`. */
  readonly offsets: Uint32Array;
  readonly terms: Uint32Array;
  /** Term t's passages: `docs[docOffsets[t] .. docOffsets[t + 1])`, ascending. */
  readonly docOffsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly memo: Map<string, readonly string[]>;
}

/** How related terms are chosen; frozen, set on the eval's tune split (README, "Answer quality"). */
export const RELATED = Object.freeze({
  /** Neighbours kept per question term. */
  perTerm: 5,
  /** Passages of a frequent term sampled to count its neighbours. */
  sample: 400,
  /** Shared passages a neighbour needs in the sample (fewer is chance). */
  minShared: Number(process.env['XMIN'] ?? 3),
  /** Normalised PMI a neighbour needs (0: independent, 1: always together). */
  minNpmi: Number(process.env['XNPMI'] ?? 0.3),
  /** A neighbour in more than this share of passages says nothing. */
  maxShare: 0.02,
});

const SLICE = 2_000;

/** The forward index of `texts`, in slices of SLICE passages (warm-up runs it between queries). */
export function* learnCooccurrenceInSteps(texts: Iterable<string>, phrases: PhraseSet): Generator<void, Cooccurrence> {
  const vocab = new Map<string, number>();
  const names: string[] = [];
  let terms = new Uint32Array(1 << 16);
  let used = 0;
  const offsets: number[] = [0];
  let n = 0;
  for (const text of texts) {
    for (const t of termSet(text, phrases)) {
      let id = vocab.get(t);
      if (id === undefined) {
        id = names.length;
        vocab.set(t, id);
        names.push(t);
      }
      if (used === terms.length) {
        const grown = new Uint32Array(terms.length * 2);
        grown.set(terms);
        terms = grown;
      }
      terms[used++] = id;
    }
    offsets.push(used);
    if (++n % SLICE === 0) yield;
  }
  const df = new Uint32Array(names.length);
  for (let i = 0; i < used; i++) df[terms[i] as number] = (df[terms[i] as number] as number) + 1;
  const docOffsets = new Uint32Array(names.length + 1);
  for (let t = 0; t < names.length; t++) docOffsets[t + 1] = (docOffsets[t] as number) + (df[t] as number);
  const fill = docOffsets.slice(0, names.length);
  const docs = new Uint32Array(used);
  for (let p = 0; p < n; p++) {
    for (let i = offsets[p] as number; i < (offsets[p + 1] as number); i++) {
      const t = terms[i] as number;
      docs[fill[t] as number] = p;
      fill[t] = (fill[t] as number) + 1;
    }
  }
  return { vocab, names, df, offsets: Uint32Array.from(offsets), terms: terms.slice(0, used), docOffsets, docs, memo: new Map() };
}

export function learnCooccurrence(texts: Iterable<string>, phrases: PhraseSet): Cooccurrence {
  const steps = learnCooccurrenceInSteps(texts, phrases);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The terms most associated with `term` (best first), by normalised PMI over passages. */
export function relatedTerms(co: Cooccurrence, term: string): readonly string[] {
  const known = co.memo.get(term);
  if (known !== undefined) return known;
  const found = neighbours(co, term);
  if (co.memo.size >= 20_000) co.memo.clear();
  co.memo.set(term, found);
  return found;
}

function neighbours(co: Cooccurrence, term: string): string[] {
  const id = co.vocab.get(term);
  if (id === undefined) return [];
  const n = co.offsets.length - 1;
  const from = co.docOffsets[id] as number;
  const count = (co.docOffsets[id + 1] as number) - from;
  if (count < RELATED.minShared) return [];
  const step = Math.max(1, Math.ceil(count / RELATED.sample));
  const shared = new Map<number, number>();
  let sampled = 0;
  for (let i = from; i < from + count; i += step) {
    const p = co.docs[i] as number;
    sampled++;
    for (let j = co.offsets[p] as number; j < (co.offsets[p + 1] as number); j++) {
      const u = co.terms[j] as number;
      if (u !== id) shared.set(u, (shared.get(u) ?? 0) + 1);
    }
  }
  const scale = count / sampled;
  const scored: { u: number; npmi: number }[] = [];
  for (const [u, c] of shared) {
    const dfU = co.df[u] as number;
    if (c < RELATED.minShared || dfU > n * RELATED.maxShare) continue;
    const both = (c * scale) / n;
    const pmi = Math.log(both / ((count / n) * (dfU / n)));
    const npmi = pmi / -Math.log(both);
    if (npmi >= RELATED.minNpmi) scored.push({ u, npmi });
  }
  return scored
    .sort((a, b) => b.npmi - a.npmi)
    .slice(0, RELATED.perTerm)
    .map((s) => co.names[s.u] as string);
}

/** Whether passage `p` (its position in the corpus) holds any of `termIds`. */
export function passageHoldsAny(co: Cooccurrence, p: number, termIds: ReadonlySet<number>): boolean {
  for (let j = co.offsets[p] as number; j < (co.offsets[p + 1] as number); j++) if (termIds.has(co.terms[j] as number)) return true;
  return false;
}

// Full-text search over passages: an inverted index in flat typed arrays with minisearch's BM25+
// scoring, reproduced exactly (same k, b, d, field boosts, "unique terms" field lengths, the
// score × matched-query-terms quality factor, fuzzy weights). Written by hand because minisearch
// keeps one Map per term and field: at 200,000+ passages that is gigabytes of heap, a cache
// that JSON cannot serialise in one string, and queries whose cost is building a result object
// for every matching passage. Here a query walks contiguous posting arrays into a score array
// and keeps only the top `limit`. `tests/search-equivalence.test.ts` checks the results against
// minisearch itself. Queries are tokenized here, so synonyms expand to groups of normalised terms.
import SearchableMap from 'minisearch/SearchableMap';
import type { Passage } from '../types.ts';
import { expand, type SynonymTable } from './synonyms.ts';
import { terms } from './tokenize.ts';

/** Index options: part of the cache key, so a change rebuilds the index. */
export const INDEX_OPTIONS = {
  fields: ['text', 'title', 'speaker'],
  boost: { text: 1, title: 0.5, speaker: 1 },
  // minisearch's BM25+ defaults, and its weight for fuzzy matches.
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  fuzzyWeight: 0.45,
  maxFuzzy: 6,
} as const;

const FIELDS = INDEX_OPTIONS.fields.length;
const BOOSTS: readonly number[] = INDEX_OPTIONS.fields.map((f) => INDEX_OPTIONS.boost[f]);
/** Query terms beyond this many (after synonym expansion) do not count towards quality. */
const MAX_QUERY_TERMS = 64;
// Bounds on what one query may cost, whatever door it came through. A query is read up to
// MAX_QUERY_CHARS (the commands take 80 at most; the CLI took anything). Typo lookups build an
// edit-distance table that grows with the square of the term's length (a 70,000-character word
// asked for 4.9 billion cells and threw a RangeError): no word is that long, so longer terms are
// matched exactly only, and one term brings at most MAX_FUZZY_EXPANSIONS corrections.
const MAX_QUERY_CHARS = 500;
const MAX_FUZZY_TERM_LENGTH = 48;
const MAX_FUZZY_EXPANSIONS = 200;

export interface Hit {
  /** Position in the corpus's passage list. */
  readonly idx: number;
  readonly score: number;
  /** Index terms that matched in this passage. */
  readonly terms: readonly string[];
  /** Share of the query's term groups this passage matches (0..1). */
  readonly coverage: number;
}

export interface SearchOptions {
  readonly limit?: number;
  readonly filter?: (idx: number) => boolean;
  /** Allow one edit per 5 characters on longer terms (a fallback for typos). */
  readonly fuzzy?: boolean;
  /**
   * Passages (positions, ascending) that hold every passage `filter` accepts: only these are
   * scored, the same hits in the same order, without walking a common term's long postings
   * (/quote by a speaker: their few passages, not the topic's thousands).
   */
  readonly within?: Uint32Array;
}

/** One field's postings in CSR form: term t's documents are `docs[offsets[t] .. offsets[t+1])`, ascending. */
interface FieldPostings {
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly tfs: Uint16Array;
  /** Unique terms of the field in each document (minisearch's field length). */
  readonly lengths: Uint16Array;
  readonly avgLength: number;
}

/** What the cache stores: typed arrays and one string list, cheap for `v8.serialize`. */
export interface SerializedIndex {
  readonly version: 1;
  readonly documentCount: number;
  readonly terms: readonly string[];
  readonly fields: readonly FieldPostings[];
}

/** A growable Uint32Array, for building postings without millions of small arrays. */
class U32 {
  a = new Uint32Array(1 << 16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

/**
 * Scratch arrays reused across queries (one search runs at a time: JavaScript is single-threaded).
 * Between queries every score and mask is 0: a query resets what it touched, even when it throws.
 */
interface Scratch {
  score: Float64Array;
  maskLo: Uint32Array;
  maskHi: Uint32Array;
  /** The passages a query has scored, in the order it first matched them: `touched[0 .. touchedCount)`. */
  touched: Uint32Array;
  touchedCount: number;
  /** 1 for the passages of a `within` search while it runs, else 0. */
  inside: Uint8Array;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

interface Ranked {
  readonly doc: number;
  readonly score: number;
  /** Order of first match: the tie-break. */
  readonly pos: number;
}

/** `a` ranks below `b`: a lower score, or the same score matched later. */
const worse = (a: Ranked, b: Ranked): boolean => a.score < b.score || (a.score === b.score && a.pos > b.pos);

/** The best `limit` passages seen so far, in a binary min-heap (worst at the root). */
class TopK {
  private readonly heap: Ranked[] = [];
  constructor(private readonly limit: number) {}

  /** Whether a passage with this score and position would be kept. */
  admits(score: number, pos: number): boolean {
    if (this.limit <= 0) return false;
    const root = this.heap[0];
    return this.heap.length < this.limit || root === undefined || root.score < score || (root.score === score && root.pos > pos);
  }

  /** Adds a passage that `admits` accepted, dropping the worst when full. */
  add(doc: number, score: number, pos: number): void {
    const h = this.heap;
    const item = { doc, score, pos };
    if (h.length < this.limit) {
      // Sift up.
      let i = h.length;
      h.push(item);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(item, h[parent] as Ranked)) break;
        h[i] = h[parent] as Ranked;
        i = parent;
      }
      h[i] = item;
      return;
    }
    // Replace the root and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && worse(h[r] as Ranked, h[l] as Ranked) ? r : l;
      if (!worse(h[c] as Ranked, item)) break;
      h[i] = h[c] as Ranked;
      i = c;
    }
    h[i] = item;
  }

  /** Best first. */
  sorted(): Ranked[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.pos - b.pos);
  }
}

/** A passage to add to the index, or one being removed (its fields are tokenised again to find its terms). */
export interface IndexedPassage {
  readonly passage: Passage;
  /** Its article's title. */
  readonly title: string;
}

/** One update: passages removed (by position among the live passages, with their content) and passages appended. */
export interface IndexUpdate {
  readonly removed: readonly (IndexedPassage & { readonly idx: number })[];
  readonly added: readonly IndexedPassage[];
}

/** The postings of one term in one field of the delta segment: documents (internal ids) ascending. */
interface DeltaPostings {
  readonly docs: number[];
  readonly tfs: number[];
}

/**
 * What an index holds besides its frozen base: the delta segment (passages added since the base
 * was built, internal ids from the base's document count up), tombstones (removed passages of
 * either segment, never walked), and the exact statistics of the live passages. Copied on each
 * update (it stays small: compaction folds it into a new base), so an older `PassageSearch`
 * keeps answering as it did.
 */
interface Segments {
  /** Terms first seen in the delta, ids from `base.terms.length` up. */
  readonly newTerms: Map<string, number>;
  readonly newTermList: string[];
  readonly delta: Map<number, DeltaPostings>[];
  /** Per field, the unique-term length of each delta document (index: internal id − base count). */
  readonly deltaLengths: number[][];
  /** 1 for removed documents, by internal id (base and delta). */
  dead: Uint8Array;
  deadCount: number;
  /** Per field, for each term, how many removed documents hold it (subtracted from the document frequency). */
  readonly deadDf: Map<number, number>[];
  /** Per field, the sum of the live documents' lengths (an integer, so the average is exactly a fresh build's). */
  readonly totals: number[];
}

const sumOf = (a: Uint16Array): number => {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i] as number;
  return n;
};

function emptySegments(index: SerializedIndex): Segments {
  return {
    newTerms: new Map(),
    newTermList: [],
    delta: index.fields.map(() => new Map()),
    deltaLengths: index.fields.map(() => []),
    dead: new Uint8Array(index.documentCount),
    deadCount: 0,
    deadDf: index.fields.map(() => new Map()),
    totals: index.fields.map((f) => sumOf(f.lengths)),
  };
}

/**
 * The segments for a new index, sharing the delta's postings lists with `s`: `update` copies a
 * list before appending to it. Copying every list made each update one turn of the event loop
 * as long as the delta was large (all of its postings, every time).
 */
function copySegments(s: Segments): Segments {
  return {
    newTerms: new Map(s.newTerms),
    newTermList: [...s.newTermList],
    delta: s.delta.map((m) => new Map(m)),
    deltaLengths: s.deltaLengths.map((l) => [...l]),
    dead: s.dead,
    deadCount: s.deadCount,
    deadDf: s.deadDf.map((m) => new Map(m)),
    totals: [...s.totals],
  };
}

/** Scratch arrays shared by every index of this thread (one search runs at a time), grown as needed. */
let sharedScratch: Scratch | undefined;

function scratchFor(n: number): Scratch {
  if (!sharedScratch || sharedScratch.score.length < n) {
    const size = Math.max(n, Math.ceil((sharedScratch?.score.length ?? 0) * 1.25));
    sharedScratch = { score: new Float64Array(size), maskLo: new Uint32Array(size), maskHi: new Uint32Array(size), touched: new Uint32Array(size), touchedCount: 0, inside: new Uint8Array(size) };
  }
  return sharedScratch;
}

/** The unique terms of a passage's fields with their counts (as `build` indexes them). */
function fieldTerms(p: Passage, titleTerms: readonly string[], phrases: SynonymTable['phrases']): Map<string, number>[] {
  const values = [terms(p.text, phrases), titleTerms, p.speaker ? terms(p.speaker, phrases) : []];
  return values.map((tokens) => {
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  });
}

/** Vocabulary terms put in the typo tree between two yields of `prepareFuzzyInSteps`. */
const TERM_SLICE = 4000;

/** The typo tree of each base segment's terms, shared by every index updated from that base. */
const baseTrees = new WeakMap<SerializedIndex, SearchableMap<number>>();

/** The typo tree of a delta's new terms (small: compaction folds them into a new base). */
function deltaTree(newTerms: ReadonlyMap<string, number>): SearchableMap<number> {
  const tree = new SearchableMap<number>();
  for (const [t, i] of newTerms) tree.set(t, i);
  return tree;
}

export class PassageSearch {
  private readonly termId: ReadonlyMap<string, number>;
  /** Every index term, for typo lookups: built by `prepareFuzzy` (the warm-up), else by the first fuzzy query. */
  private vocabularyTree: { readonly base: SearchableMap<number>; readonly delta: SearchableMap<number> } | undefined;
  /** `within` lists as internal ids, by the list asked with. */
  private readonly withinMemo = new WeakMap<Uint32Array, Uint32Array>();
  /** Fuzzy expansions by query term (bounded; this index never changes, so they stay right). */
  private readonly fuzzyMemo = new Map<string, readonly { id: number; term: string; weight: number }[]>();
  /** Internal id (base, then delta) of each live passage position, and the reverse (-1: removed). */
  private readonly internalOf: Uint32Array;
  private readonly positionOf: Int32Array;
  /** Base and delta documents, removed ones included. */
  private readonly internalCount: number;

  private constructor(
    private readonly index: SerializedIndex,
    readonly synonyms: SynonymTable,
    private readonly seg: Segments = emptySegments(index),
    termId?: ReadonlyMap<string, number>,
  ) {
    this.termId = termId ?? new Map(index.terms.map((t, i) => [t, i]));
    this.internalCount = index.documentCount + (seg.deltaLengths[0]?.length ?? 0);
    this.positionOf = new Int32Array(this.internalCount);
    this.internalOf = new Uint32Array(this.internalCount - seg.deadCount);
    let live = 0;
    for (let i = 0; i < this.internalCount; i++) {
      if (seg.dead[i] === 1) this.positionOf[i] = -1;
      else {
        this.positionOf[i] = live;
        this.internalOf[live++] = i;
      }
    }
  }
  static build(passages: readonly Passage[], titleOf: (articleId: string) => string, synonyms: SynonymTable): PassageSearch {
    const termId = new Map<string, number>();
    const termList: string[] = [];
    const raw = Array.from({ length: FIELDS }, () => ({ term: new U32(), doc: new U32(), tf: new U32(), lengths: new Uint16Array(passages.length), total: 0 }));
    // A title is indexed once per passage of its article: tokenize it once.
    let titleArticle = '';
    let titleTerms: string[] = [];
    const counts = new Map<number, number>();
    passages.forEach((p, doc) => {
      if (p.articleId !== titleArticle) {
        titleArticle = p.articleId;
        titleTerms = terms(titleOf(p.articleId), synonyms.phrases);
      }
      const values = [terms(p.text, synonyms.phrases), titleTerms, p.speaker ? terms(p.speaker, synonyms.phrases) : []];
      values.forEach((tokens, f) => {
        const r = raw[f] as (typeof raw)[number];
        counts.clear();
        for (const t of tokens) {
          let id = termId.get(t);
          if (id === undefined) {
            id = termList.length;
            termId.set(t, id);
            termList.push(t);
          }
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        r.lengths[doc] = Math.min(0xffff, counts.size);
        r.total += counts.size;
        for (const [id, tf] of counts) {
          r.term.push(id);
          r.doc.push(doc);
          r.tf.push(tf);
        }
      });
    });
    const fields = raw.map((r): FieldPostings => {
      // Counting sort by term; documents stay ascending because they were added in order.
      const offsets = new Uint32Array(termList.length + 1);
      for (let i = 0; i < r.term.n; i++) (offsets[(r.term.a[i] as number) + 1] as number)++;
      for (let t = 0; t < termList.length; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
      const fill = offsets.slice(0, termList.length);
      const docs = new Uint32Array(r.term.n);
      const tfs = new Uint16Array(r.term.n);
      for (let i = 0; i < r.term.n; i++) {
        const t = r.term.a[i] as number;
        const at = (fill[t] as number)++;
        docs[at] = r.doc.a[i] as number;
        tfs[at] = Math.min(0xffff, r.tf.a[i] as number);
      }
      return { offsets, docs, tfs, lengths: r.lengths, avgLength: passages.length === 0 ? 0 : r.total / passages.length };
    });
    return new PassageSearch({ version: 1, documentCount: passages.length, terms: termList, fields }, synonyms);
  }

  static deserialize(index: SerializedIndex, synonyms: SynonymTable): PassageSearch {
    if (index.version !== 1 || index.fields.length !== FIELDS) throw new Error(`Attaché: search index of an unknown format (version ${String(index.version)})`);
    return new PassageSearch(index, synonyms);
  }

  /** The index of the live passages, in one base segment (what the cache stores). */
  serialize(): SerializedIndex {
    return this.pendingDocuments === 0 ? this.index : this.compact();
  }

  /** Live passages. */
  get documentCount(): number {
    return this.internalCount - this.seg.deadCount;
  }

  /** Documents outside the frozen base: added ones and removed ones (what compaction folds away). */
  get pendingDocuments(): number {
    return this.internalCount - this.index.documentCount + this.seg.deadCount;
  }

  private idOf(term: string): number | undefined {
    return this.termId.get(term) ?? this.seg.newTerms.get(term);
  }

  /** Live documents whose field `f` holds term `id`: base + delta − removed. */
  private df(id: number, f: number): number {
    const fp = this.index.fields[f] as FieldPostings;
    const base = id < this.index.terms.length ? (fp.offsets[id + 1] as number) - (fp.offsets[id] as number) : 0;
    return base + ((this.seg.delta[f] as Map<number, DeltaPostings>).get(id)?.docs.length ?? 0) - ((this.seg.deadDf[f] as Map<number, number>).get(id) ?? 0);
  }

  /** Passages whose field contains the index term (0 for unknown terms). */
  documentFrequency(term: string, field = 0): number {
    const t = this.idOf(term);
    return t === undefined || field < 0 || field >= FIELDS ? 0 : this.df(t, field);
  }

  /** A new index with `update` applied (this one is left as it was). Positions after it: the live passages in order, then the added ones. */
  update(update: IndexUpdate): PassageSearch {
    const seg = copySegments(this.seg);
    const added = update.added.length;
    const dead = new Uint8Array(this.internalCount + added);
    dead.set(this.seg.dead);
    seg.dead = dead;
    const phrases = this.synonyms.phrases;
    const baseN = this.index.documentCount;
    for (const r of update.removed) {
      const internal = this.internalOf[r.idx];
      if (internal === undefined || dead[internal] === 1) throw new Error(`Attaché: cannot remove passage ${r.idx}: no such live passage`);
      const fields = fieldTerms(r.passage, terms(r.title, phrases), phrases);
      fields.forEach((counts, f) => {
        const stored = internal < baseN ? ((this.index.fields[f] as FieldPostings).lengths[internal] as number) : (seg.deltaLengths[f] as number[])[internal - baseN];
        const length = Math.min(0xffff, counts.size);
        if (stored !== length) throw new Error(`Attaché: passage ${r.idx} to remove is not ${r.passage.id} (its terms differ)`);
        const deadDf = seg.deadDf[f] as Map<number, number>;
        for (const t of counts.keys()) {
          const id = this.idOf(t) as number;
          deadDf.set(id, (deadDf.get(id) ?? 0) + 1);
        }
        seg.totals[f] = (seg.totals[f] as number) - length;
      });
      dead[internal] = 1;
      seg.deadCount++;
    }
    let titleArticle: string | undefined;
    let titleTerms: string[] = [];
    // The postings lists this update made or copied (the others are still the old index's).
    const own = new Set<DeltaPostings>();
    update.added.forEach((a, j) => {
      const internal = this.internalCount + j;
      if (a.passage.articleId !== titleArticle) {
        titleArticle = a.passage.articleId;
        titleTerms = terms(a.title, phrases);
      }
      fieldTerms(a.passage, titleTerms, phrases).forEach((counts, f) => {
        const delta = seg.delta[f] as Map<number, DeltaPostings>;
        for (const [t, tf] of counts) {
          let id = this.termId.get(t) ?? seg.newTerms.get(t);
          if (id === undefined) {
            id = this.index.terms.length + seg.newTermList.length;
            seg.newTerms.set(t, id);
            seg.newTermList.push(t);
          }
          let postings = delta.get(id);
          if (!postings || !own.has(postings)) {
            postings = postings ? { docs: [...postings.docs], tfs: [...postings.tfs] } : { docs: [], tfs: [] };
            delta.set(id, postings);
            own.add(postings);
          }
          postings.docs.push(internal);
          postings.tfs.push(Math.min(0xffff, tf));
        }
        const length = Math.min(0xffff, counts.size);
        (seg.deltaLengths[f] as number[]).push(length);
        seg.totals[f] = (seg.totals[f] as number) + length;
      });
    });
    return new PassageSearch(this.index, this.synonyms, seg, this.termId);
  }

  /**
   * The live passages in one new base segment: postings of the base and the delta merged, removed
   * passages dropped, terms no live passage holds dropped. Pure (typed arrays in, typed arrays
   * out), so it can run in a worker; `PassageSearch.deserialize` of the result answers exactly as
   * this index does.
   */
  compact(): SerializedIndex {
    const live = this.documentCount;
    const baseN = this.index.documentCount;
    const baseTerms = this.index.terms.length;
    const allTerms = baseTerms + this.seg.newTermList.length;
    const termList: string[] = [];
    const keep = new Int32Array(allTerms).fill(-1);
    for (let t = 0; t < allTerms; t++) {
      let any = false;
      for (let f = 0; f < FIELDS && !any; f++) any = this.df(t, f) > 0;
      if (any) {
        keep[t] = termList.length;
        termList.push(t < baseTerms ? (this.index.terms[t] as string) : (this.seg.newTermList[t - baseTerms] as string));
      }
    }
    const dead = this.seg.dead;
    const pos = this.positionOf;
    const fields = this.index.fields.map((fp, f): FieldPostings => {
      const delta = this.seg.delta[f] as Map<number, DeltaPostings>;
      const offsets = new Uint32Array(termList.length + 1);
      let size = 0;
      for (let t = 0; t < allTerms; t++) if (keep[t] !== -1) size += this.df(t, f);
      const docs = new Uint32Array(size);
      const tfs = new Uint16Array(size);
      let at = 0;
      for (let t = 0; t < allTerms; t++) {
        const nt = keep[t] as number;
        if (nt === -1) continue;
        offsets[nt] = at;
        if (t < baseTerms) {
          for (let i = fp.offsets[t] as number, to = fp.offsets[t + 1] as number; i < to; i++) {
            const doc = fp.docs[i] as number;
            if (dead[doc] === 1) continue;
            docs[at] = pos[doc] as number;
            tfs[at++] = fp.tfs[i] as number;
          }
        }
        const d = delta.get(t);
        if (d) {
          for (let i = 0; i < d.docs.length; i++) {
            const doc = d.docs[i] as number;
            if (dead[doc] === 1) continue;
            docs[at] = pos[doc] as number;
            tfs[at++] = d.tfs[i] as number;
          }
        }
      }
      offsets[termList.length] = at;
      const lengths = new Uint16Array(live);
      const deltaLengths = this.seg.deltaLengths[f] as number[];
      for (let i = 0; i < this.internalCount; i++) {
        const p = pos[i] as number;
        if (p >= 0) lengths[p] = i < baseN ? (fp.lengths[i] as number) : (deltaLengths[i - baseN] as number);
      }
      return { offsets, docs, tfs, lengths, avgLength: live === 0 ? 0 : (this.seg.totals[f] as number) / live };
    });
    return { version: 1, documentCount: live, terms: termList, fields };
  }

  /** The query's content terms, each with its synonyms: one group per term. */
  queryGroups(query: string): string[][] {
    const seen = new Set<string>();
    const groups: string[][] = [];
    for (const t of terms(query.slice(0, MAX_QUERY_CHARS), this.synonyms.phrases)) {
      if (seen.has(t)) continue;
      seen.add(t);
      groups.push([...expand(this.synonyms, t)]);
    }
    return groups;
  }

  /** Per field and passage, BM25's length normalisation `k (1 - b + b len / avg)`, as minisearch computes it. */
  private norms: Float64Array[] | undefined;

  private lengthNorms(): Float64Array[] {
    if (!this.norms) {
      const { k, b } = INDEX_OPTIONS.bm25;
      const baseN = this.index.documentCount;
      const live = this.documentCount;
      this.norms = this.index.fields.map((fp, f) => {
        // The average of the live passages, as a fresh build of them computes it.
        const avgLength = this.pendingDocuments === 0 ? fp.avgLength : live === 0 ? 0 : (this.seg.totals[f] as number) / live;
        const deltaLengths = this.seg.deltaLengths[f] as number[];
        const out = new Float64Array(this.internalCount);
        for (let i = 0; i < out.length; i++) out[i] = k * (1 - b + (b * (i < baseN ? (fp.lengths[i] as number) : (deltaLengths[i - baseN] as number))) / avgLength);
        return out;
      });
    }
    return this.norms;
  }

  /** Allocates what every query uses (per-passage norms and scratch arrays) ahead of the first one. */
  prepare(): void {
    this.lengthNorms();
    scratchFor(this.internalCount);
  }

  /** Builds the vocabulary tree that typo lookups walk, ahead of the first query with a typo. */
  prepareFuzzy(): void {
    void this.vocabulary;
  }

  /** `prepareFuzzy` in slices of a few thousand terms (an updated index warms it between queries). */
  *prepareFuzzyInSteps(): Generator<void, void> {
    if (this.vocabularyTree) return;
    let base = baseTrees.get(this.index);
    if (!base) {
      const tree = new SearchableMap<number>();
      let n = 0;
      for (const [i, t] of this.index.terms.entries()) {
        tree.set(t, i);
        if (++n % TERM_SLICE === 0) yield;
      }
      // Another index of the same base (a query between slices) may have made it already.
      base = baseTrees.get(this.index) ?? tree;
      baseTrees.set(this.index, base);
    }
    // The same trees as the getter's; a fuzzy query between slices may have made them already.
    this.vocabularyTree ??= { base, delta: deltaTree(this.seg.newTerms) };
  }

  // The base's terms never change for the indexes an update makes from it (new terms go to the
  // delta): its tree is built once per base and shared, and each index adds a tree of the delta's
  // new terms only. Rebuilding the whole vocabulary's tree was most of an update's typo warm-up
  // (a few hundred ms on the whole archive). The two hold different terms, so a lookup in both
  // finds what one tree of all of them would.
  private get vocabulary(): { readonly base: SearchableMap<number>; readonly delta: SearchableMap<number> } {
    if (!this.vocabularyTree) {
      let base = baseTrees.get(this.index);
      if (!base) {
        base = new SearchableMap<number>();
        for (const [i, t] of this.index.terms.entries()) base.set(t, i);
        baseTrees.set(this.index, base);
      }
      this.vocabularyTree = { base, delta: deltaTree(this.seg.newTerms) };
    }
    return this.vocabularyTree;
  }

  /** Index terms within minisearch's fuzzy distance of `term` (longer terms only), with their weight. */
  private fuzzyTerms(term: string): readonly { id: number; term: string; weight: number }[] {
    if (term.length < 5 || term.length > MAX_FUZZY_TERM_LENGTH) return [];
    const known = this.fuzzyMemo.get(term);
    if (known !== undefined) return known;
    const found = this.fuzzyLookup(term);
    if (this.fuzzyMemo.size >= 10_000) this.fuzzyMemo.clear();
    this.fuzzyMemo.set(term, found);
    return found;
  }

  private fuzzyLookup(term: string): { id: number; term: string; weight: number }[] {
    const maxDistance = Math.min(INDEX_OPTIONS.maxFuzzy, Math.round(term.length * 0.2));
    if (maxDistance === 0) return [];
    const found: { id: number; term: string; weight: number; distance: number }[] = [];
    const { base, delta } = this.vocabulary;
    for (const tree of [base, delta])
      for (const [t, [id, distance]] of tree.fuzzyGet(term, maxDistance)) {
        if (distance === 0) continue;
        // A term only removed passages held is not in the vocabulary of a fresh build.
        if (this.pendingDocuments !== 0 && !this.live(id)) continue;
        found.push({ id, term: t, weight: (INDEX_OPTIONS.fuzzyWeight * t.length) / (t.length + distance), distance });
      }
    // The closest corrections when there are too many, then in term order: the lookup's own order
    // depends on how the vocabulary tree grew (base + delta or a fresh build), and the order the
    // corrections are walked decides which of two equal scores ranks first.
    const byTerm = (a: { term: string }, b: { term: string }): number => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);
    const kept = (found.length <= MAX_FUZZY_EXPANSIONS ? found : found.sort((a, b) => a.distance - b.distance || byTerm(a, b)).slice(0, MAX_FUZZY_EXPANSIONS)).sort(byTerm);
    return kept.map(({ id, term: t, weight }) => ({ id, term: t, weight }));
  }

  search(query: string, opts: SearchOptions = {}): { groups: string[][]; hits: Hit[] } {
    const groups = this.queryGroups(query);
    if (groups.length === 0 || this.documentCount === 0) return { groups, hits: [] };
    const scratch = scratchFor(this.internalCount);
    // With `within`: its passages as internal ids (ascending, as positions are), marked while it runs.
    const within = opts.within ? this.internalOfPositions(opts.within) : undefined;
    try {
      if (within) for (const doc of within) scratch.inside[doc] = 1;
      return { groups, hits: this.rank(groups, opts, scratch, within) };
    } finally {
      if (within) for (const doc of within) scratch.inside[doc] = 0;
      // Even when a filter threw: every later query must start from zero scores.
      const { score, maskLo, maskHi, touched } = scratch;
      for (let pos = 0; pos < scratch.touchedCount; pos++) {
        const doc = touched[pos] as number;
        score[doc] = 0;
        maskLo[doc] = 0;
        maskHi[doc] = 0;
      }
      scratch.touchedCount = 0;
    }
  }

  /** Scores the passages that match `groups` into `scratch` (recording what it touched) and keeps the best. */
  private rank(groups: readonly string[][], opts: SearchOptions, scratch: Scratch, within?: Uint32Array): Hit[] {
    const limit = opts.limit ?? 50;
    const { score, maskLo, maskHi, touched } = scratch;
    const norms = this.lengthNorms();
    const n = this.documentCount;
    const baseTerms = this.index.terms.length;
    const { dead, deadCount } = this.seg;
    // Distinct query terms, for the quality factor (how many of them a passage matched).
    const qIndex = new Map<string, number>();
    let touchedCount = 0;
    // Index terms matched through a fuzzy expansion, for reporting which terms a hit matched.
    const derived: { id: number; term: string }[] = [];
    const { k, d } = INDEX_OPTIONS.bm25;
    const inside = within ? scratch.inside : undefined;
    const walk = (bit: number, id: number, weight: number): void => {
      const lo = bit < 32 ? 1 << bit : 0;
      const hi = bit >= 32 && bit < MAX_QUERY_TERMS ? 1 << (bit - 32) : 0;
      for (let f = 0; f < FIELDS; f++) {
        const df = this.df(id, f);
        if (df === 0) continue;
        // minisearch's BM25+ term by term, w·idf·(d + tf(k+1)/(tf + norm)), with the per-term parts
        // hoisted out of the loop. A passage's score is positive once matched (d > 0), so a zero
        // score means "not matched yet".
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const w = weight * (BOOSTS[f] as number) * idf;
        const base = w * d;
        const scale = w * (k + 1);
        const norm = norms[f] as Float64Array;
        // The base segment, then the delta: internal ids ascend across both, as a fresh build's.
        // (The loop is written out twice: one typed-array loop and one array loop stay monomorphic.)
        if (id < baseTerms) {
          const fp = this.index.fields[f] as FieldPostings;
          const { docs, tfs } = fp;
          const first = fp.offsets[id] as number;
          const end = fp.offsets[id + 1] as number;
          if (within && end - first > 16 * within.length) {
            // Few passages against long postings: look each one up (binary search from the last
            // one found; both ascend), in the postings' order, as the walk below would meet them.
            let at = first;
            for (const doc of within) {
              let last = end - 1;
              while (at <= last) {
                const mid = (at + last) >>> 1;
                if ((docs[mid] as number) < doc) at = mid + 1;
                else last = mid - 1;
              }
              if (at >= end) break;
              if (docs[at] !== doc || (deadCount !== 0 && dead[doc] === 1)) continue;
              const before = score[doc] as number;
              if (before === 0) touched[touchedCount++] = doc;
              const tf = tfs[at] as number;
              score[doc] = before + (base + (scale * tf) / (tf + (norm[doc] as number)));
              if (lo !== 0) maskLo[doc] = (maskLo[doc] as number) | lo;
              else maskHi[doc] = (maskHi[doc] as number) | hi;
            }
          } else {
            for (let i = first; i < end; i++) {
              const doc = docs[i] as number;
              if (deadCount !== 0 && dead[doc] === 1) continue;
              if (inside && inside[doc] !== 1) continue;
              const before = score[doc] as number;
              if (before === 0) touched[touchedCount++] = doc;
              const tf = tfs[i] as number;
              score[doc] = before + (base + (scale * tf) / (tf + (norm[doc] as number)));
              if (lo !== 0) maskLo[doc] = (maskLo[doc] as number) | lo;
              else maskHi[doc] = (maskHi[doc] as number) | hi;
            }
          }
        }
        const dp = (this.seg.delta[f] as Map<number, DeltaPostings>).get(id);
        if (dp) {
          const { docs, tfs } = dp;
          for (let i = 0; i < docs.length; i++) {
            const doc = docs[i] as number;
            if (dead[doc] === 1) continue;
            if (inside && inside[doc] !== 1) continue;
            const before = score[doc] as number;
            if (before === 0) touched[touchedCount++] = doc;
            const tf = tfs[i] as number;
            score[doc] = before + (base + (scale * tf) / (tf + (norm[doc] as number)));
            if (lo !== 0) maskLo[doc] = (maskLo[doc] as number) | lo;
            else maskHi[doc] = (maskHi[doc] as number) | hi;
          }
        }
      }
      scratch.touchedCount = touchedCount;
    };
    for (const group of groups) {
      for (const term of group) {
        let bit = qIndex.get(term);
        if (bit === undefined) {
          bit = qIndex.size;
          qIndex.set(term, bit);
        }
        const id = this.idOf(term);
        if (id !== undefined) walk(bit, id, 1);
        if (opts.fuzzy === true) {
          for (const f of this.fuzzyTerms(term)) {
            walk(bit, f.id, f.weight);
            derived.push(f);
          }
        }
      }
    }
    // Top `limit` by score; ties keep the order in which passages were first matched (as minisearch's
    // stable sort). A binary heap with the worst kept passage at the root: /timeline and /quote ask
    // for thousands, where inserting into a sorted list cost a shift per passage.
    const top = new TopK(limit);
    for (let pos = 0; pos < touchedCount; pos++) {
      const doc = touched[pos] as number;
      const s = (score[doc] as number) * (popcount(maskLo[doc] as number) + popcount(maskHi[doc] as number) || 1);
      if (!top.admits(s, pos)) continue;
      if (opts.filter && !opts.filter(this.positionOf[doc] as number)) continue;
      top.add(doc, s, pos);
    }
    const queryTerms = [...qIndex.keys()];
    // Passages that matched the same query terms share one terms list and coverage (a topic search
    // keeps thousands of passages, and few distinct combinations): fewer allocations, and callers
    // can work per list rather than per passage.
    const byMask = new Map<number | string, { terms: readonly string[]; coverage: number }>();
    const matchOf = (matched: Set<string>): { terms: readonly string[]; coverage: number } => ({
      terms: [...matched],
      coverage: groups.filter((g) => g.some((t) => matched.has(t))).length / groups.length,
    });
    const fromMask = (lo: number, hi: number): Set<string> => new Set(queryTerms.filter((_, b) => (b < 32 ? lo & (1 << b) : b < MAX_QUERY_TERMS ? hi & (1 << (b - 32)) : 0) !== 0));
    const hits: Hit[] = [];
    for (const { doc, score: s } of top.sorted()) {
      const lo = maskLo[doc] as number;
      const hi = maskHi[doc] as number;
      if (derived.length > 0) {
        const matched = fromMask(lo, hi);
        for (const d of derived) if (this.contains(d.id, doc)) matched.add(d.term);
        hits.push({ idx: this.positionOf[doc] as number, score: s, ...matchOf(matched) });
        continue;
      }
      const key = hi === 0 ? lo : `${hi}:${lo}`;
      let m = byMask.get(key);
      if (!m) {
        m = matchOf(fromMask(lo, hi));
        byMask.set(key, m);
      }
      hits.push({ idx: this.positionOf[doc] as number, score: s, terms: m.terms, coverage: m.coverage });
    }
    return hits;
  }

  /** Internal ids of live passage positions (ascending when they are). */
  private internalOfPositions(positions: Uint32Array): Uint32Array {
    // The same list is asked again (a speaker's passages): converted once per index.
    const known = this.withinMemo.get(positions);
    if (known) return known;
    const out = new Uint32Array(positions.length);
    for (let i = 0; i < positions.length; i++) out[i] = this.internalOf[positions[i] as number] as number;
    this.withinMemo.set(positions, out);
    return out;
  }

  /** Whether any live passage holds term `id`. */
  private live(id: number): boolean {
    for (let f = 0; f < FIELDS; f++) if (this.df(id, f) > 0) return true;
    return false;
  }

  /** Whether any field of passage `doc` (an internal id) holds term `id`. */
  private contains(id: number, doc: number): boolean {
    if (id < this.index.terms.length && doc < this.index.documentCount) {
      for (const fp of this.index.fields) {
        let lo = fp.offsets[id] as number;
        let hi = (fp.offsets[id + 1] as number) - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >>> 1;
          const d = fp.docs[mid] as number;
          if (d === doc) return true;
          if (d < doc) lo = mid + 1;
          else hi = mid - 1;
        }
      }
    }
    for (const delta of this.seg.delta) if (delta.get(id)?.docs.includes(doc)) return true;
    return false;
  }
}

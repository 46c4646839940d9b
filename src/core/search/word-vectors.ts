// Word vectors for /ask: GloVe 6B 100-d (trained on Wikipedia and Gigaword newswire), one per index
// term, so a question's "probe" can meet a passage's "investigating" without a hand-written group.
// scripts/word-vectors.ts derives src/data/word-vectors.bin (licence: src/data/WORD-VECTORS-LICENSE);
// src/app/word-vectors-file.ts reads it (core does no I/O). Parsed once, on first use: a process
// that never asks pays nothing.

export interface WordVectors {
  readonly dims: number;
  readonly terms: readonly string[];
  /** Row of each index term. */
  readonly index: ReadonlyMap<string, number>;
  /** terms × dims, int8 (each row scaled on its own; cosines ignore the scale). */
  readonly data: Int8Array;
  /** Euclidean norm of each row. */
  readonly norms: Float32Array;
  /** Neighbours kept per row. */
  readonly k: number;
  /** Row r's nearest rows, best first: `neighbours[r*k .. r*k+k)`, 0xffff where there are fewer. */
  readonly neighbours: Uint16Array;
  /** Their cosines × 255. */
  readonly neighbourCosines: Uint8Array;
}

/** Parses the file's bytes (layout in scripts/word-vectors.ts). */
export function parseWordVectors(bytes: Uint8Array): WordVectors {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 4)) !== 'WVEC') throw new Error('word vectors: not a WVEC file');
  const count = view.getUint32(4, true);
  const dims = view.getUint32(8, true);
  const namesLength = view.getUint32(12, true);
  const k = view.getUint32(16, true);
  const terms = new TextDecoder().decode(bytes.subarray(20, 20 + namesLength)).split('\n');
  if (terms.length !== count) throw new Error(`word vectors: ${terms.length} terms, header says ${count}`);
  const start = 20 + namesLength;
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + start, count * dims);
  const idsAt = start + count * dims;
  // Copied: the u16 table need not start on an even byte.
  const neighbours = new Uint16Array(count * k);
  for (let i = 0; i < neighbours.length; i++) neighbours[i] = view.getUint16(idsAt + i * 2, true);
  const neighbourCosines = bytes.slice(idsAt + count * k * 2, idsAt + count * k * 3);
  if (neighbourCosines.length !== count * k) throw new Error('word vectors: file too short');
  const norms = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    let s = 0;
    for (let d = r * dims; d < (r + 1) * dims; d++) s += (data[d] as number) ** 2;
    norms[r] = Math.sqrt(s) || 1;
  }
  return { dims, terms, index: new Map(terms.map((t, i) => [t, i])), data, norms, k, neighbours, neighbourCosines };
}

let loaded: WordVectors | undefined;

const NONE: WordVectors = { dims: 0, terms: [], index: new Map(), data: new Int8Array(0), norms: new Float32Array(0), k: 0, neighbours: new Uint16Array(0), neighbourCosines: new Uint8Array(0) };

let source: (() => Uint8Array | undefined) | undefined;

/** Where the vectors' bytes come from (the app's file reader); read on the first `wordVectors()`. */
export function useWordVectors(read: () => Uint8Array | undefined): void {
  source = read;
  loaded = undefined;
}

/**
 * The vectors, parsed on first use. The file is not committed (an experiment, see the README): where
 * scripts/word-vectors.ts has not derived it, no word has a vector and /ask ranks as without them.
 */
export function wordVectors(): WordVectors {
  if (loaded === undefined) {
    const bytes = source?.();
    loaded = bytes ? parseWordVectors(bytes) : NONE;
  }
  return loaded;
}

export function rowCosine(v: WordVectors, a: number, b: number): number {
  const { data, dims } = v;
  let s = 0;
  for (let i = 0, x = a * dims, y = b * dims; i < dims; i++, x++, y++) s += (data[x] as number) * (data[y] as number);
  return s / ((v.norms[a] as number) * (v.norms[b] as number));
}

/** Cosine of two index terms' vectors, or undefined when either has none. */
export function termCosine(a: string, b: string, v: WordVectors = wordVectors()): number | undefined {
  const i = v.index.get(a);
  const j = v.index.get(b);
  return i === undefined || j === undefined ? undefined : rowCosine(v, i, j);
}

/** The `k` rows nearest row `r` by cosine, at least `min`, best first (a scan of every row: for the derive script). */
export function nearestRows(v: WordVectors, r: number, k: number, min: number): { row: number; cosine: number }[] {
  const best: { row: number; cosine: number }[] = [];
  for (let o = 0; o < v.terms.length; o++) {
    if (o === r) continue;
    const c = rowCosine(v, r, o);
    if (c < min || (best.length >= k && c <= (best[best.length - 1] as { cosine: number }).cosine)) continue;
    best.push({ row: o, cosine: c });
    best.sort((x, y) => y.cosine - x.cosine);
    if (best.length > k) best.pop();
  }
  return best;
}

/** A term's nearest terms from the file's table (cosine ≥ `min`, at most `k`), best first. */
export function nearestTerms(term: string, k: number, min: number, v: WordVectors = wordVectors()): { term: string; cosine: number }[] {
  const r = v.index.get(term);
  if (r === undefined) return [];
  const out: { term: string; cosine: number }[] = [];
  for (let j = 0; j < Math.min(k, v.k); j++) {
    const o = v.neighbours[r * v.k + j] as number;
    const cosine = (v.neighbourCosines[r * v.k + j] as number) / 255;
    if (o === 0xffff || cosine < min) break;
    out.push({ term: v.terms[o] as string, cosine });
  }
  return out;
}

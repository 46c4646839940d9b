// Near-identical passages (the same wire copy in two outlets) are shown once, with the other
// citations attached. Similarity is the Jaccard index of word 4-shingles: cheap, and robust to
// small edits such as a changed headline word or a different dateline.
//
// Shingles are numbered rather than kept as strings (every `ask` groups up to 60 passages, and
// string sets made this most of its time): words get ids, pairs of word ids get ids, and a shingle
// is its two pair ids in one number. Ids are exact (no hashing), so the sets, and the grouping,
// are the same as with string shingles.

/** Ids stay below this (two of them fit exactly in a double: 2^42 < 2^53). */
const BASE = 2 ** 21;
/** Stands for "no word" in texts of fewer than four words, whose one shingle is the whole text. */
const PAD = 0;

class ShingleCoder {
  private readonly words = new Map<string, number>();
  private readonly pairs = new Map<number, number>();

  private word(w: string): number {
    let id = this.words.get(w);
    if (id === undefined) {
      id = this.words.size + 1;
      if (id >= BASE) throw new Error('near-duplicates: too many distinct words for one grouping');
      this.words.set(w, id);
    }
    return id;
  }

  private pair(a: number, b: number): number {
    const key = a * BASE + b;
    let id = this.pairs.get(key);
    if (id === undefined) {
      id = this.pairs.size;
      if (id >= BASE) throw new Error('near-duplicates: too many distinct word pairs for one grouping');
      this.pairs.set(key, id);
    }
    return id;
  }

  /** The distinct shingles of `text`, ascending. */
  shingles(text: string): Float64Array {
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const ids = words.map((w) => this.word(w));
    const n = ids.length;
    const at = (i: number): number => ids[i] ?? PAD;
    const keys = new Float64Array(n < 4 ? 1 : n - 3);
    if (n < 4) keys[0] = this.pair(at(0), at(1)) * BASE + this.pair(at(2), at(3));
    else for (let i = 0; i + 4 <= n; i++) keys[i] = this.pair(at(i), at(i + 1)) * BASE + this.pair(at(i + 2), at(i + 3));
    keys.sort();
    let m = 0;
    for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[m - 1]) keys[m++] = keys[i] as number;
    return keys.subarray(0, m);
  }
}

/** Jaccard index of two ascending sets, or -1 when it cannot reach `atLeast` (told by their sizes alone). */
function jaccard(a: Float64Array, b: Float64Array, atLeast: number): number {
  const small = Math.min(a.length, b.length);
  const large = Math.max(a.length, b.length);
  // |A ∩ B| <= min and |A ∪ B| >= max, so the index is at most min / max.
  if (large > 0 && small / large < atLeast) return -1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = a.length + b.length - inter;
  return union === 0 ? 1 : inter / union;
}

export function similarity(a: string, b: string): number {
  const coder = new ShingleCoder();
  return jaccard(coder.shingles(a), coder.shingles(b), 0);
}

/**
 * Groups items whose texts are near-identical (similarity ≥ threshold), keeping the order of the
 * first member of each group. Meant for a page of results, not a whole corpus (quadratic).
 */
export function groupNearDuplicates<T>(items: readonly T[], textOf: (t: T) => string, threshold = 0.7): T[][] {
  const coder = new ShingleCoder();
  const groups: { head: Float64Array; members: T[] }[] = [];
  for (const item of items) {
    const sh = coder.shingles(textOf(item));
    const home = groups.find((g) => jaccard(sh, g.head, threshold) >= threshold);
    if (home) home.members.push(item);
    else groups.push({ head: sh, members: [item] });
  }
  return groups.map((g) => g.members);
}

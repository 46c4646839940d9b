// Cutting a run of text that is too long for one unit (a passage, a sentence) at the finest
// boundary it needs: after a clause's punctuation, else between words, else every `maxChars`
// characters. Every piece is a range of the original text, so cuts never change a citation.
// Linear in the text: a megabyte without a full stop must not cost more than a megabyte of news.

export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface CutLimits {
  /** Most words in one piece (Infinity: count characters only). */
  readonly maxWords: number;
  readonly maxChars: number;
  /** Pieces end before trailing whitespace (passages) or cover the text contiguously (sentences). */
  readonly trim: boolean;
}

interface Atom extends Range {
  readonly words: number;
}

export const wordCount = (s: string): number => (s.match(/\S+/g) ?? []).length;

// After a clause's punctuation (with any closing quote or bracket), or a spaced dash.
const CLAUSE_END = /[,;:)\]—–…]["”’)]*\s+|\s[-–—]\s+/g;
const WORD_END = /\s+/g;

/** `end` moved back over trailing whitespace. */
export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1] ?? '')) e--;
  return e;
}

/** Aims for even pieces: 160 words become two of 80 rather than 150 and 10. */
export function evenTarget(words: number, maxWords: number, floor = 1): number {
  if (!Number.isFinite(maxWords)) return maxWords;
  return Math.min(maxWords, Math.max(floor, Math.ceil(words / Math.ceil(words / maxWords))));
}

/**
 * Greedy packing of consecutive atoms into pieces of at most `target` words and `maxChars`
 * characters. An atom that alone breaks a limit becomes a piece of its own (to be cut finer).
 */
export function pack<A extends Atom>(text: string, atoms: readonly A[], target: number, limits: CutLimits): Atom[] {
  const pieces: { start: number; end: number; words: number }[] = [];
  let current: { start: number; end: number; words: number } | undefined;
  const length = (start: number, end: number) => (limits.trim ? trimEnd(text, start, end) : end) - start;
  for (const a of atoms) {
    if (current && (current.words + a.words > target || length(current.start, a.end) > limits.maxChars)) {
      pieces.push(current);
      current = undefined;
    }
    if (!current) current = { start: a.start, end: a.end, words: a.words };
    else {
      current.end = a.end;
      current.words += a.words;
    }
  }
  if (current) pieces.push(current);
  return limits.trim ? pieces.map((p) => ({ ...p, end: trimEnd(text, p.start, p.end) })) : pieces;
}

/** Atoms between the places `boundary` (global) matches, each cut after the match. */
function atomsAt(text: string, start: number, end: number, boundary: RegExp): Atom[] {
  const atoms: Atom[] = [];
  const slice = text.slice(start, end);
  const re = new RegExp(boundary.source, 'g');
  let from = 0;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const cut = m.index + m[0].length;
    if (cut > from && cut < slice.length) {
      atoms.push({ start: start + from, end: start + cut, words: wordCount(slice.slice(from, cut)) });
      from = cut;
    }
  }
  atoms.push({ start: start + from, end, words: wordCount(slice.slice(from)) });
  return atoms;
}

/** Fixed-size cuts for one "word" longer than `maxChars`, never between a surrogate pair. */
function hardCuts(text: string, start: number, end: number, maxChars: number): Range[] {
  const out: Range[] = [];
  for (let s = start; s < end; ) {
    let e = Math.min(end, s + Math.max(2, maxChars));
    if (e < end && /[\uDC00-\uDFFF]/.test(text[e] ?? '')) e--;
    out.push({ start: s, end: e });
    s = e;
  }
  return out;
}

/** The range as is when within the limits, else cut at clauses, then words, then characters. */
export function cutLong(text: string, range: Range, limits: CutLimits, words = wordCount(text.slice(range.start, range.end))): Range[] {
  return cut(text, { ...range, words }, limits, 0);
}

function cut(text: string, r: Atom, limits: CutLimits, level: number): Range[] {
  const length = (limits.trim ? trimEnd(text, r.start, r.end) : r.end) - r.start;
  if (r.words <= limits.maxWords && length <= limits.maxChars) return [{ start: r.start, end: limits.trim ? r.start + length : r.end }];
  if (level >= 2) return hardCuts(text, r.start, limits.trim ? r.start + length : r.end, limits.maxChars);
  const atoms = atomsAt(text, r.start, r.end, level === 0 ? CLAUSE_END : WORD_END);
  return pack(text, atoms, evenTarget(r.words, limits.maxWords), limits).flatMap((p) => cut(text, p, limits, level + 1));
}

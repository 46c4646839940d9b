// Tokenizing for search. minisearch's default splits on punctuation, which turns "U.S." into "u"
// and "s"; this one knows news text: acronyms with dots, possessives, curly apostrophes, hyphens,
// numbers with separators. Terms are lower-cased, stemmed (Porter, via `stemmer`), and stop words
// are dropped. Written here because no library tokenizes English news this way.
import { stemmer } from 'stemmer';

export interface Token {
  /** The raw word as it stands in the text. */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
}

// Acronyms with dots (U.S., U.N.), numbers (1,000.5), words with inner apostrophes (don't, Putin’s).
const TOKEN = /(?:\p{Lu}\.){2,}|\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export function tokensWithOffsets(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ raw: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both but by
  can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't
  have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is
  isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves
  out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves
  then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd
  we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's will with won't would
  wouldn't you you'd you'll you're you've your yours yourself yourselves us also many much tell know say said says did does
  ever happen happened happens get got thing things may might must shall just
  dont didnt doesnt isnt wasnt arent werent hasnt havent hadnt wouldnt couldnt shouldnt cant wont whats thats theres
  heres whos wheres hows whys im ive youre theyre weve youve theyve hes shes`
    .split(/\s+/)
    .filter(Boolean),
);

/** The country, however it is written, is one term; the pronoun "us" is a stop word. */
const COUNTRY_US = new Set(['U.S.', 'US', 'U.S', 'U.S.A.', 'USA']);

/**
 * The index term for a raw word, or null for a stop word. Case matters only to tell the country
 * "US" from the pronoun "us".
 */
export function normaliseTerm(raw: string): string | null {
  // Memoised: the same few hundred thousand words recur across millions of tokens, and stemming
  // dominated both index builds and highlighting. Bounded: cleared when full.
  const known = termMemo.get(raw);
  if (known !== undefined) return known;
  const term = normaliseUncached(raw);
  if (termMemo.size >= TERM_MEMO_MAX) termMemo.clear();
  termMemo.set(raw, term);
  return term;
}

const TERM_MEMO_MAX = 200_000;
const termMemo = new Map<string, string | null>();

function normaliseUncached(raw: string): string | null {
  if (COUNTRY_US.has(raw)) return 'usa';
  let w = raw.toLowerCase().replace(/’/g, "'");
  if (STOP_WORDS.has(w)) return null;
  w = w.replace(/'s$/, '').replace(/'$/, '');
  if (/^(?:\p{L}\.){2,}$/u.test(w)) w = w.replace(/\./g, '');
  if (/^\p{N}/u.test(w)) return w.replace(/,/g, '');
  if (STOP_WORDS.has(w) || w.length === 0) return null;
  if (w.length === 1) return null;
  return stemmer(w);
}

/**
 * Multi-word phrases that are one term (from the synonym table: "united states", "soviet union"):
 * consecutive normalised terms joined by a space.
 */
export type PhraseSet = ReadonlyMap<string, number>;

/** Longer synonym phrases than this are not merged into one term. */
export const MAX_PHRASE_WORDS = 4;

const startsOf = new WeakMap<PhraseSet, ReadonlySet<string>>();

/** The first terms of the phrases. */
function phraseStarts(phrases: PhraseSet): ReadonlySet<string> {
  let starts = startsOf.get(phrases);
  if (starts === undefined) {
    starts = new Set([...phrases.keys()].map((p) => p.slice(0, p.indexOf(' ') < 0 ? p.length : p.indexOf(' '))));
    startsOf.set(phrases, starts);
  }
  return starts;
}

/**
 * Calls `visit` with each term of the normalised words `norm` (null: a stop word, kept as a
 * placeholder so that phrases only join adjacent words), phrases merged, and the index of its
 * first and last word.
 */
function visitTerms(norm: readonly (string | null)[], phrases: PhraseSet, visit: (term: string, first: number, last: number) => void): void {
  const starts = phraseStarts(phrases);
  for (let i = 0; i < norm.length; i++) {
    const term = norm[i];
    if (term === null || term === undefined) continue;
    let merged = false;
    // Most words start no phrase: skip the slicing and joining below for them.
    for (let len = starts.has(term) ? MAX_PHRASE_WORDS : 1; len >= 2 && !merged; len--) {
      if (i + len > norm.length) continue;
      const parts = norm.slice(i, i + len);
      if (parts.some((p) => p === null)) continue;
      const phrase = parts.join(' ');
      if (phrases.get(phrase) === len) {
        visit(phrase, i, i + len - 1);
        i += len - 1;
        merged = true;
      }
    }
    if (!merged) visit(term, i, i);
  }
}

/** Terms of `text` with their token spans, phrases merged. */
export function termsWithOffsets(text: string, phrases: PhraseSet): { term: string; start: number; end: number }[] {
  const raw = tokensWithOffsets(text);
  const out: { term: string; start: number; end: number }[] = [];
  visitTerms(
    raw.map((t) => normaliseTerm(t.raw)),
    phrases,
    (term, first, last) => void out.push({ term, start: (raw[first] as Token).start, end: (raw[last] as Token).end }),
  );
  return out;
}

/**
 * The distinct terms of `text` in the order `termsWithOffsets` first gives them, without its
 * offsets and token objects: reranking and the index-time sentence lookups ask this of thousands
 * of sentences, and allocating those objects was most of their cost.
 */
export function termSet(text: string, phrases: PhraseSet): Set<string> {
  const out = new Set<string>();
  const norm: (string | null)[] = [];
  for (const m of text.matchAll(TOKEN)) norm.push(normaliseTerm(m[0]));
  visitTerms(norm, phrases, (term) => void out.add(term));
  return out;
}

export function terms(text: string, phrases: PhraseSet): string[] {
  return termsWithOffsets(text, phrases).map((t) => t.term);
}

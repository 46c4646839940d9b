// Acronyms and what they stand for, learned from the corpus itself: news and White House text
// spell an agency out once with its acronym in brackets ("the Cybersecurity and Infrastructure
// Security Agency (CISA)"), then use the acronym alone. A question that says "CISA" should find
// the passages that spell it out, and the reverse. A pair is kept only when the long form's
// initials spell the acronym, so "(AI)" after "Artificial Intelligence" counts and "(2021)" or
// "(R-PA)" never do.
import { normaliseTerm, tokensWithOffsets } from './tokenize.ts';

export interface Expansion {
  /** The long form as written ("National Security Agency"). */
  readonly text: string;
  /** Its index terms, stop words dropped (["nation", "secur", "agenc"]). */
  readonly terms: readonly string[];
}

export interface AcronymTable {
  /** Acronym index term ("nsa") -> its long forms, the most frequent first. */
  readonly expansions: ReadonlyMap<string, readonly Expansion[]>;
  /** A long form's index terms joined by a space -> the acronym as written ("NSA"). */
  readonly acronyms: ReadonlyMap<string, string>;
}

/** Long forms kept per acronym ("NSA": the Agency and the Advisor). */
const MAX_EXPANSIONS = 2;
/** Words of a long form that need not give a letter: "Department of Defense" is DOD or DoD. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(['of', 'and', 'for', 'the', 'on', 'in', 'to', 'de', '&']);

// A bracketed acronym: two to eight letters, capitals first ("NATO", "DoD", "HBCUs").
const BRACKETED = /\(([A-Z][A-Za-z]{1,7})\)/g;

/**
 * The long form just before a bracketed acronym, whose words' initials spell it (function words
 * may be skipped), or undefined. `before` is the text up to the bracket.
 */
export function longFormBefore(before: string, acronym: string): string | undefined {
  const letters = acronym.replace(/(?<=[A-Z])s$/, '').toLowerCase();
  if (!/[A-Z].*[A-Z]/.test(acronym) || letters.length < 2) return undefined;
  // The words of the same clause, nearest last.
  const clause =
    before
      .slice(Math.max(0, before.length - 200))
      .split(/[.,;:()"“”]/)
      .pop() ?? '';
  const words = clause.trim().split(/\s+/).filter(Boolean);
  let i = letters.length - 1;
  let j = words.length - 1;
  while (i >= 0 && j >= 0) {
    const w = words[j] as string;
    const lower = w.toLowerCase();
    if (lower[0] === letters[i] && (!FUNCTION_WORDS.has(lower) || i > 0)) {
      i--;
      j--;
    } else if (FUNCTION_WORDS.has(lower)) j--;
    else return undefined;
  }
  if (i >= 0) return undefined;
  const long = words.slice(j + 1);
  // A name starts with a capital ("the National Security Agency": from "National").
  while (long.length > 0 && !/^[A-Z]/.test(long[0] as string)) long.shift();
  return long.length >= 2 ? long.join(' ') : undefined;
}

function termsOf(text: string): string[] {
  return tokensWithOffsets(text)
    .map((t) => normaliseTerm(t.raw))
    .filter((t): t is string => t !== null);
}

/** Learns the table from passage texts. */
export function learnAcronyms(texts: Iterable<string>): AcronymTable {
  const occurrences: AcronymOccurrence[] = [];
  for (const text of texts) for (const o of acronymOccurrences(text)) occurrences.push(o);
  return acronymTableOf(occurrences);
}

/** Passages read between two yields of `passageAcronymsInSteps`: a few ms on whitehouse-russia. */
const PASSAGE_SLICE = 4000;

/** One bracketed acronym after its long form, in a text (what the table is counted from). */
export interface AcronymOccurrence {
  /** As written ("NSA"). */
  readonly acronym: string;
  /** The long form's index terms joined by a space. */
  readonly key: string;
  /** The long form as written. */
  readonly text: string;
  readonly terms: string[];
}

/** The acronyms a text spells out, in order. */
export function acronymOccurrences(text: string): AcronymOccurrence[] {
  if (!text.includes('(')) return [];
  const out: AcronymOccurrence[] = [];
  for (const m of text.matchAll(BRACKETED)) {
    const acronym = m[1] as string;
    const long = longFormBefore(text.slice(0, m.index), acronym);
    if (long === undefined) continue;
    const acr = normaliseTerm(acronym);
    const terms = termsOf(long);
    if (acr === null || terms.length < 2) continue;
    out.push({ acronym, key: terms.join(' '), text: long, terms });
  }
  return out;
}

/**
 * The table of the occurrences of every text, in the texts' order (the order decides between long
 * forms read as often, and which acronym a long form gives): what `learnAcronyms` learns.
 */
export function acronymTableOf(occurrences: Iterable<AcronymOccurrence>): AcronymTable {
  const counts = new Map<string, Map<string, { text: string; terms: string[]; n: number }>>();
  for (const o of occurrences) {
    let byLong = counts.get(o.acronym);
    if (!byLong) {
      byLong = new Map();
      counts.set(o.acronym, byLong);
    }
    const seen = byLong.get(o.key);
    if (seen) seen.n++;
    else byLong.set(o.key, { text: o.text, terms: o.terms, n: 1 });
  }
  const expansions = new Map<string, Expansion[]>();
  const acronyms = new Map<string, string>();
  for (const [acronym, byLong] of counts) {
    const acr = normaliseTerm(acronym) as string;
    const kept = [...byLong.values()].sort((a, b) => b.n - a.n).slice(0, MAX_EXPANSIONS);
    const list = expansions.get(acr) ?? [];
    for (const e of kept) {
      if (!list.some((x) => x.terms.join(' ') === e.terms.join(' '))) list.push({ text: e.text, terms: e.terms });
      const key = e.terms.join(' ');
      if (!acronyms.has(key)) acronyms.set(key, acronym);
    }
    expansions.set(acr, list.slice(0, MAX_EXPANSIONS));
  }
  return { expansions, acronyms };
}

/** An acronym a passage spells out, with the passage's article (so an update can drop a changed article's). */
export type PassageAcronym = AcronymOccurrence & { readonly articleId: string };

/** The acronyms `passage` spells out, in order. */
export function passageAcronyms(passage: { readonly text: string; readonly articleId: string }): PassageAcronym[] {
  return acronymOccurrences(passage.text).map((o) => ({ ...o, articleId: passage.articleId }));
}

/** The acronyms of every passage, in passage order, yielding every few thousand passages (an updated corpus warms them between queries). */
export function* passageAcronymsInSteps(passages: Iterable<{ readonly text: string; readonly articleId: string }>): Generator<void, PassageAcronym[]> {
  const out: PassageAcronym[] = [];
  let read = 0;
  for (const p of passages) {
    if (++read % PASSAGE_SLICE === 0) yield;
    for (const o of passageAcronyms(p)) out.push(o);
  }
  return out;
}

/** What a question gains from the table: words to search for too, and alternatives per term group. */
export interface AcronymExpansion {
  /** Surface words to add to the search ("National Security Agency", "NSA"). */
  readonly extra: readonly string[];
  /** Per group of the question: sets of terms that, all present, stand for it. */
  readonly alternatives: readonly (readonly (readonly string[])[])[];
}

/** The question's acronyms spelled out, and its spelled-out names as acronyms. */
export function expandAcronyms(table: AcronymTable, groups: readonly (readonly string[])[]): AcronymExpansion | undefined {
  const extra: string[] = [];
  const alternatives: string[][][] = groups.map(() => []);
  groups.forEach((g, i) => {
    for (const e of table.expansions.get(g[0] ?? '') ?? []) {
      extra.push(e.text);
      (alternatives[i] as string[][]).push([...e.terms]);
    }
  });
  // Spelled-out names: runs of two or more consecutive question terms.
  const heads = groups.map((g) => g[0] ?? '');
  for (let i = 0; i < heads.length; i++) {
    for (let len = Math.min(8, heads.length - i); len >= 2; len--) {
      const acronym = table.acronyms.get(heads.slice(i, i + len).join(' '));
      if (acronym === undefined) continue;
      const acr = normaliseTerm(acronym);
      if (acr === null) continue;
      extra.push(acronym);
      for (let k = i; k < i + len; k++) (alternatives[k] as string[][]).push([acr]);
      break;
    }
  }
  return extra.length === 0 ? undefined : { extra, alternatives };
}

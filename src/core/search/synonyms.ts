// The synonym table: groups of words that mean the same for search, kept in a YAML data file that
// users can extend. Members are normalised like index terms, so "expelled" and "expel" meet.
import { MAX_PHRASE_WORDS, normaliseTerm, tokensWithOffsets, type PhraseSet } from './tokenize.ts';

export interface SynonymTable {
  /** term -> every term of its groups (itself included). */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** Multi-word members, as normalised phrases, with their word count. */
  readonly phrases: PhraseSet;
}

/** Normalised form of a member: its terms joined by a space, or null when it is all stop words. */
function memberTerm(member: string): { term: string; words: number } | null {
  const parts = tokensWithOffsets(member)
    .map((t) => normaliseTerm(t.raw))
    .filter((t): t is string => t !== null);
  return parts.length === 0 ? null : { term: parts.join(' '), words: parts.length };
}

/** Builds the table from raw groups (already parsed from YAML); bad entries are reported. */
export function buildSynonyms(rawGroups: readonly unknown[]): { table: SynonymTable; problems: string[] } {
  const problems: string[] = [];
  const groups = new Map<string, Set<string>>();
  const phrases = new Map<string, number>();
  rawGroups.forEach((g, i) => {
    if (!Array.isArray(g) || g.some((m) => typeof m !== 'string')) {
      problems.push(`group ${i + 1} is not a list of words`);
      return;
    }
    const members = (g as string[]).map(memberTerm).filter((m): m is { term: string; words: number } => m !== null);
    if (members.length < 2) return;
    const tooLong = members.find((m) => m.words > MAX_PHRASE_WORDS);
    if (tooLong) problems.push(`group ${i + 1}: "${tooLong.term}" has more than ${MAX_PHRASE_WORDS} words`);
    for (const m of members) if (m.words > 1) phrases.set(m.term, m.words);
    const all = new Set(members.map((m) => m.term));
    for (const term of all) {
      const existing = groups.get(term);
      if (existing) for (const t of all) existing.add(t);
      else groups.set(term, new Set(all));
    }
  });
  return {
    table: { groups: new Map([...groups].map(([k, v]) => [k, [...v].sort()])), phrases },
    problems,
  };
}

/** The group of `term` (itself first), or just the term. */
export function expand(table: SynonymTable, term: string): readonly string[] {
  const g = table.groups.get(term);
  return g ? [term, ...g.filter((t) => t !== term)] : [term];
}

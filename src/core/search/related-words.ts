// Words WordNet relates to a question's words, for /ask: a question says "probe", "take back",
// "look into"; the passage says "investigating", "withdraw", "investigate". Only the dominant
// senses of each word (scripts/wordnet-related.ts derives src/data/wordnet-related.json from
// WordNet 3.1; licence in src/data/WORDNET-LICENSE). A related word counts below the word itself.
import related from '../../data/wordnet-related.json' with { type: 'json' };
import { normaliseTerm, tokensWithOffsets } from './tokenize.ts';

/** Index term (or collocation, "take back") → related index terms or term runs ("bring back"). */
type RelatedTable = ReadonlyMap<string, readonly string[]>;

let table: RelatedTable | undefined;

/** The table as a map, built on first use (27,000 words; the JSON is parsed when this module loads). */
export function relatedTable(): RelatedTable {
  table ??= new Map((related as string[][]).map(([word, ...others]) => [word ?? '', others]));
  return table;
}

/** Related words kept per question word: the table's first, which come from its most frequent senses. */
const MAX_PER_GROUP = 4;

export interface RelatedExpansion {
  /** Index terms to search for too. */
  readonly extra: readonly string[];
  /** Per group of the question: term sets that, all present, stand for it (below the word itself). */
  readonly related: readonly (readonly (readonly string[])[])[];
}

/**
 * What WordNet relates to the question's words and two-word collocations, kept to terms the
 * corpus holds (`known`) and not already in a group of the question.
 */
export function relatedWords(question: string, groups: readonly (readonly string[])[], known: (term: string) => boolean, words: RelatedTable = relatedTable()): RelatedExpansion | undefined {
  const inQuestion = new Set(groups.flat());
  const groupOf = new Map(groups.map((g, i) => [g[0] ?? '', i]));
  const related: string[][][] = groups.map(() => []);
  const add = (targets: readonly number[], values: readonly string[] | undefined): void => {
    for (const v of values ?? []) {
      const terms = v.split(' ');
      if (terms.some((t) => inQuestion.has(t) || !known(t))) continue;
      for (const i of targets) {
        const list = related[i] as string[][];
        if (list.length < MAX_PER_GROUP && !list.some((l) => l.join(' ') === v)) list.push(terms);
      }
    }
  };
  // Collocations first ("take back" is "retract" rather than "take" and "back" apart).
  const tokens = tokensWithOffsets(question);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = (tokens[i] as { raw: string }).raw;
    const b = (tokens[i + 1] as { raw: string }).raw;
    const ta = normaliseTerm(a);
    const tb = normaliseTerm(b);
    const values = words.get(`${ta ?? a.toLowerCase()} ${tb ?? b.toLowerCase()}`);
    if (values === undefined) continue;
    const targets = [ta, tb].map((t) => (t === null ? undefined : groupOf.get(t))).filter((x): x is number => x !== undefined);
    add(targets, values);
  }
  groups.forEach((g, i) => {
    add([i], words.get(g[0] ?? ''));
  });
  const extra = [...new Set(related.flat(2))];
  return extra.length === 0 ? undefined : { extra, related };
}

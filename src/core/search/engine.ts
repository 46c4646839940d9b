// Full-text search over passages with minisearch (BM25). Queries are tokenized here, not by
// minisearch, so synonyms expand to groups of already-normalised terms.
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import type { Passage } from '../types.ts';
import { expand, type SynonymTable } from './synonyms.ts';
import { terms, type PhraseSet } from './tokenize.ts';

/** What a search document holds; `id` is the passage's position in the corpus's passage list. */
interface SearchDoc {
  readonly id: number;
  readonly text: string;
  readonly title: string;
  readonly speaker: string;
}

/** Index options: part of the cache key, so a change rebuilds the index. */
export const INDEX_OPTIONS = {
  fields: ['text', 'title', 'speaker'],
  boost: { text: 1, title: 0.5, speaker: 1 },
} as const;

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
}

function miniOptions(phrases: PhraseSet) {
  return {
    idField: 'id',
    fields: [...INDEX_OPTIONS.fields],
    tokenize: (text: string) => terms(text, phrases),
    // Terms arrive normalised from `tokenize`.
    processTerm: (term: string) => term,
    searchOptions: { tokenize: (s: string) => [s], processTerm: (t: string) => t, boost: { ...INDEX_OPTIONS.boost } },
  };
}

export class PassageSearch {
  private constructor(
    private readonly mini: MiniSearch<SearchDoc>,
    readonly synonyms: SynonymTable,
  ) {}

  static build(passages: readonly Passage[], titleOf: (articleId: string) => string, synonyms: SynonymTable): PassageSearch {
    const mini = new MiniSearch<SearchDoc>(miniOptions(synonyms.phrases));
    mini.addAll(passages.map((p, id) => ({ id, text: p.text, title: titleOf(p.articleId), speaker: p.speaker ?? '' })));
    return new PassageSearch(mini, synonyms);
  }

  static fromJSON(json: string, synonyms: SynonymTable): PassageSearch {
    return new PassageSearch(MiniSearch.loadJSON<SearchDoc>(json, miniOptions(synonyms.phrases)), synonyms);
  }

  toJSON(): unknown {
    return this.mini.toJSON();
  }

  /** The query's content terms, each with its synonyms: one group per term. */
  queryGroups(query: string): string[][] {
    const seen = new Set<string>();
    const groups: string[][] = [];
    for (const t of terms(query, this.synonyms.phrases)) {
      if (seen.has(t)) continue;
      seen.add(t);
      groups.push([...expand(this.synonyms, t)]);
    }
    return groups;
  }

  search(query: string, opts: SearchOptions = {}): { groups: string[][]; hits: Hit[] } {
    const groups = this.queryGroups(query);
    if (groups.length === 0) return { groups, hits: [] };
    const tree: Query = {
      combineWith: 'OR',
      queries: groups.map((g) => ({ combineWith: 'OR', queries: g })),
    };
    const results: SearchResult[] = this.mini.search(tree, {
      ...(opts.filter !== undefined && { filter: (r: SearchResult) => (opts.filter as (i: number) => boolean)(r.id as number) }),
      ...(opts.fuzzy === true && { fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false) }),
    });
    const hits = results.slice(0, opts.limit ?? 50).map((r) => {
      const matched = new Set([...r.terms, ...r.queryTerms]);
      const covered = groups.filter((g) => g.some((t) => matched.has(t))).length;
      return { idx: r.id as number, score: r.score, terms: r.terms, coverage: covered / groups.length };
    });
    return { groups, hits };
  }
}

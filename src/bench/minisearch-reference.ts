// The search as plain minisearch does it (the engine before the typed-array index): minisearch
// with our tokenizer, field boosts and query tree. The reference that the optimised engine must
// match (tests/search-equivalence.test.ts); too slow and too large for whitehouse-all.
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import { INDEX_OPTIONS, type Hit, type SearchOptions } from '../core/search/engine.ts';
import { expand, type SynonymTable } from '../core/search/synonyms.ts';
import { terms } from '../core/search/tokenize.ts';
import type { Passage } from '../core/types.ts';

interface SearchDoc {
  readonly id: number;
  readonly text: string;
  readonly title: string;
  readonly speaker: string;
}

export class MinisearchReference {
  private readonly mini: MiniSearch<SearchDoc>;

  constructor(
    passages: readonly Passage[],
    titleOf: (articleId: string) => string,
    private readonly synonyms: SynonymTable,
  ) {
    const phrases = synonyms.phrases;
    this.mini = new MiniSearch<SearchDoc>({
      idField: 'id',
      fields: [...INDEX_OPTIONS.fields],
      tokenize: (text: string) => terms(text, phrases),
      processTerm: (term: string) => term,
      searchOptions: { tokenize: (s: string) => [s], processTerm: (t: string) => t, boost: { ...INDEX_OPTIONS.boost } },
    });
    this.mini.addAll(passages.map((p, id) => ({ id, text: p.text, title: titleOf(p.articleId), speaker: p.speaker ?? '' })));
  }

  search(query: string, opts: SearchOptions = {}): { groups: string[][]; hits: Hit[] } {
    const seen = new Set<string>();
    const groups: string[][] = [];
    for (const t of terms(query, this.synonyms.phrases)) {
      if (seen.has(t)) continue;
      seen.add(t);
      groups.push([...expand(this.synonyms, t)]);
    }
    if (groups.length === 0) return { groups, hits: [] };
    const tree: Query = { combineWith: 'OR', queries: groups.map((g) => ({ combineWith: 'OR', queries: g })) };
    const results: SearchResult[] = this.mini.search(tree, {
      ...(opts.filter !== undefined && { filter: (r: SearchResult) => (opts.filter as (i: number) => boolean)(r.id as number) }),
      ...(opts.fuzzy === true && { fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false) }),
    });
    const hits = results.slice(0, opts.limit ?? 50).map((r) => {
      const matched = new Set([...r.terms, ...r.queryTerms]);
      const covered = groups.filter((g) => g.some((t) => matched.has(t))).length;
      return { idx: r.id as number, score: r.score, terms: [...matched], coverage: covered / groups.length };
    });
    return { groups, hits };
  }
}

/**
 * Plain minisearch, its default options, over the passages' text (id = passage index): the
 * library with none of our work, the baseline row of `npm run eval -- --baseline` (issue 13).
 */
export class PlainMinisearch {
  private readonly mini = new MiniSearch<{ readonly id: number; readonly text: string }>({ fields: ['text'] });

  constructor(private readonly passages: readonly Passage[]) {
    this.mini.addAll(passages.map((p, id) => ({ id, text: p.text })));
  }

  /** The best `limit` passages for `question`, as `search(question)` with default options ranks them. */
  search(question: string, limit: number): Passage[] {
    return this.mini
      .search(question)
      .slice(0, limit)
      .map((r) => this.passages[r.id as number] as Passage);
  }
}

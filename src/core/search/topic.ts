// A topic search, as /ask, /timeline and /quote all run it: the passages that match enough of the
// query's content terms (required coverage), with one fuzzy retry when none does (a typo is the
// likeliest reason), and the index terms that matched, for "does this sentence mention the topic"
// and for highlighting. One module so the three commands cannot drift apart.
import type { Hit, PassageSearch } from './engine.ts';

/** Passages a topic search considers: enough for any real topic, bounded so a query stays fast. */
export const MAX_TOPIC_PASSAGES = 5000;

/**
 * A passage answers when it matches enough of the question's content terms: all of them for
 * one- and two-term questions, two thirds otherwise.
 */
export function requiredCoverage(groups: number): number {
  return groups <= 2 ? 1 : 2 / 3;
}

export interface TopicSearchOptions {
  /** Passages to consider (default `MAX_TOPIC_PASSAGES`). */
  readonly limit?: number;
  readonly filter?: (idx: number) => boolean;
  /** Passages (ascending) holding every one `filter` accepts: only these are scored (`SearchOptions.within`). */
  readonly within?: Uint32Array;
  /** Share of the query's term groups a passage must match (default `requiredCoverage`). */
  readonly coverage?: (groups: number) => number;
}

export interface TopicMatch {
  /** The query's content terms, each with its synonyms; none when it has only common words. */
  readonly groups: string[][];
  /** Passages that match enough of the query, in the search's order (best score first). */
  readonly matching: Hit[];
  /** The search returned as many passages as it was allowed to: more may match. */
  readonly capped: boolean;
}

export function searchTopic(search: PassageSearch, query: string, opts: TopicSearchOptions = {}): TopicMatch {
  const limit = opts.limit ?? MAX_TOPIC_PASSAGES;
  const filter = opts.filter;
  const within = opts.within;
  let { groups, hits } = search.search(query, { limit, ...(filter && { filter }), ...(within && { within }) });
  if (groups.length === 0) return { groups, matching: [], capped: false };
  const need = (opts.coverage ?? requiredCoverage)(groups.length) - 1e-9;
  if (!hits.some((h) => h.coverage >= need)) {
    // A typo is the likeliest reason nothing matched well: try once more with fuzzy terms.
    const fuzzy = search.search(query, { limit, fuzzy: true, ...(filter && { filter }), ...(within && { within }) });
    if (fuzzy.hits.some((h) => h.coverage >= need)) hits = fuzzy.hits;
  }
  return { groups, matching: hits.filter((h) => h.coverage >= need), capped: hits.length >= limit };
}

/** Index terms of the topic: its terms and synonyms, and what the matching passages matched (typo corrections). */
export function topicTerms(match: TopicMatch): Set<string> {
  const out = new Set<string>(match.groups.flat());
  for (const h of match.matching) for (const t of h.terms) out.add(t);
  return out;
}

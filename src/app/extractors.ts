// Which extractors run at index time. Their version is part of the index cache key, so a change
// to extraction rebuilds cached indexes.
import type { Extractors } from '../core/corpus.ts';
import { extractEvents } from '../core/events/extract.ts';
import type { AliasTable } from '../core/quotes/aliases.ts';
import { learnAliases } from '../core/quotes/canonical.ts';
import { extractQuotes } from '../core/quotes/extract.ts';

export const EXTRACTOR_VERSION = 2;

/** Dated events per article; quotes after a corpus-wide pass that learns surname aliases. */
export function makeExtractors(aliases: AliasTable): Extractors {
  return {
    events: extractEvents,
    quotes: (articles, passagesOf) => {
      const learned = learnAliases(articles, aliases);
      return articles.flatMap((a) => extractQuotes(a, passagesOf(a.id), learned));
    },
  };
}

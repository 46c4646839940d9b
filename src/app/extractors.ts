// Which extractors run at index time. Their version is part of the index cache key, so a change
// to extraction rebuilds cached indexes.
import type { Extractors } from '../core/corpus.ts';
import type { UpdateExtractors } from '../core/corpus-update.ts';
import { extractEvents, extractEventsInSteps } from '../core/events/extract.ts';
import type { AliasTable } from '../core/quotes/aliases.ts';
import { AliasLearner, articleFullNames, learnAliases, learnAliasesInSteps } from '../core/quotes/canonical.ts';
import { extractQuotes, extractQuotesInSteps } from '../core/quotes/extract.ts';
import type { Article, Passage, Quote } from '../core/types.ts';

export const EXTRACTOR_VERSION = 3;

/**
 * The quotes of `articles`, in order, with aliases `learned` from the whole corpus (`learnAliases`).
 * `namesOf`: the articles' full names when learning them kept them (`fullNamesOf`).
 */
export function extractQuotesOf(articles: readonly Article[], passagesOf: (articleId: string) => readonly Passage[], learned: AliasTable, namesOf?: (a: Article) => readonly string[]): Quote[] {
  const out: Quote[] = [];
  for (const a of articles) for (const q of extractQuotes(a, passagesOf(a.id), learned, namesOf?.(a))) out.push(q);
  return out;
}

/** Dated events per article; quotes after a corpus-wide pass that learns surname aliases. */
export function makeExtractors(aliases: AliasTable): Extractors {
  return {
    events: extractEvents,
    // Learning aliases and extracting quotes both read every article's names: found once (a tenth of a build).
    quotes: (articles, passagesOf) => extractQuotesOf(articles, passagesOf, learnAliases(articles, aliases, fullNamesOf), fullNamesOf),
  };
}

/** Each article's full names, kept while the article is (an update learns aliases from every article again). */
const fullNames = new WeakMap<Article, readonly string[]>();
export const fullNamesOf = (a: Article): readonly string[] => {
  let names = fullNames.get(a);
  if (!names) {
    names = articleFullNames(a);
    fullNames.set(a, names);
  }
  return names;
};

/** What `makeExtractors(aliases)` runs, one article at a time, for corpus updates (`applyChanges`). */
export function makeUpdateExtractors(aliases: AliasTable): UpdateExtractors {
  return {
    events: extractEvents,
    eventsInSteps: extractEventsInSteps,
    quotes: {
      learn: (articles) => learnAliases(articles, aliases, fullNamesOf),
      learnInSteps: (articles) => learnAliasesInSteps(articles, aliases, fullNamesOf),
      learner: () => new AliasLearner<Article>(aliases, fullNamesOf),
      extract: (a, passages, learned) => extractQuotes(a, passages, learned, fullNamesOf(a)),
      extractInSteps: (a, passages, learned) => extractQuotesInSteps(a, passages, learned, fullNamesOf(a)),
      names: (a) => void fullNamesOf(a),
      known: (a) => fullNames.get(a),
      remember: (a, names) => void fullNames.set(a, names),
    },
  };
}

// What the update tests share: a fresh build to compare an updated corpus with, the warm-up a
// started bot runs, and random steps (add, remove, change) over a pool of real articles.
import { makeExtractors } from '../../src/app/extractors.ts';
import { loadSynonyms } from '../../src/app/open-corpus.ts';
import { warmUpSteps } from '../../src/core/warm-up.ts';
import { buildCorpus, type Corpus } from '../../src/core/corpus.ts';
import type { CorpusChange } from '../../src/core/corpus-update.ts';
import { EMPTY_ALIASES } from '../../src/core/quotes/aliases.ts';
import type { SynonymTable } from '../../src/core/search/synonyms.ts';
import type { Article } from '../../src/core/types.ts';
import { loadArticles } from '../../src/load/loader.ts';
import { silentLogger } from '../../src/log.ts';
import { WHITEHOUSE_RUSSIA, WIKINEWS } from './paths.ts';

export const BUILT_AT = 1_700_000_000_000;

/** A fresh build of `articles`, in their order: what an updated corpus must equal. */
export function freshCorpus(articles: readonly Article[], synonyms: SynonymTable): Corpus {
  return buildCorpus({ articles, synonyms, extractors: makeExtractors(EMPTY_ALIASES), builtAt: BUILT_AT, aliases: EMPTY_ALIASES });
}

/** `corpus` with every warm-up step run, as a started bot's is. */
export function warmed(corpus: Corpus): Corpus {
  for (const s of warmUpSteps(corpus)) s.run();
  return corpus;
}

export type Step = { kind: 'add' | 'remove' | 'change'; pick: number };

/** The changes step `s` (the `n`th) makes to `present`, and `present` after them. */
export function stepChanges(s: Step, n: number, present: Article[], pool: readonly Article[], edited: (a: Article, k: number) => Article): { changes: CorpusChange[]; present: Article[] } {
  if (s.kind === 'add') {
    const absent = pool.filter((a) => !present.some((p) => p.id === a.id));
    const a = absent[s.pick % Math.max(1, absent.length)];
    return a ? { changes: [{ kind: 'upsert', article: a }], present: [...present, a] } : { changes: [], present };
  }
  const a = present[s.pick % Math.max(1, present.length)];
  if (!a) return { changes: [], present };
  const rest = present.filter((p) => p !== a);
  if (s.kind === 'remove') return { changes: [{ kind: 'remove', id: a.id }], present: rest };
  const b = edited(a, n);
  return { changes: [{ kind: 'upsert', article: b }], present: [...rest, b] };
}

/** The real articles the update tests draw from: whitehouse-russia's shorter ones, Wikinews when asked, and the synonyms a bot loads. */
export async function updateSources(withWiki = false): Promise<{ russia: Article[]; wiki: Article[]; synonyms: SynonymTable }> {
  const log = silentLogger();
  const russia = (await loadArticles([WHITEHOUSE_RUSSIA], { log })).articles.filter((a) => a.text.length < 12_000);
  const wiki = withWiki ? (await loadArticles([WIKINEWS], { log })).articles : [];
  return { russia, wiki, synonyms: loadSynonyms([WHITEHOUSE_RUSSIA], log).table };
}

// Which unchanged articles an update extracts quotes from again when the aliases it learns change:
// those that name every word of a changed entry's name or alias (a name is looked up by its whole
// key), not every article that names its last word. The result still equals a fresh build.
import { describe, expect, it } from 'vitest';
import { makeUpdateExtractors } from '../src/app/extractors.ts';
import { applyChanges } from '../src/core/corpus-update.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import type { Article } from '../src/core/types.ts';
import { BUILT_AT, freshCorpus } from './support/update-steps.ts';

const article = (id: string, text: string): Article =>
  ({ id, title: `Statement ${id}`, published: `2024-03-0${id.length % 9}`, source: 'whitehouse', url: `https://example.org/${id}`, text }) as Article;

describe('requoting after the learned aliases change', () => {
  it('extracts again only the articles that name a changed entry whole, and holds what a fresh build holds', () => {
    const synonyms = buildSynonyms([]).table;
    // Two people called Roe: "Roe" alone is ambiguous, so no surname alias is learned; the spelling
    // "Jane R. Roe", once named by two articles, becomes an alias of Jane Roe.
    const both = (id: string): Article => article(id, `Jane Roe met the press on Monday. “We will keep working,” Jane Roe said.\n\nJim Roe spoke later. “The plan is sound,” Jim Roe said.`);
    const spelled = (id: string): Article => article(id, `Jane R. Roe visited the plant. “This matters to workers,” she said.`);
    // Names the surname only: it cannot look up "Jane Roe" or "Jane R. Roe".
    const surnameOnly = article('court', `The court revisited Roe on Tuesday. “The precedent stands,” the judge said.`);
    const initial = [both('a1'), both('a2'), surnameOnly, spelled('s1')];
    const arriving = spelled('s2');
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const r = applyChanges(freshCorpus(initial, synonyms), [{ kind: 'upsert', article: arriving }], { extractors, builtAt: BUILT_AT });
    const expected = freshCorpus([...initial, arriving], synonyms);
    expect(r.corpus.quotes).toEqual(expected.quotes);
    expect(r.corpus.quotes.some((q) => q.speaker === 'Jane Roe' && q.articleId === 's2')).toBe(true);
    // a1, a2 and s1 name Jane R. Roe's words; the court's article does not.
    expect(r.requoted).toBe(3);
    expect({ ...r.corpus.data }).toEqual({ ...expected.data });
  });
});

// A reporter's question in a briefing repeats the user's words and answers nothing: the reranker
// counts a sentence that is itself a question below one that states the fact.
import { describe, expect, it } from 'vitest';
import { PassageSearch } from '../src/core/search/engine.ts';
import { analyseQuery, bestSentenceOf, rerank } from '../src/core/search/rerank.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import type { Passage } from '../src/core/types.ts';

const BRIEFING = 'Q Thanks, Jen. What did President Biden propose to President Putin in their call today? MS. PSAKI: I will let the readout speak for that, and I have nothing more to add on it.';
const READOUT = 'President Biden proposed a summit meeting in a third country in the coming months. He spoke with President Putin for an hour.';
const OTHERS = ['The weather in Geneva was mild this week.', 'Trade talks resumed in Brussels on Monday.', 'A new bridge opened in Warsaw.'];

function setUp(): { search: PassageSearch; texts: string[] } {
  const texts = [BRIEFING, READOUT, ...OTHERS];
  const passages: Passage[] = texts.map((text, i) => ({ id: `a${i}#1`, articleId: `a${i}`, n: 1, text, start: 0, end: text.length }));
  return { search: PassageSearch.build(passages, () => '', buildSynonyms([]).table), texts };
}

describe('a question inside a passage', () => {
  it('ranks below the sentence that answers it', () => {
    const { search, texts } = setUp();
    const question = 'What did Biden propose to Putin in their call?';
    const q = analyseQuery(search, search.queryGroups(question), question);
    const { hits } = search.search(question, { limit: 10 });
    const ranked = rerank(q, hits, { text: (i) => texts[i] ?? '', published: () => '', title: () => '', phrases: search.synonyms.phrases });
    expect(texts[ranked[0]?.hit.idx ?? -1]).toBe(READOUT);
  });

  it('is not the best sentence when a statement holds the same words', () => {
    const { search } = setUp();
    const question = 'Biden propose Putin call';
    const q = analyseQuery(search, search.queryGroups(question), question);
    const text = 'Did Biden propose anything to Putin on the call? Biden proposed talks to Putin on the call.';
    const best = bestSentenceOf(q, text, search.synonyms.phrases);
    expect(text.slice(best?.start, best?.end)).toBe('Biden proposed talks to Putin on the call.');
  });

  it('counts in full a statement that ends by quoting someone’s question (reported speech, not the passage asking)', () => {
    const { search } = setUp();
    const question = 'What did Biden ask Putin?';
    const q = analyseQuery(search, search.queryGroups(question), question);
    const text = 'On the call, Biden asked Putin: “Are you ready to meet in a third country?” Putin spoke about Ukraine with Biden for an hour.';
    const best = bestSentenceOf(q, text, search.synonyms.phrases);
    expect(text.slice(best?.start, best?.end)).toBe('On the call, Biden asked Putin: “Are you ready to meet in a third country?”');
  });
});

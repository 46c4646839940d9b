// An answer often follows the sentence that names its subject ("Putin met Trump in Helsinki.
// The following day, Trump backtracked…"): the reranker's best-sentence score counts what the
// next (or previous) sentence adds to it, at half weight, so such a passage beats one that names
// the same words sentences apart.
import { describe, expect, it } from 'vitest';
import { PassageSearch } from '../src/core/search/engine.ts';
import { analyseQuery, bestSentenceOf, rerank } from '../src/core/search/rerank.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import type { Passage } from '../src/core/types.ts';

const ADJACENT = 'Putin and Trump held a summit in Helsinki in July. The following day, Trump backtracked and said he had misspoken.';
const APART =
  'At the Helsinki summit, the first Trump summit with Putin, Trump and Putin spoke in Helsinki for two hours. Reporters filled the press centre. Months later, Trump backtracked on the trip.';
const OTHERS = ['The weather in Geneva was mild this week.', 'Trade talks resumed in Brussels on Monday.', 'A new bridge opened in Warsaw.'];

function setUp(): { search: PassageSearch; texts: string[] } {
  const texts = [APART, ADJACENT, ...OTHERS];
  const passages: Passage[] = texts.map((text, i) => ({ id: `a${i}#1`, articleId: `a${i}`, n: 1, text, start: 0, end: text.length }));
  return { search: PassageSearch.build(passages, () => '', buildSynonyms([]).table), texts };
}

describe('two adjacent sentences', () => {
  it('rank a passage whose answer follows the sentence naming the subject above one naming the same words far apart', () => {
    const { search, texts } = setUp();
    const question = 'did trump backtrack after the helsinki summit';
    const q = analyseQuery(search, search.queryGroups(question), question);
    const { hits } = search.search(question, { limit: 10 });
    const ranked = rerank(q, hits, { text: (i) => texts[i] ?? '', published: () => '', title: () => '', phrases: search.synonyms.phrases });
    expect(texts[ranked[0]?.hit.idx ?? -1]).toBe(ADJACENT);
  });

  it('still mark one sentence: the one that holds more of the question', () => {
    const { search } = setUp();
    const question = 'did trump backtrack after the helsinki summit';
    const q = analyseQuery(search, search.queryGroups(question), question);
    const best = bestSentenceOf(q, ADJACENT, search.synonyms.phrases);
    expect(ADJACENT.slice(best?.start, best?.end)).toBe('Putin and Trump held a summit in Helsinki in July.');
  });
});

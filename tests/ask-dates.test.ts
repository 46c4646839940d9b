// /ask reads the date a question names against the articles' own dates: "the April 13, 2021
// call" is answered by the readout published that day, whose text never writes the date, rather
// than by a later briefing that names the day in its text.
import { describe, expect, it } from 'vitest';
import { ask } from '../src/core/ask.ts';
import { buildCorpus } from '../src/core/corpus.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import type { Article } from '../src/core/types.ts';

const article = (id: string, title: string, published: string, text: string): Article => ({ id, title, outlet: 'White House', published, authors: [], tags: [], source: `${id}.md`, text });

const corpus = buildCorpus({
  articles: [
    article(
      'readout',
      'Readout of President Biden’s Call with President Putin of Russia',
      '2021-04-13',
      'President Biden proposed a summit meeting in a third country in the coming months to discuss the full range of issues facing the two countries.',
    ),
    article(
      'briefing',
      'Press Briefing by the Press Secretary',
      '2021-04-20',
      'Q Thanks. On April 13, 2021 the President spoke with Putin on a call; any update on the proposal? MS. PSAKI: I have nothing new on that call today.',
    ),
    article('other', 'Statement on Ukraine', '2022-02-24', 'The President condemned the unprovoked attack on Ukraine and promised severe sanctions on Russia.'),
  ],
  synonyms: buildSynonyms([]).table,
  extractors: {},
  builtAt: 0,
});

describe('ask with a date in the question', () => {
  it('answers with the article of that day, whose text does not name the date', () => {
    const result = ask(corpus, 'What did Biden propose to Putin on the April 13 2021 call?', { limit: 3 });
    expect(result.answered).toBe(true);
    expect(result.results[0]?.passage.articleId).toBe('readout');
  });
});

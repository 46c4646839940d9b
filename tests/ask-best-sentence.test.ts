// /ask shows why it answers: the sentence that best answers is marked in the excerpt, in Discord
// (underlined), in the console (opened by "› ") and in --json (`bestSentence`).
import { beforeAll, describe, expect, it } from 'vitest';
import { ask, askAnswer, askJson } from '../src/core/ask.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { renderExcerpt } from '../src/render/excerpt.ts';
import { markHighlights } from '../src/render/text.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';

const BEST = 'In March 2018, after the poisoning of an ex-Russian spy in the UK, Washington joined a collective action by western countries to expel Russian diplomats.';

describe('the best sentence of an /ask answer', () => {
  let corpus: Corpus;
  beforeAll(() => {
    corpus = openSeedCorpus();
  });

  it('is the sentence holding the question’s terms, as a range of the excerpt', () => {
    const answer = askAnswer(corpus, ask(corpus, 'expelled diplomats 2018', { limit: 3 }), 0, 3);
    const item = answer.items[0];
    expect(item?.bestSentence).toBeDefined();
    expect(item?.excerpt.slice(item.bestSentence?.start, item.bestSentence?.end)).toBe(BEST);
  });

  it('is underlined in Discord, with the highlights still bold inside it', () => {
    const item = askAnswer(corpus, ask(corpus, 'expelled diplomats 2018', { limit: 3 }), 0, 3).items[0];
    if (!item) throw new Error('no answer');
    const shown = renderExcerpt(item.excerpt, item.highlights, 4000, item.bestSentence);
    expect(shown).toContain('__In March **2018**, after the poisoning');
    expect(shown).toContain('to **expel** Russian **diplomats**.__ This second');
  });

  it('opens the window of a long excerpt cut for Discord', () => {
    const text = `${'Filler words about nothing in particular here. '.repeat(20)}Russia expelled 60 diplomats. ${'More filler after the fact. '.repeat(5)}`;
    const start = text.indexOf('Russia');
    const shown = renderExcerpt(text, [[start, start + 6]], 120, { start, end: start + 'Russia expelled 60 diplomats.'.length });
    expect(shown).toContain('__**Russia** expelled 60 diplomats.__');
    expect(shown.length).toBeLessThanOrEqual(120);
  });

  it('is opened by › in the console text', () => {
    expect(markHighlights('First one. Russia expelled 60 diplomats.', [[11, 17]], { start: 11 })).toBe('First one. › **Russia** expelled 60 diplomats.');
    expect(markHighlights('Russia expelled them.', [[0, 6]])).toBe('**Russia** expelled them.');
  });

  it('is in ask --json with its text', () => {
    const result = ask(corpus, 'expelled diplomats 2018', { limit: 3 });
    const first = result.results[0];
    if (!first) throw new Error('no answer');
    expect(askJson(corpus, first).bestSentence).toMatchObject({ text: BEST });
  });
});

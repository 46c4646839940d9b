// Issue 18, tenth pass: wire-copy attribution forms found among the misses of eleven more tune
// articles. The sentences are written for these tests, not taken from any annotated article.
import { describe, expect, it } from 'vitest';
import { quotesOf } from './support/quote-text.ts';

const speakerOf = (text: string, startOfQuote: string): string | null | undefined => quotesOf(text).find((q) => q.text.startsWith(startOfQuote))?.speaker;

describe('wire-copy attribution, tenth pass', () => {
  it('"said X." followed by another sentence: the name stops at the full stop', () => {
    expect(speakerOf('“We will ask for the maximum sentence,” said Hale. Charges of that kind carry a long term.', 'We will ask')).toBe('Hale');
    expect(speakerOf('"The roads are closed," said Mayor Tom Brandt. The storm is expected to last two days.', 'The roads are closed')).toBe('Tom Brandt');
    // An initial or an abbreviation is no sentence end.
    expect(speakerOf('"The roads are closed," said John F. Kelly of the county board.', 'The roads are closed')).toBe('John F. Kelly');
    // Nor does a sentence after the cue make its first word part of a name.
    expect(speakerOf('"The roads are closed," said Brandt. Police asked drivers to stay home.', 'The roads are closed')).toBe('Brandt');
  });

  it('"he said" after a quotation of several sentences: the person named before the quotation', () => {
    const text = 'Tom Brandt, a former firefighter, visited the town on Monday. “We have done it before. We will do it again,” he said.';
    expect(speakerOf(text, 'We have done it before')).toBe('Tom Brandt');
    const her = 'Ana Lobo, of the regional council, described seeing the bridge fall. "The noise was terrible. Nobody could get out," she told reporters.';
    expect(speakerOf(her, 'The noise was terrible')).toBe('Ana Lobo');
    // Not across a paragraph that names nobody, nor to a man for "she".
    expect(speakerOf('Tom Brandt visited the town on Monday. "The noise was terrible. Nobody could get out," she said.', 'The noise was terrible')).toBeNull();
  });

  it('an organisation\'s possessive before the name: "The Red Cross\'s Maria Lenz said"', () => {
    expect(speakerOf('The Red Cross’s Maria Lenz said, “We need more beds in the north.”', 'We need more beds')).toBe('Maria Lenz');
    expect(speakerOf('The Workers\' Party\'s Ana Lobo said, "We need more beds in the north."', 'We need more beds')).toBe('Ana Lobo');
  });

  it('a passive characterisation names its speaker: "described by X as “…”"', () => {
    expect(speakerOf('The reforms were described by Chancellor Angela Merkel as a “historic turning point” for the country.', 'historic turning point')).toBe('Angela Merkel');
    expect(speakerOf('The vote was branded by Novak as "a betrayal of voters" on Monday.', 'a betrayal of voters')).toBe('Novak');
    // A thing after "by" names nobody.
    expect(speakerOf('The bridge was described by the report as "structurally unsound" last year.', 'structurally unsound')).toBeNull();
  });
});

describe('no publication nor plain noun as a speaker, tenth pass', () => {
  it('"described by the Daily Hive as": a publication after "the" names no speaker', () => {
    expect(speakerOf('The festival was described by the Daily Hive as a "celebration of everything geeky" this year.', 'celebration of everything')).toBeNull();
  });

  it('"Reports said" names nobody, even where a journal called "Scientific Reports" is named', () => {
    const text = 'The study appeared in Scientific Reports last year. Reports said the two leaders had "mild symptoms" on Friday.';
    expect(speakerOf(text, 'mild symptoms')).toBeNull();
  });
});

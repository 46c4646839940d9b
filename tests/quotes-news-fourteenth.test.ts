// Issue 18, fourteenth pass: newspaper forms found among the misses of twelve new Wikinews tune
// articles (politics, courts, diplomacy) and of the older tune files. The sentences are written for
// these tests, not taken from any annotated article.
import { describe, expect, it } from 'vitest';
import { quotesOf } from './support/quote-text.ts';

const speakerOf = (text: string, startOfQuote: string): string | null | undefined => quotesOf(text).find((q) => q.text.startsWith(startOfQuote))?.speaker;

describe('an unnamed source after the quotation, fourteenth pass', () => {
  it('"“…,” said one senior administration official" names nobody, not the person of the sentence before', () => {
    const text = 'Tom Brandt spoke to reporters on Monday. "We will not lift the sanctions this year," said one senior administration official.';
    expect(speakerOf(text, 'We will not lift')).toBeNull();
  });

  it('"“…,” one senior official said" and "another official said" name nobody either', () => {
    const text = 'Tom Brandt spoke to reporters on Monday. "We will not lift the sanctions this year," one senior official said. "The talks are over," another official said.';
    expect(speakerOf(text, 'We will not lift')).toBeNull();
    expect(speakerOf(text, 'The talks are over')).toBeNull();
  });

  it('a short quotation before such a cue is still reported', () => {
    const text = '"We will win," said a senior administration official.';
    expect(quotesOf(text).map((q) => q.text)).toEqual(['We will win,']);
  });
});

describe('an organisation or person "in <place>" before the verb, fourteenth pass', () => {
  it('"The Liberal Party in Ontario, in its statement, said …" is the party, never the place', () => {
    const text = 'The Liberal Party in Ontario, in its statement, said he was a "gentleman and a scholar".';
    expect(speakerOf(text, 'gentleman and a scholar')).toBe('The Liberal Party');
  });

  it('"Jan Novak in Prague said …" is Jan Novak', () => {
    expect(speakerOf('Jan Novak in Prague said the vote was "a national disgrace".', 'a national disgrace')).toBe('Jan Novak');
  });
});

describe('an appositive office left unclosed before the verb, fourteenth pass', () => {
  it('"X, the Information Minister paid tribute … He said “…”" is X, not the office', () => {
    const text = 'Jan Novak, the Information Minister paid tribute to the late judge. He said on state radio "It is a great loss to the people of this country."';
    expect(speakerOf(text, 'It is a great loss')).toBe('Jan Novak');
  });
});

describe('a party nominee referred to by the role, fourteenth pass', () => {
  it('"Republican presidential nominee X …. “…,” the Republican nominee said" is X', () => {
    const text = 'Republican presidential nominee Tom Brandt spoke in Ohio on Monday. "We will win this state in November," the Republican nominee said.';
    expect(speakerOf(text, 'We will win this state')).toBe('Tom Brandt');
  });

  it('two nominees of different parties stay apart', () => {
    const text = 'Republican nominee Tom Brandt and Democratic nominee Ana Lobo debated on Monday. "We will win this state in November," the Democratic nominee said.';
    expect(speakerOf(text, 'We will win this state')).toBe('Ana Lobo');
  });
});

// Issue 18, fifteenth pass: newspaper forms found by a survey of the quotations the extractor leaves
// unattributed (or gives to a fragment) in the Wikinews articles outside every fixture's blind split.
// The sentences are written for these tests, not taken from any article.
import { describe, expect, it } from 'vitest';
import { speakerOf } from './support/quote-text.ts';

describe('an office of an organisation whose name holds a comma, fifteenth pass', () => {
  it('"“…,” said University of Bohemia, Brno\'s rector, Jan Novak" is Jan Novak, never "University"', () => {
    const text = '"Karel was the finest teacher I have ever known," said University of Bohemia, Brno\'s rector, Jan Novak. Novak spoke of his "many discoveries".';
    expect(speakerOf(text, 'Karel was')).toBe('Jan Novak');
  });

  it('"“…,” said the Ruritanian Academy\'s president, Eva Kral" is Eva Kral', () => {
    const text = '"The prize goes to a young chemist this year," said the Ruritanian Academy\'s president, Eva Kral.';
    expect(speakerOf(text, 'The prize goes')).toBe('Eva Kral');
  });
});

describe("a document its sender's pronoun owns, fifteenth pass", () => {
  it('"X issued a statement …. His statement also read “…”" is X', () => {
    const text = 'Senator Jan Novak issued a statement on Friday about the closure of the plant. His statement also read "the closure is a betrayal of every family in this town."';
    expect(speakerOf(text, 'the closure is')).toBe('Jan Novak');
  });

  it('"“…,” his letter said" after a letter a woman sent is the man the pronoun stands for, not her', () => {
    const text = 'Anna Kral sent a letter to the mayor. Tom Brandt, her rival, replied later. "We will not give up the library," his letter said.';
    expect(speakerOf(text, 'We will not give up')).toBe('Tom Brandt');
  });

  it('"“…,” their letter said" after "X and Y sent a letter" names nobody (two senders)', () => {
    const text = 'Jan Novak and Eva Kral sent a letter to the mayor on Monday. "We ask you to keep the library open for another year," their letter said.';
    expect(speakerOf(text, 'We ask you')).toBeNull();
  });

  it('"“…,” her letter said" after "Eva Kral sent a letter" is Eva Kral', () => {
    const text = 'Eva Kral sent a letter to the mayor on Monday. "We ask you to keep the library open for another year," her letter said.';
    expect(speakerOf(text, 'We ask you')).toBe('Eva Kral');
  });
});

describe('a person "of" an organisation whose name holds a comma, then a colon, fifteenth pass', () => {
  it('"X of the University of Bohemia, Brno disagreed with the study: “…”" is X', () => {
    const text = 'Jan Novak of the University of Bohemia, Brno disagreed with the study: "The springs are minor resources and always were, in my view."';
    expect(speakerOf(text, 'The springs')).toBe('Jan Novak');
  });

  it('"X of the University of Bohemia, Brno received a letter from Y: “…”" is still nobody', () => {
    const text = 'Jan Novak of the University of Bohemia, Brno received a letter from Eva Kral: "The springs are minor resources and always were, in my view."';
    expect(speakerOf(text, 'The springs')).toBeNull();
  });
});

describe('a document an institution sends, fifteenth pass', () => {
  it('"The government of X issued a statement …. Their statement also read “…”" is that government', () => {
    const text = 'The government of Ruritania issued a statement agreeing that the matter belongs to parliament. Their statement also read "imposing the rule by decree would ignore our sovereignty."';
    expect(speakerOf(text, 'imposing the rule')).toBe('Government of Ruritania');
  });

  it('"The Ministry of Health released a statement. “…,” the statement said" is the ministry', () => {
    const text = 'The Ministry of Health released a statement on Monday. "All clinics will reopen next week," the statement said.';
    expect(speakerOf(text, 'All clinics')).toBe('Ministry of Health');
  });

  it('an institution and a person each sending one leaves the statement to nobody', () => {
    const text = 'The Ministry of Health released a statement on Monday. Jan Novak issued a statement too. "All clinics will reopen next week," the statement said.';
    expect(speakerOf(text, 'All clinics')).toBeNull();
  });
});

describe('a relative "who said" after a long appositive, fifteenth pass', () => {
  it('"led by X, a marine ecologist and professor at the institute, who said “…”" is X', () => {
    const text = 'The study was led by Jan Novak, a marine ecologist and professor at the institute, who said "There is a lot of argument now about whether local action can help at all".';
    expect(speakerOf(text, 'There is a lot')).toBe('Jan Novak');
  });
});

describe('a quotation standing alone after a sentence of speech, fifteenth pass', () => {
  it('"X noted the findings show …. “…”" is X', () => {
    const text = 'The study was led by Kate Heald. Heald noted the findings show cleaner air matters too. "An air-quality cleanup would improve crop yields across the whole country."';
    expect(speakerOf(text, 'An air-quality')).toBe('Kate Heald');
  });

  it('"Senator X issued a statement regarding …. “…”" is X', () => {
    const text = 'Senator Jan Novak issued a statement regarding the choice of Brno as the site. "Like many here, I am disappointed with the decision to pass over our city."';
    expect(speakerOf(text, 'Like many here')).toBe('Jan Novak');
  });
});

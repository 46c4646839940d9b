// Issue 18, fourteenth pass: newspaper forms found among the misses of twelve new Wikinews tune
// articles (politics, courts, diplomacy) and of the older tune files. The sentences are written for
// these tests, not taken from any annotated article.
import { describe, expect, it } from 'vitest';
import { quotesOf, speakerOf } from './support/quote-text.ts';

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

describe("an institution's document speaks for the institution, fourteenth pass", () => {
  it('"The opinion of the Court, released on Wednesday, read in part, “…”" is the court named before', () => {
    const text =
      'The Supreme Court of Ruritania ruled on Monday against the governor. The opinion of the Court, released on Wednesday, read in part, "It is concluded that the oath of office is void."';
    expect(speakerOf(text, 'It is concluded')).toBe('The Supreme Court of Ruritania');
  });

  it('"The government statement, which was posted on Twitter, announced … “…”" is the government named before', () => {
    const text =
      'The government of Ruritania announced his death on Tuesday. The government statement, which was posted on Twitter, announced the death "with great sorrow to the nation and the world."';
    expect(speakerOf(text, 'with great sorrow')).toBe('The Government of Ruritania');
  });

  it('two courts named before: "the court" is neither', () => {
    const text =
      'The Court of Session and the High Court of England ruled on the same day. The opinion of the Court, released on Wednesday, read in part, "It is concluded that the advice was unlawful."';
    expect(speakerOf(text, 'It is concluded')).toBeNull();
  });
});

describe('the agent of "was told by", fourteenth pass', () => {
  it('"he was told by Minister X of “…”" is X', () => {
    const text = 'President Tom Brandt flew to the city on Monday. In a meeting that day he was told by Emergencies Minister Jan Novak of "presumably between 36 and 40 people under the rubble".';
    expect(speakerOf(text, 'presumably between')).toBe('Jan Novak');
  });
});

describe('"the court" after one court named in full and short, fourteenth pass', () => {
  it('"the Supreme Court of Ruritania" … "in the Supreme Court" … "The opinion of the Court read" is that court, by its full name', () => {
    const text =
      'On Wednesday, the Supreme Court of Ruritania issued a ruling against the governor. The new governor was sworn in at the Supreme Court. The opinion of the Court, released on Wednesday, read in part, "It is concluded that the oath of office is void."';
    expect(speakerOf(text, 'It is concluded')).toBe('The Supreme Court of Ruritania');
  });

  it('"The government statement" after a sentence ending before "The government of X" is X\'s government', () => {
    const text =
      'The president died on Monday. The government of Ruritania announced his death. The government statement, which was posted on Twitter, announced the death "with great sorrow to the nation."';
    expect(speakerOf(text, 'with great sorrow')).toBe('The Government of Ruritania');
  });
});

describe('an infinitive of speaking after a verb that governs it, fourteenth pass', () => {
  it('"X took to Twitter to say …" and "X used his speech to warn that …" are X', () => {
    expect(speakerOf('Tom Brandt took to Twitter to say the decision was "a grave mistake".', 'a grave mistake')).toBe('Tom Brandt');
    expect(speakerOf('Tom Brandt used his speech to warn that "the talks are over for now".', 'the talks are over')).toBe('Tom Brandt');
  });

  it('"Reporters asked X to say whether …" names nobody: the object is asked', () => {
    expect(speakerOf('Reporters asked Tom Brandt to say whether the decision was "a grave mistake".', 'a grave mistake')).toBeNull();
  });
});

describe('a person described by age, fourteenth pass', () => {
  it('"X resigned. “…,” the 54-year-old said" is X, as "she said" would be', () => {
    expect(speakerOf('Ana Lobo resigned on Monday. "I have done my best," the 54-year-old said.', 'I have done my best')).toBe('Ana Lobo');
    expect(speakerOf('Mr. Tom Brandt resigned. "I have done my best," said the 54-year-old senator.', 'I have done my best')).toBe('Tom Brandt');
  });

  it('"said the 54-year-old, Ana Lobo" is the name in apposition, not the man named before', () => {
    expect(speakerOf('Tom Brandt resigned on Monday. "I have done my best," said the 54-year-old, Ana Lobo.', 'I have done my best')).toBe('Ana Lobo');
  });

  it('two people named together before: nobody', () => {
    expect(speakerOf('Tom Brandt and Ana Lobo resigned on Monday. "I have done my best," the 54-year-old said.', 'I have done my best')).toBeNull();
  });
});

describe('how a person spoke, then a colon, fourteenth pass', () => {
  it('"X was blunt: “…”", "X\'s response was swift: “…”", "He was more direct: “…”" are X', () => {
    expect(speakerOf('Tom Brandt was blunt: "We are not going to negotiate."', 'We are not going')).toBe('Tom Brandt');
    expect(speakerOf('Tom Brandt\'s response was swift: "We are not going to negotiate."', 'We are not going')).toBe('Tom Brandt');
    expect(speakerOf('Tom Brandt spoke on Tuesday. He was more direct: "We are not going to negotiate."', 'We are not going')).toBe('Tom Brandt');
  });

  it('"The message was clear: “…”" names nobody', () => {
    expect(speakerOf('The message was clear: "We are not going to negotiate."', 'We are not going')).toBeNull();
  });
});

describe('"Per X," for "according to X,", fourteenth pass', () => {
  it('"Per Tom Brandt, the talks were “…”" is Tom Brandt, and the quotation is kept', () => {
    expect(speakerOf('Per Tom Brandt, the talks were "going well so far".', 'going well so far')).toBe('Tom Brandt');
    expect(speakerOf('The talks, per Tom Brandt, were "going well so far".', 'going well so far')).toBe('Tom Brandt');
  });

  it('"per person" is no source: the cue before it still speaks', () => {
    const text = 'Tom Brandt said the cap was two packs, per person, as a "temporary measure for the holidays".';
    expect(speakerOf(text, 'temporary measure')).toBe('Tom Brandt');
  });
});

describe('an organisation, its verb and object, then a colon, fourteenth pass', () => {
  it('"The Ministry of Foreign Affairs of Ruritania issued a statement: “…”" is the ministry', () => {
    expect(speakerOf('The Ministry of Foreign Affairs of Ruritania issued a statement: "We are ready for the talks."', 'We are ready')).toBe('The Ministry of Foreign Affairs of Ruritania');
  });

  it('"The government of Fiji met with Tom Brandt on Monday: “…”" names nobody', () => {
    expect(speakerOf('The government of Fiji met with Tom Brandt on Monday: "We are ready for the talks."', 'We are ready')).toBeNull();
  });
});

describe('an office written with capitals before the verb, fourteenth pass', () => {
  it('"The President said …", "The US President said:" are the president named before', () => {
    const before = 'US President Donald Trump spoke on Monday.';
    expect(speakerOf(`${before} The President said the deal was "a great deal for everyone".`, 'a great deal')).toBe('Donald Trump');
    expect(speakerOf(`${before} The US President said: "It is a great deal for everyone."`, 'It is a great deal')).toBe('Donald Trump');
  });

  it('"the PM said" is the prime minister named before, never an organisation "PM"', () => {
    const before = 'Prime Minister Boris Johnson spoke on Monday.';
    expect(speakerOf(`${before} "It is a great deal," the PM said.`, 'It is a great deal')).toBe('Boris Johnson');
    expect(speakerOf(`${before} The PM said the deal was "a great deal for everyone".`, 'a great deal')).toBe('Boris Johnson');
  });

  it('"Vice President X" before "The President said": nobody', () => {
    expect(speakerOf('Vice President Mike Pence spoke on Monday. The President said the deal was "a great deal for everyone".', 'a great deal')).toBeNull();
  });
});

describe('a document is no office holder, fourteenth pass', () => {
  it('"The President released a historic Executive Order … As the President stated, “…”" is never "Executive Order"', () => {
    const text = 'The President released a historic Executive Order on Monday. As the President stated in the memorandum, "few other threats are capable of such harm."';
    expect(speakerOf(text, 'few other threats')).toBeNull();
  });
});

describe('"It read:" after a sentence that issues a document, fourteenth pass', () => {
  it('"X issued a statement on Friday. It read: “…”" and "X sent a letter …. It said … “…”" are X', () => {
    expect(speakerOf('Tom Brandt issued a statement on Friday. It read: "We are ready for the talks."', 'We are ready')).toBe('Tom Brandt');
    expect(speakerOf('Tom Brandt sent a letter to the board. It said the plan was "a recipe for disaster".', 'a recipe for disaster')).toBe('Tom Brandt');
  });

  it('"It said:" after a sentence that issues nothing names nobody', () => {
    expect(speakerOf('Tom Brandt met Ana Lobo on Friday. It said: "We are ready for the talks."', 'We are ready')).toBeNull();
  });
});

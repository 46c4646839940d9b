// Issue 18, thirteenth pass: newspaper forms found among the misses of ten older Wikinews tune
// articles (2006-2015). The sentences are written for these tests, not taken from any annotated article.
import { describe, expect, it } from 'vitest';
import { quotesOf, speakerOf } from './support/quote-text.ts';
const texts = (text: string): string[] => quotesOf(text).map((q) => q.text);

describe('a headline cited with its outlet and date is no quotation, thirteenth pass', () => {
  it('"“Headline” — Outlet, date" on a line of its own', () => {
    const text = 'The minister resigned on Friday.\n\n"Minister quits over lost laptop" — The Daily Courier, March 3, 2009\n\nJane Doe. "Laptop found in taxi" — Metro News, March 4, 2009';
    expect(texts(text)).toEqual([]);
  });

  it('a quotation with its speaker and a dash aside is still one', () => {
    const text = '"We will find the laptop" — the minister said on Friday — "and we will learn from this."';
    expect(texts(text).length).toBeGreaterThan(0);
  });
});

describe('"in the words of X, “…”", thirteenth pass', () => {
  it('names X, a post-nominal after the name included', () => {
    expect(speakerOf('The girl suffered for months, and in the words of the prosecutor, Ana Lobo, QC, "she cried every single night."', 'she cried every')).toBe('Ana Lobo');
    expect(speakerOf('In the words of Senator Tom Brandt, "this bill is a disgrace to the chamber."', 'this bill is a disgrace')).toBe('Tom Brandt');
  });
});

describe('a description ending in a place before the verb, thirteenth pass', () => {
  it('"X, director of Y at the University of Z, City, said" is X, never the city', () => {
    const text = 'Ana Lobo, curator and director of collections at the University of Vermont, Burlington, said, "These letters show a private side of the poet."';
    expect(speakerOf(text, 'These letters show')).toBe('Ana Lobo');
  });
});

describe('"he" in a sentence that names its man, thirteenth pass', () => {
  it('"X\'s sister begged him …, but he replied “…”" is X, not the man of the sentence before', () => {
    const text =
      'Prosecutor Tom Brandt also told the jury that the boy was ill for months. Reportedly, Samuel Okafor\'s brother begged him to call a doctor, but he replied "I am not going to do that".';
    expect(speakerOf(text, 'I am not going')).toBe('Samuel Okafor');
  });
});

describe('a pronoun is not the person its quotation talks about, thirteenth pass', () => {
  it('"For X, Y was a hero. He said, “Y was …”" is not Y', () => {
    const text = 'For Tom Brandt, a teacher in Ohio, Mark Twain was also a hero. He said, "Mark Twain was the voice of the whole century."';
    expect(speakerOf(text, 'Mark Twain was the voice')).not.toBe('Mark Twain');
  });
});

describe("a partial quotation inside a relative clause is not the subject's, thirteenth pass", () => {
  it('"X asked how papers that are meant to be kept in “…” ended up …" names nobody', () => {
    const text = 'Defence Minister Tom Brandt has asked officials how papers that are supposed to be kept in "locked steel safes" ended up in a taxi.';
    expect(speakerOf(text, 'locked steel safes')).toBeNull();
  });
});

describe('an opening participle phrase before the name, thirteenth pass', () => {
  it('"Writing in a column, X of The Paper dubbed …: “…”" and "He characterized … as “…”"', () => {
    const text =
      'Writing in a column, Ana Lobo of The Evening Star dubbed the dispute over the Port of Riga\'s plans to close the docks to the Union: "The Longest Strike, part II". She characterized the talks as "a slow dance with no music at all."';
    expect(speakerOf(text, 'The Longest Strike')).toBe('Ana Lobo');
    // Someone else named on the way to the colon writes it: nobody.
    expect(speakerOf('Writing in a column, Ana Lobo received a letter from Tom Brandt: "The Longest Strike, part II".', 'The Longest Strike')).toBeNull();
    expect(speakerOf(text, 'a slow dance with no music')).toBe('Ana Lobo');
  });
});

describe('a colon after quoted single words, thirteenth pass', () => {
  it('"X has called the ruling “unfair” and “hasty”:" before the quotation in the next paragraph', () => {
    const text = 'The bishop of the diocese, Tom Brandt, has called the ruling "unfair" and "hasty":\n\n"We face an unjust ruling. The judges did not listen to the parents."';
    expect(speakerOf(text, 'We face an unjust')).toBe('Tom Brandt');
  });
});

describe('a long object before "as “…”", thirteenth pass', () => {
  it('"She characterized <sixteen words> as “…”" is hers; a clause on the way is not', () => {
    const text = 'Ana Lobo wrote a column on Monday. She characterized the quarrel between the owners of the Port of Riga and the angry dockers of the whole city as "a slow dance with no music."';
    expect(speakerOf(text, 'a slow dance')).toBe('Ana Lobo');
    const clause =
      'Ana Lobo wrote a column on Monday. She characterized the quarrel which the owners of the Port of Riga had started with the angry dockers of the city as "a slow dance with no music."';
    expect(speakerOf(clause, 'a slow dance')).not.toBe('Ana Lobo');
  });
});

describe('"in the words of X" cues only the quotation after it, thirteenth pass', () => {
  it("a quoted phrase earlier in the sentence is not X's", () => {
    const text = 'Under the charter, "the Assembly" would stand as the voice of the people, and it would be, in the words of Tom Brandt, "a parliament of citizens, not of parties."';
    expect(speakerOf(text, 'a parliament of citizens')).toBe('Tom Brandt');
    expect(speakerOf(text, 'the Assembly')).not.toBe('Tom Brandt');
  });
});

describe('"the senator" after "Sen. X", thirteenth pass', () => {
  it('an abbreviated title before the name is the title a later description uses', () => {
    expect(speakerOf('Sen. Tom Brandt spoke on Monday. "This is a disgrace," the senator said.', 'This is a disgrace')).toBe('Tom Brandt');
    expect(speakerOf('Gov. Ana Lobo spoke on Monday. "This is a disgrace," the governor said.', 'This is a disgrace')).toBe('Ana Lobo');
    expect(speakerOf('Rep. Ana Lobo spoke on Monday. "This is a disgrace," the congresswoman said.', 'This is a disgrace')).toBe('Ana Lobo');
    // As with "the president": the person last named with the title.
    expect(speakerOf('Sen. Tom Brandt met Sen. Ana Lobo on Monday. "This is a disgrace," the senator said.', 'This is a disgrace')).toBe('Ana Lobo');
    // "Sen." is no "general"; "Gen." no senator.
    expect(speakerOf('Sen. Tom Brandt spoke on Monday. "This is a disgrace," the general said.', 'This is a disgrace')).toBeNull();
  });
});

describe('a quotation running over paragraphs, thirteenth pass', () => {
  it('the cue closing its last paragraph names the speaker of every paragraph of it', () => {
    const text = 'Sen. Tom Brandt met donors in Ohio on Monday.\n\n“We will fight for every vote in this state.\n\n“And we will win every county,” he said.';
    expect(speakerOf(text, 'We will fight')).toBe('Tom Brandt');
    expect(speakerOf(text, 'And we will win')).toBe('Tom Brandt');
    const named = 'Ana Lobo met donors in Ohio on Monday.\n\n“We will fight for every vote in this state.\n\n“And we will win every county,” said Tom Brandt, her running mate.';
    expect(speakerOf(named, 'We will fight')).toBe('Tom Brandt');
  });
  it('a paragraph whose quotation closes is not continued', () => {
    const text = 'Ana Lobo met donors in Ohio on Monday.\n\n“We will fight for every vote in this state.”\n\n“And we will win every county,” said Tom Brandt, her running mate.';
    expect(speakerOf(text, 'We will fight')).not.toBe('Tom Brandt');
  });
});

describe('"the nominee", "the candidate", thirteenth pass', () => {
  it('the person last named with that title', () => {
    expect(speakerOf('Republican nominee Tom Brandt spoke in Ohio. "We will win Ohio and Texas," the nominee said.', 'We will win')).toBe('Tom Brandt');
    expect(speakerOf('Democratic candidate Ana Lobo spoke in Ohio. "We will win Ohio and Texas," the Democratic candidate told reporters.', 'We will win')).toBe('Ana Lobo');
    expect(speakerOf('Ana Lobo spoke in Ohio. "We will win Ohio and Texas," the candidate said.', 'We will win')).toBeNull();
  });
});

describe('only a quotation left open runs on into the next paragraph (review of the thirteenth pass)', () => {
  it("a single-quoted span closed by a straight mark at a paragraph's end is closed: the next paragraph's cue is not its speaker", () => {
    const text = 'The plan was described in the letter as \'a step too far for the whole region\'\n\n"We will not accept it," Mayor John Smith said.';
    expect(speakerOf(text, 'We will not accept it')).toBe('John Smith');
    expect(speakerOf(text, 'a step too far')).not.toBe('John Smith');
  });
});

// Issue 18, eleventh pass: causes more basic than attribution forms (sentence ends after
// abbreviations, single quotation marks, role nouns, short names, "vice president").
// The sentences are written for these tests, not taken from any annotated article.
import { describe, expect, it } from 'vitest';
import { quotesOf, speakerOf } from './support/quote-text.ts';

describe('abbreviations do not cut the speaker off, eleventh pass', () => {
  it('"According to U.S. Attorney X, …: “…”"', () => {
    expect(speakerOf('According to U.S. Attorney Ann Moss, the evidence could support a murder charge: "The intent is clear from the messages."', 'The intent is clear')).toBe('Ann Moss');
    expect(speakerOf('“We will not leave,” U.N. envoy Tom Brandt told reporters on Monday.', 'We will not leave')).toBe('Tom Brandt');
  });
});

describe('single quotation marks where a text uses them for speech, eleventh pass', () => {
  it("'…,' the minister said: British style", () => {
    const text = "Defence Minister Tom Brandt spoke in Canberra on Monday. 'We will not back down,' the minister said.";
    expect(speakerOf(text, 'We will not back down')).toBe('Tom Brandt');
    expect(speakerOf('‘The ship was lost with all hands,’ Ana Lobo told reporters.', 'The ship was lost')).toBe('Ana Lobo');
    expect(speakerOf("Ana Lobo called the plan 'a betrayal of voters' on Monday.", 'a betrayal of voters')).toBe('Ana Lobo');
  });

  it('apostrophes stay apostrophes: contractions, possessives, plural possessives', () => {
    const texts = [
      "The workers' union said the nurses' pay claim was fair and the drivers' strike would go on.",
      "Don't expect Ana Lobo's party to win; it won't, the polls' authors said.",
      "Music of the '90s is back, rock 'n' roll too, the producers' guild said.",
    ];
    for (const text of texts) expect(quotesOf(text)).toEqual([]);
  });

  it('a paragraph with double quotation marks keeps reading them only', () => {
    expect(quotesOf("\"We want the 'best deal' for the workers' union,\" Ana Lobo said.").map((q) => q.text)).toEqual(["We want the 'best deal' for the workers' union,"]);
  });
});

describe('single quotation marks set off titles too, eleventh pass', () => {
  it('a title in single marks with no one said to say it is no quotation', () => {
    expect(quotesOf('She co-edited a book ‘Lessons from the Clean Air Act,’ and wrote many articles.')).toEqual([]);
    expect(quotesOf('We welcome the measures set out in the ‘Strengthening health preparedness for emergencies’ resolution.')).toEqual([]);
  });
});

describe("names: a title's field is no part of the name, a short form is the full name, eleventh pass", () => {
  it('"Envoy for Climate John Kerry", "Minister of Health Ana Lobo": the field stays with the title', () => {
    expect(speakerOf('"We must act now," said Special Presidential Envoy for Climate John Kerry.', 'We must act now')).toBe('John Kerry');
    expect(speakerOf('"We must act now," said Minister of Health Ana Lobo.', 'We must act now')).toBe('Ana Lobo');
    expect(speakerOf('"We must act now," Secretary of Transportation Tom F. Brandt said.', 'We must act now')).toBe('Tom F. Brandt');
    // A name that the article writes without the field elsewhere keeps all its words.
    expect(speakerOf('Tuilaepa Sailele Malielegaoi flew home. "We must act now," said the Minister for Foreign Affairs Tuilaepa Sailele Malielegaoi.', 'We must act now')).toBe(
      'Tuilaepa Sailele Malielegaoi',
    );
  });

  it('"Prime Minister Tuilaepa", "President Xi": the one full name of the article that starts with the word', () => {
    const text = 'Prime Minister Tuilaepa Sailele Malielegaoi spoke on Monday. "We must act now," Prime Minister Tuilaepa said.';
    expect(speakerOf(text, 'We must act now')).toBe('Tuilaepa Sailele Malielegaoi');
    expect(speakerOf('President Xi Jinping spoke on Monday. "We must act now," President Xi said.', 'We must act now')).toBe('Xi Jinping');
    // Two full names start with it: nobody in particular.
    expect(speakerOf('Xi Jinping met Xi Mingze on Monday. "We must act now," Xi said.', 'We must act now')).toBe('Xi');
  });
});

describe("a short form is only a person's, eleventh pass", () => {
  it('"Representative Green" is not the "Green New Deal" the text names', () => {
    expect(speakerOf('Representative Green spoke against the costly Green New Deal on Monday. "We must act now," Representative Green said.', 'We must act now')).toBe('Green');
  });
});

describe('role nouns resolved to the one person the article gives that role, eleventh pass', () => {
  it('"X, the defence minister, …. “…,” the minister said": a title in an appositive', () => {
    expect(speakerOf('Tom Brandt, the defence minister, spoke in Canberra on Monday. "We will not back down," the minister said.', 'We will not back down')).toBe('Tom Brandt');
    expect(speakerOf("Tom Brandt, the country's defence minister, spoke on Monday. 'We will not back down,' the minister said.", 'We will not back down')).toBe('Tom Brandt');
    // "vice president" is another office than "president".
    expect(speakerOf('Ana Lobo, the vice president, spoke on Monday. "We will not back down," the president said.', 'We will not back down')).toBeNull();
  });
});

describe('"the company said" after a company the text calls one, eleventh pass', () => {
  it('"tech company Zyntra", "Zyntra, the Swedish firm,", "Zyntra Inc."', () => {
    expect(speakerOf('The tech company Zyntra launched a phone on Monday. "It is our best phone yet," the company said.', 'It is our best')).toBe('Zyntra');
    expect(speakerOf('Zyntra, a Swedish phone company, cut prices on Monday. "It is our best phone yet," the company said.', 'It is our best')).toBe('Zyntra');
    expect(speakerOf('Zyntra Inc. cut prices on Monday. "It is our best phone yet," the company said in a statement.', 'It is our best')).toMatch(/^Zyntra/);
    // Two companies named: either could have said it.
    expect(speakerOf('The phone company Zyntra bought the tech company Morvel on Monday. "It is our best phone yet," the company said.', 'It is our best')).toBeNull();
  });
});

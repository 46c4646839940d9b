// Issue 18, eleventh pass: causes more basic than attribution forms (sentence ends after
// abbreviations, single quotation marks, role nouns, short names, "vice president").
// The sentences are written for these tests, not taken from any annotated article.
import { describe, expect, it } from 'vitest';
import { quotesOf } from './support/quote-text.ts';

const speakerOf = (text: string, startOfQuote: string): string | null | undefined => quotesOf(text).find((q) => q.text.startsWith(startOfQuote))?.speaker;

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

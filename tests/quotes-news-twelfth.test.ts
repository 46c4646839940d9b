// Issue 18, twelfth pass: a document that speaks for whoever sent it ("The message reads, in part:",
// "“…,” the letter said"), read back to the one person the text says sent, wrote or issued it; and
// the participles of posting ("took to Twitter, posting …, “…”").
// The sentences are written for these tests, not taken from any annotated article.
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/core/quotes/extract.ts';
import { aliases, quotesOf, speakerOf } from './support/quote-text.ts';

describe('a document speaks for the one the text says sent it, twelfth pass', () => {
  it('"X sent a message … The message reads, in part: “…”"', () => {
    const text = 'Ana Lobo sent a message of condolences to Prime Minister Tom Brandt. The message reads, in part: "We share the grief of the families of the victims."';
    expect(speakerOf(text, 'We share the grief')).toBe('Ana Lobo');
    // In the next paragraph, and with "sent greetings" for the message.
    expect(speakerOf('Ana Lobo sent greetings to the participants of the forum.\n\nThe message said, in part: "Your forum plays an important role."', 'Your forum')).toBe('Ana Lobo');
  });

  it('"“…,” the message reads" after the cue', () => {
    const text = 'Ana Lobo sent a message to Tom Brandt on his election. "This convincing victory reflects broad support," the message reads.';
    expect(speakerOf(text, 'This convincing victory')).toBe('Ana Lobo');
  });

  it('a letter written, a statement issued, a message "from" someone', () => {
    expect(speakerOf('Governor Ana Lobo wrote a letter to the mayor on Friday. The letter said: "The city must act now."', 'The city must act')).toBe('Ana Lobo');
    expect(speakerOf('Tom Brandt issued a statement on Sunday. "We will appeal," the statement said.', 'We will appeal')).toBe('Tom Brandt');
    expect(speakerOf('Ana Lobo received a letter from Tom Brandt on Friday. The letter said: "The city must act now."', 'The city must act')).toBe('Tom Brandt');
  });

  it('nobody when two people sent one, or when the text names no sender', () => {
    expect(speakerOf('Ana Lobo and Tom Brandt issued a joint statement. The statement said: "The city must act now."', 'The city must act')).toBeNull();
    expect(speakerOf('Ana Lobo sent a message to Tom Brandt. Tom Brandt sent a message back. The message said: "The city must act now."', 'The city must act')).toBeNull();
    expect(speakerOf('Ana Lobo spoke to Tom Brandt on Monday. The message said: "The city must act now."', 'The city must act')).toBeNull();
    // A report is no document someone sent: its writers are not named.
    expect(speakerOf('Ana Lobo read the report on Monday. The report said: "The city must act now."', 'The city must act')).toBeNull();
  });
});

describe('participles of posting, twelfth pass', () => {
  it('"X took to Twitter, posting …, “…”"', () => {
    const text = 'Tom Brandt took to social media, posting at 12:54 am local time on Twitter, "We will get through this together!"';
    expect(speakerOf(text, 'We will get through')).toBe('Tom Brandt');
    expect(speakerOf('Ana Lobo reacted within the hour, tweeting, "This is a sad day for the city."', 'This is a sad day')).toBe('Ana Lobo');
  });
});

describe('second references of wire copy, twelfth pass', () => {
  it('"the Massachusetts Democrat", "the Texas Republican": a state and a party the name carried', () => {
    expect(speakerOf('Sen. Ana Lobo (D-Mass.) spoke in Iowa on Monday. "We will not retreat," the Massachusetts Democrat said.', 'We will not retreat')).toBe('Ana Lobo');
    expect(speakerOf('Rep. Tom Brandt, R-Texas, spoke on Monday. "We will not retreat," the Texas Republican told reporters.', 'We will not retreat')).toBe('Tom Brandt');
    expect(speakerOf('Ana Lobo, a Vermont Democrat, spoke on Monday. "We will not retreat," the Democrat said.', 'We will not retreat')).toBe('Ana Lobo');
  });

  it('"the Massachusetts senator" is the one senator from there, "the Russian leader" the head of state', () => {
    const senators = 'Sen. Ana Lobo, D-Mass., spoke on Monday. Sen. Tom Brandt, R-Texas, spoke too. "We will not retreat," the Massachusetts senator said.';
    expect(speakerOf(senators, 'We will not retreat')).toBe('Ana Lobo');
    const leaders = 'Russian Foreign Minister Pavel Orlov met Russian President Ivan Petrov on Monday. "We will not retreat," the Russian leader said.';
    expect(speakerOf(leaders, 'We will not retreat')).toBe('Ivan Petrov');
  });

  it('nobody when two people fit, when none carried the words, or for another office', () => {
    expect(speakerOf('Ana Lobo (D-Mass.) and Tom Brandt (D-Mass.) spoke. "We will not retreat," the Massachusetts Democrat said.', 'We will not retreat')).toBeNull();
    expect(speakerOf('Ivan Petrov met Ana Lobo on Monday. "We will not retreat," the Russian president said.', 'We will not retreat')).toBeNull();
    expect(speakerOf('Russian Vice President Ivan Petrov met Ana Lobo. "We will not retreat," the Russian president said.', 'We will not retreat')).toBeNull();
    // The sentence around a name is not the name's: Ana Lobo is no Russian president.
    expect(speakerOf('Ana Lobo met the Russian President on Monday. "We will not retreat," the Russian president said.', 'We will not retreat')).toBeNull();
  });
});

describe('the headline names the sender, twelfth pass', () => {
  it('a message the text quotes after a headline that sends it', () => {
    const text = 'The message said, in part:\n\n"All of us are mourning today with your nation."\n\nThe minister conveyed his condolences.';
    const a = { id: 'a', title: 'Ana Lobo sent a message of condolences to Prime Minister Tom Brandt', outlet: 'O', published: '2019-10-02', authors: [], tags: [], source: 's', text };
    const passages = [{ id: 'a#1', articleId: 'a', n: 1, text, start: 0, end: text.length }];
    expect(extractQuotes(a, passages, aliases).map((q) => q.speaker)).toEqual(['Ana Lobo']);
    expect(extractQuotes({ ...a, title: 'Condolences over the mine disaster' }, passages, aliases).map((q) => q.speaker)).toEqual([null]);
  });
});

describe('"X’s telegram said, in particular:" before a quotation in the next paragraph, twelfth pass', () => {
  it('the owner of the telegram, and the excerpt words after the verb', () => {
    expect(speakerOf('Ana Lobo’s telegram said, in part:\n\n"We share the pain of the losses."', 'We share the pain')).toBe('Ana Lobo');
    expect(speakerOf('Ana Lobo sent a message to the forum. The message said, in particular:\n\n"We share the pain of the losses."', 'We share the pain')).toBe('Ana Lobo');
  });
});

describe('posting quotes only at the end of its phrase, twelfth pass', () => {
  it('"posting content on social media, post links on the “thank you” pages" quotes nothing', () => {
    const text = 'Partners may help by posting content on social media, post links to free services on the "thank you" pages displayed to visitors.';
    expect(quotesOf(text).filter((q) => q.speaker !== null)).toEqual([]);
  });
});

describe('a document "to" someone and an opening adverb, twelfth pass', () => {
  it('"The message to X said" is the sender\'s, not X\'s', () => {
    const text = 'Ana Lobo forwarded New Year messages to foreign leaders.\n\nThe message to Prime Minister Tom Brandt said, in part:\n\n"We have done much together this year."';
    expect(speakerOf(text, 'We have done much')).toBe('Ana Lobo');
  });

  it('"Earlier Ana Lobo sent …" names Ana Lobo; "Earlier today, the minister sent …" nobody', () => {
    expect(speakerOf('Earlier Ana Lobo sent Tom Brandt a message of greetings. The message reads, in part: "You have earned great respect."', 'You have earned')).toBe('Ana Lobo');
    expect(speakerOf('Earlier today, the minister sent birthday greetings to Tom Brandt. The message reads, in part: "You have earned great respect."', 'You have earned')).toBeNull();
  });
});

describe('"X’s message to Y said", twelfth pass', () => {
  it('the owner speaks, not the recipient', () => {
    expect(speakerOf('Ana Lobo’s message to Prime Minister Tom Brandt said, in part:\n\n"We have done much together this year."', 'We have done much')).toBe('Ana Lobo');
    expect(speakerOf('Ana Lobo’s letter to Tom Brandt said: "We have done much together this year."', 'We have done much')).toBe('Ana Lobo');
  });
});

describe('a possessive before "decision to …" owns no quotation, twelfth pass', () => {
  it('"condemned X’s decision to recognize the so-called regions as “independent.”"', () => {
    const text = 'The leaders condemned President Ivan Petrov’s decision to recognize the so-called DNR and LNR regions as "independent." They met again.';
    expect(quotesOf(text).filter((q) => q.speaker !== null)).toEqual([]);
  });
});

describe('"…, accusing her of “…”" in the subject\'s clause, twelfth pass', () => {
  it('the subject who accuses says the words', () => {
    const text = 'President Tom Brandt lashed out at the city\'s mayor Ana Lobo on Twitter, accusing her of "not doing her job".';
    expect(speakerOf(text, 'not doing her job')).toBe('Tom Brandt');
    expect(speakerOf('Tom Brandt criticized Ana Lobo on Twitter, accusing her of "not doing her job".', 'not doing her job')).toBe('Tom Brandt');
  });
});

describe('"The governor tweeted her reasoning saying, “…”", twelfth pass', () => {
  it('the office opening the sentence is the person last named with it', () => {
    const text = 'Governor Ana Lobo signed the bill on Wednesday. The governor tweeted her reasoning saying, "Today, I signed the act into law."';
    expect(speakerOf(text, 'Today, I signed')).toBe('Ana Lobo');
    // No governor named before: nobody.
    expect(speakerOf('Ana Lobo signed the bill on Wednesday. The governor tweeted her reasoning saying, "Today, I signed the act into law."', 'Today, I signed')).toBeNull();
  });
});

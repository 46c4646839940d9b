// Sentence boundaries after abbreviations: every extractor (quotes, dates, passages) shares them.
// The sentences are written for these tests.
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../src/core/sentences.ts';

const split = (text: string): string[] => splitSentences(text).map((s) => s.text.trim());

describe('splitSentences after dotted abbreviations', () => {
  it('"U.S.", "U.N.", "U.K." before a capitalised name do not end the sentence', () => {
    expect(split('According to U.S. Attorney Ann Moss, the case is closed. It was.')).toEqual(['According to U.S. Attorney Ann Moss, the case is closed.', 'It was.']);
    expect(split('The U.N. Security Council met on Monday. Then it adjourned.')).toEqual(['The U.N. Security Council met on Monday.', 'Then it adjourned.']);
    expect(split('A U.K. Foreign Office minister spoke. Nobody replied.')).toEqual(['A U.K. Foreign Office minister spoke.', 'Nobody replied.']);
  });

  it('"A.M." and "P.M." end a sentence before a capitalised word, and not before a time zone', () => {
    expect(split('The vote ended at 10 P.M. Officials said the count would resume. It did.')).toEqual(['The vote ended at 10 P.M.', 'Officials said the count would resume.', 'It did.']);
    expect(split('The talks began at 9:36 A.M. EDT on Monday. They ended late.')).toEqual(['The talks began at 9:36 A.M. EDT on Monday.', 'They ended late.']);
  });

  it('a dotted abbreviation at the end of a sentence still ends it before a sentence opener', () => {
    expect(split('She moved to the U.K. She likes it there.')).toEqual(['She moved to the U.K.', 'She likes it there.']);
    expect(split('Talks were held in Washington, D.C. The next round is in May.')).toEqual(['Talks were held in Washington, D.C.', 'The next round is in May.']);
  });

  it('titles, months, "No." and initials do not end a sentence', () => {
    expect(split('He met Lt. Gen. Tom Brandt on Jan. 5 in St. Louis. Then he left.')).toEqual(['He met Lt. Gen. Tom Brandt on Jan. 5 in St. Louis.', 'Then he left.']);
    expect(split('She is ranked No. 3 in the world. He is not.')).toEqual(['She is ranked No. 3 in the world.', 'He is not.']);
    expect(split('John F. Kennedy spoke in Berlin. The crowd cheered.')).toEqual(['John F. Kennedy spoke in Berlin.', 'The crowd cheered.']);
  });
});

describe('splitSentences after AP-style state abbreviations', () => {
  it('"Calif. Gov. X", "Mt. Vernon", "Ft. Worth" continue the sentence; a state ending one ends it', () => {
    expect(split('In Sacramento, Calif. Gov. Ana Lobo signed the bill. It passed.')).toEqual(['In Sacramento, Calif. Gov. Ana Lobo signed the bill.', 'It passed.']);
    expect(split('He flew from Ft. Worth to Mt. Vernon on Friday. She did not.')).toEqual(['He flew from Ft. Worth to Mt. Vernon on Friday.', 'She did not.']);
    expect(split('The rally was held in Austin, Tex. The governor spoke first.')).toEqual(['The rally was held in Austin, Tex.', 'The governor spoke first.']);
  });
});

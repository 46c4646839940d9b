// Things that look like dates and are not: none of these may ever produce an event.
import { describe, expect, it } from 'vitest';
import { extractEvents } from '../src/core/events/extract.ts';
import { splitPassages } from '../src/core/passages.ts';
import type { Article } from '../src/core/types.ts';

function events(text: string, published = '2025-02-13') {
  const a: Article = { id: 'n', title: 't', outlet: 'o', published, authors: [], tags: [], source: 'n.md', text };
  return extractEvents(a, splitPassages(a)).map((e) => `${e.expression} → ${e.date}`);
}

describe('never an event', () => {
  it.each([
    // video durations and clock times
    '1:53 Trump pushes for meeting with Putin after threatening Russia with sanctions',
    '02:39',
    '2:20 Will Trump keep his promise and end the war in Ukraine?',
    '9:36 A.M. EDT',
    '12:35 P.M. PST',
    'The crash happened around 8:30 p.m. BST (1930 UTC).',
    'The call began at 3 p.m. and ended at 4:15.',
    // periods and spans
    'He got along great with him during Trump’s first term in the White House.',
    'Almost two years on, amid many contradictions, the summit will be a big step.',
    'The conflict has gone on for three years.',
    'Mueller spent nearly two years investigating.',
    'After three years of lies and smears and slander, the Russia hoax is finally dead.',
    'The graduating class has faced challenges over the last year.',
    'We have had over 60 calls in the past week.',
    'We have probably had more progress in the past two weeks.',
    'This is what we have been calling for for the past eight days.',
    'The deal will be signed within two weeks.',
    'The talks will resume in three days.',
    'In recent years, relations soured.',
    'The President has done this for decades.',
    // anchored on something other than the publication date
    'Just three days before the Trump-Putin summit, 12 officers were indicted.',
    'The following day, Trump backtracked and said he had misspoken.',
    'Two days later, the talks collapsed.',
    // "fall" the verb after "this"
    'Q And where does this fall on the agenda at the summit?',
    // ages, counts, money
    'The 72-year-old leader spoke for an hour.',
    'Putin, aged 72, answered questions.',
    'This second expulsion for the US was a record 60 diplomats.',
    'Russia was mentioned more than 20 times.',
    'The US pledged $1 billion in aid.',
    'Some 2000 troops and 1990 civilians were moved.',
    'The fund will receive 50% of royalties.',
    'Prices rose 2020 percent.',
    'Imports reached 2,019,000 barrels.',
    // bare years inside names and titles
    'It falls under section 232 of the Trade Expansion Act of 1962.',
    'Congress passed the 2020 Election Act.',
    'The 2022 National Security Strategy names Russia an acute threat.',
    'She was named in “The 100 Most Influential People of 2024.”',
    'Funding for Fiscal Year 2025 was approved.',
    'The FY 2024 budget was approved.',
    'Critics of Project 2025 spoke out.',
    'Saudi Arabia’s Vision 2030 was discussed.',
    'Executive Order 14024 and Resolution 2231 remain in force.',
    // the modal "may", the verb "march", names with days
    'May I ask a question about Ukraine?',
    'Russia may decide to escalate.',
    'The troops may march on Kyiv.',
    'Labour MPs renewed calls for May to resign.',
    'Since May took office, talks have stalled.',
    'The deal was struck after May met Juncker.',
    'March with us for peace.',
    'They remembered the victims of 9/11.',
    'The Sept. 11 attacks changed everything.',
    'The January 6 committee met.',
    // transcript speaker labels and other noise
    'Q Thank you. Can you say more?',
    'Q: Is the President going to Moscow?',
    'THE PRESIDENT: We are working 24/7.',
    'They spoke about Nord Stream 2 and COVID-19.',
    'Decisions from the 1990s still matter.',
    'The talks happen every March.',
    // a weekday that is not one day: generic or anchored elsewhere (13 Feb 2025 is a Thursday)
    'Thanks for joining us closer to the end of the day on a Friday.',
    'Thank you for joining us late on a Friday afternoon.',
    'Thank you so much for doing this on a Thursday evening.',
    'The market is closed every Thursday.',
    'He left that Thursday and returned the following Monday.',
  ])('%s', (text) => {
    expect(events(text)).toEqual([]);
  });
});

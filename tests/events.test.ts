import { describe, expect, it } from 'vitest';
import { dateLabel, extractEvents, parseDateBound } from '../src/core/events/extract.ts';
import { splitPassages } from '../src/core/passages.ts';
import type { Article } from '../src/core/types.ts';

function article(text: string, published: string, id = 'a'): Article {
  return { id, title: 't', outlet: 'o', published, authors: [], tags: [], source: `${id}.md`, text };
}

/** [expression, date] of every event, in text order. */
function found(text: string, published: string): [string, string][] {
  const a = article(text, published);
  return extractEvents(a, splitPassages(a)).map((e) => [e.expression, e.date]);
}

describe('extractEvents: the examples of the issue', () => {
  it.each([
    ['In March 2018, Washington expelled diplomats.', '2018-07-19', [['March 2018', '2018-03']]],
    ['The strike came in July 2018, officials said.', '2018-07-19', [['July 2018', '2018-07']]],
    ['Back in November 2016, Putin congratulated Trump.', '2018-07-19', [['November 2016', '2016-11']]],
    ['He visited Moscow in 2013.', '2025-02-13', [['2013', '2013']]],
    ['He spoke to reporters on January 20, the day of his inauguration.', '2025-02-13', [['January 20', '2025-01-20']]],
    ['Bolton visited Moscow in June.', '2018-07-19', [['June', '2018-06']]],
    ['Putin said last month he had always had good relations with Trump.', '2025-02-13', [['last month', '2025-01']]],
    ['Last December, Trump unveiled his first National Security Strategy.', '2018-07-19', [['Last December', '2017-12']]],
    ['A gunman tried to assassinate him last year.', '2025-02-13', [['last year', '2024']]],
    ['He criticised yesterday’s vote.', '2025-02-13', [['yesterday', '2025-02-12']]],
    ['The President spoke with him this morning.', '2021-05-19', [['this morning', '2021-05-19']]],
    ['Today, President Trump signed an Executive Order.', '2025-08-06', [['Today', '2025-08-06']]],
    ['Then came the turnabout at this year’s G7 Summit.', '2018-07-19', [['this year', '2018']]],
    ['The tariff is effective August 27, officials said.', '2025-08-06', [['August 27', '2025-08-27']]],
    ['Executive Order 14257 of April 2, 2025, as amended.', '2025-08-06', [['April 2, 2025', '2025-04-02']]],
    ['Mueller’s 2019 report found no conspiracy.', '2025-02-13', [['2019', '2019']]],
    [
      'They met in mid-2023 and again in early 2024.',
      '2025-02-13',
      [
        ['mid-2023', '2023'],
        ['early 2024', '2024'],
      ],
    ],
    ['Russia invaded on Feb. 24, 2022.', '2023-02-24', [['Feb. 24, 2022', '2022-02-24']]],
    ['You opened it last Friday.', '2025-08-18', [['last Friday', '2025-08-15']]],
    ['We will announce sanctions tomorrow.', '2024-02-23', [['tomorrow', '2024-02-24']]],
    [
      'Talks ran between March and May 2018.',
      '2020-01-10',
      [
        ['March', '2018-03'],
        ['May 2018', '2018-05'],
      ],
    ],
    ['Two years ago, the talks failed.', '2025-02-13', [['Two years ago', '2023']]],
  ] as const)('%s (published %s)', (text, published, expected) => {
    expect(found(text, published)).toEqual(expected);
  });

  it('keeps the precision the text supports and never invents a day', () => {
    const a = article('In March 2018, diplomats left. In 2016, the election. On March 5, 2018, a poisoning.', '2018-07-19');
    expect(extractEvents(a, splitPassages(a)).map((e) => [e.date, e.precision])).toEqual([
      ['2018-03', 'month'],
      ['2016', 'year'],
      ['2018-03-05', 'day'],
    ]);
  });

  it('reads yearless dates as the nearest sensible year around publication', () => {
    expect(found('He spoke on December 28 about it.', '2025-02-13')).toEqual([['December 28', '2024-12-28']]);
    expect(found('They will meet on January 5 in Geneva.', '2024-12-10')).toEqual([['January 5', '2025-01-05']]);
    expect(found('Last March, they met. Next March, they meet again.', '2018-07-19')).toEqual([
      ['Last March', '2018-03'],
      ['Next March', '2019-03'],
    ]);
  });

  it('drops a yearless date when the sentence or the one before states another year', () => {
    expect(found('In 2014, Russia annexed Crimea. In March, sanctions followed.', '2025-02-13')).toEqual([['2014', '2014']]);
    expect(found('In 2025 the talks resumed. In March, they met.', '2025-06-01')).toEqual([
      ['2025', '2025'],
      ['March', '2025-03'],
    ]);
  });

  it('gives a week as its Monday, at week precision', () => {
    expect(found('They spoke four times this week.', '2021-05-19')).toEqual([['this week', '2021-05-17']]);
  });

  it('reads a bare weekday by its tense', () => {
    // 18 Aug 2025 is a Monday.
    expect(found('On Friday, the President met Putin.', '2025-08-18')).toEqual([['Friday', '2025-08-15']]);
    expect(found('On Friday, the President will meet Putin.', '2025-08-18')).toEqual([['Friday', '2025-08-22']]);
  });

  it('gives each event its verbatim sentence, offsets in the article text and passage', () => {
    const text = 'Donald Trump and Vladimir Putin agreed to meet.\n\nPutin said last month he had always had “pragmatic and trusting” relations with Trump. He said more.';
    const a = article(text, '2025-02-13', 'gn');
    const passages = splitPassages(a);
    const [e] = extractEvents(a, passages);
    expect(e).toMatchObject({
      date: '2025-01',
      precision: 'month',
      expression: 'last month',
      text: 'Putin said last month he had always had “pragmatic and trusting” relations with Trump.',
      articleId: 'gn',
    });
    expect(text.slice(e!.start, e!.end)).toBe('last month');
    const p = passages.find((x) => x.id === e!.passageId)!;
    expect(p.start <= e!.start && e!.end <= p.end).toBe(true);
  });

  it('reads the publication date as a calendar date, whatever the time of day or zone', () => {
    for (const published of ['2018-07-19', '2018-07-19T23:30:00-07:00', '2018-07-19T00:10:00+09:00', '2018-07-19 10:21:11-04:00']) {
      expect(found('Today the summit ended; yesterday it began.', published)).toEqual([
        ['Today', '2018-07-19'],
        ['yesterday', '2018-07-18'],
      ]);
    }
  });

  it('finds nothing when the publication date cannot be read', () => {
    expect(found('In March 2018, diplomats left.', 'unknown')).toEqual([]);
  });
});

describe('parseDateBound', () => {
  it.each([
    ['2018', '2018', 'year'],
    ['2018-03', '2018-03', 'month'],
    ['2018-03-05', '2018-03-05', 'day'],
    ['March 2018', '2018-03', 'month'],
    ['Mar 2018', '2018-03', 'month'],
    ['mar. 2018', '2018-03', 'month'],
    ['Sept 2018', '2018-09', 'month'],
    ['5 March 2018', '2018-03-05', 'day'],
    ['March 5, 2018', '2018-03-05', 'day'],
    ['  2016  ', '2016', 'year'],
  ])('reads %j', (input, date, precision) => {
    expect(parseDateBound(input)).toEqual({ ok: true, date, precision });
  });

  it.each(['', 'yesterday', '2018-13', '2018-02-30', 'March', 'March 5', 'Smarch 2018', '18', '2018/03', '31 June 2018'])(
    'rejects %j with a message naming the value and the accepted forms',
    (input) => {
      const r = parseDateBound(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toContain(`“${input.trim()}”`);
        expect(r.message).toContain('2018, 2018-03, 2018-03-05, March 2018');
      }
    },
  );
});

describe('dateLabel', () => {
  it.each([
    ['2016', 'year', '2016'],
    ['2017-12', 'month', 'Dec 2017'],
    ['2025-01-20', 'day', '20 Jan 2025'],
    ['2018-03-05', 'day', '5 Mar 2018'],
    ['2018-09', 'month', 'Sep 2018'],
  ] as const)('labels %s (%s) as %j', (date, precision, label) => {
    expect(dateLabel(date, precision)).toBe(label);
  });
});

// Issue 18: dates as newspapers write them (TempEval-3's and Wikinews's own sentences).
describe('extractEvents: issue 18, dates in news text', () => {
  it('reads a weekday equal to the publication day as that day, unless the sentence looks ahead', () => {
    // 15 Mar 2013 is a Friday.
    expect(found('The ministry confirmed the deal, officials said Friday.', '2013-03-15')).toEqual([['Friday', '2013-03-15']]);
    expect(found('The talks failed, officials said Tuesday.', '2013-03-15')).toEqual([['Tuesday', '2013-03-12']]);
    expect(found('The talks will resume Tuesday.', '2013-03-15')).toEqual([['Tuesday', '2013-03-19']]);
    expect(found('He said the board will vote on Friday.', '2013-03-15')).toEqual([['Friday', '2013-03-22']]);
  });

  it('never reads a greeting, a name or "it is Friday" on that Friday as an event', () => {
    // 8 Apr 2022 is a Friday.
    for (const text of ['PSAKI: Happy Friday.', 'Q It’s Friday.', 'He backed the Good Friday Agreement.', 'Good to see you all on Friday.', 'Waltz spoke on Fox News Sunday.']) {
      expect(found(text, '2022-04-08'), text).toEqual([]);
    }
  });

  it('takes the tense of the verb nearest the weekday, not of a quotation elsewhere in the sentence', () => {
    // 12 Sep 2019 is a Thursday.
    expect(found('"Nothing will change in a material way," Pompeo told the press on Tuesday.', '2019-09-12')).toEqual([['Tuesday', '2019-09-10']]);
    expect(found('He asked for the resignation Monday night.', '2019-09-12')).toEqual([['Monday night', '2019-09-09']]);
  });

  it('finds "last May" and "since May" as it finds "last June", and never the modal "may"', () => {
    expect(found('He left the company last May.', '2013-03-15')).toEqual([['last May', '2012-05']]);
    expect(found('He left the company last June.', '2013-03-15')).toEqual([['last June', '2012-06']]);
    expect(found('Prices have risen since May.', '2013-08-15')).toEqual([['May', '2013-05']]);
    expect(found('Officials said prices may rise.', '2013-03-15')).toEqual([]);
    expect(found('Theresa May said so.', '2013-03-15')).toEqual([]);
  });

  it('resolves a month without a year by the tense of its sentence', () => {
    expect(found('He was fired from his job in July.', '2013-03-15')).toEqual([['July', '2012-07']]);
    expect(found('They will meet again in February.', '2013-03-15')).toEqual([['February', '2014-02']]);
    expect(found('His trial has been scheduled for November.', '2019-06-28')).toEqual([['November', '2019-11']]);
    // no tense to go by: the nearest such month
    expect(found('The July summit is the next step.', '2013-03-15')).toEqual([]);
    expect(found('Elections in August are the next step.', '2013-03-15')).toEqual([['August', '2013-08']]);
  });

  it('finds a day in "the night of June 21"', () => {
    expect(found('The truck struck them on the night of June 21.', '2019-06-28')).toEqual([['June 21', '2019-06-21']]);
  });
});

describe('extractEvents: issue 18, weeks, seasons and modifiers', () => {
  function full(text: string, published: string) {
    const a = article(text, published);
    return extractEvents(a, splitPassages(a)).map((e) => ({ expression: e.expression, date: e.date, precision: e.precision, ...(e.modifier && { modifier: e.modifier }) }));
  }

  it('keeps "this week", "last week" and "next week" at week precision, dated by the Monday', () => {
    // 15 Mar 2019 is a Friday; its week runs from Monday 11 March.
    expect(full('Manafort was sentenced last week.', '2019-03-15')).toEqual([{ expression: 'last week', date: '2019-03-04', precision: 'week' }]);
    expect(full('They spoke four times this week.', '2025-07-29')).toEqual([{ expression: 'this week', date: '2025-07-28', precision: 'week' }]);
    expect(full('I will name a new adviser next week.', '2019-09-12')).toEqual([{ expression: 'next week', date: '2019-09-16', precision: 'week' }]);
  });

  it('keeps seasons at season precision, dated by their first month', () => {
    expect(full('After his conviction last summer, he agreed to help.', '2019-03-15')).toEqual([{ expression: 'last summer', date: '2018-06', precision: 'season' }]);
    expect(full('The plant opened in the summer of 2019.', '2021-01-10')).toEqual([{ expression: 'summer of 2019', date: '2019-06', precision: 'season' }]);
    expect(full('Talks began last spring.', '2022-01-14')).toEqual([{ expression: 'last spring', date: '2021-03', precision: 'season' }]);
    expect(full('Talks resume in the spring.', '2022-01-14')).toEqual([]);
  });

  it('keeps "early", "mid" and "late" as a modifier of the event', () => {
    expect(full('The deal collapsed late last July.', '2019-03-15')).toEqual([{ expression: 'late last July', date: '2018-07', precision: 'month', modifier: 'late' }]);
    expect(full('Sales began in early 2011.', '2013-03-15')).toEqual([{ expression: 'early 2011', date: '2011', precision: 'year', modifier: 'early' }]);
    expect(full('They met in mid-2023.', '2025-02-13')).toEqual([{ expression: 'mid-2023', date: '2023', precision: 'year', modifier: 'mid' }]);
  });

  it('labels the new precisions and modifiers', () => {
    expect(dateLabel('2019-03-04', 'week')).toBe('week of 4 Mar 2019');
    expect(dateLabel('2018-06', 'season')).toBe('summer 2018');
    expect(dateLabel('2018-12', 'season')).toBe('winter 2018–19');
    expect(dateLabel('2018-07', 'month', 'late')).toBe('late Jul 2018');
    expect(dateLabel('2011', 'year', 'early')).toBe('early 2011');
  });
});

describe('extractEvents: issue 18, events dated by what the text already said', () => {
  it('dates "the following day" and "two days later" from the date the text just gave', () => {
    expect(found('On March 5, 2018, Skripal was poisoned. The following day, police sealed the area.', '2018-07-19')).toEqual([
      ['March 5, 2018', '2018-03-05'],
      ['The following day', '2018-03-06'],
    ]);
    expect(found('In 2014, Russia annexed Crimea. Two years later, it hosted talks.', '2025-02-13')).toEqual([
      ['2014', '2014'],
      ['Two years later', '2016'],
    ]);
    expect(found('In March 2018, diplomats were expelled. The following month, Russia retaliated.', '2018-07-19')).toEqual([
      ['March 2018', '2018-03'],
      ['The following month', '2018-04'],
    ]);
  });

  it('takes the main date of the sentence, across a paragraph, and keeps a month when the day is not known', () => {
    const text =
      'In July 2018, at a summit with Putin in Helsinki, Trump said he accepted the denial that Moscow had interfered in the 2016 election.\n\n' +
      'The late Senator John McCain said no previous president had abased himself more. The following day, Trump backtracked.';
    expect(found(text, '2025-02-13')).toEqual([
      ['July 2018', '2018-07'],
      ['2016', '2016'],
      ['The following day', '2018-07'],
    ]);
  });

  it('dates nothing when the anchor is too far back or anchored on something not dated', () => {
    expect(found('In 2014, Russia annexed Crimea. Sanctions came. Talks failed. Prices rose. Two years later, it hosted talks.', '2025-02-13')).toEqual([['2014', '2014']]);
    expect(found('On March 5, 2018, Skripal was poisoned. The day after the poisoning, police came.', '2018-07-19')).toEqual([['March 5, 2018', '2018-03-05']]);
  });

  it('dates no plan, span, apposition or guess, and nothing after publication', () => {
    expect(found('On March 5, 2018, they met. A year later, they would meet again.', '2025-02-13')).toEqual([['March 5, 2018', '2018-03-05']]);
    expect(found('On March 5, 2018, they met. The group reported within the next month.', '2025-02-13')).toEqual([['March 5, 2018', '2018-03-05']]);
    expect(found('In 2024, they met. Ten years later, the world is different.', '2025-02-13')).toEqual([['2024', '2024']]);
    expect(found('Two years ago, a cult attacked. Two years later, it struck again.', '2025-02-13')).toEqual([['Two years ago', '2023']]);
  });
});

describe('extractEvents: issue 18, the clause and the quotation that hold the date', () => {
  it('looks forward for a deadline after an intent ("plans for", "committed to", "vowed to"), even under a past verb', () => {
    // 29 Aug 2019 (wn-2019-08-29-queen-suspends-parliament)
    const critics = 'Critics have claimed this is a move by Johnson to foil opposition to his plans for a no-deal Brexit by October 31.';
    expect(found(critics, '2019-08-29')).toEqual([['October 31', '2019-10-31']]);
    expect(found('"I am committed to leading our country forward and getting Britain out of the EU by October 31st."', '2019-08-29')).toEqual([['October 31st', '2019-10-31']]);
    expect(found('The minister vowed to close the deal by March 3.', '2019-08-29')).toEqual([['March 3', '2020-03-03']]);
    // what was done stays in the past
    expect(found('The bridge was finished by March 3.', '2019-08-29')).toEqual([['March 3', '2019-03-03']]);
  });

  it('reads "December 22, last year" as one date', () => {
    expect(found('This lockdown started on December 22, last year.', '2019-01-07')).toEqual([['December 22, last year', '2018-12-22']]);
  });

  it('does not date "today" meaning "nowadays"', () => {
    const text = 'Msallem said, "We are for the freedom to dress, but today with the current situation we find justifications for this decision".';
    expect(found(text, '2019-07-08')).toEqual([]);
    expect(found('The Senate votes today on the bill.', '2019-07-08')).toEqual([['today', '2019-07-08']]);
  });

  it('resolves relative days inside a quotation against the day the sentence says it was said', () => {
    // 12 Sep 2019 is a Thursday.
    expect(found('"I offered to resign last night," Bolton wrote on Tuesday.', '2019-09-12')).toEqual([
      ['last night', '2019-09-09'],
      ['Tuesday', '2019-09-10'],
    ]);
    expect(found("On Tuesday, Bolton wrote: \"I offered to resign last night and he said, 'Let's talk about it tomorrow.'\"", '2019-09-12')).toEqual([
      ['Tuesday', '2019-09-10'],
      ['last night', '2019-09-09'],
      ['tomorrow', '2019-09-10'],
    ]);
    // the lead dates the event the quotations below it report (10 Oct 2019 is a Thursday)
    const lead = 'On Monday, Johnson joined the calls.\n\nJohnson continued, "That\'s a point we are raising today with the ambassador."';
    expect(found(lead, '2019-10-10')).toEqual([
      ['Monday', '2019-10-07'],
      ['today', '2019-10-07'],
    ]);
    // the article does not say when: the publication day, as before
    expect(found('"I offered to resign last night," Bolton wrote.', '2019-09-12')).toEqual([['last night', '2019-09-11']]);
  });
});

describe('extractEvents: issue 18, a weekday inside "this week", a clock time beside a day', () => {
  it('reads no year in a 24-hour clock time, so the day beside it is kept', () => {
    // wn-2019-10-10-uk-us-diplomatic-immunity: "1930" stated a year, and the yearless day was dropped.
    expect(found('The crash happened around 8:30 p.m. BST (1930 UTC) on August 27.', '2019-10-10')).toEqual([['August 27', '2019-08-27']]);
  });

  it('dates "Earlier this week on Wednesday" as that Wednesday', () => {
    // 31 Mar 2019 is a Sunday (wn-2019-03-31-erdogan-hagia-sophia).
    expect(found('Earlier this week on Wednesday on the live television, President Erdogan said it.', '2019-03-31')).toEqual([['Wednesday', '2019-03-27']]);
  });
});

describe('extractEvents: a person named May is no month', () => {
  it('"Mrs. May", "Theresa May", "Ms. May" are not dated; "in May" beside them still is', () => {
    expect(found('Mrs. May told Parliament on Wednesday that the deal was done.', '2019-01-18')).toEqual([['Wednesday', '2019-01-16']]);
    expect(found('Prime Minister Theresa May resigned.', '2019-06-08')).toEqual([]);
    expect(found('Ms. May said the vote would go ahead.', '2019-01-18')).toEqual([]);
    expect(found('In May, Mrs. May announced her resignation.', '2019-12-01')).toEqual([['May', '2019-05']]);
    expect(found('"We will deliver Brexit," said May.', '2019-01-18')).toEqual([]);
    expect(found('Theresa May met Juncker. May then flew to Brussels.', '2019-01-18')).toEqual([]);
    expect(found('The deal, May said, was the best available.', '2019-01-18')).toEqual([]);
    expect(found('Kanye West said on Sunday he would run.', '2020-07-06')).toEqual([['Sunday', '2020-07-05']]);
  });
});

describe('extractEvents: issue 18, news forms of the 2011-2018 Wikinews tune articles', () => {
  function full(text: string, published: string) {
    const a = article(text, published);
    return extractEvents(a, splitPassages(a)).map((e) => ({ expression: e.expression, date: e.date, precision: e.precision, ...(e.modifier && { modifier: e.modifier }) }));
  }

  it('reads "last" before a noun that is no time ("its last flight") as no past tense', () => {
    // 13 Apr 2011: the launch lies ahead, in June 2011.
    expect(found("Atlantis will go on display after the orbiter's last flight, which launches June 28.", '2011-04-13')).toEqual([['June 28', '2011-06-28']]);
    expect(found('She was last seen in June.', '2011-04-13')).toEqual([['June', '2010-06']]);
  });

  it('reads "is to"/"are to" before a verb as the future', () => {
    // 22 Sep 2015 is a Tuesday.
    expect(found('On Wednesday, Mohamed and his father are to travel to the United Nations.', '2015-09-22')).toEqual([['Wednesday', '2015-09-23']]);
    expect(found('The minister is to visit Paris on Friday.', '2015-09-22')).toEqual([['Friday', '2015-09-25']]);
  });

  it('dates "this past week" as last week, at week precision, and no span "over the past week"', () => {
    // 28 Jan 2014 is a Tuesday; the week before began on Monday 20 January.
    expect(full('This past week marked the opening night of an exhibit.', '2014-01-28')).toEqual([{ expression: 'This past week', date: '2014-01-20', precision: 'week' }]);
    expect(full('Prices rose over the past week.', '2014-01-28')).toEqual([]);
    // "this past year and a half", "last year and a half": spans (a White House briefing).
    expect(full('We lost many people out of the workforce this past year and a half.', '2021-05-19')).toEqual([]);
    expect(full('Prices rose over the last year and a half.', '2021-05-19')).toEqual([]);
    // "in this past week": the last seven days, a span (a White House gaggle of Wednesday 19 May 2021).
    expect(full('It is the fourth time he has spoken with him in this past week.', '2021-05-19')).toEqual([]);
  });

  it('dates a weekend at week precision, by the Monday of its week, with the modifier "weekend"', () => {
    // Tuesday 22 Sep 2015: the weekend just gone is 19-20 September (week of Monday 14 September).
    const weekend = (expression: string, date: string) => [{ expression, date, precision: 'week', modifier: 'weekend' }];
    expect(full('Mohamed was a VIP guest at the fair this weekend.', '2015-09-22')).toEqual(weekend('this weekend', '2015-09-14'));
    expect(full('The fair will open this weekend.', '2015-09-22')).toEqual(weekend('this weekend', '2015-09-21'));
    expect(full('Thousands marched last weekend.', '2015-09-22')).toEqual(weekend('last weekend', '2015-09-14'));
    expect(full('Thousands marched this past weekend.', '2015-09-22')).toEqual(weekend('this past weekend', '2015-09-14'));
    // "the past weekend" is the one just gone, as "this past weekend" ("the past year" stays a span).
    expect(full('Thousands marched over the past weekend.', '2015-09-22')).toEqual(weekend('past weekend', '2015-09-14'));
    expect(dateLabel('2015-09-14', 'week', 'weekend')).toBe('weekend of 19 Sep 2015');
  });

  it('counts "ago" in any number a newspaper spells out', () => {
    expect(full('"Seventeen years ago, this would not have been possible," said Mohib.', '2017-07-21')).toEqual([{ expression: 'Seventeen years ago', date: '2000', precision: 'year' }]);
    expect(found('Twenty years ago the plant closed.', '2017-07-21')).toEqual([['Twenty years ago', '1997']]);
    // A compound count is one number, never its last word ("five years ago").
    expect(found('Twenty-five years ago the plant closed.', '2017-07-21')).toEqual([['Twenty-five years ago', '1992']]);
    expect(found('Sixty-five years ago the plant opened.', '2017-07-21')).not.toContainEqual(['five years ago', '2012']);
  });

  it('dates both ends of a range between two dates', () => {
    expect(found('The exhibit is to run from January 23 through March 9.', '2014-01-28')).toEqual([
      ['January 23', '2014-01-23'],
      ['March 9', '2014-03-09'],
    ]);
    expect(found('The study covers ozone pollution over 2000 - 2050.', '2014-07-28')).toEqual([
      ['2000', '2000'],
      ['2050', '2050'],
    ]);
  });

  it('dates a weekday before an event noun ("the Thursday opening"), never a generic one', () => {
    // 28 Jan 2014 is a Tuesday.
    expect(found('The gallery celebrated the Thursday opening with a display of Polaroids.', '2014-01-28')).toEqual([['Thursday', '2014-01-23']]);
    expect(found('The gallery is closed on the Thursday after Easter.', '2014-01-28')).toEqual([]);
  });

  it('dates a month between "the" and the thing it dates ("The November border demarcation")', () => {
    // 11 Jan 2020 (wn-2020-01-11-cairo-summit-libya): the demarcation was in November 2019.
    expect(found('The November border demarcation resulted in overlapping claims.', '2020-01-11')).toEqual([['November', '2019-11']]);
    expect(found('Thousands joined the March for Our Lives.', '2020-01-11')).toEqual([]);
    expect(found('They remembered the March on Washington.', '2020-01-11')).toEqual([]);
  });

  it('dates a year a clause opens before a name ("Since 2007 the … Program has seeded")', () => {
    expect(found('Since 2007 the Andy Warhol Photographic Legacy Program has seeded galleries.', '2014-01-28')).toEqual([['2007', '2007']]);
    expect(found('Congress passed the 2020 Election Security Act.', '2021-01-28')).toEqual([]);
  });

  it('keeps "early", "late" on a day or a week, and dates "the end of last year" as late that year', () => {
    // 15 Mar 2019 is a Friday.
    expect(full('The bill passed late Friday.', '2019-03-15')).toEqual([{ expression: 'late Friday', date: '2019-03-15', precision: 'day', modifier: 'late' }]);
    expect(full('Late on Sunday, the police moved in.', '2019-03-15')).toEqual([{ expression: 'Late on Sunday', date: '2019-03-10', precision: 'day', modifier: 'late' }]);
    expect(full('They will meet early next week.', '2019-03-15')).toEqual([{ expression: 'early next week', date: '2019-03-18', precision: 'week', modifier: 'early' }]);
    expect(full('He left at the end of last year.', '2019-03-15')).toEqual([{ expression: 'end of last year', date: '2018', precision: 'year', modifier: 'late' }]);
    expect(full('Talks resume at the beginning of next month.', '2019-03-15')).toEqual([{ expression: 'beginning of next month', date: '2019-04', precision: 'month', modifier: 'early' }]);
  });

  it('does not date "today" in a comparison with the past ("as strong today as it was")', () => {
    expect(found('"Obsession with celebrity is as strong today as it was when Warhol was living", said Gustafon.', '2014-01-28')).toEqual([]);
    expect(found('He left today as planned.', '2014-01-28')).toEqual([['today', '2014-01-28']]);
  });
});

describe('extractEvents: issue 18, news forms of the 2007-2020 Wikinews tune articles (second round)', () => {
  function full(text: string, published: string) {
    const a = article(text, published);
    return extractEvents(a, splitPassages(a)).map((e) => ({ expression: e.expression, date: e.date, precision: e.precision, ...(e.modifier && { modifier: e.modifier }) }));
  }

  it('dates a weekday that chrono-node runs together with a clock time or a number', () => {
    // Tuesday 5 Mar 2019: the launch was on Saturday 2 March.
    expect(found('At 2:49 a.m. local time (7:49 a.m. UTC) on Saturday morning, the capsule was launched.', '2019-03-05')).toEqual([['Saturday morning', '2019-03-02']]);
    // Tuesday 22 Oct 2019.
    expect(found('Phivolcs recorded 611 aftershocks as of Saturday 8:00 p.m. (1200 UTC).', '2019-10-22')).toEqual([['Saturday', '2019-10-19']]);
    // Wednesday 4 Sep 2019: "late" stays on the day.
    expect(full('As of late Tuesday, 20 bodies had been recovered.', '2019-09-04')).toEqual([{ expression: 'late Tuesday', date: '2019-09-03', precision: 'day', modifier: 'late' }]);
  });

  it('reads a four-digit number in a parenthesis with a time zone as a clock time, and "a 2000 year old" as an age', () => {
    expect(found('A quake was recorded at 4:53 a.m Thursday morning (2053 Wednesday night, UTC).', '2019-10-22')).toEqual([
      ['Thursday morning', '2019-10-17'],
      ['Wednesday night', '2019-10-16'],
    ]);
    expect(found('Started in 1990, the festival continues a 2000 year old tradition.', '2007-03-05')).toEqual([['1990', '1990']]);
  });

  it('reads the tense of "due to", "was expected to" and "may" as a newspaper means them', () => {
    // "due to a landslide": a cause, not a timetable; the Saturday is the one before publication.
    expect(found('The death toll increased to six due to a massive landslide following an aftershock on Saturday.', '2019-10-22')).toEqual([['Saturday', '2019-10-19']]);
    expect(found('The ship is due to arrive on Saturday.', '2019-10-22')).toEqual([['Saturday', '2019-10-26']]);
    // 1 Jan 2020: an expectation held in the past; the December is the one just gone.
    expect(found('The state of emergency was expected to end on December 15.', '2020-01-01')).toEqual([['December 15', '2019-12-15']]);
    // 17 Jan 2020: "may continue" looks ahead.
    expect(full('The USGS has said the earthquakes may continue into early February.', '2020-01-17')).toEqual([
      { expression: 'early February', date: '2020-02', precision: 'month', modifier: 'early' },
    ]);
  });

  it('dates "March of last year", "June of this year" as one month, and a month by no year written after it', () => {
    // Sunday 21 Jun 2020.
    expect(found('In a report in March of last year, the chief executive said so.', '2020-06-21')).toEqual([['March of last year', '2019-03']]);
    expect(found('The decision is expected in June of this year.', '2019-02-02')).toEqual([['June of this year', '2019-06']]);
    // The 2015 comes after the months and dates the later sale only.
    expect(found('Tesco sold its Thai stores in March; left its venture in February; and in 2015 sold its Korean chain.', '2020-06-21')).toEqual([
      ['March', '2020-03'],
      ['February', '2020-02'],
      ['2015', '2015'],
    ]);
    // A year written before the month still takes it out (the text may mean that year's March).
    expect(found('In 2014 the company grew, and in March it opened a store.', '2020-06-21')).toEqual([['2014', '2014']]);
  });

  it('dates "the winter of 2006–2007" as one season, and "2017\'s Hurricane Maria" as 2017', () => {
    expect(full('The population is the highest since the winter of 2006–2007.', '2019-02-02')).toEqual([{ expression: 'winter of 2006–2007', date: '2006-12', precision: 'season' }]);
    expect(found("The island had not recovered from 2017's Hurricane Maria.", '2020-01-17')).toEqual([['2017', '2017']]);
    // A decade with an apostrophe stays out.
    expect(found("Prices were low in the 1990's.", '2020-01-17')).toEqual([]);
    expect(found("Prices rose again in the early 2010's.", '2020-01-17')).toEqual([]);
    // A year ending in 0 with its "'s" is still the year's.
    expect(found("Turnout in 2020's election was the highest in a century.", '2021-01-17')).toEqual([['2020', '2020']]);
  });

  it('dates both days of "December 5 and 6", and a weekday with its date in brackets once', () => {
    // 1 Jan 2020: both days are in the December just gone.
    expect(found('On December 5 and 6, the government shut down public services.', '2020-01-01')).toEqual([
      ['December 5', '2019-12-05'],
      ['6', '2019-12-06'],
    ]);
    expect(found('On May 5 and 6 people were hurt.', '2020-06-01')).toEqual([['May 5', '2020-05-05']]);
    // Counts after "and", and a weekday (no day number to pair with): one date each.
    expect(found('The fighting took place on March 4 and 25 were arrested.', '2020-06-01')).toEqual([['March 4', '2020-03-04']]);
    expect(found('Two people died on Monday and 20 were injured.', '2019-09-13')).toEqual([['Monday', '2019-09-09']]);
    expect(found('Police arrested three men on Tuesday and 12 more on Wednesday.', '2019-09-13')).toEqual([
      ['Tuesday', '2019-09-10'],
      ['Wednesday', '2019-09-11'],
    ]);
    // A day the month does not have is no date; "respectively" after the pair still pairs.
    expect(found('The fair ran on February 28 and 30, the organisers said.', '2019-06-01')).toEqual([['February 28', '2019-02-28']]);
    expect(found('The two strikes were held on December 5 and 6 respectively.', '2019-12-20')).toEqual([
      ['December 5', '2019-12-05'],
      ['6', '2019-12-06'],
    ]);
    // Monday 5 Mar 2007.
    expect(found('A sudden rain storm on Sunday night (March 4) caused a mass exodus.', '2007-03-05')).toEqual([['Sunday night (March 4)', '2007-03-04']]);
  });

  it('dates "following Wednesday\'s quake" and "The Thursday edition", never "USA Today"', () => {
    // Tuesday 22 Oct 2019.
    expect(found("Two towns declared a state of calamity following Wednesday's quake.", '2019-10-22')).toEqual([['Wednesday', '2019-10-16']]);
    expect(found('They met again the following Wednesday.', '2019-10-22')).toEqual([]);
    // Friday 13 Mar 2020.
    expect(found('The Thursday edition of NT News included an eight-page insert.', '2020-03-13')).toEqual([['Thursday', '2020-03-12']]);
    expect(found('Both companies have been in operation since the 1970s according to USA Today.', '2019-09-04')).toEqual([]);
    expect(found('Today, the President signed the order.', '2019-09-04')).toEqual([['Today', '2019-09-04']]);
  });

  it('dates "last Wednesday" as the Wednesday of the week before, apart from this week\'s "Wednesday"', () => {
    // Friday 13 Mar 2020: Wednesday is 11 March, last Wednesday 4 March.
    expect(found('The producer said on last Wednesday they had run out of stock.', '2020-03-13')).toEqual([['last Wednesday', '2020-03-04']]);
    expect(found('On Wednesday, Woolworths limited purchases.', '2020-03-13')).toEqual([['Wednesday', '2020-03-11']]);
    // Monday 18 Aug 2025: last Friday is three days back either way.
    expect(found('You opened it last Friday.', '2025-08-18')).toEqual([['last Friday', '2025-08-15']]);
  });

  it('counts "The following day" from a weekday as from a written date', () => {
    // Wednesday 1 Jan 2020: Saturday is 28 December 2019.
    expect(found('On Saturday, the cabinet voted to lift it. The following day, schools reopened.', '2020-01-01')).toEqual([
      ['Saturday', '2019-12-28'],
      ['The following day', '2019-12-29'],
    ]);
  });

  it('dates "the end of August" as late August, and "on Monday last week" as that Monday', () => {
    // Friday 27 Sep 2019.
    expect(full('The plant closed at the end of August.', '2019-09-27')).toEqual([{ expression: 'end of August', date: '2019-08', precision: 'month', modifier: 'late' }]);
    expect(full('Talks began at the beginning of June.', '2019-09-27')).toEqual([{ expression: 'beginning of June', date: '2019-06', precision: 'month', modifier: 'early' }]);
    expect(full('The plant closed in the middle of August.', '2019-09-27')).toEqual([{ expression: 'middle of August', date: '2019-08', precision: 'month', modifier: 'mid' }]);
    expect(found('The plant closed on Monday last week.', '2019-09-27')).toEqual([['Monday last week', '2019-09-16']]);
    expect(found('The plant will reopen on Tuesday next week.', '2019-09-27')).toEqual([['Tuesday next week', '2019-10-01']]);
  });

  it('dates "the previous day" inside a past sentence from the latest day the text gave', () => {
    // Friday 17 Jan 2020.
    expect(found('A 6.4 quake hit on January 7. This followed a 5.8 earthquake the previous day.', '2020-01-17')).toEqual([
      ['January 7', '2020-01-07'],
      ['the previous day', '2020-01-06'],
    ]);
    // Saturday 11 Jan 2020: the summit was on Wednesday 8 January.
    expect(found('The ministers met in Cairo on Wednesday. In a press release issued the following day, Turkey denounced the summit.', '2020-01-11')).toEqual([
      ['Wednesday', '2020-01-08'],
      ['the following day', '2020-01-09'],
    ]);
    // Spans, appositions and plans stay undated.
    expect(found('The ministers met on Wednesday. A reply was expected within the next day.', '2020-01-11')).toEqual([['Wednesday', '2020-01-08']]);
    expect(found('Polls closed on Sunday, the next day.', '2020-01-11')).toEqual([['Sunday', '2020-01-05']]);
    expect(found('The ministers met on Wednesday. They will meet again the next day.', '2020-01-11')).toEqual([['Wednesday', '2020-01-08']]);
  });
});

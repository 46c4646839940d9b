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
    ['They met in mid-2023 and again in early 2024.', '2025-02-13', [['2023', '2023'], ['2024', '2024']]],
    ['Russia invaded on Feb. 24, 2022.', '2023-02-24', [['Feb. 24, 2022', '2022-02-24']]],
    ['You opened it last Friday.', '2025-08-18', [['last Friday', '2025-08-15']]],
    ['We will announce sanctions tomorrow.', '2024-02-23', [['tomorrow', '2024-02-24']]],
    ['Talks ran between March and May 2018.', '2020-01-10', [['March', '2018-03'], ['May 2018', '2018-05']]],
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

  it('gives a week only as its month, and only when the week lies within one month', () => {
    expect(found('They spoke four times this week.', '2021-05-19')).toEqual([['this week', '2021-05']]);
    // 29 July 2025 is a Tuesday: its week runs from 28 July to 3 August.
    expect(found('They spoke four times this week.', '2025-07-29')).toEqual([]);
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

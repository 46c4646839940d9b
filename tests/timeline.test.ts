import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateBound } from '../src/core/events/extract.ts';
import { inRange, validateRange } from '../src/core/events/range.ts';
import { buildTimeline } from '../src/core/events/timeline-reference.ts';
import type { DatedEvent, Precision } from '../src/core/types.ts';

const precisionOf = (date: string): Precision => (date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day');

function ev(date: string, text: string, articleId: string, start = 0, expression = 'x'): DatedEvent {
  return { date, precision: precisionOf(date), text, expression, start, end: start + expression.length, passageId: `${articleId}#1`, articleId };
}

const bound = (s: string) => {
  const r = parseDateBound(s);
  if (!r.ok) throw new Error(r.message);
  return { date: r.date, precision: r.precision };
};

describe('buildTimeline', () => {
  it('orders by date, coarser before finer within a period', () => {
    const events = ['2018-04', '2018-03-05', '2018', '2018-03', '2017-12', '2025-01-20'].map((d, i) => ev(d, `Sentence ${i} about ${d}.`, `a${i}`));
    expect(buildTimeline(events).map((e) => e.label)).toEqual(['Dec 2017', '2018', 'Mar 2018', '5 Mar 2018', 'Apr 2018', '20 Jan 2025']);
  });

  it('breaks ties by publication date, then position in the article', () => {
    const published: Record<string, string> = { late: '2020-01-01', early: '2019-01-01' };
    const events = [ev('2016', 'The late one, second.', 'late', 50), ev('2016', 'The late one, first.', 'late', 10), ev('2016', 'Early.', 'early', 99)];
    const t = buildTimeline(events, { publishedOf: (id) => published[id] });
    expect(t.map((e) => e.events[0]!.text)).toEqual(['Early.', 'The late one, first.', 'The late one, second.']);
  });

  it('shows the same event reported by several articles once, with every report', () => {
    const a = ev('2018-03', 'In March 2018, Washington joined a collective action to expel Russian diplomats.', 'cgtn', 5, 'March 2018');
    const b = ev('2018-03', 'In March 2018, Washington joined a collective action to expel 60 Russian diplomats.', 'wire', 7, 'March 2018');
    const other = ev('2018-03', 'In March 2018, a poisoning in Salisbury shocked Britain.', 'bbc', 0, 'March 2018');
    const t = buildTimeline([a, b, other], { publishedOf: (id) => ({ cgtn: '2018-07-19', wire: '2018-07-20', bbc: '2018-03-05' })[id] });
    expect(t).toHaveLength(2);
    expect(t[0]!.events.map((e) => e.articleId)).toEqual(['bbc']);
    expect(t[1]!.events.map((e) => e.articleId)).toEqual(['cgtn', 'wire']);
    expect(t[1]!.label).toBe('Mar 2018');
  });

  it('groups rewordings with the same expression, but not different dates or the same article twice', () => {
    const a = ev('2025-01', 'Putin said last month he had always had pragmatic and trusting relations with Trump.', 'gn', 0, 'last month');
    const b = ev('2025-01', 'Putin said last month that his relations with Trump had always been pragmatic and trusting.', 'rt', 0, 'last month');
    const c = ev('2024-12', 'Putin said last month he had always had pragmatic and trusting relations with Trump.', 'old', 0, 'last month');
    const d = ev('2025-01', 'Putin said last month he had always had pragmatic and trusting relations with Trump.', 'gn', 900, 'last month');
    const t = buildTimeline([a, b, c, d]);
    expect(t.map((e) => [e.date, e.events.map((x) => `${x.articleId}@${x.start}`)])).toEqual([
      ['2024-12', ['old@0']],
      ['2025-01', ['gn@0', 'rt@0']],
      ['2025-01', ['gn@900']],
    ]);
  });

  it('keeps only the events `keep` accepts and those in range', () => {
    const events = [ev('2017-12', 'Strategy.', 'a'), ev('2018', 'Summit year.', 'b'), ev('2018-02', 'February.', 'c'), ev('2018-07-16', 'Helsinki summit.', 'd'), ev('2019', 'Report.', 'e')];
    const t = buildTimeline(events, { from: bound('March 2018'), to: bound('2018-12'), keep: (e) => e.articleId !== 'd' });
    expect(t.map((e) => e.label)).toEqual(['2018']);
    expect(buildTimeline(events, { from: bound('2018') }).map((e) => e.label)).toEqual(['2018', 'Feb 2018', '16 Jul 2018', '2019']);
  });

  it('sorts any events into non-decreasing date order and loses none', () => {
    const date = fc.oneof(
      fc.integer({ min: 2000, max: 2030 }).map(String),
      fc.tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
      fc
        .tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
        .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(date, fc.constantFrom('a', 'b', 'c'), fc.lorem({ maxCount: 6 })), { maxLength: 40 }), (rows) => {
        const events = rows.map(([d, id, text], i) => ev(d, text, id, i));
        const t = buildTimeline(events);
        expect(t.reduce((n, e) => n + e.events.length, 0)).toBe(events.length);
        for (let i = 1; i < t.length; i++) expect(t[i - 1]!.date <= t[i]!.date).toBe(true);
        for (const e of t) for (const x of e.events) expect(x.date).toBe(e.date);
      }),
    );
  });
});

describe('inRange', () => {
  it.each([
    ['2018', '2018-03', undefined, true],
    ['2018-02', '2018-03', undefined, false],
    ['2018-03-01', '2018-03', undefined, true],
    ['2018-03', undefined, '2018-03-05', true],
    ['2018-04-01', undefined, '2018-03', false],
    ['2019', '2018', '2018', false],
    ['2017-12-31', '2018', undefined, false],
  ] as const)('%s within [%s, %s] is %s', (date, from, to, expected) => {
    expect(inRange({ date, precision: precisionOf(date) }, from ? bound(from) : undefined, to ? bound(to) : undefined)).toBe(expected);
  });
});

describe('validateRange', () => {
  it('accepts an open or ordered range, including bounds in the same period', () => {
    expect(validateRange()).toBeNull();
    expect(validateRange(bound('2018'))).toBeNull();
    expect(validateRange(bound('2018-03'), bound('2018'))).toBeNull();
    expect(validateRange(bound('2016'), bound('March 2018'))).toBeNull();
  });
  it('names both bounds when from is after to', () => {
    expect(validateRange(bound('2018-05-01'), bound('March 2018'))).toBe('The start of the range (from: 1 May 2018) is after its end (to: Mar 2018).');
  });
});

describe('weeks, seasons and modifiers on the timeline (issue 18)', () => {
  const at = (date: string, precision: Precision, text: string, id: string, modifier?: 'early' | 'mid' | 'late'): DatedEvent => ({
    ...ev(date, text, id),
    precision,
    ...(modifier && { modifier }),
  });

  it('sorts a season at its first month and a week at its Monday, coarser first; a modifier after the whole period', () => {
    const events = [
      at('2018-07-16', 'day', 'Helsinki.', 'a'),
      at('2018-07', 'month', 'Late July.', 'b', 'late'),
      at('2018-07-16', 'week', 'That week.', 'c'),
      at('2018-06', 'month', 'June.', 'd'),
      at('2018-06', 'season', 'Summer.', 'e'),
      at('2018', 'year', 'Early 2018.', 'f', 'early'),
      at('2018', 'year', 'The year.', 'g'),
      at('2018-07', 'month', 'July.', 'h'),
      at('2017-12', 'season', 'Winter.', 'i'),
    ];
    expect(buildTimeline(events).map((e) => e.label)).toEqual(['winter 2017–18', '2018', 'early 2018', 'summer 2018', 'Jun 2018', 'Jul 2018', 'late Jul 2018', 'week of 16 Jul 2018', '16 Jul 2018']);
  });

  it('never groups the same sentence at different precisions or modifiers into one entry', () => {
    const t = buildTimeline([at('2018-06', 'season', 'Talks began.', 'a'), at('2018-06', 'month', 'Talks began.', 'b'), at('2018-06', 'month', 'Talks began.', 'c', 'late')]);
    expect(t.map((e) => e.events.length)).toEqual([1, 1, 1]);
  });

  it.each([
    ['2018-06', 'season', '2018-08', undefined, true],
    ['2018-06', 'season', '2018-09', undefined, false],
    ['2018-12', 'season', undefined, '2018-12', true],
    ['2018-12', 'season', '2019-02-28', undefined, true],
    ['2018-07-30', 'week', '2018-08', undefined, true],
    ['2018-07-30', 'week', '2018-08-06', undefined, false],
    ['2018-07-30', 'week', undefined, '2018-07', true],
    ['2018-07-30', 'week', undefined, '2018-07-29', false],
  ] as const)('%s (%s) within [%s, %s] is %s', (date, precision, from, to, expected) => {
    expect(inRange({ date, precision }, from ? bound(from) : undefined, to ? bound(to) : undefined)).toBe(expected);
  });
});

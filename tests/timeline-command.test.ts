// /timeline as a function of data, on the real seed corpus: what a user sees for each option.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { command, DATE_MAX, data, PAGE_SIZE, SOURCE_MAX, TOPIC_MAX } from '../commands/timeline.ts';
import { makeExtractors } from '../src/app/extractors.ts';
import type { Answer, AnswerItem } from '../src/core/answer.ts';
import { buildCorpus, type Corpus } from '../src/core/corpus.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import { groupEvents } from '../src/core/events/grouping.ts';
import { queryTimeline, timelineJson } from '../src/core/timeline-answer.ts';
import { buildTimeline } from '../src/core/events/timeline-reference.ts';
import type { Article, DatedEvent } from '../src/core/types.ts';
import { encodeButton } from '../src/render/custom-id.ts';
import { commandRunner, openSeedCorpus } from './support/seed-corpus.ts';

let corpus: Corpus;
beforeAll(() => {
  corpus = openSeedCorpus();
});
const { ctx, run, allItems } = commandRunner(command, () => corpus);

const itemWith = (items: readonly AnswerItem[], words: string, iso?: string): AnswerItem | undefined => items.find((i) => i.excerpt.includes(words) && (iso === undefined || i.date?.iso === iso));
const marked = (i: AnswerItem): string[] => i.highlights.map(([s, e]) => i.excerpt.slice(s, e));

describe('/timeline dates', () => {
  it('shows "Last December" in the CGTN piece of July 2018 as Dec 2017, with the publication date in the citation', () => {
    const item = itemWith(allItems({}), 'Last December, Trump unveiled');
    expect(item?.date).toEqual({ iso: '2017-12', precision: 'month', label: 'Dec 2017' });
    expect(item?.citation.outlet).toBe('CGTN');
    expect(item?.citation.published).toBe('2018-07-19');
    expect(marked(item as AnswerItem)).toContain('Last December');
  });

  it('shows "last month" in the February 2025 article as Jan 2025, and January 20 as a day', () => {
    const items = allItems({ topic: 'Putin' });
    expect(itemWith(items, 'Putin said last month', '2025-01')?.date).toEqual({ iso: '2025-01', precision: 'month', label: 'Jan 2025' });
    const inauguration = itemWith(items, 'the day of his inauguration');
    expect(inauguration?.date).toEqual({ iso: '2025-01-20', precision: 'day', label: '20 Jan 2025' });
    expect(inauguration?.citation.published).toBe('2025-02-13');
  });

  it('lists events in chronological order, a year before the months and days inside it', () => {
    const items = allItems({});
    const isos = items.map((i) => i.date?.iso ?? '');
    expect(isos).toEqual([...isos].sort());
    expect(isos.indexOf('2016')).toBeLessThan(isos.indexOf('2016-11'));
    expect(isos.indexOf('2018')).toBeLessThan(isos.indexOf('2018-03'));
    expect(items.map((i) => i.date?.label)).toEqual(expect.arrayContaining(['2016', 'Nov 2016', 'Apr 2017', 'Dec 2017', 'Mar 2018', 'Jun 2018', 'Jul 2018', '20 Jan 2025']));
    // Every excerpt is the event's sentence as it stands in the article.
    for (const i of items) expect(corpus.article(i.citation.articleId).text.slice(i.citation.position.start, i.citation.position.end)).toBe(i.excerpt);
  });
});

describe('/timeline topic', () => {
  it('keeps the events whose sentence is about the topic, found through synonyms, and marks the words', () => {
    const items = allItems({ topic: 'expulsion of diplomats' });
    expect(items.map((i) => i.date?.label)).toEqual(['2016', 'Mar 2018']);
    const march = itemWith(items, 'In March 2018');
    expect(marked(march as AnswerItem)).toEqual(expect.arrayContaining(['March 2018', 'expel']));
  });

  it('says so when nothing matches, and when the topic has only common words', () => {
    const none = run({ topic: 'volcano' });
    expect(none.answered).toBe(false);
    expect(none.notice).toMatch(/No dated events about “volcano”/);
    expect(run({ topic: 'what is it' }).notice).toMatch(/only common words/);
  });

  it('with no topic, is the corpus timeline: every event of the corpus', () => {
    const answer = run({});
    expect(answer.title).toBe('Timeline of the corpus');
    expect(answer.paging?.total).toBe(corpus.events.length);
  });
});

describe('/timeline from and to', () => {
  it('keeps the range, reading "2018", "2017-12" and "March 2018" alike', () => {
    expect(allItems({ from: '2018' }).every((i) => (i.date?.iso ?? '') >= '2018')).toBe(true);
    const labels = allItems({ from: '2017-12', to: 'March 2018' }).map((i) => i.date?.label);
    // A coarser event overlapping the range is kept: 2017 contains December 2017.
    expect(labels).toEqual(['2017', 'Dec 2017', '2018', '2018', 'Mar 2018']);
  });

  it('names a bad value and the accepted forms', () => {
    const bad = run({ from: 'Marsh 2018' });
    expect(bad.error).toBe(true);
    expect(bad.notice).toContain('“Marsh 2018”');
    expect(bad.notice).toContain('March 2018');
    expect(bad.notice).toContain('2018-03');
    expect(run({ to: '2018-13' }).notice).toMatch(/^to: “2018-13” is not a date/);
  });

  it('refuses a start after the end', () => {
    const bad = run({ from: '2019', to: 'March 2018' });
    expect(bad.error).toBe(true);
    expect(bad.notice).toBe('The start of the range (from: 2019) is after its end (to: Mar 2018).');
  });
});

describe('/timeline source', () => {
  it('keeps one outlet, named in any case or by the start of its name', () => {
    const cgtn = allItems({ source: 'cgtn' });
    expect(cgtn.length).toBe(corpus.events.filter((e) => e.articleId.startsWith('2018-07-19')).length);
    expect(cgtn.every((i) => i.citation.outlet === 'CGTN')).toBe(true);
    expect(allItems({ source: 'Global' }).every((i) => i.citation.outlet === 'Global News')).toBe(true);
  });

  it('names the outlets when the source is unknown', () => {
    const bad = run({ source: 'Pravda' });
    expect(bad.error).toBe(true);
    expect(bad.notice).toContain('No outlet called “Pravda”');
    expect(bad.notice).toContain('CGTN');
  });

  it('respects the sources a server allows', () => {
    const items = allItems({}, { allowArticle: (id) => corpus.article(id).outlet !== 'CGTN' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((i) => i.citation.outlet === 'CGTN')).toBe(false);
  });

  it('autocompletes outlets, without those the server blocks', () => {
    const all = command.autocomplete?.({ name: 'source', value: '' }, {}, ctx()) ?? [];
    expect(all.map((c) => c.value)).toEqual(['CGTN', 'Global News']);
    const some = command.autocomplete?.({ name: 'source', value: 'glo' }, {}, ctx({ allowOutlet: (o) => o !== 'CGTN' })) ?? [];
    expect(some.map((c) => c.value)).toEqual(['Global News']);
  });
});

describe('/timeline paging', () => {
  it('shows five entries a page with the total, and the pages together hold every entry once', () => {
    const first = run({});
    expect(first.items).toHaveLength(PAGE_SIZE);
    // 19 since issue 18: "The following day, Trump backtracked" (July 2018) in the Global News seed.
    expect(first.notice).toBe('19 dated events, 2013 – 20 Jan 2025');
    expect(first.paging).toEqual({ page: 0, pageCount: 4, total: 19 });
    const ids = allItems({}).map((i) => `${i.citation.passageId}@${i.citation.position.start}:${i.date?.iso}`);
    expect(ids).toHaveLength(19);
    expect(new Set(ids).size).toBe(19);
  });

  it('follows the limit the CLI asks for, and clamps a page past the end to the last one', () => {
    expect(run({}, { limit: 7 }).items).toHaveLength(7);
    const past = run({}, { page: 99 });
    expect(past.paging?.page).toBe(3);
    expect(past.items).toHaveLength(4);
  });

  it('keeps every option within a paging button, at their longest', () => {
    const options = data.options.filter((o) => o.type === 3).map((o) => [o.name, o.max_length] as const);
    expect(Object.fromEntries(options)).toEqual({ topic: TOPIC_MAX, from: DATE_MAX, to: DATE_MAX, source: SOURCE_MAX });
    const args = Object.fromEntries(options.map(([name, max]) => [name, 'x'.repeat(max)]));
    expect(encodeButton({ action: 'page', command: 'timeline', page: 1295, args })).toBeDefined();
  });
});

describe('/timeline autocomplete', () => {
  it('offers topics of the corpus within the option length', () => {
    const choices = command.autocomplete?.({ name: 'topic', value: 'pu' }, {}, ctx()) ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.value.length).toBeLessThanOrEqual(TOPIC_MAX);
  });
});

describe('the same event reported by several articles', () => {
  const article = (id: string, outlet: string, published: string, text: string): Article => ({ id, title: id, outlet, published, authors: [], tags: [], source: `${id}.md`, text });
  const wire = 'In March 2018, Washington expelled 60 Russian diplomats and closed the consulate in Seattle, officials said.';
  const two = buildCorpus({
    articles: [
      article('a-first', 'Wire One', '2018-03-27', `Some background on the story comes first in this article. ${wire}`),
      article('b-second', 'Wire Two', '2018-03-28', `${wire} Moscow promised to respond in kind.`),
      article('c-other', 'Wire Two', '2018-04-02', 'In March 2018, the summit was postponed again by both sides.'),
    ],
    synonyms: buildSynonyms([]).table,
    extractors: makeExtractors(EMPTY_ALIASES),
    builtAt: 0,
  });

  it('is one item with the other report in alsoIn, and the notice says how many sources', () => {
    const answer = command.execute({ topic: 'diplomats' }, { ...ctx(), corpus: two }) as Answer;
    expect(answer.items).toHaveLength(1);
    const [item] = answer.items as [AnswerItem];
    expect(item.citation.outlet).toBe('Wire One');
    expect(item.alsoIn?.map((c) => c.outlet)).toEqual(['Wire Two']);
    expect(answer.notice).toContain('reported by 2 sources');
    const json = timelineJson(two, queryTimeline(two, { topic: 'diplomats' }) as Extract<ReturnType<typeof queryTimeline>, { ok: true }>);
    expect(json.events[0]?.alsoIn?.map((e) => e.articleId)).toEqual(['b-second']);
  });
});

describe('grouping', () => {
  it('groups a topic the way the whole corpus is grouped: each entry is part of one corpus entry, in corpus order', () => {
    const whole = queryTimeline(corpus, {});
    if (!whole.ok) throw new Error(whole.message);
    const entryOf = new Map(whole.entries.flatMap((e, k) => e.events.map((ev) => [ev, k] as const)));
    for (const topic of ['Putin', 'Trump', 'election', 'diplomats', 'Russia']) {
      const t = queryTimeline(corpus, { topic });
      if (!t.ok) throw new Error(t.message);
      expect(t.entries.length, topic).toBeGreaterThan(0);
      const ks = t.entries.map((e) => {
        const owners = new Set(e.events.map((ev) => entryOf.get(ev)));
        expect(owners.size, `${topic}: ${e.label}`).toBe(1);
        const k = [...owners][0] as number;
        // The same reports, in the same order, as the corpus entry keeps them.
        expect(e.events).toEqual((whole.entries[k] as (typeof whole.entries)[number]).events.filter((ev) => e.events.includes(ev)));
        return k;
      });
      expect(ks).toEqual([...ks].sort((a, b) => a - b));
    }
  });

  it('groups the seed corpus exactly as buildTimeline does', () => {
    const publishedOf = (id: string) => corpus.articleById.get(id)?.published;
    expect(groupEvents(corpus.events, publishedOf)).toEqual(buildTimeline(corpus.events, { publishedOf }));
  });

  it('groups any events exactly as buildTimeline does (random sentences over a small vocabulary)', () => {
    const vocabulary = ['russia', 'sanctions', 'the', 'moscow', 'summit', 'talks', 'in', 'march', 'diplomats', 'expelled', 'Putin', 'Trump', 'said'];
    const event = fc.record({
      date: fc.constantFrom('2018', '2018-03', '2018-03-05'),
      // issue 18: the same date string at a coarser precision or with a modifier is another entry
      season: fc.boolean(),
      modifier: fc.constantFrom(undefined, 'early', 'late'),
      words: fc.array(fc.constantFrom(...vocabulary), { minLength: 0, maxLength: 9 }),
      expression: fc.constantFrom('March 2018', 'last month', '2018'),
      article: fc.constantFrom('a', 'b', 'c', 'd'),
      start: fc.nat(500),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (raw) => {
        const events: DatedEvent[] = raw.map((r, i) => ({
          date: r.date,
          precision: r.date.length === 4 ? 'year' : r.date.length === 7 ? (r.season ? 'season' : 'month') : r.season ? 'week' : 'day',
          ...(r.modifier !== undefined && r.date.length < 10 && { modifier: r.modifier }),
          text: r.words.join(' '),
          expression: r.expression,
          start: r.start + i,
          end: r.start + i + 4,
          passageId: `${r.article}#1`,
          articleId: r.article,
        }));
        const publishedOf = (id: string) => (id === 'd' ? undefined : `2018-0${id.charCodeAt(0) - 96}-01`);
        expect(groupEvents(events, publishedOf)).toEqual(buildTimeline(events, { publishedOf }));
      }),
      { numRuns: 300 },
    );
  });
});

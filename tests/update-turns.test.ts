// Which update step ran in each turn of the event loop (`core/turn-log.ts`): the bench's `--turns`
// attributes pauses with it. An update run one generator step a turn names every turn by its step,
// and what the update carries from the old corpus (lookups by id, acronyms, timeline) runs in
// turns of its own rather than in one last turn with the end of the lookups.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUpdateExtractors } from '../src/app/extractors.ts';
import { runInSlices } from '../src/app/slices.ts';
import { applyChanges, applyChangesInSteps } from '../src/core/corpus-update.ts';
import { dateKey } from '../src/core/events/calendar.ts';
import { extractEvents, extractEventsInSteps } from '../src/core/events/extract.ts';
import { extractQuotes, extractQuotesInSteps } from '../src/core/quotes/extract.ts';
import { regroupEventIndexes, regroupEventIndexesInSteps } from '../src/core/events/grouping.ts';
import { splitPassages } from '../src/core/passages.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { recordLongTurns } from '../src/core/turn-log.ts';
import type { Article, DatedEvent } from '../src/core/types.ts';
import type { SynonymTable } from '../src/core/search/synonyms.ts';
import { BUILT_AT, freshCorpus, updateSources, warmed } from './support/update-steps.ts';
import { countSteps } from './support/steps.ts';

let articles: Article[];
let synonyms: SynonymTable;

beforeAll(async () => {
  const sources = await updateSources();
  articles = sources.russia.filter((_, i) => i % 40 === 7).slice(0, 40);
  synonyms = sources.synonyms;
}, 180_000);

describe('the turn log of an update', () => {
  it('names each turn by its update step, and carries the warm-up in turns of its own', async () => {
    const opts = { extractors: makeUpdateExtractors(EMPTY_ALIASES), builtAt: BUILT_AT, clock: () => performance.now() };
    // Prepared by a first update (a corpus built with extractors injected has no update state): the turns below are an arrival's.
    const base = warmed(applyChanges(freshCorpus(articles.slice(0, -2), synonyms), [{ kind: 'upsert', article: articles[articles.length - 2] as Article }], opts).corpus);
    const arriving = articles[articles.length - 1] as Article;
    const log = recordLongTurns(0);
    const updated = await runInSlices(applyChangesInSteps(base, [{ kind: 'upsert', article: arriving }], opts), 0, 'end');
    log.stop();
    const steps = log.turns.map((t) => t.step);
    // In the order the update runs them, every turn named.
    const order = ['passages', 'search', 'events', 'aliases', 'quotes', 'topics', 'lookups', 'carry', 'end'];
    expect(steps.filter((s) => !order.includes(s))).toEqual([]);
    expect(steps.map((s) => order.indexOf(s))).toEqual([...steps.map((s) => order.indexOf(s))].sort((a, b) => a - b));
    // The lookups by id (and the new corpus), the acronyms, the timeline: one turn each at least.
    expect(steps.filter((s) => s === 'carry').length).toBeGreaterThanOrEqual(2);
    // The turns change nothing of the result: it answers with the arrival, as the update at once does.
    const atOnce = freshCorpus(articles, synonyms);
    expect(updated.corpus.articles.map((a) => a.id)).toEqual(atOnce.articles.map((a) => a.id));
    expect(updated.corpus.passages.map((p) => p.id)).toEqual(atOnce.passages.map((p) => p.id));
    expect(updated.corpus.quotes.length).toBe(atOnce.quotes.length);
  });
});

describe('regrouping the events of an arrival', () => {
  it('places the new events of each date they fall on in a step of its own, as a grouping at once does', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const eventsOf = extractors.events as (a: Article, p: ReturnType<typeof splitPassages>) => DatedEvent[];
    const base = freshCorpus(articles.slice(0, -1), synonyms);
    // The arrival among the others whose events fall on the most dates already in the corpus.
    const known = new Set(base.events.map(dateKey));
    const candidates = articles.slice(0, -1).map((a) => ({ a, events: eventsOf({ ...a, id: `${a.id}-again` }, splitPassages({ ...a, id: `${a.id}-again` })) }));
    const dates = (evs: readonly DatedEvent[]): number => new Set(evs.map(dateKey).filter((k) => known.has(k))).size;
    const best = candidates.reduce((x, y) => (dates(y.events) > dates(x.events) ? y : x));
    expect(dates(best.events)).toBeGreaterThanOrEqual(3);
    const events = [...base.events, ...best.events];
    const published = new Map([...base.articles.map((a) => [a.id, a.published] as const), [`${best.a.id}-again`, best.a.published]]);
    const old = { events: base.events, groups: base.data.eventGroups };
    const identity = Int32Array.from(base.events, (_, i) => i);
    const { yields, value } = countSteps(regroupEventIndexesInSteps(old, events, identity, base.events.length, (id) => published.get(id)));
    // One step per date at least (the corpus is small: its passes over every event take one step each).
    expect(yields).toBeGreaterThanOrEqual(dates(best.events));
    expect(value).toEqual(regroupEventIndexes(old, events, identity, base.events.length, (id) => published.get(id)));
  });
});

describe('placing the events of one busy date', () => {
  it('takes steps within the date, and groups them as at once', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const eventsOf = extractors.events as (a: Article, p: ReturnType<typeof splitPassages>) => DatedEvent[];
    const base = freshCorpus(articles.slice(0, 10), synonyms);
    const model = articles[10] as Article;
    const text = Array.from({ length: 120 }, (_, k) => `On 3 March 2019, delegation ${k} of the ministry met envoys in city ${k} to discuss grain shipment ${k}.`).join('\n\n');
    const busy: Article = { ...model, id: 'busy-date', title: 'Meetings of one day', text };
    const added = eventsOf(busy, splitPassages(busy));
    const dates = new Set(added.map(dateKey));
    expect(dates.size).toBe(1);
    expect(added.length).toBeGreaterThanOrEqual(64);
    const events = [...base.events, ...added];
    const published = new Map([...base.articles.map((a) => [a.id, a.published] as const), [busy.id, busy.published]]);
    const old = { events: base.events, groups: base.data.eventGroups };
    const identity = Int32Array.from(base.events, (_, i) => i);
    const { yields, value } = countSteps(regroupEventIndexesInSteps(old, events, identity, base.events.length, (id) => published.get(id)));
    // A step for every 16 events placed (the passes over every event and group: one step each here).
    expect(yields).toBeGreaterThanOrEqual(Math.floor(added.length / 16));
    expect(value).toEqual(regroupEventIndexes(old, events, identity, base.events.length, (id) => published.get(id)));
  });
});

describe('the events of one long article', () => {
  it('are found a few sentences a step (an arrival is extracted between queries), as at once', () => {
    const longest = articles.reduce((x, y) => (y.text.length > x.text.length ? y : x));
    const passages = splitPassages(longest);
    const sentences = longest.text.split(/[.!?]\s/).length;
    expect(sentences).toBeGreaterThan(40);
    const { yields, value } = countSteps(extractEventsInSteps(longest, passages));
    expect(yields).toBeGreaterThanOrEqual(Math.floor(sentences / 2));
    expect(value).toEqual(extractEvents(longest, passages));
    expect(value.length).toBeGreaterThan(0);
  });
});

describe('the quotes of one long transcript', () => {
  it('are found a paragraph a step, as at once', () => {
    const quoted = (a: Article): number => extractQuotes(a, splitPassages(a), EMPTY_ALIASES).length;
    const longest = articles.filter((a) => quoted(a) > 0).reduce((x, y) => (y.text.length > x.text.length ? y : x));
    const passages = splitPassages(longest);
    const paragraphs = longest.text.split(/\n\s*\n/).length;
    expect(paragraphs).toBeGreaterThan(10);
    const { yields, value } = countSteps(extractQuotesInSteps(longest, passages, EMPTY_ALIASES));
    expect(yields).toBeGreaterThanOrEqual(paragraphs - 1);
    expect(value).toEqual(extractQuotes(longest, passages, EMPTY_ALIASES));
    expect(value.length).toBeGreaterThan(0);
  });
});

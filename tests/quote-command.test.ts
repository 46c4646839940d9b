// /quote as a function of data, on the real seed corpus: what a user sees for each option.
import { beforeAll, describe, expect, it } from 'vitest';
import { command, data, DATE_MAX, PAGE_SIZE, SPEAKER_MAX, TOPIC_MAX } from '../commands/quote.ts';
import type { AnswerItem } from '../src/core/answer.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { findQuotes, quoteJson, resolveSpeaker, speakerChoiceValue, speakersJson } from '../src/core/quote-answer.ts';
import { encodeButton } from '../src/render/custom-id.ts';
import { commandRunner, openSeedCorpus } from './support/seed-corpus.ts';

let corpus: Corpus;
beforeAll(() => {
  corpus = openSeedCorpus();
});
const { ctx, run, allItems } = commandRunner(command, () => corpus);

/** The quoted words of an item, from its citation's range in the article. */
const quoted = (i: AnswerItem): string => corpus.article(i.citation.articleId).text.slice(i.citation.position.start, i.citation.position.end);

describe('/quote by a speaker', () => {
  it('finds Putin’s words verbatim, attributed to Vladimir Putin, newest first', () => {
    const answer = run({ speaker: 'Putin' });
    expect(answer.title).toBe('Quotes by Vladimir Putin');
    const items = allItems({ speaker: 'Putin' });
    expect(items.map(quoted)).toEqual(expect.arrayContaining(['pragmatic and trusting', 'utter nonsense']));
    for (const i of items) {
      expect(i.speaker).toBe('Vladimir Putin');
      expect(i.excerpt).toContain(quoted(i));
    }
    const pragmatic = items.find((i) => quoted(i) === 'pragmatic and trusting') as AnswerItem;
    expect(pragmatic.cue).toBe('Putin said');
    expect(pragmatic.excerpt).toBe(
      'Putin said last month he had always had “pragmatic and trusting” relations with Trump, and voiced support for the latter’s false claim that he, not Joe Biden, was the real winner of the 2020 U.S. presidential election.',
    );
    // Without a topic, the quote itself is what is marked in its sentence.
    expect(pragmatic.highlights.map(([s, e]) => pragmatic.excerpt.slice(s, e))).toEqual(['pragmatic and trusting']);
    const published = items.map((i) => i.citation.published);
    expect(published).toEqual([...published].sort().reverse());
    expect(published[0]).toBe('2025-02-13');
  });

  it('reads any alias of the speaker, and oldest first when asked', () => {
    expect(run({ speaker: 'the Kremlin leader' }).title).toBe('Quotes by Vladimir Putin');
    expect(run({ speaker: 'vladimir putin' }).paging?.total).toBe(run({ speaker: 'Putin' }).paging?.total);
    const oldest = allItems({ speaker: 'Putin', order: 'oldest' }).map((i) => i.citation.published);
    expect(oldest[0]).toBe('2018-07-19');
    expect(run({ speaker: 'Putin', order: 'oldest' }).notice).toContain('oldest first');
  });

  it('narrows by topic and by publication dates', () => {
    const trump = allItems({ speaker: 'Putin', topic: 'Trump' });
    expect(trump.map(quoted)).toEqual(expect.arrayContaining(['pragmatic and trusting', 'utter nonsense']));
    expect(trump.every((i) => /Trump/.test(i.excerpt))).toBe(true);
    expect(trump.some((i) => i.highlights.some(([s, e]) => i.excerpt.slice(s, e).startsWith('Trump')))).toBe(true);
    expect(allItems({ speaker: 'Putin', to: '2018' }).every((i) => i.citation.published.startsWith('2018'))).toBe(true);
    expect(allItems({ speaker: 'Putin', from: 'Feb 2025' }).map(quoted)).toContain('utter nonsense');
    const none = run({ speaker: 'Putin', from: '2026' });
    expect(none.answered).toBe(false);
    expect(none.notice).toBe('No quotes by Vladimir Putin from 2026 in the corpus.');
  });

  it('suggests the closest speakers for an unknown one', () => {
    const answer = run({ speaker: 'Putn' });
    expect(answer.answered).toBe(false);
    expect(answer.notice).toBe('No quotes by Putn. Did you mean: Vladimir Putin?');
    expect(run({ speaker: 'Donald Trum' }).notice).toMatch(/^No quotes by Donald Trum\. Did you mean: Donald Trump/);
    expect(run({ speaker: 'Zelensky' }).notice).toMatch(/^No quotes by Zelensky, and no speaker with a similar name/);
  });
});

describe('/quote by anyone', () => {
  it('ranks the quotes about a topic, with their speakers and cues', () => {
    const items = allItems({ topic: 'Russia hoax' });
    expect(items[0]?.speaker).toBe('Donald Trump');
    expect(items[0]?.cue).toBe('Trump declared');
    expect(quoted(items[0] as AnswerItem)).toBe('After three years of lies and smears and slander, the Russia hoax is finally dead.');
    const trump = run({ topic: 'Trump' });
    expect(trump.notice).toContain('best match first');
    // McCain's sentence (“no previous U.S. president …”) never names Trump: a passage match alone is not enough.
    expect(new Set(allItems({ topic: 'Trump' }).map((i) => i.speaker))).toEqual(new Set(['Vladimir Putin', 'Donald Trump', 'Donald Trump’s lawyers']));
  });

  it('asks for a speaker or a topic when given neither, and refuses bad dates and orders', () => {
    expect(run({}).error).toBe(true);
    expect(run({}).notice).toMatch(/speaker.*or a topic/);
    const bad = run({ speaker: 'Putin', from: 'yesterday' });
    expect(bad.error).toBe(true);
    expect(bad.notice).toContain('“yesterday”');
    expect(bad.notice).toContain('March 2018');
    expect(run({ speaker: 'Putin', from: '2025', to: '2018' }).notice).toBe('The start of the range (from: 2025) is after its end (to: 2018).');
    expect(run({ speaker: 'Putin', order: 'sideways' }).notice).toContain('newest or oldest');
  });

  it('respects the sources a server allows', () => {
    const items = allItems({ speaker: 'Putin' }, { allowArticle: (id) => corpus.article(id).outlet === 'CGTN' });
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.citation.outlet === 'CGTN')).toBe(true);
  });
});

describe('/quote paging and options', () => {
  it('pages five at a time with the total, every quote once', () => {
    const first = run({ topic: 'Trump' });
    expect(first.items).toHaveLength(PAGE_SIZE);
    const all = allItems({ topic: 'Trump' });
    expect(all).toHaveLength(first.paging?.total ?? -1);
    expect(new Set(all.map((i) => `${i.citation.passageId}:${i.citation.position.start}`)).size).toBe(all.length);
  });

  it('keeps every option within a paging button, at their longest', () => {
    const lengths = Object.fromEntries(data.options.filter((o) => o.type === 3 && 'max_length' in o).map((o) => [o.name, (o as { max_length: number }).max_length]));
    expect(lengths).toEqual({ topic: TOPIC_MAX, speaker: SPEAKER_MAX, from: DATE_MAX, to: DATE_MAX });
    const args = { ...Object.fromEntries(Object.entries(lengths).map(([k, n]) => [k, 'x'.repeat(n)])), order: 'oldest' };
    expect(encodeButton({ action: 'page', command: 'quote', page: 1295, args })).toBeDefined();
  });
});

describe('/quote autocomplete', () => {
  it('offers speakers matching what was typed, most quoted first, within Discord’s limits', () => {
    const choices = command.autocomplete?.({ name: 'speaker', value: 'pu' }, {}, ctx()) ?? [];
    expect(choices.map((c) => c.value)).toEqual(['Vladimir Putin']);
    expect(choices[0]?.name).toBe('Vladimir Putin (5 quotes)');
    const all = command.autocomplete?.({ name: 'speaker', value: '' }, {}, ctx()) ?? [];
    expect(all.map((c) => c.value)).toEqual(['Donald Trump', 'Vladimir Putin', 'Donald Trump’s lawyers', 'John McCain']);
    for (const c of all) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(SPEAKER_MAX);
      expect(resolveSpeaker(corpus, c.value)?.name).toBe(c.name.replace(/ \(\d+ quotes?\)$/, ''));
    }
  });

  it('sends a long name as a short alias or its start, which reads back as the same speaker', () => {
    const long = { id: 'x', name: 'Senior Administration Official Number One', kind: 'group' as const, aliases: [], count: 1 };
    expect(speakerChoiceValue(corpus, long, SPEAKER_MAX)).toBeUndefined();
    const putin = corpus.speakers.resolve('Putin');
    expect(putin && speakerChoiceValue(corpus, putin, 6)).toBe('Putin');
  });

  it('offers topics within the option length', () => {
    const choices = command.autocomplete?.({ name: 'topic', value: 'tr' }, {}, ctx()) ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.value.length).toBeLessThanOrEqual(TOPIC_MAX);
  });
});

describe('JSON for the CLI', () => {
  it('lists every matching quote with its speaker, cue and citation', () => {
    const result = findQuotes(corpus, { speaker: 'Putin' });
    if (result.kind !== 'ok') throw new Error(result.kind);
    const json = quoteJson(corpus, result);
    expect(json.speaker).toBe('Vladimir Putin');
    expect(json.quotes).toHaveLength(5);
    expect(json.quotes.map((q) => q.text)).toContain('utter nonsense');
    expect(Object.keys(json.quotes[0] ?? {})).toEqual(expect.arrayContaining(['speaker', 'text', 'cue', 'passageId', 'articleId', 'title', 'outlet', 'published', 'url']));
    const speakers = speakersJson(corpus);
    expect(speakers.speakers.find((s) => s.name === 'Vladimir Putin')).toMatchObject({ count: 5, aliases: expect.arrayContaining(['Putin', 'the Kremlin leader']) });
  });
});

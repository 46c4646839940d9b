import { describe, expect, it } from 'vitest';
import { capitalTwinsInSteps, extractTopics, prepareTopicsInSteps, suggestTopics, topicsFromCounts, topicsFromCountsInSteps, updateTopicsInSteps } from '../src/core/topics.ts';
import { runAll } from '../src/core/steps.ts';
import type { Article } from '../src/core/types.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS } from './support/paths.ts';
import { countSteps } from './support/steps.ts';

/** `n` candidates with many ties, so the tie-break by name decides most places; names distinct and lower case. */
function randomCounts(n: number): Map<string, number> {
  let seed = 7;
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const counts = new Map<string, number>();
  while (counts.size < n) counts.set(`w${Math.floor(next() * 1e9).toString(36)}`, 1 + Math.floor(next() ** 3 * 400));
  return counts;
}

const article = (id: string, text: string): Article => ({ id, title: 'T', outlet: 'O', published: '2020-01-01', authors: [], tags: [], source: id, text });

describe('topics for autocomplete', () => {
  it('suggest what the seed corpus covers, matching any word of a topic', async () => {
    const { articles } = await loadArticles([CORPUS], { log: silentLogger() });
    const topics = extractTopics(articles);
    const names = (typed: string) => suggestTopics(topics, typed, 25).map((t) => t.name);
    expect(names('stee')).toContain('Steele');
    expect(names('hel')).toContain('Helsinki');
    expect(names('sanc')).toContain('sanctions');
    expect(names('put')).toContain('Vladimir Putin');
    expect(names('')).toHaveLength(25);
  });

  it('leave out filler, labels and sentence-initial capitals, and merge case variants', () => {
    const topics = extractTopics([
      article('a', 'Q Thanks so much. And I think sanctions matter.\n\nMS. PSAKI: Sanctions are going to work. I’m saying the Kremlin knows.'),
      article('b', 'Sanctions: the Kremlin responded, saying sanctions first.'),
    ]);
    const names = topics.map((t) => t.name);
    for (const filler of ['Thanks', 'And I', 'I’m', 'saying', 'going', 'think', 'first', 'Q', 'PSAKI', 'Sanctions']) expect(names).not.toContain(filler);
    expect(topics.find((t) => t.name === 'sanctions')?.count).toBe(2);
    expect(names).toContain('Kremlin');
  });

  it('rank 60,000 candidates as one plain sort would, in steps a corpus update runs between queries', () => {
    const counts = randomCounts(60_000);
    const collator = new Intl.Collator();
    const expected = [...counts]
      .filter(([, n]) => n >= 2)
      .sort((x, y) => y[1] - x[1] || collator.compare(x[0], y[0]))
      .slice(0, 20_000)
      .map(([name, count]) => ({ name, count }));
    expect(topicsFromCounts(counts, 5_000)).toEqual(expected);
    const steps = topicsFromCountsInSteps(counts, 5_000);
    let turns = 0;
    while (steps.next().done !== true) turns++;
    expect(turns).toBeGreaterThan(20);
  });

  it('re-rank the 30,000 candidates a batch of arrivals touched as a full ranking would, in steps', () => {
    const counts = randomCounts(60_000);
    const previous = topicsFromCounts(counts, 5_000);
    const changed: string[] = [];
    let k = 0;
    for (const [name, n] of counts)
      if (k++ % 2 === 0) {
        counts.set(name, n + 1 + (k % 3));
        changed.push(name);
      }
    for (let i = 0; i < 1_000; i++) {
      counts.set(`new${i}`, 2 + (i % 50));
      changed.push(`new${i}`);
    }
    const capitals = runAll(capitalTwinsInSteps(counts));
    const { yields: turns, value } = countSteps(updateTopicsInSteps(previous, counts, capitals, changed, { now: 5_020, before: 5_000 }));
    expect(value).toEqual(topicsFromCounts(counts, 5_020));
    expect(turns).toBeGreaterThan(10);
  });

  it('make the autocomplete lookup of 20,000 topics in steps (an update warms its corpus between queries), suggesting as before', () => {
    const topics = topicsFromCounts(randomCounts(60_000), 5_000);
    const copy = topics.slice();
    const { yields: turns } = countSteps(prepareTopicsInSteps(topics));
    expect(turns).toBeGreaterThan(5);
    for (const typed of ['w1', 'wa', 'wzz', '']) expect(suggestTopics(topics, typed)).toEqual(suggestTopics(copy, typed));
  });
});

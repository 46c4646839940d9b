// A sort that an update runs between queries (`sortInSteps`): the order `Array.prototype.sort`
// gives, ties included (both are stable), in many steps; and the speaker index built with it.
import { describe, expect, it } from 'vitest';
import { buildSpeakersInSteps } from '../src/core/quotes/speakers.ts';
import { sortInSteps } from '../src/core/sorted.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';
import { countSteps } from './support/steps.ts';

describe('sorting in steps', () => {
  it('gives the order of a plain sort, equal items in their first order, in steps of about a thousand', () => {
    let seed = 11;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    // Many ties on the key: only stability decides their order.
    const items = Array.from({ length: 50_000 }, (_, i) => ({ key: Math.floor(next() * 300), at: i }));
    const byKey = (a: { key: number }, b: { key: number }): number => a.key - b.key;
    const { yields: turns, value } = countSteps(sortInSteps(items, byKey));
    expect(value).toEqual(items.slice().sort(byKey));
    expect(turns).toBeGreaterThan(40);
  });

  it('builds the speaker index in steps, speakers ranked by quotes then name as a plain sort ranks them', () => {
    const corpus = openSeedCorpus();
    const { yields: turns, value } = countSteps(buildSpeakersInSteps(corpus.quotes, corpus.aliasTable));
    const ranked = value.speakers.slice().sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    expect(value.speakers.map((s) => s.id)).toEqual(ranked.map((s) => s.id));
    expect(value.speakers.length).toBeGreaterThan(2);
    expect(turns).toBeGreaterThan(2);
    expect(value.suggest('pu').map((s) => s.name)).toEqual(corpus.speakers.suggest('pu').map((s) => s.name));
  });
});

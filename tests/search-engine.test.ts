// The search engine, specified on corpora of a few passages (as minisearch's own tests do): what
// ranks first and why, fields and their boosts, synonyms, stemming, stop words, the fuzzy retry,
// filters and limits. `search-equivalence.test.ts` checks the same engine against minisearch on
// the whole archive; this file says what it does in small.
import { describe, expect, it } from 'vitest';
import { PassageSearch, type SearchOptions } from '../src/core/search/engine.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import type { Passage } from '../src/core/types.ts';

interface Doc {
  readonly text: string;
  readonly title?: string;
  readonly speaker?: string;
}

/** An engine over `docs`, one passage (and one article) each: passage i is `docs[i]`. */
function engine(docs: readonly Doc[], synonyms: readonly unknown[] = []): PassageSearch {
  const passages: Passage[] = docs.map((d, i) => ({
    id: `a${i}#1`,
    articleId: `a${i}`,
    n: 1,
    text: d.text,
    start: 0,
    end: d.text.length,
    ...(d.speaker !== undefined && { speaker: d.speaker }),
  }));
  const titles = new Map(docs.map((d, i) => [`a${i}`, d.title ?? '']));
  return PassageSearch.build(passages, (id) => titles.get(id) ?? '', buildSynonyms(synonyms).table);
}

/** The passages found, best first. */
const found = (e: PassageSearch, query: string, opts?: SearchOptions): number[] => e.search(query, opts).hits.map((h) => h.idx);

const NEWS: readonly Doc[] = [
  { text: 'Sanctions on Russia: the sanctions hit banks, and more sanctions are coming.' },
  { text: 'The summit in Helsinki discussed sanctions, trade, weather and a long list of other topics.' },
  { text: 'Diplomats were expelled from the embassy in Washington.' },
];

describe('ranking (BM25+)', () => {
  it('ranks a passage that repeats the term above one that mentions it once, and leaves out passages without it', () => {
    expect(found(engine(NEWS), 'sanctions')).toEqual([0, 1]);
  });

  it('ranks a passage matching more of the query first (the quality factor), and reports its coverage', () => {
    const e = engine(NEWS);
    const { hits } = e.search('Helsinki sanctions');
    expect(hits.map((h) => h.idx)).toEqual([1, 0]);
    expect(hits.map((h) => h.coverage)).toEqual([1, 0.5]);
    expect([...(hits[1]?.terms ?? [])]).toEqual(['sanction']);
  });

  it('weighs a rare term above a common one', () => {
    // "embassy" is in one passage, "sanctions" in two: the embassy passage wins a one-each tie.
    const e = engine([{ text: 'sanctions and the embassy' }, { text: 'sanctions and the summit' }, { text: 'sanctions and the trade' }]);
    expect(found(e, 'sanctions embassy')[0]).toBe(0);
    expect(e.search('embassy').hits[0]?.score).toBeGreaterThan(e.search('sanctions').hits[0]?.score ?? Infinity);
  });
});

describe('fields', () => {
  it('finds a term in the article title, boosted less than the same term in the text', () => {
    const e = engine([
      { text: 'Talks went on late into the night.', title: 'Sanctions talks' },
      { text: 'Sanctions talks went on late into the night.', title: 'Late news' },
      { text: 'Nothing to see here at all tonight.', title: 'Other' },
    ]);
    const { hits } = e.search('sanctions');
    expect(hits.map((h) => h.idx)).toEqual([1, 0]);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Infinity);
  });

  it('finds a transcript passage by its speaker', () => {
    const e = engine([{ text: 'We will respond.', speaker: 'MS. PSAKI' }, { text: 'We will respond.' }, { text: 'Psaki said nothing.' }]);
    expect(found(e, 'Psaki').sort()).toEqual([0, 2]);
  });
});

describe('terms', () => {
  it('matches other forms of a word (stemming)', () => {
    expect(found(engine(NEWS), 'sanctioned')).toEqual([0, 1]);
    expect(found(engine(NEWS), 'expelling diplomat')).toEqual([2]);
  });

  it('ignores stop words, and a query of stop words only has no terms and no hits', () => {
    const e = engine(NEWS);
    expect(e.queryGroups('what about the sanctions?')).toEqual([['sanction']]);
    expect(e.search('what did they say about it?')).toEqual({ groups: [], hits: [] });
  });

  it('expands a term to its synonyms, phrases included, all counting as the one query term', () => {
    const e = engine(NEWS, [['Washington', 'United States', 'USA']]);
    const { groups, hits } = e.search('United States diplomats');
    expect(groups).toEqual([['unit state', 'usa', 'washington'], ['diplomat']]);
    expect(hits.map((h) => [h.idx, h.coverage])).toEqual([[2, 1]]);
  });

  it('an empty query finds nothing', () => {
    expect(engine(NEWS).search('')).toEqual({ groups: [], hits: [] });
    expect(engine(NEWS).search('   ')).toEqual({ groups: [], hits: [] });
  });
});

describe('fuzzy retry', () => {
  it('finds nothing for a typo, and the corrected term with `fuzzy`, scored below an exact match', () => {
    const e = engine(NEWS);
    expect(found(e, 'sanctoins')).toEqual([]);
    const { hits } = e.search('sanctoins', { fuzzy: true });
    expect(hits.map((h) => h.idx)).toEqual([0, 1]);
    expect(hits[0]?.terms).toContain('sanction');
    expect(hits[0]?.score).toBeLessThan(e.search('sanctions').hits[0]?.score ?? 0);
  });

  it('does not correct short terms', () => {
    expect(found(engine([{ text: 'The NATO summit' }, { text: 'x' }, { text: 'y' }]), 'nado', { fuzzy: true })).toEqual([]);
  });
});

describe('filter and limit', () => {
  it('keeps only the passages the filter accepts', () => {
    expect(found(engine(NEWS), 'sanctions', { filter: (i) => i !== 0 })).toEqual([1]);
  });

  it('returns the best `limit` passages', () => {
    const e = engine(NEWS);
    expect(found(e, 'sanctions', { limit: 1 })).toEqual([0]);
    expect(found(e, 'sanctions', { limit: 0 })).toEqual([]);
  });

  it('a filter that throws leaves the engine as it was: the next search scores from zero', () => {
    const e = engine(NEWS);
    expect(() =>
      e.search('sanctions', {
        filter: () => {
          throw new Error('a filter failed');
        },
      }),
    ).toThrow('a filter failed');
    expect(e.search('sanctions Helsinki')).toEqual(engine(NEWS).search('sanctions Helsinki'));
  });
});

describe('hostile queries', () => {
  it('a 70,000-character word finds nothing, fuzzy or not, and does not throw', () => {
    const e = engine(NEWS);
    const word = 'a'.repeat(70_000);
    expect(e.search(word).hits).toEqual([]);
    expect(e.search(word, { fuzzy: true }).hits).toEqual([]);
    expect(e.search(`sanctions ${'b'.repeat(70_000)}`, { fuzzy: true }).hits.map((h) => h.idx)).toEqual([0, 1]);
  });
});

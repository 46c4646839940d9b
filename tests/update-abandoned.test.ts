// An update abandoned halfway (an error in a later step, a reload stopped) leaves the corpus it
// started from as it was: its answers, and what its next update starts from (the topic counts,
// the sentence ids), so that a later update from it equals a fresh build.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUpdateExtractors } from '../src/app/extractors.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { applyChanges, applyChangesInSteps, type CorpusChange, saveUpdateState } from '../src/core/corpus-update.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import type { SynonymTable } from '../src/core/search/synonyms.ts';
import { queryTimeline } from '../src/core/timeline-answer.ts';
import type { Article } from '../src/core/types.ts';
import { BUILT_AT, freshCorpus, warmed, updateSources } from './support/update-steps.ts';

let pool: Article[];
let synonyms: SynonymTable;

const fresh = (articles: readonly Article[]): Corpus => freshCorpus(articles, synonyms);
const warm = warmed;

beforeAll(async () => {
  const sources = await updateSources();
  const { russia } = sources;
  pool = russia.filter((_, i) => i % 70 === 3).slice(0, 16);
  synonyms = sources.synonyms;
}, 180_000);

describe('an abandoned update', () => {
  it('leaves the old corpus and its next update as they were, wherever it stops', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const opts = { extractors, builtAt: BUILT_AT };
    const [a, b, c] = pool;
    if (!a || !b || !c) throw new Error('too few articles');
    // A corpus made by an update (what the live bot holds): it keeps the update state an update made.
    const start = pool.slice(5);
    const old = warm(applyChanges(warm(fresh(start)), [{ kind: 'upsert', article: a }], opts).corpus);
    const changes: CorpusChange[] = [
      { kind: 'remove', id: (start[0] as Article).id },
      { kind: 'upsert', article: b },
      { kind: 'upsert', article: { ...c, text: `${c.text}\n\nSanctions on Russia were announced on 3 March 2019.` } },
    ];
    const queries = ['sanctions on russia', 'Putin', 'energy prices'];
    const answers = (corpus: Corpus): unknown => ({
      topics: corpus.topics,
      hits: queries.map((q) => corpus.search.search(q, { limit: 10, fuzzy: true })),
      timeline: queryTimeline(corpus, {}),
    });
    const captured = answers(old);
    const savedCounts = (corpus: Corpus): unknown => {
      const s = saveUpdateState(corpus, extractors);
      return s && new Map(s.topicNames.map((n, i) => [n, s.topicCounts[i]]));
    };
    const counts = savedCounts(old);
    expect(counts).toBeDefined();

    let stoppedAt = 0;
    for (let k = 1; ; k++) {
      const steps = applyChangesInSteps(old, changes, opts);
      let done = false;
      for (let i = 0; i < k && !done; i++) done = steps.next().done === true;
      if (done) break;
      steps.return(undefined as never);
      stoppedAt = k;
      expect(answers(old)).toEqual(captured);
      // What the next update starts from: unchanged, or dropped (made again), never half-changed.
      const now = savedCounts(old);
      if (now !== undefined) expect(now).toEqual(counts);
    }
    expect(stoppedAt).toBeGreaterThan(5);
  }, 240_000);

  it('leaves what the next update starts from as it was: stopped before its end, then run again, it equals a fresh build', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const opts = { extractors, builtAt: BUILT_AT };
    const [a, b, c] = pool;
    if (!a || !b || !c) throw new Error('too few articles');
    // A corpus made by an update (what the live bot holds): it keeps the update state an update made.
    const start = pool.slice(5);
    const changes: CorpusChange[] = [
      { kind: 'remove', id: (start[0] as Article).id },
      { kind: 'upsert', article: b },
      { kind: 'upsert', article: { ...c, text: `${c.text}\n\nSanctions on Russia were announced on 3 March 2019.` } },
    ];
    const after = [...start.slice(1), a, b, { ...c, text: `${c.text}\n\nSanctions on Russia were announced on 3 March 2019.` }];
    const queries = ['sanctions on russia', 'Putin', 'energy prices'];
    // An update stopped just before its end (every pass over the corpus made), then the same
    // update run to its end from the same corpus: a fresh build's corpus.
    const made = (): Corpus => warm(applyChanges(warm(fresh(start)), [{ kind: 'upsert', article: a }], opts).corpus);
    // The laps of a whole run: the one before the last ends the lookups' pass (the last of them).
    let laps = 0;
    applyChanges(made(), changes, { ...opts, clock: () => laps++ });
    const twin = made();
    let lap = 0;
    const failing = (): number => {
      if (++lap === laps - 1) throw new Error('abandoned');
      return 0;
    };
    expect(() => applyChanges(twin, changes, { ...opts, clock: failing })).toThrow('abandoned');
    const updated = warm(applyChanges(twin, changes, opts).corpus);
    const expected = warm(fresh(after));
    expect(updated.topics).toEqual(expected.topics);
    expect(updated.data.sentenceVocabulary).toEqual(expected.data.sentenceVocabulary);
    expect([...updated.data.sentenceTerms.items]).toEqual([...expected.data.sentenceTerms.items]);
    expect([...updated.data.sentenceOfEvent]).toEqual([...expected.data.sentenceOfEvent]);
    expect([...updated.data.sentenceOfQuote]).toEqual([...expected.data.sentenceOfQuote]);
    for (const q of queries) expect(updated.search.search(q, { limit: 10, fuzzy: true })).toEqual(expected.search.search(q, { limit: 10, fuzzy: true }));
  }, 240_000);
});

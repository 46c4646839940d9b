// Incremental corpus updates (`applyChanges`) against a fresh build of the same articles in the
// same order: the same passages, events, quotes, topics and lookups, and the same /ask, /timeline
// and /quote answers, after random sequences of adds, changes and removals of real articles (a
// few dozen from whitehouse-russia and Wikinews, small enough for CI).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { command as askCommand } from '../commands/ask.ts';
import { command as quoteCommand } from '../commands/quote.ts';
import { command as timelineCommand } from '../commands/timeline.ts';
import { makeUpdateExtractors } from '../src/app/extractors.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { applyChanges, type CorpusChange, hasUpdateState, prepareNextUpdateInSteps, restoreUpdateState, saveUpdateState } from '../src/core/corpus-update.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import type { SynonymTable } from '../src/core/search/synonyms.ts';
import type { Article } from '../src/core/types.ts';
import { commandRunner } from './support/seed-corpus.ts';
import { BUILT_AT, freshCorpus, type Step, stepChanges, updateSources } from './support/update-steps.ts';

let pool: Article[];
let synonyms: SynonymTable;
let speakers: string[];

const fresh = (articles: readonly Article[]): Corpus => freshCorpus(articles, synonyms);

beforeAll(async () => {
  const sources = await updateSources(true);
  const { russia, wiki } = sources;
  // Transcripts and statements (quotes with speakers, dates) beside news reports.
  pool = [...russia.filter((_, i) => i % 60 === 0).slice(0, 36), ...wiki.filter((_, i) => i % 16 === 0).slice(0, 18)];
  synonyms = sources.synonyms;
  const whole = fresh(pool);
  const bySpeaker = new Map<string, number>();
  for (const q of whole.quotes) if (q.speaker) bySpeaker.set(q.speaker, (bySpeaker.get(q.speaker) ?? 0) + 1);
  speakers = [...bySpeaker]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 4)
    .map(([s]) => s);
}, 180_000);

/** What a user sees: every answer of the three commands for a fixed set of questions. */
function answers(corpus: Corpus) {
  const ask = commandRunner(askCommand, () => corpus);
  const timeline = commandRunner(timelineCommand, () => corpus);
  const quote = commandRunner(quoteCommand, () => corpus);
  return {
    ask: ['sanctions on Russia', 'Ukraine', 'election results', 'president said', 'sanctoins ukriane'].map((query) => ask.allItems({ query })),
    timeline: [{}, { topic: 'Russia' }, { topic: 'sanctions' }, { topic: 'police' }].map((args) => timeline.allItems(args)),
    quote: [...speakers.map((speaker) => ({ speaker })), { speaker: speakers[0] ?? 'Putin', topic: 'Russia' }].map((args) => quote.allItems(args)),
  };
}

/** Everything the corpus holds besides the search index (compared through answers). */
const held = ({ data }: Corpus) => ({ ...data });

/** A changed version of an article: a paragraph dropped, or a sentence added, and the title edited. */
function edited(a: Article, k: number): Article {
  const paras = a.text.split('\n\n');
  const text = paras.length > 2 && k % 2 === 0 ? paras.filter((_, i) => i !== k % paras.length).join('\n\n') : `${a.text}\n\nOn 3 March 2019, President Vladimir Putin said: “We will see.”`;
  return { ...a, title: `${a.title} (${k})`, text };
}

const changesOf = (s: Step, n: number, present: Article[]) => stepChanges(s, n, present, pool, edited);

describe('applyChanges', () => {
  it('holds and answers what a fresh build of the same articles does, after random sequences of changes', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.record({ kind: fc.constantFrom<Step['kind']>('add', 'remove', 'change'), pick: fc.nat() }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        // Prepared ahead as a live bot does after a start (`prepareNextUpdateInSteps`): not, wholly, or stopped after some steps.
        fc.oneof(fc.constant(-1), fc.nat({ max: 400 })),
        (initial, steps, batched, prepared) => {
          let present = pool.slice(0, initial);
          let corpus = fresh(present);
          const preparing = prepareNextUpdateInSteps(corpus, extractors);
          for (let i = 0; prepared >= 0 && (prepared === 0 || i < prepared) && !preparing.next().done; i++);
          const all: CorpusChange[] = [];
          steps.forEach((s, n) => {
            const next = changesOf(s, n, present);
            present = next.present;
            if (batched) all.push(...next.changes);
            else corpus = applyChanges(corpus, next.changes, { extractors, builtAt: BUILT_AT }).corpus;
          });
          if (batched) corpus = applyChanges(corpus, all, { extractors, builtAt: BUILT_AT }).corpus;
          const expected = fresh(present);
          expect(corpus.articles.map((a) => a.id)).toEqual(present.map((a) => a.id));
          expect(held(corpus)).toEqual(held(expected));
          expect(answers(corpus)).toEqual(answers(expected));
        },
      ),
      { numRuns: 6 },
    );
  });

  it('prepared ahead in steps (as a live bot does after a start), updates as unprepared, and its first update prepares nothing', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const start = pool.slice(0, 30);
    const changes: CorpusChange[] = [
      { kind: 'upsert', article: pool[30] as Article },
      { kind: 'remove', id: (start[2] as Article).id },
    ];
    const unprepared = applyChanges(fresh(start), changes, { extractors, builtAt: BUILT_AT, clock: () => 0 });
    const corpus = fresh(start);
    let steps = 0;
    for (const preparing = prepareNextUpdateInSteps(corpus, extractors); !preparing.next().done; ) steps++;
    // In steps of a few articles or items each, not a pass over the corpus at once.
    expect(steps).toBeGreaterThan(start.length);
    expect(hasUpdateState(corpus)).toBe(true);
    const prepared = applyChanges(corpus, changes, { extractors, builtAt: BUILT_AT, clock: () => 0 });
    expect(Object.keys(unprepared.ms)).toContain('prepare');
    expect(Object.keys(prepared.ms)).not.toContain('prepare');
    expect(held(prepared.corpus)).toEqual(held(unprepared.corpus));
    expect(answers(prepared.corpus)).toEqual(answers(unprepared.corpus));
    expect(held(prepared.corpus)).toEqual(held(fresh(prepared.corpus.articles)));
  });

  it('holds what a fresh build holds after each arrival (the old lookups copied, the new appended), and after a removal', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    let present = pool.slice(0, 10);
    let corpus = fresh(present);
    const arrive = (a: Article): void => {
      corpus = applyChanges(corpus, [{ kind: 'upsert', article: a }], { extractors, builtAt: BUILT_AT }).corpus;
      present = [...present, a];
      expect(held(corpus)).toEqual(held(fresh(present)));
    };
    // News reports and transcripts arriving (new speakers, new sentence terms, new dates).
    for (const a of [...pool.slice(10, 16), ...pool.slice(36, 40)]) arrive(a);
    const gone = present[3] as Article;
    corpus = applyChanges(corpus, [{ kind: 'remove', id: gone.id }], { extractors, builtAt: BUILT_AT }).corpus;
    present = present.filter((p) => p !== gone);
    expect(held(corpus)).toEqual(held(fresh(present)));
    for (const a of pool.slice(16, 20)) arrive(a);
  });
  it('counts what it did, and leaves the corpus it was given answering as before', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    const [a, b, c] = pool;
    if (!a || !b || !c) throw new Error('too few articles');
    const before = fresh([a, b]);
    const beforeAnswers = answers(before);
    const r = applyChanges(
      before,
      [
        { kind: 'upsert', article: c },
        { kind: 'upsert', article: edited(a, 1) },
        { kind: 'remove', id: b.id },
        { kind: 'remove', id: 'no-such-article' },
      ],
      { extractors, builtAt: BUILT_AT },
    );
    expect({ added: r.added, changed: r.changed, removed: r.removed }).toEqual({ added: 1, changed: 1, removed: 1 });
    expect(r.corpus.articles.map((x) => x.id)).toEqual([c.id, a.id]);
    expect(answers(before)).toEqual(beforeAnswers);
  });
  it('updates a corpus given the state saved with another (a start from the cache) as it updates the original', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    // Articles arrive one by one until one teaches a new alias and the others are requoted (their words indexed).
    let corpus = fresh(pool.slice(0, 20));
    let requoted = 0;
    for (const a of pool.slice(20)) {
      const r = applyChanges(corpus, [{ kind: 'upsert', article: a }], { extractors, builtAt: BUILT_AT });
      corpus = r.corpus;
      requoted += r.requoted;
      if (requoted > 0) break;
    }
    expect(requoted).toBeGreaterThan(0);
    const saved = saveUpdateState(corpus, extractors);
    expect(saved?.words?.of).toHaveLength(corpus.articles.length);
    // The same articles as other objects, as a cache load gives them: nothing kept for them yet.
    const loaded = fresh(corpus.articles.map((a) => ({ ...a })));
    expect(hasUpdateState(loaded)).toBe(false);
    restoreUpdateState(loaded, saved as NonNullable<typeof saved>, extractors);
    expect(hasUpdateState(loaded)).toBe(true);
    const [first, second] = corpus.articles;
    if (!first || !second) throw new Error('too few articles');
    const changes: CorpusChange[] = [{ kind: 'upsert', article: edited(first, 0) }, { kind: 'remove', id: second.id }, ...pool.slice(0, 3).map((a) => ({ kind: 'remove' as const, id: a.id }))];
    const fromSaved = applyChanges(loaded, changes, { extractors, builtAt: BUILT_AT });
    const fromOriginal = applyChanges(corpus, changes, { extractors, builtAt: BUILT_AT });
    expect(fromSaved.requoted).toBe(fromOriginal.requoted);
    expect(held(fromSaved.corpus)).toEqual(held(fromOriginal.corpus));
    expect(held(fromSaved.corpus)).toEqual(held(fresh(fromSaved.corpus.articles)));
  });
});

// What an update carries over from the old corpus instead of building again for the whole corpus
// (the typo tree of the search's base, the lookups by id, the topic ranking, the acronyms): after
// random sequences of adds, changes and removals of real articles, each warmed corpus's carried
// structure equals the one a fresh build of the same articles makes.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fullNamesOf, makeUpdateExtractors } from '../src/app/extractors.ts';
import { type Corpus, eventGroupsOf } from '../src/core/corpus.ts';
import { applyChanges, saveUpdateState } from '../src/core/corpus-update.ts';
import { AliasLearner, learnAliases } from '../src/core/quotes/canonical.ts';
import { PassagePositions } from '../src/core/passage-positions.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import type { SynonymTable } from '../src/core/search/synonyms.ts';
import type { Article } from '../src/core/types.ts';
import { capitalTwinsInSteps, topicCounts, topicsFromCounts, updateTopicsInSteps, articleTopicCandidates } from '../src/core/topics.ts';
import { queryTimeline } from '../src/core/timeline-answer.ts';
import { findQuotes } from '../src/core/quote-answer.ts';
import { acronymsOf, ask, clearAskCache } from '../src/core/ask.ts';
import { runAll } from '../src/core/steps.ts';
import { BUILT_AT, freshCorpus, warmed, type Step, stepChanges, updateSources } from './support/update-steps.ts';

let pool: Article[];
/** Consecutive whitehouse-russia articles by publication date: statements of the same days report the same events. */
let run: Article[];
let synonyms: SynonymTable;

const fresh = (articles: readonly Article[]): Corpus => freshCorpus(articles, synonyms);
const warm = warmed;

beforeAll(async () => {
  const sources = await updateSources(true);
  const { russia, wiki } = sources;
  const dated = [...russia].sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : a.id < b.id ? -1 : 1));
  run = dated.slice(1000, 1030);
  pool = [...russia.filter((_, i) => i % 70 === 3).slice(0, 24), ...wiki.filter((_, i) => i % 20 === 5).slice(0, 12)];
  synonyms = sources.synonyms;
}, 180_000);

function edited(a: Article, k: number): Article {
  const paras = a.text.split('\n\n');
  const text =
    paras.length > 2 && k % 2 === 0
      ? paras.filter((_, i) => i !== k % paras.length).join('\n\n')
      : `${a.text}\n\nThe Cybersecurity and Infrastructure Security Agency (CISA) said on 3 March 2019 that Sanctions would follow.`;
  return { ...a, title: `${a.title} (${k})`, text };
}

const changesOf = (s: Step, n: number, present: Article[]) => stepChanges(s, n, present, pool, edited);

/** Runs random sequences, each corpus warmed before the next update, and checks `same(updated, fresh)` after each. */
function property(same: (updated: Corpus, expected: Corpus) => void, numRuns = 5): void {
  const extractors = makeUpdateExtractors(EMPTY_ALIASES);
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 30 }),
      fc.array(fc.record({ kind: fc.constantFrom<Step['kind']>('add', 'add', 'remove', 'change'), pick: fc.nat() }), { minLength: 1, maxLength: 6 }),
      (initial, steps) => {
        let present = pool.slice(0, initial);
        let corpus = warm(fresh(present));
        steps.forEach((s, n) => {
          const next = changesOf(s, n, present);
          present = next.present;
          corpus = warm(applyChanges(corpus, next.changes, { extractors, builtAt: BUILT_AT }).corpus);
          same(corpus, warm(fresh(present)));
        });
      },
    ),
    { numRuns },
  );
}

/** Queries with typos (a letter swapped, dropped or doubled) of words of the last articles: the updated ones, whose new terms are the delta's. */
function typoQueries(corpus: Corpus): string[] {
  const last = new Set(corpus.articles.slice(-3).map((a) => a.id));
  const texts = corpus.passages.filter((p) => last.has(p.articleId)).map((p) => p.text.toLowerCase());
  const words = [...new Set(texts.flatMap((t) => t.match(/[a-z]{6,}/g) ?? []))].sort().filter((_, i) => i % 5 === 0);
  return words.slice(0, 40).map((w, i) => (i % 3 === 0 ? `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}` : i % 3 === 1 ? `${w.slice(0, 3)}${w.slice(4)}` : `${w.slice(0, 4)}${w[4]}${w.slice(4)}`));
}

describe('what an update carries over', () => {
  it('orders quotes by date as a fresh build (the date ranks of the quotes kept in place carried)', () => {
    const sameAnswers = (updated: Corpus, expected: Corpus): void => {
      for (const topic of ['Russia', 'sanctions', 'president', 'Ukraine'])
        for (const order of ['newest', 'oldest'] as const) expect(findQuotes(updated, { topic, order })).toEqual(findQuotes(expected, { topic, order }));
    };
    property(sameAnswers);
    // Articles of the same few days arriving one by one (the old quotes' ranks carried as they were),
    // then older ones (each may add an earlier day: every carried rank renumbered).
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    let corpus = warm(fresh(run.slice(0, 18)));
    for (let n = 19; n <= run.length; n++) {
      corpus = warm(applyChanges(corpus, [{ kind: 'upsert', article: run[n - 1] as Article }], { extractors, builtAt: BUILT_AT }).corpus);
      sameAnswers(corpus, warm(fresh(run.slice(0, n))));
    }
    corpus = warm(fresh(run.slice(12)));
    for (let k = 11; k >= 6; k--) {
      corpus = warm(applyChanges(corpus, [{ kind: 'upsert', article: run[k] as Article }], { extractors, builtAt: BUILT_AT }).corpus);
      sameAnswers(corpus, warm(fresh(run.slice(k))));
    }
  });

  it('finds the corrections of typos a fresh build finds (the base tree shared, the delta terms beside it)', () => {
    property((updated, expected) => {
      for (const q of typoQueries(expected)) expect(updated.search.search(q, { limit: 20, fuzzy: true })).toEqual(expected.search.search(q, { limit: 20, fuzzy: true }));
    });
  });

  it('looks up articles and passages by id as a fresh build does', () => {
    property((updated, expected) => {
      expect([...updated.articleById]).toEqual([...expected.articleById]);
      expect([...updated.passagesOf]).toEqual([...expected.passagesOf]);
      expect([...updated.passageIdx]).toEqual([...expected.passageIdx]);
      const missing = ['no-such-article#1', `${expected.articles[0]?.id ?? 'x'}#999`, `${expected.articles[0]?.id ?? 'x'}#0`, 'no-hash'];
      for (const id of [...expected.passages.map((p) => p.id), ...missing]) expect(updated.passageIdx.get(id)).toBe(expected.passageIdx.get(id));
      expect(updated.passageIdx.size).toBe(expected.passageIdx.size);
      // Carried (the corpus before was warmed), from the articles' runs alone.
      expect(updated.passageIdx).toBeInstanceOf(PassagePositions);
      expect((updated.passageIdx as PassagePositions).fellBack).toBe(false);
    });
  });

  it('ranks the topics a fresh build ranks, from the previous ranking and the changed candidates', () => {
    property((updated, expected) => {
      expect(updated.topics).toEqual(expected.topics);
    }, 3);
  });

  it('keeps the top of a short topic list exact through additions, changes and removals (the list cut at 40)', () => {
    const MAX = 40;
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 30 }),
        fc.array(fc.record({ kind: fc.constantFrom<Step['kind']>('add', 'add', 'add', 'remove', 'change'), pick: fc.nat() }), { minLength: 1, maxLength: 8 }),
        (initial, steps) => {
          let present = pool.slice(0, initial);
          let topics = topicsFromCounts(topicCounts(present), present.length, 2, MAX);
          steps.forEach((s, n) => {
            const next = changesOf(s, n, present);
            const changed = new Set<string>();
            for (const c of next.changes) {
              const id = c.kind === 'upsert' ? c.article.id : c.id;
              const was = present.find((a) => a.id === id);
              if (was) for (const t of articleTopicCandidates(was)) changed.add(t);
              if (c.kind === 'upsert') for (const t of articleTopicCandidates(c.article)) changed.add(t);
            }
            const before = present.length;
            present = next.present;
            const counts = topicCounts(present);
            topics = runAll(updateTopicsInSteps(topics, counts, runAll(capitalTwinsInSteps(counts)), changed, { now: present.length, before }, 2, MAX));
            expect(topics).toEqual(topicsFromCounts(counts, present.length, 2, MAX));
          });
        },
      ),
      { numRuns: 20 },
    );
  });

  it('expands the acronyms a fresh build learns (the occurrences of the corpus before, the added passages read)', () => {
    property((updated, expected) => {
      const questions = ['What did CISA say?', 'Cybersecurity and Infrastructure Security Agency', 'NATO allies', 'the North Atlantic Treaty Organization', 'UN Security Council', 'FBI'];
      for (const q of questions) {
        clearAskCache();
        const got = ask(updated, q);
        clearAskCache();
        expect(got).toEqual(ask(expected, q));
      }
      expect(acronymsOf(updated)).toEqual(acronymsOf(expected));
    });
  });

  it('learns the aliases a fresh build learns, from the names kept per article', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    property((updated, expected) => {
      const got = saveUpdateState(updated, extractors)?.learned;
      const want = learnAliases(expected.articles, EMPTY_ALIASES);
      expect(got?.entries).toEqual(want.entries);
      expect([...(got?.byKey ?? [])]).toEqual([...want.byKey]);
    }, 3);
  });

  it('learns the aliases a fresh count learns, entry for entry and in order, counting only the arriving and leaving articles', () => {
    // Consecutive days' statements name the same people: surnames gain, lose and change their full names.
    const articles = [...run, ...pool];
    const same = (got: ReturnType<typeof learnAliases>, expected: ReturnType<typeof learnAliases>): void => {
      expect(got.entries).toEqual(expected.entries);
      expect([...got.byKey]).toEqual([...expected.byKey]);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: articles.length }),
        fc.array(fc.record({ kind: fc.constantFrom<Step['kind']>('add', 'remove', 'change'), pick: fc.nat() }), { minLength: 1, maxLength: 12 }),
        (initial, steps) => {
          let present = articles.slice(0, initial);
          const learner = new AliasLearner<Article>(EMPTY_ALIASES, fullNamesOf);
          for (const a of present) learner.add(a);
          same(learner.table(), learnAliases(present, EMPTY_ALIASES, fullNamesOf));
          steps.forEach((s, n) => {
            const absent = articles.filter((a) => !present.some((p) => p.id === a.id));
            const a = s.kind === 'add' ? absent[s.pick % Math.max(1, absent.length)] : present[s.pick % Math.max(1, present.length)];
            if (!a) return;
            if (s.kind !== 'add') {
              learner.remove(a.id);
              present = present.filter((p) => p !== a);
            }
            const b = s.kind === 'change' ? edited(a, n) : a;
            if (s.kind !== 'remove') {
              learner.add(b);
              present = [...present, b];
            }
            same(learner.table(), learnAliases(present, EMPTY_ALIASES, fullNamesOf));
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('names a learned entry as the first article present spells it, when the article that spelled it first leaves', () => {
    const article = (id: string, text: string): Article => ({ id, title: `Statement ${id}`, outlet: 'test', published: '2024-01-01', authors: [], tags: [], source: id, text });
    // Two spellings of one name ("Martha J. Kelling", "Martha J Kelling"): the entry is named by the one the corpus gives first.
    const caps = article('a', 'Martha J Kelling spoke to the council on Monday.');
    const lower = article('b', 'Martha J. Kelling spoke on Tuesday. Later, Martha J. Kelling met the envoy.');
    const both = article('c', 'Martha J Kelling spoke again. Martha J Kelling left for Kyiv.');
    const learner = new AliasLearner<Article>(EMPTY_ALIASES);
    for (const a of [caps, lower, both]) learner.add(a);
    expect(learner.table().entries).toEqual(learnAliases([caps, lower, both], EMPTY_ALIASES).entries);
    learner.remove('a');
    const expected = learnAliases([lower, both], EMPTY_ALIASES);
    expect(expected.entries.map((e) => e.name)).toEqual(['Martha J. Kelling']);
    expect(learner.table().entries).toEqual(expected.entries);
  });

  it('groups the timeline as a fresh build as articles arrive one by one (the groups of their dates kept, the new events joined)', () => {
    const extractors = makeUpdateExtractors(EMPTY_ALIASES);
    // Statements of the same weeks report the same events: arriving in publication order, each is the newest.
    const byDate = run;
    let corpus = fresh(byDate.slice(0, 12));
    let joined = 0;
    // A wire copy of an older statement, published after every other: its events join that statement's groups.
    const original = byDate.find((a) => fresh([a]).events.length >= 3) as Article;
    const copy: Article = { ...original, id: `${original.id}-copy`, published: '2099-01-01', title: `${original.title} (copy)` };
    for (const a of [...byDate.slice(12), copy]) {
      corpus = applyChanges(corpus, [{ kind: 'upsert', article: a }], { extractors, builtAt: BUILT_AT }).corpus;
      expect(corpus.data.eventGroups).toEqual(eventGroupsOf(corpus.articles, corpus.events));
    }
    // Some new event joined an older article's group (not only groups of their own).
    const { starts, items } = corpus.data.eventGroups;
    const last = new Set([...byDate.slice(12), copy].map((a) => a.id));
    for (let k = 0; k + 1 < starts.length; k++) {
      const ids = new Set(Array.from(items.subarray(starts[k] as number, starts[k + 1] as number), (i) => (corpus.events[i] as { articleId: string }).articleId));
      if (ids.size > 1 && [...ids].some((id) => last.has(id)) && [...ids].some((id) => !last.has(id))) joined++;
    }
    expect(joined).toBeGreaterThan(0);
    // Older articles arriving after newer ones (newest first): the events after the first new one are placed again.
    let backwards = fresh(byDate.slice(0, 8));
    for (const a of byDate.slice(8).reverse()) {
      backwards = applyChanges(backwards, [{ kind: 'upsert', article: a }], { extractors, builtAt: BUILT_AT }).corpus;
      expect(backwards.data.eventGroups).toEqual(eventGroupsOf(backwards.articles, backwards.events));
    }
    // An older article arriving late, and removals: those dates are grouped again.
    const late = byDate[0] as Article;
    corpus = applyChanges(corpus, [{ kind: 'remove', id: late.id }], { extractors, builtAt: BUILT_AT }).corpus;
    corpus = applyChanges(corpus, [{ kind: 'upsert', article: late }], { extractors, builtAt: BUILT_AT }).corpus;
    expect(corpus.data.eventGroups).toEqual(eventGroupsOf(corpus.articles, corpus.events));
  });

  it('answers /timeline as a fresh build, the entries of unchanged groups taken from the corpus before', () => {
    property((updated, expected) => {
      for (const args of [{}, { topic: 'Russia' }, { topic: 'sanctions' }, { from: '2019', to: '2023' }]) expect(queryTimeline(updated, args)).toEqual(queryTimeline(expected, args));
    });
  });
});

// Incremental corpus updates: an added, changed or removed article is applied as a small change,
// and the result equals a fresh `buildCorpus` of the same articles in the same order (the updated
// articles last, in the order they arrived). What is per article (passages, events, quotes) is
// extracted for the changed articles only; what is corpus-wide is kept up to date or recomputed:
// - search index: `PassageSearch.update` (delta segment, tombstones, exact statistics);
// - topics: article counts per candidate, kept across updates; the previous ranking is brought up
//   to date for the candidates whose counts changed (`updateTopicsInSteps`; all of them re-ranked
//   only when a listed topic lost articles);
// - learned aliases: counts of each full name kept across updates (`AliasLearner`), the arriving
//   articles' names added and the leaving ones' taken out, and only their surnames' entries worked
//   out again (counted from every article by the first update after a build or a start); when
//   the learned table changes, the quotes of the articles that mention a changed name are
//   extracted again (an article that does not name every word of one of a changed entry's keys
//   cannot look it up);
// - timeline grouping, per-passage and per-speaker lists, sentence terms: brought up to date from
//   the old corpus's (`lookups-update.ts`): only the dates that gained or lost events are grouped
//   again (a date that only gained events keeps the groups before its first new one), and only new sentences are
//   tokenised;
// - lookups by id and acronyms, when the old corpus had built them: carried over (`carryLookups`,
//   `carryAcronyms`); the typo tree of the search's base is shared (engine.ts);
// - timeline entries: those of unchanged groups taken from the old corpus (`carryTimeline`);
// - speaker index, near-duplicate groups: built from the corpus on use.
// It runs in steps (`applyChangesInSteps`) so that the live reload answers queries between them.
import { carryAcronyms } from './ask.ts';
import { Corpus, type CorpusData, type CorpusLookups } from './corpus.ts';
import { identity, type SentenceIds, sentenceIdsInSteps, type UpdatedItems, updateLookupsInSteps } from './lookups-update.ts';
import { PassagePositions } from './passage-positions.ts';
import { splitPassages } from './passages.ts';
import { carryTimeline } from './timeline-answer.ts';
import { carryQuoteRanks } from './quote-answer.ts';
import { runAll } from './steps.ts';
import { stepDone } from './turn-log.ts';
import type { AliasEntry, AliasTable } from './quotes/aliases.ts';
import { nameKey } from './quotes/names.ts';
import type { IndexedPassage } from './search/engine.ts';
import { articleTopicCandidates, capitalTwinsInSteps, mayHaveTwin, updateTopicsInSteps } from './topics.ts';
import type { Article, DatedEvent, Passage, Quote } from './types.ts';

/** One change to the corpus: an article added or replaced (same id), or removed. */
export type CorpusChange = { readonly kind: 'upsert'; readonly article: Article } | { readonly kind: 'remove'; readonly id: string };

/** Per-article extraction, as a fresh build runs it. */
export interface UpdateExtractors {
  readonly events?: (article: Article, passages: readonly Passage[]) => DatedEvent[];
  /** `events` in steps of a few sentences (one long article's took a turn of 145 ms). */
  readonly eventsInSteps?: (article: Article, passages: readonly Passage[]) => Generator<void, DatedEvent[]>;
  readonly quotes?: {
    /** The alias table learned from the whole corpus (the fresh build's first quote pass). */
    readonly learn: (articles: readonly Article[]) => AliasTable;
    /** `learn` in steps of a few ms (an update learns from every article: 0.1-0.4 s in one turn under load). */
    readonly learnInSteps?: (articles: readonly Article[]) => Generator<void, AliasTable>;
    /** A learner that counts articles as they come and go (`AliasLearner`): an update then counts only its own articles. */
    readonly learner?: () => AliasCounts;
    readonly extract: (article: Article, passages: readonly Passage[], learned: AliasTable) => Quote[];
    /** `extract` in steps of a paragraph (one long transcript's took a turn of 89 ms of CPU). */
    readonly extractInSteps?: (article: Article, passages: readonly Passage[], learned: AliasTable) => Generator<void, Quote[]>;
    /** Finds (and caches for `learn`) an article's full names: lets a caller spread that work out. */
    readonly names?: (article: Article) => void;
    /** The article's full names if already found (to save with the cache), and a way to hand them back after loading it. */
    readonly known?: (article: Article) => readonly string[] | undefined;
    readonly remember?: (article: Article, names: readonly string[]) => void;
  };
}

export interface UpdateOptions {
  readonly extractors: UpdateExtractors;
  /** The time to record as the corpus's build time (ms since epoch). */
  readonly builtAt: number;
  /** A clock (ms) to time the update's steps with, for the benchmark and the logs. */
  readonly clock?: () => number;
}

export interface UpdateResult {
  readonly corpus: Corpus;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  /** Unchanged articles whose quotes were extracted again because the learned aliases changed. */
  readonly requoted: number;
  /** Milliseconds per step, when a clock was given. */
  readonly ms: Readonly<Record<string, number>>;
}

/** The learned aliases kept up to date article by article (`AliasLearner`): equal to `learn` of the articles counted, in the order counted. */
export interface AliasCounts {
  add(article: Article): void;
  remove(id: string): void;
  table(): AliasTable;
  /** `table` in steps (after counting a whole corpus every surname is worked out again). */
  tableInSteps?(): Generator<void, AliasTable>;
}

/** What an update keeps for the next one (derived from the corpus, so rebuilt when missing: `prepareUpdates`). */
interface UpdateState {
  readonly learned: AliasTable | undefined;
  /** Candidate → articles, for topics. Handed on to the next corpus (not copied: 10^6 entries). */
  readonly topicCounts: Map<string, number>;
  /** Made by the first update that needs them (one pass over the events and quotes). */
  sentences: SentenceIds | undefined;
  /** The capitalised single words among the topic candidates by lower-case form (`capitalTwinsInSteps`): made by the first update, then kept up to date. */
  capitals?: Map<string, string[]>;
  /** The counts the learned aliases come from (`UpdateExtractors.quotes.learner`): made by the first update after a build or a start, then kept up to date. */
  learner?: AliasCounts;
}

/**
 * `UpdateState` as the index cache stores it: what took minutes of a start to prepare again on
 * whitehouse-russia under load (every article's full names, the topic candidates of every article).
 * The sentence ids are not stored: one pass over the events and quotes makes them.
 */
export interface SavedUpdateState {
  readonly learned: AliasTable | null;
  /** Each article's full names, in the corpus's article order (null: no quote extractor, or not known). */
  readonly names: readonly (readonly string[])[] | null;
  readonly topicNames: readonly string[];
  readonly topicCounts: Uint32Array;
  /** The words each article names (ids into `vocabulary`, in article order), once a requote made them for every article. */
  readonly words?: { readonly vocabulary: readonly string[]; readonly of: readonly Uint32Array[] };
}

const states = new WeakMap<Corpus, UpdateState>();

/**
 * The keys (each as its words) of the entries that differ between two learned tables. An article's
 * extraction looks names up by key (`lookupAlias`: the key of a name it writes, or that key without
 * its titles), so it can reach a changed entry only if it names every word of one of its keys. (Until
 * 2026-12-01 only the last word was checked: an arrival that dropped a learned "Gender-Based
 * Violence" requoted the 2,225 whitehouse-all articles that say "violence", 10 s of CPU.)
 */
function changedKeys(before: AliasTable, after: AliasTable): string[][] {
  const byId = (t: AliasTable): Map<string, AliasEntry> => new Map(t.entries.map((e) => [e.id, e]));
  const a = byId(before);
  const b = byId(after);
  // The learner hands on the entries of the surnames it did not work out again as the same
  // objects: only the others are compared by value (every entry of both tables written out as
  // JSON was tens of ms an arrival on whitehouse-all).
  const differ = (x: AliasEntry | undefined, y: AliasEntry | undefined): boolean => x !== y && (x === undefined || y === undefined || JSON.stringify(x) !== JSON.stringify(y));
  const out = new Map<string, string[]>();
  const add = (e: AliasEntry): void => {
    for (const name of [e.name, ...e.aliases]) {
      const key = nameKey(name);
      if (key) out.set(key, key.split(' '));
    }
  };
  for (const e of before.entries) if (differ(a.get(e.id), b.get(e.id))) add(e);
  for (const e of after.entries) if (differ(a.get(e.id), b.get(e.id))) add(e);
  return [...out.values()];
}

/**
 * Which words each article names, in the form names are compared in: an index of word ids (sorted,
 * per article) kept while the article is, so that a new surname alias looks up which articles
 * mention it instead of normalising every article's text again (12 s of a 2,624-article corpus
 * under load, per alias learned). Word ids are shared by every corpus of the process and only grow.
 */
const wordIds = new Map<string, number>();
const wordsOf = new WeakMap<Article, Uint32Array>();

/** The ids of the words `article` names (normalised once per article object). */
function nameWords(article: Article): { words: Uint32Array; made: boolean } {
  const known = wordsOf.get(article);
  if (known) return { words: known, made: false };
  const ids = new Set<number>();
  for (const word of nameKey(`${article.title}\n${article.text}`).split(' ')) {
    let id = wordIds.get(word);
    if (id === undefined) {
      id = wordIds.size;
      wordIds.set(word, id);
    }
    ids.add(id);
  }
  const words = Uint32Array.from(ids).sort();
  wordsOf.set(article, words);
  return { words, made: true };
}

/**
 * Indexes the words every article names ahead (a build, while its other thread still works), so
 * that the first alias learned, and the replay of a start, look them up instead of reading every text.
 */
export function indexNameWords(articles: readonly Article[]): void {
  for (const a of articles) nameWords(a);
}

function sortedHas(list: Uint32Array, x: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid] as number;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** Whether an article names every word of one of the keys, in the form names are compared in. */
function mentions(words: Uint32Array, keys: readonly (readonly string[])[]): boolean {
  return keys.some((key) =>
    key.every((w) => {
      const id = wordIds.get(w);
      return id !== undefined && sortedHas(words, id);
    }),
  );
}

/**
 * What the first update of a corpus needs from all of it (learned aliases, topic candidates),
 * when neither its build nor its cache gave it (`setUpdateState`, `restoreUpdateState`), made in steps of one article or one pass each, so that a caller can
 * run them between other work (the first update after a start took 16 s on whitehouse-russia).
 * Idempotent: does nothing when the corpus already has it.
 */
export function* prepareUpdates(corpus: Corpus, extractors: UpdateExtractors): Generator<void, void> {
  if (states.has(corpus)) return;
  let learned: AliasTable | undefined;
  if (extractors.quotes) {
    // The names of each article are cached by the extractors: found here one article a step.
    for (const a of corpus.articles) {
      extractors.quotes.names?.(a);
      yield;
    }
    learned = extractors.quotes.learn(corpus.articles);
    yield;
  }
  const counts = new Map<string, number>();
  for (const a of corpus.articles) {
    for (const c of articleTopicCandidates(a)) counts.set(c, (counts.get(c) ?? 0) + 1);
    yield;
  }
  if (!states.has(corpus)) states.set(corpus, { learned, topicCounts: counts, sentences: undefined });
}

/**
 * Makes now, in steps, what the first update of `corpus` would otherwise make before its own work:
 * the update state (`prepareUpdates`), the sentence ids, the capitalised twins of the topic
 * candidates and the learned aliases' counts (`AliasCounts`, every surname worked out). The first
 * arrival after a start on whitehouse-all waited 1.1 s of "prepare", 2.3 s of "aliases" and 0.3 s
 * of "topics" for them (under load); a live bot makes them in slices after a start instead
 * (`CorpusHolder`). Each is what the update would make, so its result is unchanged. Idempotent.
 */
export function* prepareNextUpdateInSteps(corpus: Corpus, extractors: UpdateExtractors): Generator<void, void> {
  yield* prepareUpdates(corpus, extractors);
  const state = states.get(corpus);
  if (!state) return;
  // An update that started meanwhile took the state from the corpus: what is made here is then dropped.
  const current = (): boolean => states.get(corpus) === state;
  if (!state.sentences) {
    const sentences = yield* sentenceIdsInSteps(corpus.data);
    if (current()) state.sentences ??= sentences;
  }
  yield;
  if (!state.capitals) {
    const capitals = yield* capitalTwinsInSteps(state.topicCounts);
    if (current()) state.capitals ??= capitals;
  }
  yield;
  const made = extractors.quotes?.learner;
  if (made && !state.learner) {
    const learner = made();
    for (let i = 0; i < corpus.articles.length; i++) {
      learner.add(corpus.articles[i] as Article);
      if (i % LEARN_STEP === LEARN_STEP - 1) yield;
    }
    // Every surname worked out now (it was one turn of 277 ms in the first update).
    if (learner.tableInSteps) yield* learner.tableInSteps();
    else learner.table();
    if (current()) state.learner ??= learner;
  }
}

/**
 * Gives a freshly built corpus what its first update needs, from what the build computed anyway
 * (the learned aliases, and the topic candidates' counts that ranked its topics).
 */
export function setUpdateState(corpus: Corpus, made: { readonly learned: AliasTable | undefined; readonly topicCounts: Map<string, number> }): void {
  states.set(corpus, { learned: made.learned, topicCounts: made.topicCounts, sentences: undefined });
}

/** Whether `corpus` has what its first update needs (else that update prepares it: `prepareUpdates`). */
export function hasUpdateState(corpus: Corpus): boolean {
  return states.has(corpus);
}

/** What `corpus` keeps for its next update, to store with it (undefined when it has none, or lacks some article's names). */
export function saveUpdateState(corpus: Corpus, extractors: UpdateExtractors): SavedUpdateState | undefined {
  const state = states.get(corpus);
  if (!state) return undefined;
  let names: (readonly string[])[] | null = null;
  if (extractors.quotes) {
    const known = extractors.quotes.known;
    if (!known) return undefined;
    names = [];
    for (const a of corpus.articles) {
      const n = known(a);
      if (!n) return undefined;
      names.push(n);
    }
  }
  const saved = { learned: state.learned ?? null, names, topicNames: [...state.topicCounts.keys()], topicCounts: Uint32Array.from(state.topicCounts.values()) };
  const of: Uint32Array[] = [];
  for (const a of corpus.articles) {
    const w = wordsOf.get(a);
    if (!w) return saved;
    of.push(w);
  }
  return { ...saved, words: { vocabulary: [...wordIds.keys()], of } };
}

/**
 * `ids` through `to`, ascending. A plain loop (`Uint32Array.from` with a mapping function went
 * through the iterator: most of the 0.5 s of CPU a start spent here), sorted only when the new
 * numbering changed the order (in a fresh process it is the saved one).
 */
function renumbered(ids: Uint32Array, to: Uint32Array): Uint32Array {
  const out = new Uint32Array(ids.length);
  let sorted = true;
  let prev = -1;
  for (let j = 0; j < ids.length; j++) {
    const v = to[ids[j] as number] as number;
    out[j] = v;
    if (v < prev) sorted = false;
    prev = v;
  }
  return sorted ? out : out.sort();
}

/** Gives `corpus` (loaded from a cache) the state saved with it, so that its first update need not prepare it. */
export function restoreUpdateState(corpus: Corpus, saved: SavedUpdateState, extractors: UpdateExtractors): void {
  if (saved.topicNames.length !== saved.topicCounts.length) throw new Error('Attaché: the saved topic counts do not match their names');
  if (extractors.quotes) {
    const { remember } = extractors.quotes;
    if (!remember || !saved.names || saved.names.length !== corpus.articles.length) return;
    const names = saved.names;
    corpus.articles.forEach((a, i) => {
      remember(a, names[i] as readonly string[]);
    });
  }
  if (saved.words && saved.words.of.length === corpus.articles.length) {
    const { vocabulary, of } = saved.words;
    // Saved ids are another process's: renumbered into this one's. A process that has numbered no
    // word yet (a start) numbers the saved vocabulary in its order, so the saved lists are its own
    // as they are: renumbering and copying every article's list was a third of a second of a start.
    const fresh = wordIds.size === 0;
    const to = new Uint32Array(vocabulary.length);
    for (let i = 0; i < vocabulary.length; i++) {
      const word = vocabulary[i] as string;
      let id = wordIds.get(word);
      if (id === undefined) {
        id = wordIds.size;
        wordIds.set(word, id);
      }
      to[i] = id;
    }
    const same = fresh && wordIds.size === vocabulary.length;
    corpus.articles.forEach((a, i) => {
      const list = of[i] as Uint32Array;
      wordsOf.set(a, same ? list : renumbered(list, to));
    });
  }
  const topicCounts = new Map<string, number>();
  for (let i = 0; i < saved.topicNames.length; i++) topicCounts.set(saved.topicNames[i] as string, saved.topicCounts[i] as number);
  states.set(corpus, { learned: saved.learned ?? undefined, topicCounts, sentences: undefined });
}

/** Hands what `from` keeps for its next update to `to`, the same corpus (e.g. `Corpus.withSearch`). */
export function carryUpdateState(from: Corpus, to: Corpus): void {
  const state = states.get(from);
  if (!state) return;
  states.delete(from);
  states.set(to, state);
}

/**
 * The new corpus's lookups by id from the old one's, when it has them (a warmed corpus): the maps
 * by article are copied (thousands of entries) and the touched articles' entries replaced; the
 * positions of passages come from their articles' runs (`PassagePositions`), not a map of every
 * passage. Equal, entry for entry and in order, to what `buildLookups` makes from the new items.
 */
function carryLookups(
  old: Corpus,
  articles: readonly Article[],
  passages: readonly Passage[],
  touched: ReadonlySet<string>,
  fresh: readonly Article[],
  freshPassages: ReadonlyMap<string, Passage[]>,
): CorpusLookups | undefined {
  const built = old.builtLookups();
  if (!built) return undefined;
  const articleById = new Map(built.articleById);
  const passagesOf = new Map(built.passagesOf);
  for (const id of touched) {
    articleById.delete(id);
    passagesOf.delete(id);
  }
  for (const a of fresh) {
    articleById.set(a.id, a);
    const ps = freshPassages.get(a.id) as Passage[];
    // `buildLookups` lists only articles that have passages.
    if (ps.length > 0) passagesOf.set(a.id, ps);
  }
  return { articleById, passagesOf, passageIdx: new PassagePositions(passages, articles, passagesOf) };
}

/** Items copied between two steps of an update's passes over the whole corpus (a few ms each). */
const COPY_STEP = 16_384;
/** Articles counted per step when the alias counts are made (a few ms). */
const LEARN_STEP = 64;

/** Where the items of a new list were in the old one: `from`, then `added` new items (-1). */
function withNew(from: Int32Array, added: number): Int32Array {
  const out = new Int32Array(from.length + added).fill(-1);
  out.set(from);
  return out;
}

/**
 * The items of `old` whose article is not touched, with where each was. When no old article is
 * touched (`oldTouched` false: an arrival), a copy of the whole list: reading 302,576 passages
 * and their article ids one by one cost whitehouse-all 0.1-0.3 s of CPU per step and arrival.
 */
function* keptItems<T extends { readonly articleId: string }>(old: readonly T[], touched: ReadonlySet<string>, oldTouched: boolean): Generator<void, { items: T[]; from: Int32Array }> {
  if (!oldTouched) return { items: old.slice(), from: identity(old.length) };
  const items: T[] = [];
  const from = new Int32Array(old.length);
  // The copy loops over the whole corpus yield every COPY_STEP items: over whitehouse-all's
  // 302,576 passages one pass is tens of ms, and several of them made one turn of the event loop.
  for (let i = 0; i < old.length; i++) {
    const x = old[i] as T;
    if (i % COPY_STEP === COPY_STEP - 1) yield;
    if (touched.has(x.articleId)) continue;
    from[items.length] = i;
    items.push(x);
  }
  return { items, from: from.subarray(0, items.length) };
}

/** The quotes in article order: each article's extracted again (`extracted`), or its run of the old list. */
function* quotesInOrder(old: readonly Quote[], articles: readonly Article[], extracted: ReadonlyMap<string, Quote[]>): Generator<void, { quotes: Quote[]; from: Int32Array }> {
  // Each article's quotes are one run of the list (quotes are extracted article by article, in order).
  const runs = new Map<string, [number, number]>();
  for (let i = 0; i < old.length; i++) {
    const q = old[i] as Quote;
    if (i % COPY_STEP === COPY_STEP - 1) yield;
    const run = runs.get(q.articleId);
    if (run && run[1] === i) run[1] = i + 1;
    else if (run) throw new Error(`Attaché: the quotes of ${q.articleId} are not together`);
    else runs.set(q.articleId, [i, i + 1]);
  }
  const quotes: Quote[] = [];
  const from: number[] = [];
  let copied = 0;
  for (const a of articles) {
    const again = extracted.get(a.id);
    if (again) {
      for (const q of again) {
        quotes.push(q);
        from.push(-1);
      }
      continue;
    }
    const run = runs.get(a.id);
    if (!run) continue;
    for (let i = run[0]; i < run[1]; i++) {
      quotes.push(old[i] as Quote);
      from.push(i);
    }
    if (quotes.length >= copied + COPY_STEP) {
      copied = quotes.length;
      yield;
    }
  }
  return { quotes, from: Int32Array.from(from) };
}

/**
 * Applies `changes` in order (a later change of the same article wins) and returns the new corpus;
 * `corpus` is left as it was and keeps answering. Changed and added articles move to the end.
 */
export function applyChanges(corpus: Corpus, changes: readonly CorpusChange[], opts: UpdateOptions): UpdateResult {
  return runAll(applyChangesInSteps(corpus, changes, opts));
}

/**
 * `applyChanges` in steps: it yields after each article's extraction and each pass over the
 * corpus, so that a caller can answer queries between them (each step takes milliseconds to tens
 * of milliseconds; a long transcript's quotes more).
 */
export function* applyChangesInSteps(corpus: Corpus, changes: readonly CorpusChange[], opts: UpdateOptions): Generator<void, UpdateResult> {
  const ms: Record<string, number> = {};
  let last = opts.clock?.() ?? 0;
  const lap = (step: string): void => {
    if (!opts.clock) return;
    const now = opts.clock();
    ms[step] = (ms[step] ?? 0) + now - last;
    last = now;
    stepDone(step);
  };
  const { events: eventsOf, eventsInSteps, quotes: quoter } = opts.extractors;
  if (!states.has(corpus)) {
    yield* prepareUpdates(corpus, opts.extractors);
    lap('prepare');
  }
  const state = states.get(corpus) as UpdateState;
  if (!state.sentences) {
    state.sentences = yield* sentenceIdsInSteps(corpus.data);
    lap('prepare');
    yield;
  }
  const ordered = new Map(corpus.articles.map((a) => [a.id, a]));
  const touched = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'upsert') {
      ordered.delete(c.article.id);
      ordered.set(c.article.id, c.article);
      touched.add(c.article.id);
    } else if (ordered.delete(c.id)) touched.add(c.id);
  }
  const articles = [...ordered.values()];
  const old = corpus.articleById;
  const fresh = articles.filter((a) => touched.has(a.id));
  const gone = [...touched].filter((id) => old.has(id));

  // Passages and the search index: the old articles' passages out, the new ones appended.
  const removed: (IndexedPassage & { idx: number })[] = [];
  for (const id of gone) {
    const title = (old.get(id) as Article).title;
    for (const p of corpus.passagesOf.get(id) ?? []) removed.push({ idx: corpus.passageIdx.get(p.id) as number, passage: p, title });
  }
  const passagesOf = new Map<string, Passage[]>();
  for (const a of fresh) passagesOf.set(a.id, splitPassages(a));
  const added: IndexedPassage[] = fresh.flatMap((a) => (passagesOf.get(a.id) as Passage[]).map((passage) => ({ passage, title: a.title })));
  // No old article touched (an arrival): the old lists are copied whole, not read item by item.
  const oldTouched = gone.length > 0;
  const keptPassages = yield* keptItems(corpus.passages, touched, oldTouched);
  const passages = keptPassages.items;
  for (const a of added) passages.push(a.passage);
  const passageFrom = withNew(keptPassages.from, added.length);
  lap('passages');
  yield;
  const search = corpus.search.update({ removed, added });
  lap('search');
  yield;

  const keptEvents = yield* keptItems(corpus.events, touched, oldTouched);
  const events = keptEvents.items;
  if (eventsOf)
    for (const a of fresh) {
      const ps = passagesOf.get(a.id) as Passage[];
      for (const e of eventsInSteps ? yield* eventsInSteps(a, ps) : eventsOf(a, ps)) events.push(e);
      lap('events');
      yield;
    }
  const eventFrom = withNew(keptEvents.from, events.length - keptEvents.from.length);
  lap('events');

  let quotes: Quote[] = [];
  let quoteFrom: Int32Array = new Int32Array(0);
  let requoted = 0;
  /** The old quotes lead the new list, in place (what their carried date ranks need). */
  let quotesKept = false;
  let learned: AliasTable | undefined;
  let learner: AliasCounts | undefined;
  if (quoter) {
    const learn = function* (from: readonly Article[]): Generator<void, AliasTable> {
      return quoter.learnInSteps ? yield* quoter.learnInSteps(from) : quoter.learn(from);
    };
    let before: AliasTable;
    if (quoter.learner) {
      // Counted from every article once (after a build or a start: not stored with the cache), then
      // only the articles that come and go. The counts leave the old corpus's state while they
      // change: an update abandoned halfway leaves them to be counted again, not half-changed.
      learner = state.learner;
      delete state.learner;
      if (!learner) {
        learner = quoter.learner();
        for (let i = 0; i < corpus.articles.length; i++) {
          learner.add(corpus.articles[i] as Article);
          if (i % LEARN_STEP === LEARN_STEP - 1) yield;
        }
      }
      const tableOf = function* (counts: AliasCounts): Generator<void, AliasTable> {
        return counts.tableInSteps ? yield* counts.tableInSteps() : counts.table();
      };
      before = state.learned ?? (yield* tableOf(learner));
      for (const id of gone) learner.remove(id);
      for (const a of fresh) learner.add(a);
      learned = yield* tableOf(learner);
    } else {
      before = state.learned ?? (yield* learn(corpus.articles));
      learned = yield* learn(articles);
    }
    lap('aliases');
    yield;
    const table = learned;
    const extract = function* (a: Article, ps: readonly Passage[]): Generator<void, Quote[]> {
      return quoter.extractInSteps ? yield* quoter.extractInSteps(a, ps, table) : quoter.extract(a, ps, table);
    };
    const keys = changedKeys(before, learned);
    const extracted = new Map<string, Quote[]>();
    for (const a of articles) {
      if (touched.has(a.id) || keys.length === 0) continue;
      const { words, made } = nameWords(a);
      // Reading an article's names the first time is linear in its text: a step per article then.
      if (made) yield;
      if (!mentions(words, keys)) continue;
      requoted++;
      extracted.set(a.id, yield* extract(a, corpus.passagesOf.get(a.id) ?? []));
      lap('quotes');
      yield;
    }
    for (const a of fresh) {
      extracted.set(a.id, yield* extract(a, passagesOf.get(a.id) ?? []));
      // Its words, for the next alias learned (as the others' were).
      nameWords(a);
      lap('quotes');
      yield;
    }
    // Only new articles extracted: the old quotes as they were, the new ones after them.
    quotesKept = !oldTouched && requoted === 0;
    if (quotesKept) {
      const kept = yield* keptItems(corpus.quotes, touched, false);
      quotes = kept.items;
      for (const a of fresh) for (const q of extracted.get(a.id) ?? []) quotes.push(q);
      quoteFrom = withNew(kept.from, quotes.length - kept.from.length);
    } else {
      const copy = yield* quotesInOrder(corpus.quotes, articles, extracted);
      quotes = copy.quotes;
      quoteFrom = copy.from;
    }
  }
  lap('quotes');
  yield;

  // Topics: article counts per candidate, minus the old versions, plus the new; the ranking is
  // brought up to date for the candidates whose counts changed (`updateTopicsInSteps`).
  // The counts, the capitals and the sentence ids are changed in place from here (copying them
  // would cost what they save): they leave the old corpus first, so that an update abandoned from
  // here on (an error, a reload stopped) leaves it to prepare them again, not half-changed.
  states.delete(corpus);
  const counts = state.topicCounts;
  state.capitals ??= yield* capitalTwinsInSteps(counts);
  const capitals = state.capitals;
  const changedTopics = new Set<string>();
  const count = (a: Article, by: number): void => {
    for (const c of articleTopicCandidates(a)) {
      const was = counts.get(c) ?? 0;
      const n = was + by;
      changedTopics.add(c);
      // A candidate no article has is absent from a fresh count (it would otherwise still merge capitals).
      if (n === 0) counts.delete(c);
      else counts.set(c, n);
      if ((n === 0 || was === 0) && mayHaveTwin(c)) {
        const lower = c.toLowerCase();
        const list = (capitals.get(lower) ?? []).filter((x) => x !== c);
        if (n > 0) list.push(c);
        if (list.length > 0) capitals.set(lower, list);
        else capitals.delete(lower);
      }
    }
  };
  for (const id of gone) count(old.get(id) as Article, -1);
  for (const a of fresh) count(a, 1);
  const topics = yield* updateTopicsInSteps(corpus.topics, counts, capitals, changedTopics, { now: articles.length, before: corpus.articles.length });
  lap('topics');
  yield;

  const items: UpdatedItems = { articles, passages, events, quotes, passageFrom, eventFrom, quoteFrom };
  const updated = yield* updateLookupsInSteps(corpus.data, items, search.synonyms.phrases, state.sentences as SentenceIds, (id) => corpus.passageIdx.get(id));
  const data: CorpusData = { articles, passages, events, quotes, topics, ...updated.lookups };
  lap('lookups');
  // What the warm-up of the corpus before built, brought up to date rather than built again: one
  // step each (together they were one turn of tens of ms on whitehouse-all, after the lookups' last list).
  yield;
  const carried = carryLookups(corpus, articles, passages, touched, fresh, passagesOf);
  const next = new Corpus({ data, search, builtAt: opts.builtAt, aliases: corpus.aliasTable, ...(carried && { lookups: carried }) });
  lap('carry');
  yield;
  carryAcronyms(
    corpus.passages,
    passages,
    touched,
    added.map((a) => a.passage),
  );
  lap('carry');
  yield;
  carryTimeline(corpus, next);
  if (quotesKept) carryQuoteRanks(corpus, next, corpus.quotes.length);
  lap('carry');
  states.set(next, { learned, topicCounts: counts, sentences: updated.ids, capitals, ...(learner && { learner }) });
  const changed = fresh.filter((a) => old.has(a.id)).length;
  return { corpus: next, added: fresh.length - changed, changed, removed: gone.length - changed, requoted, ms };
}

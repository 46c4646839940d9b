// Incremental corpus updates: an added, changed or removed article is applied as a small change,
// and the result equals a fresh `buildCorpus` of the same articles in the same order (the updated
// articles last, in the order they arrived). What is per article (passages, events, quotes) is
// extracted for the changed articles only; what is corpus-wide is kept up to date or recomputed:
// - search index: `PassageSearch.update` (delta segment, tombstones, exact statistics);
// - topics: article counts per candidate, kept across updates (`topicsFromCounts` re-ranks them);
// - learned aliases: learned again from every article's full names (cached per article); when
//   the learned table changes, the quotes of the articles that mention a changed name are
//   extracted again (an article that names no changed entry's surname cannot resolve to it);
// - timeline grouping, per-passage and per-speaker lists, sentence terms: recomputed from the
//   new lists (linear, or a sort of the events; sentence terms reuse the old corpus's);
// - speaker index, near-duplicate groups, the typo vocabulary: built from the corpus on use.
import { type Corpus, assembleCorpus } from './corpus.ts';
import { listAt } from './index-lists.ts';
import { splitPassages } from './passages.ts';
import type { AliasEntry, AliasTable } from './quotes/aliases.ts';
import { nameKey } from './quotes/names.ts';
import type { IndexedPassage } from './search/engine.ts';
import { articleTopicCandidates, topicCounts, topicsFromCounts } from './topics.ts';
import type { Article, DatedEvent, Passage, Quote } from './types.ts';

/** One change to the corpus: an article added or replaced (same id), or removed. */
export type CorpusChange = { readonly kind: 'upsert'; readonly article: Article } | { readonly kind: 'remove'; readonly id: string };

/** Per-article extraction, as a fresh build runs it. */
export interface UpdateExtractors {
  readonly events?: (article: Article, passages: readonly Passage[]) => DatedEvent[];
  readonly quotes?: {
    /** The alias table learned from the whole corpus (the fresh build's first quote pass). */
    readonly learn: (articles: readonly Article[]) => AliasTable;
    readonly extract: (article: Article, passages: readonly Passage[], learned: AliasTable) => Quote[];
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

/** What an update keeps for the next one (derived from the corpus, so rebuilt when missing). */
interface UpdateState {
  readonly learned: AliasTable | undefined;
  /** Candidate → articles, for topics. Handed on to the next corpus (not copied: 10^6 entries). */
  readonly topicCounts: Map<string, number>;
}

const states = new WeakMap<Corpus, UpdateState>();

/** Surnames (last words of the keys) of the entries that differ between two learned tables. */
function changedSurnames(before: AliasTable, after: AliasTable): Set<string> {
  const byId = (t: AliasTable): Map<string, string> => new Map(t.entries.map((e) => [e.id, JSON.stringify(e)]));
  const a = byId(before);
  const b = byId(after);
  const out = new Set<string>();
  const add = (e: AliasEntry): void => {
    for (const name of [e.name, ...e.aliases]) {
      const words = nameKey(name).split(' ');
      const last = words[words.length - 1];
      if (last) out.add(last);
    }
  };
  for (const e of before.entries) if (b.get(e.id) !== a.get(e.id)) add(e);
  for (const e of after.entries) if (a.get(e.id) !== b.get(e.id)) add(e);
  return out;
}

/** Whether an article mentions any of the surnames, in the form names are compared in. */
function mentions(article: Article, surnames: ReadonlySet<string>): boolean {
  if (surnames.size === 0) return false;
  const words = new Set(nameKey(`${article.title}\n${article.text}`).split(' '));
  for (const s of surnames) if (words.has(s)) return true;
  return false;
}

/** The distinct index terms of each event sentence and quote context the corpus already knows. */
function knownSentenceTerms(corpus: Corpus): (text: string) => readonly string[] | undefined {
  const { sentenceVocabulary, sentenceTerms, sentenceOfEvent, sentenceOfQuote } = corpus.data;
  const sentenceOf = new Map<string, number>();
  for (const [i, e] of corpus.events.entries()) sentenceOf.set(e.text, sentenceOfEvent[i] as number);
  for (const [i, q] of corpus.quotes.entries()) sentenceOf.set(q.context, sentenceOfQuote[i] as number);
  return (text) => {
    const s = sentenceOf.get(text);
    return s === undefined ? undefined : Array.from(listAt(sentenceTerms, s), (id) => sentenceVocabulary[id] as string);
  };
}

/**
 * Applies `changes` in order (a later change of the same article wins) and returns the new corpus;
 * `corpus` is left as it was and keeps answering. Changed and added articles move to the end.
 */
export function applyChanges(corpus: Corpus, changes: readonly CorpusChange[], opts: UpdateOptions): UpdateResult {
  const ms: Record<string, number> = {};
  let last = opts.clock?.() ?? 0;
  const lap = (step: string): void => {
    if (!opts.clock) return;
    const now = opts.clock();
    ms[step] = now - last;
    last = now;
  };
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
  const passagesOf = new Map(fresh.map((a) => [a.id, splitPassages(a)]));
  const added: IndexedPassage[] = fresh.flatMap((a) => (passagesOf.get(a.id) as Passage[]).map((passage) => ({ passage, title: a.title })));
  const kept = (x: { readonly articleId: string }): boolean => !touched.has(x.articleId);
  const passages = [...corpus.passages.filter(kept), ...added.map((a) => a.passage)];
  lap('passages');
  const search = corpus.search.update({ removed, added });
  lap('search');

  const { events: eventsOf, quotes: quoter } = opts.extractors;
  const events = [...corpus.events.filter(kept), ...(eventsOf ? fresh.flatMap((a) => eventsOf(a, passagesOf.get(a.id) as Passage[])) : [])];

  lap('events');
  const state = states.get(corpus);
  states.delete(corpus);
  const quotes: Quote[] = [];
  let requoted = 0;
  let learned: AliasTable | undefined;
  if (quoter) {
    const before = state?.learned ?? quoter.learn(corpus.articles);
    lap('aliases-before');
    learned = quoter.learn(articles);
    lap('aliases');
    const surnames = changedSurnames(before, learned);
    const oldQuotes = new Map<string, Quote[]>();
    for (const q of corpus.quotes) {
      const list = oldQuotes.get(q.articleId);
      if (list) list.push(q);
      else oldQuotes.set(q.articleId, [q]);
    }
    for (const a of articles) {
      const again = !touched.has(a.id) && mentions(a, surnames);
      if (again) requoted++;
      const list = touched.has(a.id) || again ? quoter.extract(a, passagesOf.get(a.id) ?? corpus.passagesOf.get(a.id) ?? [], learned) : (oldQuotes.get(a.id) ?? []);
      for (const q of list) quotes.push(q);
    }
  }

  lap('quotes');
  // Topics: article counts per candidate, minus the old versions, plus the new.
  const counts = state?.topicCounts ?? topicCounts(corpus.articles);
  lap('topics-before');
  const count = (a: Article, by: number): void => {
    for (const c of articleTopicCandidates(a)) {
      const n = (counts.get(c) ?? 0) + by;
      // A candidate no article has is absent from a fresh count (it would otherwise still merge capitals).
      if (n === 0) counts.delete(c);
      else counts.set(c, n);
    }
  };
  for (const id of gone) count(old.get(id) as Article, -1);
  for (const a of fresh) count(a, 1);
  const topics = topicsFromCounts(counts, articles.length);
  lap('topics');

  const next = assembleCorpus({
    articles,
    passages,
    events,
    quotes,
    search,
    builtAt: opts.builtAt,
    aliases: corpus.aliasTable,
    topics,
    sentenceTerms: knownSentenceTerms(corpus),
  });
  lap('lookups');
  states.set(next, { learned, topicCounts: counts });
  const changed = fresh.filter((a) => old.has(a.id)).length;
  return { corpus: next, added: fresh.length - changed, changed, removed: gone.length - changed, requoted, ms };
}

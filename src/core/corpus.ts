// The built corpus: articles, passages, extracted events and quotes, and the search index, with
// the lookups every command needs. Built once per corpus version (or loaded from the cache).
import { groupEventIndexes } from './events/grouping.ts';
import { EMPTY_LIST, indexLists, listAt, listHolds, listLength, type IndexLists } from './index-lists.ts';
import { splitPassages } from './passages.ts';
import { PassageSearch } from './search/engine.ts';
import type { SynonymTable } from './search/synonyms.ts';
import { termSet, type PhraseSet } from './search/tokenize.ts';
import { sortedIndex } from './sorted.ts';
import { EMPTY_ALIASES, type AliasTable } from './quotes/aliases.ts';
import { buildSpeakers, buildSpeakersInSteps, type SpeakerIndex } from './quotes/speakers.ts';
import { extractTopics, type Topic } from './topics.ts';
import type { Article, Citation, DatedEvent, Passage, Quote } from './types.ts';
import { runAll } from './steps.ts';

export interface Extractors {
  readonly events?: (article: Article, passages: readonly Passage[]) => DatedEvent[];
  readonly quotes?: (articles: readonly Article[], passagesOf: (articleId: string) => readonly Passage[]) => Quote[];
}

/** The corpus's own items (what the cache stores as columns). */
export interface CorpusContent {
  readonly articles: readonly Article[];
  readonly passages: readonly Passage[];
  readonly events: readonly DatedEvent[];
  readonly quotes: readonly Quote[];
}

export interface CorpusData extends CorpusContent {
  /** What the corpus covers, for autocomplete. */
  readonly topics: readonly Topic[];
  // Lookups computed at index time by `buildCorpus` (so in the reload worker, and kept in the
  // cache): grouping 47,000 events took seconds on a bot's first /timeline, past Discord's deadline.
  /** The corpus timeline: its entries in order, each the indexes in `events` of one event's reports (see `events/grouping.ts`). */
  readonly eventGroups: IndexLists;
  /** Indexes in `events` of each passage's events (list i: passage i). */
  readonly eventsOfPassage: IndexLists;
  /** Indexes in `quotes` of each passage's quotes (list i: passage i). */
  readonly quotesOfPassage: IndexLists;
  /** The speaker ids of the quotes, sorted, and the indexes in `quotes` of each one's quotes (list k: `quoteSpeakerIds[k]`). */
  readonly quoteSpeakerIds: readonly string[];
  readonly quotesOfSpeaker: IndexLists;
  /**
   * Index terms (as the search makes them, synonym phrases included) of each distinct event
   * sentence and quote context, for "does this sentence itself mention the topic": list s holds
   * ids into the sorted `sentenceVocabulary`, ascending. (Tokenising them on first use took most of
   * a first /quote by topic.)
   */
  readonly sentenceVocabulary: readonly string[];
  readonly sentenceTerms: IndexLists;
  /** The sentence (list of `sentenceTerms`) of each event's text, and of each quote's context. */
  readonly sentenceOfEvent: Uint32Array;
  readonly sentenceOfQuote: Uint32Array;
}

/** Everything in `CorpusData` besides the items themselves: what is computed from them at index time. */
export type CorpusExtra = Omit<CorpusData, keyof CorpusContent>;

type SentenceLookups = Pick<CorpusData, 'sentenceVocabulary' | 'sentenceTerms' | 'sentenceOfEvent' | 'sentenceOfQuote'>;

/** A text's distinct index terms, as `sentenceLookups` keeps them. */
export type SentenceTermsOf = (text: string) => readonly string[] | undefined;

/** A text's distinct index terms. */
const distinctTerms = (text: string, phrases: PhraseSet): readonly string[] => [...termSet(text, phrases)];

/** The distinct index terms of each distinct text (computed ahead, on another thread, for `sentenceLookups`). */
export function sentenceTermsOf(texts: Iterable<string>, phrases: PhraseSet): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const t of texts) if (!out.has(t)) out.set(t, distinctTerms(t, phrases));
  return out;
}

/**
 * Each sentence's number by its text, as a build numbered them, by the build's `sentenceOfEvent`:
 * the first update of a built corpus takes it (`takeBuiltSentences`) instead of making it again
 * (a map of every event sentence and quote context: 0.3-0.8 s of CPU on whitehouse-all).
 */
const builtSentences = new WeakMap<Uint32Array, Map<string, number>>();

/** The build's map of sentence texts to numbers for `data`, once (undefined: not built in this process, or taken). */
export function takeBuiltSentences(data: CorpusData): Map<string, number> | undefined {
  const map = builtSentences.get(data.sentenceOfEvent);
  builtSentences.delete(data.sentenceOfEvent);
  return map;
}

/** The index terms of event sentences and quote contexts (each distinct text tokenised once, unless `known`). */
function sentenceLookups(events: readonly DatedEvent[], quotes: readonly Quote[], phrases: PhraseSet, known?: SentenceTermsOf): SentenceLookups {
  const sentenceAt = new Map<string, number>();
  const lists: (readonly string[])[] = [];
  const vocabulary = new Set<string>();
  const at = (text: string): number => {
    let s = sentenceAt.get(text);
    if (s === undefined) {
      s = lists.length;
      sentenceAt.set(text, s);
      const list = known?.(text) ?? distinctTerms(text, phrases);
      for (const t of list) vocabulary.add(t);
      lists.push(list);
    }
    return s;
  };
  const sentenceOfEvent = Uint32Array.from(events, (e) => at(e.text));
  const sentenceOfQuote = Uint32Array.from(quotes, (q) => at(q.context));
  builtSentences.set(sentenceOfEvent, sentenceAt);
  const sorted = [...vocabulary].sort();
  const id = new Map(sorted.map((t, i) => [t, i]));
  const starts = new Uint32Array(lists.length + 1);
  lists.forEach((l, s) => {
    starts[s + 1] = (starts[s] as number) + l.length;
  });
  const items = new Uint32Array(starts[lists.length] as number);
  lists.forEach((l, s) => {
    items.set(Uint32Array.from(l, (t) => id.get(t) as number).sort(), starts[s] as number);
  });
  return { sentenceVocabulary: sorted, sentenceTerms: { starts, items }, sentenceOfEvent, sentenceOfQuote };
}

/** The corpus timeline's grouping of `events` (`CorpusData.eventGroups`). */
export function eventGroupsOf(articles: readonly Article[], events: readonly DatedEvent[]): IndexLists {
  const published = new Map(articles.map((a) => [a.id, a.published]));
  return groupEventIndexes(events, (id) => published.get(id));
}

/** What `corpusLookups` computes from. */
interface LookupSources extends CorpusContent {
  /** The search's synonym phrases (sentence terms are index terms). */
  readonly phrases: PhraseSet;
  /** The events' grouping when it was computed elsewhere (another thread): `eventGroupsOf(articles, events)`. */
  readonly eventGroups?: IndexLists;
  /** Sentence terms computed elsewhere (`sentenceTermsOf`). */
  readonly sentenceTerms?: SentenceTermsOf;
}

/** The index-time lookups of `CorpusData` for these passages, events and quotes. */
function corpusLookups({ articles, passages, events, quotes, phrases, eventGroups, sentenceTerms }: LookupSources): Omit<CorpusExtra, 'topics'> {
  const passageAt = new Map(passages.map((p, i) => [p.id, i]));
  const speakerIds = [...new Set(quotes.flatMap((q) => (q.speakerId === null ? [] : [q.speakerId])))].sort();
  const speakerAt = new Map(speakerIds.map((id, k) => [id, k]));
  return {
    eventGroups: eventGroups ?? eventGroupsOf(articles, events),
    eventsOfPassage: indexLists(passages.length, events.length, (i) => passageAt.get((events[i] as DatedEvent).passageId) ?? -1),
    quotesOfPassage: indexLists(passages.length, quotes.length, (i) => passageAt.get((quotes[i] as Quote).passageId) ?? -1),
    quoteSpeakerIds: speakerIds,
    quotesOfSpeaker: indexLists(speakerIds.length, quotes.length, (i) => {
      const id = (quotes[i] as Quote).speakerId;
      return id === null ? -1 : (speakerAt.get(id) ?? -1);
    }),
    ...sentenceLookups(events, quotes, phrases, sentenceTerms),
  };
}

/** Lookups `Corpus` builds on first use, or takes ready-made (the cache loader builds them as it decodes). */
export interface CorpusLookups {
  readonly articleById: ReadonlyMap<string, Article>;
  readonly passageIdx: ReadonlyMap<string, number>;
  readonly passagesOf: ReadonlyMap<string, readonly Passage[]>;
}

export interface CorpusOptions {
  readonly data: CorpusData;
  readonly search: PassageSearch;
  /** When the index was built (ms since epoch), for "index age". */
  readonly builtAt: number;
  /** The alias table speakers' names and aliases come from. */
  readonly aliases?: AliasTable;
  /** Lookups already built; else built on first use. */
  readonly lookups?: CorpusLookups;
}

export class Corpus {
  readonly data: CorpusData;
  readonly search: PassageSearch;
  /** When the index was built (ms since epoch), for "index age". */
  readonly builtAt: number;
  /** The alias table speakers' names and aliases come from. */
  readonly aliasTable: AliasTable;
  private lookups: CorpusLookups | undefined;

  constructor(opts: CorpusOptions) {
    this.data = opts.data;
    this.search = opts.search;
    this.builtAt = opts.builtAt;
    this.aliasTable = opts.aliases ?? EMPTY_ALIASES;
    this.lookups = opts.lookups;
  }

  /**
   * The same corpus answering from another search index of the same passages (a compaction's):
   * what this one has built on use (lookups, speakers) is shared, not built again.
   */
  withSearch(search: PassageSearch): Corpus {
    const next = new Corpus({ data: this.data, search, builtAt: this.builtAt, aliases: this.aliasTable, ...(this.lookups && { lookups: this.lookups }) });
    next.speakerIndex = this.speakerIndex;
    return next;
  }

  /** The lookups by id if built (or given) already, for an update to carry over to the next corpus. */
  builtLookups(): CorpusLookups | undefined {
    return this.lookups;
  }

  /** Articles by id, passage positions by id, and each article's passages in order. */
  private get maps(): CorpusLookups {
    this.lookups ??= buildLookups(this.data);
    return this.lookups;
  }
  get articleById(): ReadonlyMap<string, Article> {
    return this.maps.articleById;
  }
  get passageIdx(): ReadonlyMap<string, number> {
    return this.maps.passageIdx;
  }
  /** Passages of each article, in order. */
  get passagesOf(): ReadonlyMap<string, readonly Passage[]> {
    return this.maps.passagesOf;
  }

  private speakerIndex: SpeakerIndex | undefined;

  /** Canonical speakers of the corpus's quotes (built on first use: a pass over the quotes). */
  get speakers(): SpeakerIndex {
    this.speakerIndex ??= buildSpeakers(this.data.quotes, this.aliasTable);
    return this.speakerIndex;
  }

  /** Builds the lookups by id in slices of a few thousand items (an updated corpus's warm-up, between queries). */
  *prepareLookupsInSteps(): Generator<void, void> {
    if (this.lookups) return;
    const built = yield* buildLookupsInSteps(this.data);
    this.lookups ??= built;
  }

  /** Builds the speaker index in slices (as `prepareLookupsInSteps`). */
  *prepareSpeakersInSteps(): Generator<void, void> {
    if (this.speakerIndex) return;
    const built = yield* buildSpeakersInSteps(this.data.quotes, this.aliasTable);
    this.speakerIndex ??= built;
  }

  get articles(): readonly Article[] {
    return this.data.articles;
  }
  get passages(): readonly Passage[] {
    return this.data.passages;
  }
  get events(): readonly DatedEvent[] {
    return this.data.events;
  }
  get quotes(): readonly Quote[] {
    return this.data.quotes;
  }
  get topics(): readonly Topic[] {
    return this.data.topics;
  }

  /** Indexes in `events` of the events of passage `i` (its position in `passages`). */
  eventsOfPassage(i: number): Uint32Array {
    return listAt(this.data.eventsOfPassage, i);
  }
  /** How many events passage `i` has (without making a view of them: a topic search asks thousands of times). */
  eventCount(i: number): number {
    return listLength(this.data.eventsOfPassage, i);
  }
  /** How many quotes passage `i` has. */
  quoteCount(i: number): number {
    return listLength(this.data.quotesOfPassage, i);
  }
  /** Indexes in `quotes` of the quotes of passage `i`. */
  quotesOfPassage(i: number): Uint32Array {
    return listAt(this.data.quotesOfPassage, i);
  }
  /** Indexes in `quotes` of the speaker's quotes, in corpus order. */
  quotesOfSpeaker(speakerId: string): Uint32Array {
    const k = sortedIndex(this.data.quoteSpeakerIds, speakerId);
    return k < 0 ? EMPTY_LIST : listAt(this.data.quotesOfSpeaker, k);
  }
  /** The id of an index term among the terms of event sentences and quote contexts, or -1 when none has it. */
  sentenceTermId(term: string): number {
    return sortedIndex(this.data.sentenceVocabulary, term);
  }
  /** Whether the sentence of event `i` (its position in `events`) has the index term `termId`. */
  eventSentenceHas(i: number, termId: number): boolean {
    const s = this.data.sentenceOfEvent[i];
    return s !== undefined && termId >= 0 && listHolds(this.data.sentenceTerms, s, termId);
  }
  /** Whether the context of quote `i` has the index term `termId`. */
  quoteContextHas(i: number, termId: number): boolean {
    const s = this.data.sentenceOfQuote[i];
    return s !== undefined && termId >= 0 && listHolds(this.data.sentenceTerms, s, termId);
  }

  article(id: string): Article {
    const a = this.articleById.get(id);
    if (!a) throw new Error(`Attaché: unknown article id ${id}`);
    return a;
  }

  passage(id: string): Passage | undefined {
    const i = this.passageIdx.get(id);
    return i === undefined ? undefined : this.data.passages[i];
  }

  /** The citation of a passage (or of a range inside it). */
  citation(passage: Passage, range?: { start: number; end: number }): Citation {
    const a = this.article(passage.articleId);
    return {
      articleId: a.id,
      passageId: passage.id,
      title: a.title,
      outlet: a.outlet,
      published: a.published,
      ...(a.url !== undefined && { url: a.url }),
      position: { n: passage.n, of: this.passagesOf.get(a.id)?.length ?? passage.n, start: range?.start ?? passage.start, end: range?.end ?? passage.end },
    };
  }

  /** Outlets with their article counts and date ranges, most articles first. */
  outlets(): { outlet: string; articles: number; first: string; last: string }[] {
    const by = new Map<string, { outlet: string; articles: number; first: string; last: string }>();
    for (const a of this.data.articles) {
      const day = a.published.slice(0, 10);
      const o = by.get(a.outlet);
      if (!o) by.set(a.outlet, { outlet: a.outlet, articles: 1, first: day, last: day });
      else {
        o.articles++;
        if (day < o.first) o.first = day;
        if (day > o.last) o.last = day;
      }
    }
    return [...by.values()].sort((x, y) => y.articles - x.articles || x.outlet.localeCompare(y.outlet));
  }
}

function buildLookups(data: CorpusData): CorpusLookups {
  return runAll(buildLookupsInSteps(data));
}

/** Items put in the lookups between two yields of `buildLookupsInSteps`: a few ms on whitehouse-russia. */
const LOOKUP_SLICE = 8000;

function* buildLookupsInSteps(data: CorpusData): Generator<void, CorpusLookups> {
  const passagesOf = new Map<string, Passage[]>();
  const passageIdx = new Map<string, number>();
  for (const [i, p] of data.passages.entries()) {
    const list = passagesOf.get(p.articleId);
    if (list) list.push(p);
    else passagesOf.set(p.articleId, [p]);
    passageIdx.set(p.id, i);
    if (i % LOOKUP_SLICE === LOOKUP_SLICE - 1) yield;
  }
  const articleById = new Map<string, Article>();
  for (const [i, a] of data.articles.entries()) {
    articleById.set(a.id, a);
    if (i % LOOKUP_SLICE === LOOKUP_SLICE - 1) yield;
  }
  return { articleById, passageIdx, passagesOf };
}

export interface BuildOptions {
  readonly articles: readonly Article[];
  readonly synonyms: SynonymTable;
  readonly extractors: Extractors;
  /** The build time to record (ms since epoch). */
  readonly builtAt: number;
  readonly aliases?: AliasTable;
}

/** Splits, extracts and indexes. */
export function buildCorpus({ articles, synonyms, extractors, builtAt, aliases = EMPTY_ALIASES }: BuildOptions): Corpus {
  const passages: Passage[] = [];
  const byArticle = new Map<string, Passage[]>();
  const events: DatedEvent[] = [];
  for (const a of articles) {
    const ps = splitPassages(a);
    byArticle.set(a.id, ps);
    passages.push(...ps);
    if (extractors.events) events.push(...extractors.events(a, ps));
  }
  const quotes = extractors.quotes ? extractors.quotes(articles, (id) => byArticle.get(id) ?? []) : [];
  const titles = new Map(articles.map((a) => [a.id, a.title]));
  const search = PassageSearch.build(passages, (id) => titles.get(id) ?? '', synonyms);
  return assembleCorpus({ articles, passages, events, quotes, search, builtAt, aliases });
}

/** A corpus's built parts (split, extracted and indexed elsewhere, e.g. across threads). */
export interface CorpusParts extends CorpusContent {
  readonly search: PassageSearch;
  /** The build time to record (ms since epoch). */
  readonly builtAt: number;
  readonly aliases?: AliasTable;
  // Computed elsewhere (another thread), else here.
  readonly topics?: readonly Topic[];
  readonly eventGroups?: IndexLists;
  readonly sentenceTerms?: SentenceTermsOf;
}

/** The corpus from its built parts: topics and lookups are computed here unless given. */
export function assembleCorpus(parts: CorpusParts): Corpus {
  const { articles, passages, events, quotes, search } = parts;
  const topics = parts.topics ?? extractTopics(articles);
  const lookups = corpusLookups({
    articles,
    passages,
    events,
    quotes,
    phrases: search.synonyms.phrases,
    ...(parts.eventGroups && { eventGroups: parts.eventGroups }),
    ...(parts.sentenceTerms && { sentenceTerms: parts.sentenceTerms }),
  });
  const data: CorpusData = { articles, passages, events, quotes, topics, ...lookups };
  return new Corpus({ data, search, builtAt: parts.builtAt, ...(parts.aliases && { aliases: parts.aliases }) });
}

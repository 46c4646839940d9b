// The built corpus: articles, passages, extracted events and quotes, and the search index, with
// the lookups every command needs. Built once per corpus version (or loaded from the cache).
import type { CorpusLookups } from './corpus-codec.ts';
import { splitPassages } from './passages.ts';
import { PassageSearch } from './search/engine.ts';
import type { SynonymTable } from './search/synonyms.ts';
import { EMPTY_ALIASES, type AliasTable } from './quotes/aliases.ts';
import { buildSpeakers, type SpeakerIndex } from './quotes/speakers.ts';
import { groupEventIndexes } from './timeline-answer.ts';
import { extractTopics, type Topic } from './topics.ts';
import type { Article, Citation, DatedEvent, Passage, Quote } from './types.ts';

export interface Extractors {
  readonly events?: (article: Article, passages: readonly Passage[]) => DatedEvent[];
  readonly quotes?: (articles: readonly Article[], passagesOf: (articleId: string) => readonly Passage[]) => Quote[];
}

export interface CorpusData {
  readonly articles: readonly Article[];
  readonly passages: readonly Passage[];
  readonly events: readonly DatedEvent[];
  readonly quotes: readonly Quote[];
  /** What the corpus covers, for autocomplete. */
  readonly topics: readonly Topic[];
  // Lookups computed at index time by `buildCorpus` (so in the reload worker, and kept in the
  // cache): grouping 47,000 events took seconds on a bot's first /timeline, past Discord's deadline.
  /** The corpus timeline: its entries in order, each the indexes in `events` of one event's reports (see `groupEvents`). */
  readonly eventGroups: IndexLists;
  /** Indexes in `events` of each passage's events (list i: passage i). */
  readonly eventsOfPassage: IndexLists;
  /** Indexes in `quotes` of each passage's quotes (list i: passage i). */
  readonly quotesOfPassage: IndexLists;
  /** The speaker ids of the quotes, sorted, and the indexes in `quotes` of each one's quotes (list k: `quoteSpeakerIds[k]`). */
  readonly quoteSpeakerIds: readonly string[];
  readonly quotesOfSpeaker: IndexLists;
}

/**
 * Lists of indexes into another array, stored flat: list k is `items[starts[k]]` up to (without)
 * `items[starts[k + 1]]`. Typed arrays, which the cache and the reload worker copy as raw bytes.
 */
export interface IndexLists {
  readonly starts: Uint32Array;
  readonly items: Uint32Array;
}

/** List `k` (empty when there is no such list). */
function listAt(lists: IndexLists, k: number): Uint32Array {
  const from = lists.starts[k];
  const to = lists.starts[k + 1];
  return from === undefined || to === undefined ? EMPTY_LIST : lists.items.subarray(from, to);
}
const EMPTY_LIST = new Uint32Array(0);

/** `count` lists of the indexes 0 … n-1, each index in list `keyOf(i)` (in none when that is < 0), ascending. */
function indexLists(count: number, n: number, keyOf: (i: number) => number): IndexLists {
  const keys = new Int32Array(n);
  const starts = new Uint32Array(count + 1);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    keys[i] = k;
    if (k >= 0) starts[k + 1] = (starts[k + 1] as number) + 1;
  }
  for (let k = 0; k < count; k++) starts[k + 1] = (starts[k + 1] as number) + (starts[k] as number);
  const fill = starts.slice(0, count);
  const items = new Uint32Array(starts[count] as number);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    if (k >= 0) items[(fill[k] as number)++] = i;
  }
  return { starts, items };
}

/** The index-time lookups of `CorpusData` for these passages, events and quotes. */
export function corpusLookups(
  articles: readonly Article[],
  passages: readonly Passage[],
  events: readonly DatedEvent[],
  quotes: readonly Quote[],
): Pick<CorpusData, 'eventGroups' | 'eventsOfPassage' | 'quotesOfPassage' | 'quoteSpeakerIds' | 'quotesOfSpeaker'> {
  const published = new Map(articles.map((a) => [a.id, a.published]));
  const passageAt = new Map(passages.map((p, i) => [p.id, i]));
  const speakerIds = [...new Set(quotes.flatMap((q) => (q.speakerId === null ? [] : [q.speakerId])))].sort();
  const speakerAt = new Map(speakerIds.map((id, k) => [id, k]));
  return {
    eventGroups: groupEventIndexes(events, (id) => published.get(id)),
    eventsOfPassage: indexLists(passages.length, events.length, (i) => passageAt.get((events[i] as DatedEvent).passageId) ?? -1),
    quotesOfPassage: indexLists(passages.length, quotes.length, (i) => passageAt.get((quotes[i] as Quote).passageId) ?? -1),
    quoteSpeakerIds: speakerIds,
    quotesOfSpeaker: indexLists(speakerIds.length, quotes.length, (i) => {
      const id = (quotes[i] as Quote).speakerId;
      return id === null ? -1 : (speakerAt.get(id) ?? -1);
    }),
  };
}

export class Corpus {
  private lookups: CorpusLookups | undefined;

  constructor(
    readonly data: CorpusData,
    readonly search: PassageSearch,
    /** When the index was built (ms since epoch), for "index age". */
    readonly builtAt: number,
    /** The alias table speakers' names and aliases come from. */
    private readonly aliases: AliasTable = EMPTY_ALIASES,
    /** Lookups already built (the cache loader builds them as it goes); else built on first use. */
    lookups?: CorpusLookups,
  ) {
    this.lookups = lookups;
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
    this.speakerIndex ??= buildSpeakers(this.data.quotes, this.aliases);
    return this.speakerIndex;
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
  /** Indexes in `quotes` of the quotes of passage `i`. */
  quotesOfPassage(i: number): Uint32Array {
    return listAt(this.data.quotesOfPassage, i);
  }
  /** Indexes in `quotes` of the speaker's quotes, in corpus order. */
  quotesOfSpeaker(speakerId: string): Uint32Array {
    const ids = this.data.quoteSpeakerIds;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ids[mid] as string) < speakerId) lo = mid + 1;
      else hi = mid;
    }
    return ids[lo] === speakerId ? listAt(this.data.quotesOfSpeaker, lo) : EMPTY_LIST;
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
  const passagesOf = new Map<string, Passage[]>();
  for (const p of data.passages) {
    const list = passagesOf.get(p.articleId);
    if (list) list.push(p);
    else passagesOf.set(p.articleId, [p]);
  }
  return { articleById: new Map(data.articles.map((a) => [a.id, a])), passageIdx: new Map(data.passages.map((p, i) => [p.id, i])), passagesOf };
}

/** Splits, extracts and indexes. `now` is the build time to record. */
export function buildCorpus(articles: readonly Article[], synonyms: SynonymTable, extractors: Extractors, now: number, aliases: AliasTable = EMPTY_ALIASES): Corpus {
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
  return assembleCorpus(articles, passages, events, quotes, search, now, aliases);
}

/** The corpus from its built parts (split, extracted and indexed elsewhere, e.g. across threads): topics and lookups are computed here. */
export function assembleCorpus(
  articles: readonly Article[],
  passages: readonly Passage[],
  events: readonly DatedEvent[],
  quotes: readonly Quote[],
  search: PassageSearch,
  now: number,
  aliases: AliasTable = EMPTY_ALIASES,
): Corpus {
  const data: CorpusData = { articles, passages, events, quotes, topics: extractTopics(articles), ...corpusLookups(articles, passages, events, quotes) };
  return new Corpus(data, search, now, aliases);
}

// The built corpus: articles, passages, extracted events and quotes, and the search index, with
// the lookups every command needs. Built once per corpus version (or loaded from the cache).
import { splitPassages } from './passages.ts';
import { PassageSearch } from './search/engine.ts';
import type { SynonymTable } from './search/synonyms.ts';
import { EMPTY_ALIASES, type AliasTable } from './quotes/aliases.ts';
import { buildSpeakers, type SpeakerIndex } from './quotes/speakers.ts';
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
}

export class Corpus {
  readonly articleById: ReadonlyMap<string, Article>;
  readonly passageIdx: ReadonlyMap<string, number>;
  /** Passages of each article, in order. */
  readonly passagesOf: ReadonlyMap<string, readonly Passage[]>;

  constructor(
    readonly data: CorpusData,
    readonly search: PassageSearch,
    /** When the index was built (ms since epoch), for "index age". */
    readonly builtAt: number,
    /** The alias table speakers' names and aliases come from. */
    private readonly aliases: AliasTable = EMPTY_ALIASES,
  ) {
    this.articleById = new Map(data.articles.map((a) => [a.id, a]));
    this.passageIdx = new Map(data.passages.map((p, i) => [p.id, i]));
    const of = new Map<string, Passage[]>();
    for (const p of data.passages) {
      const list = of.get(p.articleId);
      if (list) list.push(p);
      else of.set(p.articleId, [p]);
    }
    this.passagesOf = of;
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
  return new Corpus({ articles, passages, events, quotes, topics: extractTopics(articles) }, search, now, aliases);
}

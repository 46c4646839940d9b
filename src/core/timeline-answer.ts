// /timeline as data: which events a query selects (topic through the same search and synonyms as
// /ask, from/to, outlet, the server's sources), grouped into timeline entries, and turned into an
// Answer (one item per entry) or the CLI's JSON. Pure: per-corpus lookups are memoised on a
// WeakMap keyed by the Corpus, so a reload's new corpus starts fresh and the old one is collected.
import type { Answer, AnswerItem, Highlight } from './answer.ts';
import { requiredCoverage } from './ask.ts';
import type { Corpus, IndexLists } from './corpus.ts';
import { dateLabel, parseDateBound, type DateBound } from './events/labels.ts';
import { highlightTerms } from './highlight.ts';
import type { Hit } from './search/engine.ts';
import { inRange, SAME_EXPRESSION_SENTENCE, SAME_SENTENCE, validateRange, type TimelineEntry } from './timeline.ts';
import type { Citation, DatedEvent, Passage } from './types.ts';

/** Passages a topic search considers: enough for any real topic, bounded so a query stays fast. */
export const MAX_TOPIC_PASSAGES = 5000;

export interface TimelineQuery {
  readonly topic?: string;
  /** As typed: "2018", "2018-03", "March 2018"... */
  readonly from?: string;
  readonly to?: string;
  /** An outlet name (case-insensitive; a unique prefix or part of a name also does). */
  readonly source?: string;
  readonly allowArticle?: (articleId: string) => boolean;
}

export type TimelineResult =
  | { readonly ok: false; readonly message: string }
  | {
      readonly ok: true;
      readonly topic?: string;
      readonly from?: DateBound;
      readonly to?: DateBound;
      /** The outlet's name as the corpus spells it. */
      readonly source?: string;
      readonly entries: readonly TimelineEntry[];
      /** Index terms of the topic (synonyms and typo corrections included), for highlighting. */
      readonly terms: ReadonlySet<string>;
      /** Why nothing matched before any event was looked at (a topic of common words only). */
      readonly notice?: string;
      /** The topic matched more passages than were considered. */
      readonly capped?: boolean;
    };

// ---------------------------------------------------------------------------------------------
// Grouping. `buildTimeline` in timeline.ts compares each event with every entry of its date, which
// is quadratic: 7.5 s for the 47,000 events of whitehouse-russia (1,587 of them dated "2022").
// This is the same greedy rule, with the same sort and the same thresholds, but each event is only
// compared with entries that can reach the lower threshold: under any fixed word order, two sets
// with Jaccard similarity >= t share a word among the first |A| - floor(t|A|) + 1 words of each
// (the prefix filter of set-similarity joins); words are integer ranks so a comparison is a merge.
// Written here because no library does this greedy grouping; `tests/timeline-command.test.ts`
// checks the output equals buildTimeline's.

/**
 * A sentence's distinct words as timeline.ts compares them, as ranks in one fixed order (rarest
 * first: any fixed order is correct, rare words first keeps the lists of entries to compare short).
 */
export type EventWords = Int32Array;

const MIN_SIMILARITY = Math.min(SAME_SENTENCE, SAME_EXPRESSION_SENTENCE);
const WORD = /[\p{L}\p{N}]+/gu;

/** The ranked words of each distinct sentence. */
export function eventWordsOf(texts: readonly string[]): Map<string, EventWords> {
  const ids = new Map<string, number>();
  const frequency: number[] = [];
  const raw = new Map<string, number[]>();
  for (const t of texts) {
    if (raw.has(t)) continue;
    const seen = new Set<number>();
    for (const w of t.toLowerCase().normalize('NFKC').match(WORD) ?? []) {
      let id = ids.get(w);
      if (id === undefined) {
        id = frequency.length;
        ids.set(w, id);
        frequency.push(0);
      }
      if (!seen.has(id)) {
        seen.add(id);
        frequency[id] = (frequency[id] as number) + 1;
      }
    }
    raw.set(t, [...seen]);
  }
  const words = [...ids.keys()];
  const order = words.map((_, i) => i).sort((a, b) => (frequency[a] as number) - (frequency[b] as number) || cmp(words[a] as string, words[b] as string));
  const rank = new Int32Array(words.length);
  order.forEach((id, r) => {
    rank[id] = r;
  });
  const out = new Map<string, EventWords>();
  for (const [t, list] of raw) out.set(t, Int32Array.from(list, (id) => rank[id] as number).sort());
  return out;
}

/** Jaccard similarity of two sorted rank lists: the same value as `jaccard` on the word sets. */
function rankJaccard(a: EventWords, b: EventWords): number {
  if (a.length === 0 && b.length === 0) return 1;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** How many of a sentence's rarest words the prefix filter indexes (an empty sentence: one marker). */
function prefixLength(n: number): number {
  return Math.min(n, n - Math.floor(MIN_SIMILARITY * n) + 1);
}
const EMPTY = -1;

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Events in timeline order, the same event from several articles as one entry (as `buildTimeline`),
 * as indexes into `events`: entry k is `items[starts[k]]` up to `items[starts[k + 1]]`, its first
 * event the representative. Run at index time for the whole corpus (`CorpusData.eventGroups`).
 */
export function groupEventIndexes(
  events: readonly DatedEvent[],
  publishedOf: (articleId: string) => string | undefined,
): IndexLists {
  const all = eventWordsOf(events.map((e) => e.text));
  const published = events.map((e) => publishedOf(e.articleId) ?? '');
  const ev = (i: number): DatedEvent => events[i] as DatedEvent;
  const sorted = events.map((_, i) => i).sort((i, j) => {
    const a = ev(i);
    const b = ev(j);
    return cmp(a.date, b.date) || cmp(published[i] as string, published[j] as string) || cmp(a.articleId, b.articleId) || a.start - b.start;
  });
  const starts: number[] = [];
  const items: number[] = [];
  let date: string | undefined;
  let groups: { events: number[]; articles: Set<string>; words: EventWords; expression: string }[] = [];
  const byWord = new Map<number, number[]>();
  for (const i of sorted) {
    const e = ev(i);
    if (e.date !== date) {
      flush();
      date = e.date;
      groups = [];
      byWord.clear();
    }
    const w = all.get(e.text) as EventWords;
    const prefix = w.length === 0 ? [EMPTY] : w.subarray(0, prefixLength(w.length));
    const expr = e.expression.toLowerCase();
    const candidates = new Set<number>();
    for (const word of prefix) for (const g of byWord.get(word) ?? []) candidates.add(g);
    let found: number | undefined;
    for (const g of [...candidates].sort((a, b) => a - b)) {
      const group = groups[g];
      if (!group || group.articles.has(e.articleId)) continue;
      const j = rankJaccard(group.words, w);
      if (j >= SAME_SENTENCE || (group.expression === expr && j >= SAME_EXPRESSION_SENTENCE)) {
        found = g;
        break;
      }
    }
    const group = found === undefined ? undefined : groups[found];
    if (group) {
      group.events.push(i);
      group.articles.add(e.articleId);
    } else {
      const g = groups.length;
      groups.push({ events: [i], articles: new Set([e.articleId]), words: w, expression: expr });
      for (const word of prefix) {
        const list = byWord.get(word);
        if (list) list.push(g);
        else byWord.set(word, [g]);
      }
    }
  }
  flush();
  starts.push(items.length);
  return { starts: Uint32Array.from(starts), items: Uint32Array.from(items) };

  function flush(): void {
    for (const g of groups) {
      starts.push(items.length);
      items.push(...g.events);
    }
  }
}

/** The timeline entries of `groupEventIndexes`. */
function entriesOf(events: readonly DatedEvent[], groups: IndexLists): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const labels = new Map<string, string>();
  for (let k = 0; k + 1 < groups.starts.length; k++) {
    const from = groups.starts[k] as number;
    const list = new Array<DatedEvent>((groups.starts[k + 1] as number) - from);
    for (let j = 0; j < list.length; j++) list[j] = events[groups.items[from + j] as number] as DatedEvent;
    const first = list[0];
    if (!first) continue;
    const key = `${first.date}/${first.precision}`;
    let label = labels.get(key);
    if (label === undefined) {
      label = dateLabel(first.date, first.precision);
      labels.set(key, label);
    }
    out.push({ date: first.date, precision: first.precision, label, events: list });
  }
  return out;
}

/** Events in timeline order, the same event from several articles as one entry (as `buildTimeline`). */
export function groupEvents(
  events: readonly DatedEvent[],
  publishedOf: (articleId: string) => string | undefined,
): TimelineEntry[] {
  return entriesOf(events, groupEventIndexes(events, publishedOf));
}

// ---------------------------------------------------------------------------------------------
// Per-corpus lookups. The grouping of the whole corpus, each passage's events and the terms of
// each event's sentence are computed at index time (`CorpusData`), so the first query costs what
// later ones do. A reload's new corpus starts fresh.

/** The corpus timeline's entries, and each event's place in it, made on the first query (cheap). */
interface CorpusTimeline {
  readonly entries: readonly TimelineEntry[];
  /** Entry of each event (by index in `events`). */
  readonly entryOf: Uint32Array;
  /** Position of each event in timeline order (entries in order, each entry's events in order). */
  readonly rankOf: Uint32Array;
}
const timelines = new WeakMap<Corpus, CorpusTimeline>();

function corpusTimeline(corpus: Corpus): CorpusTimeline {
  let t = timelines.get(corpus);
  if (!t) {
    const { starts, items } = corpus.data.eventGroups;
    const entryOf = new Uint32Array(corpus.events.length);
    const rankOf = new Uint32Array(corpus.events.length);
    for (let k = 0; k + 1 < starts.length; k++) {
      for (let j = starts[k] as number; j < (starts[k + 1] as number); j++) {
        entryOf[items[j] as number] = k;
        rankOf[items[j] as number] = j;
      }
    }
    t = { entries: entriesOf(corpus.events, corpus.data.eventGroups), entryOf, rankOf };
    timelines.set(corpus, t);
  }
  return t;
}

/** Builds the corpus timeline's entries now rather than on the first /timeline. */
export function prepareTimeline(corpus: Corpus): void {
  corpusTimeline(corpus);
}

/**
 * The corpus timeline narrowed to some events (indexes in `events`): each entry keeps the chosen
 * events among its reports. The grouping is the one made at index time for the whole corpus, so
 * an event is grouped the same way whatever the query (and no query pays for grouping).
 */
function narrowTimeline(corpus: Corpus, chosen: readonly number[]): TimelineEntry[] {
  const { entries, entryOf, rankOf } = corpusTimeline(corpus);
  const sorted = Uint32Array.from(chosen).sort((a, b) => (rankOf[a] as number) - (rankOf[b] as number));
  const out: TimelineEntry[] = [];
  for (let i = 0; i < sorted.length; ) {
    const k = entryOf[sorted[i] as number] as number;
    const entry = entries[k] as TimelineEntry;
    let j = i;
    while (j < sorted.length && entryOf[sorted[j] as number] === k) j++;
    if (j - i === entry.events.length) out.push(entry);
    else out.push({ ...entry, events: Array.from(sorted.subarray(i, j), (e) => corpus.events[e] as DatedEvent) });
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The query.

/** The outlet `typed` names: exactly (any case), else the only outlet it begins or is part of. */
export function resolveOutlet(outlets: readonly string[], typed: string): { outlet: string } | { message: string } {
  const t = typed.trim().toLowerCase();
  const exact = outlets.find((o) => o.toLowerCase() === t);
  if (exact !== undefined) return { outlet: exact };
  const prefix = outlets.filter((o) => o.toLowerCase().startsWith(t));
  const part = prefix.length > 0 ? prefix : outlets.filter((o) => o.toLowerCase().includes(t));
  if (part.length === 1) return { outlet: part[0] as string };
  const list = (part.length > 1 ? part : outlets).slice(0, 10).join(', ');
  return { message: part.length > 1 ? `“${typed.trim()}” names several outlets: ${list}. Pick one.` : `No outlet called “${typed.trim()}” in the corpus. Outlets: ${list}.` };
}

function bound(name: 'from' | 'to', value: string | undefined): DateBound | { message: string } | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const b = parseDateBound(value);
  return b.ok ? { date: b.date, precision: b.precision } : { message: `${name}: ${b.message}` };
}

/** Selects and groups the events a /timeline query asks for. */
export function queryTimeline(corpus: Corpus, q: TimelineQuery): TimelineResult {
  const from = bound('from', q.from);
  if (from && 'message' in from) return { ok: false, message: from.message };
  const to = bound('to', q.to);
  if (to && 'message' in to) return { ok: false, message: to.message };
  const bad = validateRange(from, to);
  if (bad !== null) return { ok: false, message: bad };
  let source: string | undefined;
  if (q.source !== undefined && q.source.trim() !== '') {
    const r = resolveOutlet(corpus.outlets().map((o) => o.outlet), q.source);
    if ('message' in r) return { ok: false, message: r.message };
    source = r.outlet;
  }
  const allow = q.allowArticle;
  const articleOk = (id: string): boolean => (allow ? allow(id) : true) && (source === undefined || corpus.articleById.get(id)?.outlet === source);
  const keep = (e: DatedEvent): boolean => articleOk(e.articleId) && inRange(e, from, to);
  const base = { ok: true as const, ...(from && { from }), ...(to && { to }), ...(source !== undefined && { source }) };
  const topic = q.topic?.trim();
  if (topic === undefined || topic === '') {
    // The whole corpus was grouped at index time (seconds on 47,000 events); a query keeps the
    // events of each entry that it wants, so an entry whose first report is left out keeps its others.
    const entries: TimelineEntry[] = [];
    for (const entry of corpusTimeline(corpus).entries) {
      const kept = entry.events.filter(keep);
      if (kept.length > 0) entries.push(kept.length === entry.events.length ? entry : { ...entry, events: kept });
    }
    return { ...base, entries, terms: new Set() };
  }

  // Passages that match the topic as /ask would (same terms, synonyms and coverage rule), among
  // passages with a kept event; then the events whose own sentence mentions a matched term, so a
  // date elsewhere in a long passage is not filed under a topic its sentence never mentions.
  const events = corpus.events;
  const unfiltered = !allow && source === undefined && !from && !to;
  const filter = unfiltered ? (i: number): boolean => corpus.eventCount(i) > 0 : (i: number): boolean => corpus.eventsOfPassage(i).some((k) => keep(events[k] as DatedEvent));
  let { groups, hits } = corpus.search.search(topic, { limit: MAX_TOPIC_PASSAGES, filter });
  if (groups.length === 0) {
    return { ...base, topic, entries: [], terms: new Set(), notice: 'Give a topic with a few words that matter (names, places, events): this one has only common words.' };
  }
  const need = requiredCoverage(groups.length) - 1e-9;
  if (!hits.some((h) => h.coverage >= need)) {
    const fuzzy = corpus.search.search(topic, { limit: MAX_TOPIC_PASSAGES, filter, fuzzy: true });
    if (fuzzy.hits.some((h) => h.coverage >= need)) hits = fuzzy.hits;
  }
  const matching: Hit[] = hits.filter((h) => h.coverage >= need);
  const topicTerms = new Set<string>(groups.flat());
  for (const h of matching) for (const t of h.terms) topicTerms.add(t);
  const selected: number[] = [];
  // Hits that matched the same terms share their terms list (see `PassageSearch.search`).
  const idsOf = new Map<readonly string[], number[]>();
  for (const h of matching) {
    let ids = idsOf.get(h.terms);
    if (!ids) {
      ids = h.terms.map((t) => corpus.sentenceTermId(t)).filter((id) => id >= 0);
      idsOf.set(h.terms, ids);
    }
    for (const k of corpus.eventsOfPassage(h.idx)) {
      if ((unfiltered || keep(events[k] as DatedEvent)) && ids.some((id) => corpus.eventSentenceHas(k, id))) selected.push(k);
    }
  }
  return { ...base, topic, entries: narrowTimeline(corpus, selected), terms: topicTerms, ...(hits.length >= MAX_TOPIC_PASSAGES && { capped: true }) };
}

// ---------------------------------------------------------------------------------------------
// Presentation.

/** Where the event's sentence starts in its article's text. */
function sentenceStart(corpus: Corpus, e: DatedEvent): number {
  const text = corpus.article(e.articleId).text;
  const at = text.lastIndexOf(e.text, e.start);
  if (at >= 0 && at + e.text.length >= e.end) return at;
  const after = text.indexOf(e.text);
  return after >= 0 ? after : e.start;
}

function passageOf(corpus: Corpus, e: DatedEvent): Passage {
  const p = corpus.passage(e.passageId);
  if (!p) throw new Error(`Attaché: event of unknown passage ${e.passageId}`);
  return p;
}

/** The citation of an event: its passage, with the range of its sentence. */
export function eventCitation(corpus: Corpus, e: DatedEvent): Citation {
  const start = sentenceStart(corpus, e);
  return corpus.citation(passageOf(corpus, e), { start, end: start + e.text.length });
}

/** Sorted, non-overlapping union of ranges. */
export function mergeHighlights(ranges: readonly Highlight[]): Highlight[] {
  const sorted = [...ranges].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The event's sentence with the date expression and the topic's terms marked. */
function eventHighlights(corpus: Corpus, e: DatedEvent, topicTerms: ReadonlySet<string>): Highlight[] {
  const offset = e.start - sentenceStart(corpus, e);
  const expr: Highlight[] = e.text.slice(offset, offset + e.expression.length) === e.expression ? [[offset, offset + e.expression.length]] : [];
  const topic = topicTerms.size > 0 ? highlightTerms(e.text, topicTerms, corpus.search.synonyms.phrases) : [];
  return mergeHighlights([...expr, ...topic]);
}

function entryItem(corpus: Corpus, entry: TimelineEntry, topicTerms: ReadonlySet<string>): AnswerItem {
  const [head, ...others] = entry.events as [DatedEvent, ...DatedEvent[]];
  return {
    excerpt: head.text,
    highlights: eventHighlights(corpus, head, topicTerms),
    citation: eventCitation(corpus, head),
    date: { iso: entry.date, precision: entry.precision, label: entry.label },
    ...(others.length > 0 && { alsoIn: others.map((o) => eventCitation(corpus, o)) }),
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(result: Extract<TimelineResult, { ok: true }>): string {
  const parts: string[] = [];
  if (result.topic !== undefined) parts.push(`about “${result.topic}”`);
  if (result.from && result.to) parts.push(`from ${dateLabel(result.from.date, result.from.precision)} to ${dateLabel(result.to.date, result.to.precision)}`);
  else if (result.from) parts.push(`from ${dateLabel(result.from.date, result.from.precision)}`);
  else if (result.to) parts.push(`up to ${dateLabel(result.to.date, result.to.precision)}`);
  if (result.source !== undefined) parts.push(`in ${result.source}`);
  return parts.join(' ');
}

export function timelineAnswer(corpus: Corpus, result: TimelineResult, page: number, limit: number): Answer {
  if (!result.ok) return { command: 'timeline', title: 'Cannot do that', answered: false, notice: result.message, items: [], error: true, ephemeral: true };
  const title = result.topic !== undefined ? `Timeline: “${result.topic}”` : 'Timeline of the corpus';
  const what = describe(result);
  const total = result.entries.length;
  if (total === 0) {
    const notice = result.notice ?? `No dated events${what ? ` ${what}` : ''} in the corpus.`;
    return { command: 'timeline', title, answered: false, notice, items: [] };
  }
  const size = Math.max(1, limit);
  const pageCount = Math.max(1, Math.ceil(total / size));
  const shown = Math.min(Math.max(0, page), pageCount - 1);
  const entries = result.entries.slice(shown * size, shown * size + size);
  const first = result.entries[0] as TimelineEntry;
  const last = result.entries[total - 1] as TimelineEntry;
  const span = first.label === last.label ? first.label : `${first.label} – ${last.label}`;
  const several = result.entries.filter((e) => e.events.length > 1).length;
  const notice = [
    `${plural(total, 'dated event')}${what ? ` ${what}` : ''}, ${span}`,
    ...(several > 0 ? [several === 1 ? `1 reported by ${(result.entries.find((e) => e.events.length > 1) as TimelineEntry).events.length} sources` : `${several} reported by several sources`] : []),
    ...(result.capped ? [`from the ${MAX_TOPIC_PASSAGES} best-matching passages`] : []),
  ].join(' · '); // The renderers add the page and the page count.
  return {
    command: 'timeline',
    title,
    answered: true,
    notice,
    items: entries.map((e) => entryItem(corpus, e, result.terms)),
    paging: { page: shown, pageCount, total },
  };
}

/** One event as the CLI prints it. */
function eventJson(corpus: Corpus, e: DatedEvent) {
  const a = corpus.article(e.articleId);
  return {
    date: e.date,
    precision: e.precision,
    text: e.text,
    expression: e.expression,
    passageId: e.passageId,
    articleId: e.articleId,
    title: a.title,
    outlet: a.outlet,
    published: a.published,
    url: a.url ?? null,
  };
}

/**
 * The CLI's JSON: one object per timeline entry (its first report), with `label` and the other
 * reports of the same event in `alsoIn`. Every entry unless `limit` is given.
 */
export function timelineJson(corpus: Corpus, result: Extract<TimelineResult, { ok: true }>, opts: { limit?: number; page?: number } = {}) {
  const page = Math.max(0, opts.page ?? 0);
  const entries = opts.limit === undefined ? result.entries : result.entries.slice(page * opts.limit, page * opts.limit + opts.limit);
  return {
    topic: result.topic ?? null,
    ...(result.from && { from: result.from.date }),
    ...(result.to && { to: result.to.date }),
    ...(result.source !== undefined && { source: result.source }),
    total: result.entries.length,
    ...(result.notice !== undefined && { notice: result.notice }),
    events: entries.map((entry) => {
      const [head, ...others] = entry.events as [DatedEvent, ...DatedEvent[]];
      return {
        ...eventJson(corpus, head),
        label: entry.label,
        ...(others.length > 0 && { alsoIn: others.map((o) => eventJson(corpus, o)) }),
      };
    }),
  };
}

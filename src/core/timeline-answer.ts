// /timeline as data: which events a query selects (topic through the same search and synonyms as
// /ask, from/to, outlet, the server's sources), grouped into timeline entries, and turned into an
// Answer (one item per entry) or the CLI's JSON. Pure: per-corpus lookups are memoised on a
// WeakMap keyed by the Corpus, so a reload's new corpus starts fresh and the old one is collected.
import type { Answer, AnswerItem, Highlight } from './answer.ts';
import type { Corpus } from './corpus.ts';
import { keptGroupsOf, timelineEntriesInSteps, type TimelineEntry } from './events/grouping.ts';
import { dateLabel, type DateBound } from './events/labels.ts';
import { inRange, parseDateRange } from './events/range.ts';
import { highlightTerms } from './highlight.ts';
import { MAX_TOPIC_PASSAGES, searchTopic, topicTerms } from './search/topic.ts';
import type { Citation, DatedEvent, Passage } from './types.ts';

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
  const t = timelines.get(corpus);
  if (t) return t;
  const steps = prepareTimelineInSteps(corpus);
  while (!steps.next().done);
  return timelines.get(corpus) as CorpusTimeline;
}

/** Builds the corpus timeline's entries now rather than on the first /timeline. */
export function prepareTimeline(corpus: Corpus): void {
  corpusTimeline(corpus);
}

/** `prepareTimeline` in slices of a few ms (the warm-up of an updated corpus runs it between queries). */
export function* prepareTimelineInSteps(corpus: Corpus): Generator<void, void> {
  if (timelines.has(corpus)) return;
  const { starts, items } = corpus.data.eventGroups;
  const entryOf = new Uint32Array(corpus.events.length);
  const rankOf = new Uint32Array(corpus.events.length);
  for (let k = 0; k + 1 < starts.length; k++) {
    for (let j = starts[k] as number; j < (starts[k + 1] as number); j++) {
      entryOf[items[j] as number] = k;
      rankOf[items[j] as number] = j;
    }
    if (k % 20_000 === 19_999) yield;
  }
  yield;
  const previous = carried.get(corpus);
  const entries = yield* timelineEntriesInSteps(corpus.events, corpus.data.eventGroups, previous);
  carried.delete(corpus);
  // Another caller may have made it meanwhile (a query between slices): keep the first.
  if (!timelines.has(corpus)) timelines.set(corpus, { entries, entryOf, rankOf });
}

/** The entries of the corpus before an update, and which of its groups each new group is, until the new corpus makes its own. */
const carried = new WeakMap<Corpus, { readonly entries: readonly TimelineEntry[]; readonly from: Int32Array }>();

/**
 * Lets an updated corpus reuse the timeline entries of the corpus before for its unchanged groups
 * (most of them: only the dates the update touched are grouped again) instead of making every
 * entry again in its warm-up.
 */
export function carryTimeline(before: Corpus, after: Corpus): void {
  const t = timelines.get(before);
  const from = keptGroupsOf(after.data.eventGroups);
  if (t && from) carried.set(after, { entries: t.entries, from });
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
function resolveOutlet(outlets: readonly string[], typed: string): { outlet: string } | { message: string } {
  const t = typed.trim().toLowerCase();
  const exact = outlets.find((o) => o.toLowerCase() === t);
  if (exact !== undefined) return { outlet: exact };
  const prefix = outlets.filter((o) => o.toLowerCase().startsWith(t));
  const part = prefix.length > 0 ? prefix : outlets.filter((o) => o.toLowerCase().includes(t));
  if (part.length === 1) return { outlet: part[0] as string };
  const list = (part.length > 1 ? part : outlets).slice(0, 10).join(', ');
  return { message: part.length > 1 ? `“${typed.trim()}” names several outlets: ${list}. Pick one.` : `No outlet called “${typed.trim()}” in the corpus. Outlets: ${list}.` };
}

/** Selects and groups the events a /timeline query asks for. */
export function queryTimeline(corpus: Corpus, q: TimelineQuery): TimelineResult {
  const range = parseDateRange(q.from, q.to);
  if (!range.ok) return range;
  const { from, to } = range.range;
  let source: string | undefined;
  if (q.source !== undefined && q.source.trim() !== '') {
    const r = resolveOutlet(
      corpus.outlets().map((o) => o.outlet),
      q.source,
    );
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
  const match = searchTopic(corpus.search, topic, { filter });
  if (match.groups.length === 0) {
    return { ...base, topic, entries: [], terms: new Set(), notice: 'Give a topic with a few words that matter (names, places, events): this one has only common words.' };
  }
  const selected: number[] = [];
  // Hits that matched the same terms share their terms list (see `PassageSearch.search`).
  const idsOf = new Map<readonly string[], number[]>();
  for (const h of match.matching) {
    let ids = idsOf.get(h.terms);
    if (!ids) {
      ids = h.terms.map((t) => corpus.sentenceTermId(t)).filter((id) => id >= 0);
      idsOf.set(h.terms, ids);
    }
    for (const k of corpus.eventsOfPassage(h.idx)) {
      if ((unfiltered || keep(events[k] as DatedEvent)) && ids.some((id) => corpus.eventSentenceHas(k, id))) selected.push(k);
    }
  }
  return { ...base, topic, entries: narrowTimeline(corpus, selected), terms: topicTerms(match), ...(match.capped && { capped: true }) };
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
function eventCitation(corpus: Corpus, e: DatedEvent): Citation {
  const start = sentenceStart(corpus, e);
  return corpus.citation(passageOf(corpus, e), { start, end: start + e.text.length });
}

/** Sorted, non-overlapping union of ranges. */
function mergeHighlights(ranges: readonly Highlight[]): Highlight[] {
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
    ...(e.modifier && { modifier: e.modifier }),
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

// The corpus timeline's grouping, which /timeline runs: events in timeline order, the same event
// reported by several articles as one entry. The same rule as `buildTimeline` in
// timeline-reference.ts, fast enough to run at index time over the whole corpus.
import type { IndexLists } from '../index-lists.ts';
import type { DateModifier, DatedEvent, Precision } from '../types.ts';
import { compareDates, dateKey } from './calendar.ts';
import { dateLabel } from './labels.ts';
import { runAll } from '../steps.ts';

export interface TimelineEntry {
  readonly date: string;
  readonly precision: Precision;
  /** "early", "mid", "late" when the text says so. */
  readonly modifier?: DateModifier;
  /** "Dec 2017", "20 Jan 2025", "2016", "summer 2018", "week of 4 Mar 2019", "late Jul 2018". */
  readonly label: string;
  /** The same event as reported by each article; the first is the representative. */
  readonly events: readonly DatedEvent[];
}

/** Near-identical sentences: Jaccard similarity of their normalised word sets. */
export const SAME_SENTENCE = 0.8;
/** Enough shared words when the date expression is also the same ("last month" in two wire copies). */
export const SAME_EXPRESSION_SENTENCE = 0.5;

// `buildTimeline` in timeline-reference.ts compares each event with every entry of its date, which
// is quadratic: 7.5 s for the 47,000 events of whitehouse-russia (1,587 of them dated "2022").
// This is the same greedy rule, with the same sort and the same thresholds, but each event is only
// compared with entries that can reach the lower threshold: under any fixed word order, two sets
// with Jaccard similarity >= t share a word among the first |A| - floor(t|A|) + 1 words of each
// (the prefix filter of set-similarity joins); words are integer ranks so a comparison is a merge.
// Written here because no library does this greedy grouping; `tests/timeline-command.test.ts`
// checks the output equals buildTimeline's.

/**
 * A sentence's distinct words as timeline-reference.ts compares them, as ranks in one fixed order (rarest
 * first: any fixed order is correct, rare words first keeps the lists of entries to compare short).
 */
type EventWords = Int32Array;

const MIN_SIMILARITY = Math.min(SAME_SENTENCE, SAME_EXPRESSION_SENTENCE);
const WORD = /[\p{L}\p{N}]+/gu;

/** The ranked words of each distinct sentence. */
function* eventWordsOf(texts: readonly string[]): Generator<void, Map<string, EventWords>> {
  const ids = new Map<string, number>();
  const frequency: number[] = [];
  const raw = new Map<string, number[]>();
  let n = 0;
  for (const t of texts) {
    if (++n % GROUP_SLICE === 0) yield;
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
  yield;
  const words = [...ids.keys()];
  const order = words.map((_, i) => i).sort((a, b) => (frequency[a] as number) - (frequency[b] as number) || cmp(words[a] as string, words[b] as string));
  const rank = new Int32Array(words.length);
  order.forEach((id, r) => {
    rank[id] = r;
  });
  yield;
  const out = new Map<string, EventWords>();
  n = 0;
  for (const [t, list] of raw) {
    if (++n % GROUP_SLICE === 0) yield;
    out.set(t, Int32Array.from(list, (id) => rank[id] as number).sort());
  }
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
 * as indexes into `events` (only those of `subset`, when given): entry k is `items[starts[k]]` up to `items[starts[k + 1]]`, its first
 * event the representative. Run at index time for the whole corpus (`CorpusData.eventGroups`).
 */
export function groupEventIndexes(events: readonly DatedEvent[], publishedOf: (articleId: string) => string | undefined, subset?: readonly number[]): IndexLists {
  return runAll(groupEventIndexesInSteps(events, publishedOf, subset));
}

/** A group of one date being built: its events, their articles, its first event's words and date expression (lower case). */
interface OpenGroup {
  events: number[];
  articles: Set<string>;
  words: EventWords;
  expression: string;
}

/**
 * Whether an event of `articleId` (its words, its lower-case expression) joins `group`: a sentence
 * of another article near-identical to the group's first, or a looser match on the same date
 * expression. The whole grouping and an update's placing of new events decide alike.
 */
function joins(group: OpenGroup, articleId: string, words: EventWords, expression: string): boolean {
  if (group.articles.has(articleId)) return false;
  const j = rankJaccard(group.words, words);
  return j >= SAME_SENTENCE || (group.expression === expression && j >= SAME_EXPRESSION_SENTENCE);
}

/**
 * One date's open groups, with the prefix filter's index (word → the groups whose first sentence's
 * prefix has it): the whole grouping and an update's placing of new events share it, so they find
 * the same candidates in the same order.
 */
class DateGroups {
  readonly groups: OpenGroup[] = [];
  private readonly byWord = new Map<number, number[]>();

  /** Starts a group (after every group made before). */
  open(events: number[], articles: Set<string>, words: EventWords, expression: string): OpenGroup {
    const g = this.groups.length;
    const group = { events, articles, words, expression };
    this.groups.push(group);
    for (const word of prefixOf(words)) {
      const at = this.byWord.get(word);
      if (at) at.push(g);
      else this.byWord.set(word, [g]);
    }
    return group;
  }

  /** The groups an event with `words` may join, in creation order: those sharing a word of its prefix. */
  candidates(words: EventWords): OpenGroup[] {
    const found = new Set<number>();
    for (const word of prefixOf(words)) for (const g of this.byWord.get(word) ?? []) found.add(g);
    return [...found].sort((a, b) => a - b).map((g) => this.groups[g] as OpenGroup);
  }
}

/** Events (or texts) read between two yields of `groupEventIndexesInSteps`: a few ms each. */
const GROUP_SLICE = 1024;

/**
 * `groupEventIndexes` in steps of about a thousand events: an update groups again every event of
 * the dates it touched, which was one turn of 0.25 s of CPU on whitehouse-russia (a busy date
 * holds thousands of events).
 */
export function* groupEventIndexesInSteps(events: readonly DatedEvent[], publishedOf: (articleId: string) => string | undefined, subset?: readonly number[]): Generator<void, IndexLists> {
  const chosen = subset ?? events.map((_, i) => i);
  const ev = (i: number): DatedEvent => events[i] as DatedEvent;
  const all = yield* eventWordsOf(chosen.map((i) => ev(i).text));
  const published = new Array<string>(events.length);
  for (const i of chosen) published[i] = publishedOf(ev(i).articleId) ?? '';
  const sorted = [...chosen].sort((i, j) => {
    const a = ev(i);
    const b = ev(j);
    return compareDates(a, b) || cmp(published[i] as string, published[j] as string) || cmp(a.articleId, b.articleId) || a.start - b.start;
  });
  const starts: number[] = [];
  const items: number[] = [];
  let date: string | undefined;
  let groups = new DateGroups();
  yield;
  let n = 0;
  for (const i of sorted) {
    if (++n % GROUP_SLICE === 0) yield;
    const e = ev(i);
    const key = dateKey(e);
    if (key !== date) {
      flush();
      date = key;
      groups = new DateGroups();
    }
    const w = all.get(e.text) as EventWords;
    const expr = e.expression.toLowerCase();
    const group = groups.candidates(w).find((g) => joins(g, e.articleId, w, expr));
    if (group) {
      group.events.push(i);
      group.articles.add(e.articleId);
    } else groups.open([i], new Set([e.articleId]), w, expr);
  }
  flush();
  starts.push(items.length);
  return { starts: Uint32Array.from(starts), items: Uint32Array.from(items) };

  function flush(): void {
    for (const g of groups.groups) {
      starts.push(items.length);
      items.push(...g.events);
    }
  }
}

/**
 * `groupEventIndexes(events, publishedOf)` after a corpus update, from the grouping of the events
 * before it: `newIndexOf` maps each old event to its index in `events` (-1: removed), and the
 * events from `firstAdded` on are new. Grouping is greedy within a date (dateKey) and compares
 * nothing across dates, and which group an event joins does not depend on the word order the
 * prefix filter uses (the first qualifying group wins, and every qualifying group is a
 * candidate), so only the dates that lost or gained events are grouped again; the other groups
 * keep their events, renumbered.
 */
export function regroupEventIndexes(
  old: { readonly events: readonly DatedEvent[]; readonly groups: IndexLists },
  events: readonly DatedEvent[],
  newIndexOf: Int32Array,
  firstAdded: number,
  publishedOf: (articleId: string) => string | undefined,
): IndexLists {
  return runAll(regroupEventIndexesInSteps(old, events, newIndexOf, firstAdded, publishedOf));
}

/** Events or groups read between two yields of `regroupEventIndexesInSteps`: a few ms each. */
const REGROUP_SLICE = 4096;

/**
 * `regroupEventIndexes`, yielding every few thousand events or groups: its passes over every
 * event and group were one turn of up to 0.4 s on whitehouse-russia under load, in each update.
 */
export function* regroupEventIndexesInSteps(
  old: { readonly events: readonly DatedEvent[]; readonly groups: IndexLists },
  events: readonly DatedEvent[],
  newIndexOf: Int32Array,
  firstAdded: number,
  publishedOf: (articleId: string) => string | undefined,
): Generator<void, IndexLists> {
  const affected = new Set<string>();
  // Their date strings too, to pass over the other groups without making each one's key (a string
  // per group, tens of thousands an arrival).
  const affectedDates = new Set<string>();
  const affect = (e: DatedEvent): void => {
    affected.add(dateKey(e));
    affectedDates.add(e.date);
  };
  for (let i = 0; i < newIndexOf.length; i++) {
    if (i % REGROUP_SLICE === REGROUP_SLICE - 1) yield;
    if ((newIndexOf[i] as number) < 0) affect(old.events[i] as DatedEvent);
  }
  for (let i = firstAdded; i < events.length; i++) affect(events[i] as DatedEvent);
  const { starts, items } = old.groups;
  const groupCount = starts.length - 1;
  // Old groups of the affected dates: their surviving events are grouped again, with the new ones.
  const regroup = new Uint8Array(groupCount);
  const groupsOf = new Map<string, number[]>();
  for (let k = 0; k < groupCount; k++) {
    if (k % REGROUP_SLICE === REGROUP_SLICE - 1) yield;
    const first = old.events[items[starts[k] as number] as number] as DatedEvent;
    if (!affectedDates.has(first.date)) continue;
    const key = dateKey(first);
    if (!affected.has(key)) continue;
    regroup[k] = 1;
    const list = groupsOf.get(key);
    if (list) list.push(k);
    else groupsOf.set(key, [k]);
  }
  const addedOf = new Map<string, number[]>();
  for (let i = firstAdded; i < events.length; i++) {
    const key = dateKey(events[i] as DatedEvent);
    const list = addedOf.get(key);
    if (list) list.push(i);
    else addedOf.set(key, [i]);
  }
  // A date that only gained events, all after its old ones in grouping order (the arrival of a
  // newer article), keeps its groups and the new events join them as a whole grouping would put
  // them (the greedy pass had already placed the old ones); any other date is grouped again.
  const subset: number[] = [];
  const appended: number[][] = [];
  for (const key of affected) {
    // A step per date: placing one busy date's new events in its groups took up to 0.5 s of CPU
    // on whitehouse-all, and several dates were one turn.
    yield;
    const kept = groupsOf.get(key) ?? [];
    const added = addedOf.get(key) ?? [];
    const groups = added.length > 0 ? yield* appendToGroups(old, kept, events, newIndexOf, added, publishedOf) : undefined;
    if (groups) {
      for (const g of groups) appended.push(g);
      continue;
    }
    for (const k of kept)
      for (let j = starts[k] as number; j < (starts[k + 1] as number); j++) {
        const n = newIndexOf[items[j] as number] as number;
        if (n >= 0) subset.push(n);
      }
    for (const i of added) subset.push(i);
  }
  yield;
  const grouped = subset.length > 0 ? yield* groupEventIndexesInSteps(events, publishedOf, subset) : { starts: Uint32Array.of(0), items: new Uint32Array(0) };
  const fresh = mergeByDate(events, grouped, appended);
  yield;
  // Merge the kept groups and the regrouped ones by date (no date is in both).
  const outStarts = new Uint32Array(groupCount + fresh.starts.length);
  const outItems = new Uint32Array(events.length);
  let groupsOut = 0;
  let itemsOut = 0;
  let k = 0;
  let f = 0;
  const freshCount = fresh.starts.length - 1;
  const nextKept = (): void => {
    while (k < groupCount && regroup[k] === 1) k++;
  };
  nextKept();
  // The old group each new one is, unchanged (-1: grouped again or new), for the timeline's entries.
  const from = new Int32Array(groupCount + freshCount).fill(-1);
  while (k < groupCount || f < freshCount) {
    if (groupsOut % REGROUP_SLICE === REGROUP_SLICE - 1) yield;
    const keptFirst = k < groupCount ? (events[newIndexOf[items[starts[k] as number] as number] as number] as DatedEvent) : undefined;
    const freshFirst = f < freshCount ? (events[fresh.items[fresh.starts[f] as number] as number] as DatedEvent) : undefined;
    outStarts[groupsOut++] = itemsOut;
    if (keptFirst && (!freshFirst || compareDates(keptFirst, freshFirst) < 0)) {
      from[groupsOut - 1] = k;
      for (let j = starts[k] as number; j < (starts[k + 1] as number); j++) outItems[itemsOut++] = newIndexOf[items[j] as number] as number;
      k++;
      nextKept();
    } else {
      for (let j = fresh.starts[f] as number; j < (fresh.starts[f + 1] as number); j++) outItems[itemsOut++] = fresh.items[j] as number;
      f++;
    }
  }
  outStarts[groupsOut++] = itemsOut;
  const out = { starts: outStarts.slice(0, groupsOut), items: itemsOut === outItems.length ? outItems : outItems.slice(0, itemsOut) };
  keptGroups.set(out, from.slice(0, groupsOut - 1));
  return out;
}

/** For a regrouping's result, the old group each of its groups is, unchanged (-1: none). */
const keptGroups = new WeakMap<IndexLists, Int32Array>();

/** The old group each group of `groups` is, unchanged (-1: none), when `groups` is a regrouping's result. */
export function keptGroupsOf(groups: IndexLists): Int32Array | undefined {
  return keptGroups.get(groups);
}

/** The timeline entries of `groupEventIndexes`. */
export function timelineEntries(events: readonly DatedEvent[], groups: IndexLists): TimelineEntry[] {
  return runAll(timelineEntriesInSteps(events, groups));
}

/** Entries made between two yields of `timelineEntriesInSteps`: a few ms on whitehouse-russia. */
const ENTRY_SLICE = 4000;

/** `timelineEntries`, yielding every few thousand entries (a corpus update warms it between queries). */
export function* timelineEntriesInSteps(
  events: readonly DatedEvent[],
  groups: IndexLists,
  previous?: { readonly entries: readonly TimelineEntry[]; readonly from: Int32Array },
): Generator<void, TimelineEntry[]> {
  const out: TimelineEntry[] = [];
  const labels = new Map<string, string>();
  for (let k = 0; k + 1 < groups.starts.length; k++) {
    if (k % ENTRY_SLICE === ENTRY_SLICE - 1) yield;
    // An unchanged group's entry (the same events, the same date) is the one made before.
    const was = previous ? previous.entries[previous.from[k] ?? -1] : undefined;
    if (was) {
      out.push(was);
      continue;
    }
    const from = groups.starts[k] as number;
    const list = new Array<DatedEvent>((groups.starts[k + 1] as number) - from);
    for (let j = 0; j < list.length; j++) list[j] = events[groups.items[from + j] as number] as DatedEvent;
    const first = list[0];
    if (!first) continue;
    const key = dateKey(first);
    let label = labels.get(key);
    if (label === undefined) {
      label = dateLabel(first.date, first.precision, first.modifier);
      labels.set(key, label);
    }
    out.push({ date: first.date, precision: first.precision, ...(first.modifier && { modifier: first.modifier }), label, events: list });
  }
  return out;
}

/** Events in timeline order, the same event from several articles as one entry (as `buildTimeline`). */
export function groupEvents(events: readonly DatedEvent[], publishedOf: (articleId: string) => string | undefined): TimelineEntry[] {
  return timelineEntries(events, groupEventIndexes(events, publishedOf));
}

/** Groups' events by date: `a`'s groups and `b`'s (each in date order, no date in both), merged in date order. */
function mergeByDate(events: readonly DatedEvent[], a: IndexLists, b: readonly (readonly number[])[]): IndexLists {
  const aCount = a.starts.length - 1;
  const sortedB = b.length > 1 ? [...b].sort((x, y) => compareDates(events[x[0] as number] as DatedEvent, events[y[0] as number] as DatedEvent)) : b;
  if (sortedB.length === 0) return a;
  const starts: number[] = [];
  const items: number[] = [];
  let i = 0;
  let j = 0;
  while (i < aCount || j < sortedB.length) {
    const first = i < aCount ? (events[a.items[a.starts[i] as number] as number] as DatedEvent) : undefined;
    const other = sortedB[j];
    // Groups of one date stay in their order: a date's groups in `b` are next to each other (sort is stable).
    if (first && (!other || compareDates(first, events[other[0] as number] as DatedEvent) < 0)) {
      starts.push(items.length);
      for (let x = a.starts[i] as number; x < (a.starts[i + 1] as number); x++) items.push(a.items[x] as number);
      i++;
    } else if (other) {
      starts.push(items.length);
      for (const e of other) items.push(e);
      j++;
    }
  }
  starts.push(items.length);
  return { starts: Uint32Array.from(starts), items: Uint32Array.from(items) };
}

/**
 * Word ids shared by every grouping of the process (only the set each sentence has matters, not
 * the ids). Started again, with the words of the events, when they reach `EVENT_WORD_IDS_MAX`:
 * the words of every event ever read (a live bot's feeds for as long as it runs) would otherwise
 * stay for the life of the process.
 */
export const EVENT_WORD_IDS_MAX = 1 << 18;
let wordIds = new Map<string, number>();
/** Counts the restarts of `wordIds`: a suspended `appendToGroups` checks it after each yield. */
let wordGeneration = 0;
/** Each event's words as sorted ids, kept while the event is (the same objects go from one corpus to the next). */
let eventWords = new WeakMap<DatedEvent, Int32Array>();

/** How many words have ids (for the tests: about `EVENT_WORD_IDS_MAX` at most). */
export function eventWordIdCount(): number {
  return wordIds.size;
}

function wordsOfEvent(e: DatedEvent): Int32Array {
  let w = eventWords.get(e);
  if (!w) {
    const ids = new Set<number>();
    for (const word of e.text.toLowerCase().normalize('NFKC').match(WORD) ?? []) {
      let id = wordIds.get(word);
      if (id === undefined) {
        id = wordIds.size;
        wordIds.set(word, id);
      }
      ids.add(id);
    }
    w = Int32Array.from(ids).sort();
    eventWords.set(e, w);
  }
  return w;
}

/** Old events of a date placed again after a new one (same-day articles whose ids sort after it) before the date is grouped again instead. */
const MAX_REPLAYED = 256;

/** Kept groups read, and events placed, between two yields of `appendToGroups`. */
const APPEND_SLICE = 256;
const PLACE_SLICE = 16;

/**
 * One date's groups after it gained the events `added` (indexes in `events`, none lost), or
 * undefined when that needs the date grouped again: some old event of it is gone, or more than
 * `MAX_REPLAYED` old events come after the first new one in grouping order (an older article
 * arriving late). The greedy pass over the date places the events before the first new one
 * exactly as before: those groups are kept, cut to those events, and the rest of the date (the
 * new events and the few old ones after them: articles of the same day) is placed again in order,
 * each joining the first group in creation order that lacks its article and whose first sentence
 * is similar enough, as `groupEventIndexesInSteps` decides (every group is a candidate here), or
 * starting one.
 */
function* appendToGroups(
  old: { readonly events: readonly DatedEvent[]; readonly groups: IndexLists },
  kept: readonly number[],
  events: readonly DatedEvent[],
  newIndexOf: Int32Array,
  added: readonly number[],
  publishedOf: (articleId: string) => string | undefined,
): Generator<void, number[][] | undefined> {
  // Between two calls only: the words compared within one are numbered alike.
  if (wordIds.size >= EVENT_WORD_IDS_MAX) {
    wordGeneration++;
    wordIds = new Map();
    eventWords = new WeakMap();
  }
  // Another regroup started meanwhile could number words afresh (two updates in one process, as in
  // a test): the words compared here would no longer be numbered alike, so the date is grouped again.
  const generation = wordGeneration;
  const { starts, items } = old.groups;
  const published = (e: DatedEvent): string => publishedOf(e.articleId) ?? '';
  const order = (a: DatedEvent, b: DatedEvent): number => cmp(published(a), published(b)) || cmp(a.articleId, b.articleId) || a.start - b.start;
  const sorted = [...added].sort((i, j) => order(events[i] as DatedEvent, events[j] as DatedEvent));
  const firstNew = events[sorted[0] as number] as DatedEvent;
  const groups = new DateGroups();
  const replayed: number[] = [];
  // Groups whose articles are not in their set yet: made when the group is first compared (a busy
  // date holds tens of thousands of groups, and an arrival compares a few of them).
  const unread = new Set<OpenGroup>();
  // In steps: one busy date (thousands of groups, each new event compared with them) was one turn
  // of up to 0.5 s of CPU on whitehouse-all. Only this update numbers words meanwhile (`wordIds`
  // starts again only at a call's start), so the words compared stay numbered alike.
  let seen = 0;
  for (const k of kept) {
    if (++seen % APPEND_SLICE === 0) {
      yield;
      if (wordGeneration !== generation) return undefined;
    }
    const list: number[] = [];
    const from = starts[k] as number;
    const to = starts[k + 1] as number;
    for (let j = from; j < to; j++) {
      const n = newIndexOf[items[j] as number] as number;
      if (n < 0) return undefined;
      list.push(n);
    }
    // A group's events are in grouping order: when its last is before the first new one, all are.
    if (order(events[list[list.length - 1] as number] as DatedEvent, firstNew) > 0) {
      const before = list.filter((n) => order(events[n] as DatedEvent, firstNew) <= 0);
      for (const n of list) if (order(events[n] as DatedEvent, firstNew) > 0) replayed.push(n);
      if (replayed.length > MAX_REPLAYED) return undefined;
      list.length = 0;
      list.push(...before);
    }
    // A group made by an event after the first new one is made again (or not) by the replay.
    const first = list[0];
    if (first === undefined) continue;
    const e = events[first] as DatedEvent;
    unread.add(groups.open(list, new Set(), wordsOfEvent(e), e.expression.toLowerCase()));
  }
  const rest = replayed.length === 0 ? sorted : [...sorted, ...replayed].sort((i, j) => order(events[i] as DatedEvent, events[j] as DatedEvent));
  for (const [r, i] of rest.entries()) {
    // Each compared with every group of the date: fewer a step.
    if (r % PLACE_SLICE === PLACE_SLICE - 1) {
      yield;
      if (wordGeneration !== generation) return undefined;
    }
    const e = events[i] as DatedEvent;
    const w = wordsOfEvent(e);
    const expr = e.expression.toLowerCase();
    // The candidates the prefix filter gives, in creation order, as the whole grouping finds them
    // (comparing every group of a busy date: 2 s of CPU for one whitehouse-all arrival).
    const group = groups.candidates(w).find((c) => {
      if (unread.delete(c)) for (const n of c.events) c.articles.add((events[n] as DatedEvent).articleId);
      return joins(c, e.articleId, w, expr);
    });
    if (group) {
      group.events.push(i);
      group.articles.add(e.articleId);
    } else groups.open([i], new Set([e.articleId]), w, expr);
  }
  return groups.groups.map((g) => g.events);
}

/** The words of a sentence the prefix filter indexes (`groupEventIndexesInSteps`). */
function prefixOf(w: EventWords): ArrayLike<number> & Iterable<number> {
  return w.length === 0 ? [EMPTY] : w.subarray(0, prefixLength(w.length));
}

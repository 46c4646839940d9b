// The index-time lookups of `CorpusData` after a corpus update, from the old corpus's: each equals
// what `assembleCorpus` computes from scratch for the new items (the property tests compare them),
// but costs what changed plus typed-array passes, not a string map of every passage, sentence and
// sentence term (3.6 s an arrival on whitehouse-russia when recomputed).
import { type CorpusData, type CorpusExtra, takeBuiltSentences } from './corpus.ts';
import { regroupEventIndexesInSteps } from './events/grouping.ts';
import { type IndexLists, indexLists } from './index-lists.ts';
import { termSet, type PhraseSet } from './search/tokenize.ts';
import { lowerBound, sortedIndex } from './sorted.ts';
import type { Article, DatedEvent, Passage, Quote } from './types.ts';

/** The new corpus's items, each list with where its items were in the old corpus (-1: new). */
export interface UpdatedItems {
  readonly articles: readonly Article[];
  readonly passages: readonly Passage[];
  readonly events: readonly DatedEvent[];
  readonly quotes: readonly Quote[];
  readonly passageFrom: Int32Array;
  readonly eventFrom: Int32Array;
  readonly quoteFrom: Int32Array;
}

/** Old index → new index (-1: gone), from new → old. */
function inverse(from: Int32Array, oldCount: number): Int32Array {
  const to = new Int32Array(oldCount).fill(-1);
  for (let i = 0; i < from.length; i++) {
    const o = from[i] as number;
    if (o >= 0) to[o] = i;
  }
  return to;
}

/** Whether the first `oldCount` items are the old ones, in place (an arrival appends after them). */
function keepsPrefix(from: Int32Array, oldCount: number): boolean {
  if (from.length < oldCount) return false;
  for (let i = 0; i < oldCount; i++) if (from[i] !== i) return false;
  return true;
}

/**
 * Every old term kept (sentence terms, speaker ids): the sorted `extra` terms, none of them old,
 * slotted in between runs of the sorted `oldVocab`,
 * each found by a binary search; `termTo` gets each old term's new number. The runs are copied one
 * by one: a spread of them (a bulk import brings tens of thousands of new terms) can pass V8's
 * limit on a call's arguments.
 */
export function slotInTerms(oldVocab: readonly string[], extra: readonly string[], termTo: Int32Array): string[] {
  const merged: string[] = [];
  let prev = 0;
  for (let j = 0; j < extra.length; j++) {
    const t = extra[j] as string;
    const at = lowerBound(oldVocab, t);
    for (let i = prev; i < at; i++) {
      termTo[i] = i + j;
      merged.push(oldVocab[i] as string);
    }
    merged.push(t);
    prev = at;
  }
  for (let i = prev; i < oldVocab.length; i++) {
    termTo[i] = i + extra.length;
    merged.push(oldVocab[i] as string);
  }
  return merged;
}

/** The list (key) each old item is in, from lists of items by key. */
function keyOfItems(lists: IndexLists, itemCount: number): Int32Array {
  const key = new Int32Array(itemCount).fill(-1);
  for (let k = 0; k + 1 < lists.starts.length; k++) for (let j = lists.starts[k] as number; j < (lists.starts[k + 1] as number); j++) key[lists.items[j] as number] = k;
  return key;
}

/** Items by passage (`eventsOfPassage`, `quotesOfPassage`): kept items keep their (renumbered) passage, new ones look theirs up. */
function byPassage(old: IndexLists, oldItemCount: number, itemFrom: Int32Array, passageTo: Int32Array, passageCount: number, passageOfNew: (i: number) => number, appended: boolean): IndexLists {
  const oldPassages = old.starts.length - 1;
  // Old passages and items kept in place, the new items all on new passages: the old lists are
  // copied as they are (a copy of the bytes) and the new passages' lists follow.
  if (appended && keepsPrefix(itemFrom, oldItemCount)) {
    const keys = new Int32Array(itemFrom.length - oldItemCount);
    let inOrder = true;
    for (let i = oldItemCount, last = oldPassages; i < itemFrom.length; i++) {
      const k = passageOfNew(i);
      keys[i - oldItemCount] = k;
      if (k < last) inOrder = false;
      else last = k;
    }
    if (inOrder) {
      const starts = new Uint32Array(passageCount + 1);
      starts.set(old.starts);
      for (const k of keys) starts[k + 1] = (starts[k + 1] as number) + 1;
      for (let k = oldPassages; k < passageCount; k++) starts[k + 1] = (starts[k + 1] as number) + (starts[k] as number);
      const items = new Uint32Array(old.items.length + keys.length);
      items.set(old.items);
      for (let i = oldItemCount, j = old.items.length; i < itemFrom.length; i++) items[j++] = i;
      return { starts, items };
    }
  }
  const oldPassageOf = keyOfItems(old, oldItemCount);
  return indexLists(passageCount, itemFrom.length, (i) => {
    const o = itemFrom[i] as number;
    if (o < 0) return passageOfNew(i);
    const p = oldPassageOf[o] as number;
    return p < 0 ? -1 : (passageTo[p] as number);
  });
}

/**
 * Quotes by speaker when the old quotes are kept in place and the new ones follow: each old
 * speaker's list is copied and the new quotes join the end of their speaker's (ascending still).
 */
function appendedBySpeaker(old: CorpusData, quotes: readonly Quote[]): Pick<CorpusData, 'quoteSpeakerIds' | 'quotesOfSpeaker'> {
  const oldIds = old.quoteSpeakerIds;
  const oldLists = old.quotesOfSpeaker;
  const added: string[] = [];
  for (let i = old.quotes.length; i < quotes.length; i++) {
    const id = (quotes[i] as Quote).speakerId;
    if (id !== null && sortedIndex(oldIds, id) < 0) added.push(id);
  }
  const extra = [...new Set(added)].sort();
  // Speaker ids in order: the old ones with the new ones slotted in (both sorted).
  const oldTo = new Int32Array(oldIds.length);
  const speakerIds = slotInTerms(oldIds, extra, oldTo);
  const count = speakerIds.length;
  const newKey = new Int32Array(quotes.length - old.quotes.length);
  const counts = new Uint32Array(count);
  for (let i = old.quotes.length; i < quotes.length; i++) {
    const id = (quotes[i] as Quote).speakerId;
    const k = id === null ? -1 : sortedIndex(speakerIds, id);
    newKey[i - old.quotes.length] = k;
    if (k >= 0) counts[k] = (counts[k] as number) + 1;
  }
  for (let k = 0; k < oldIds.length; k++) {
    const n = oldTo[k] as number;
    counts[n] = (counts[n] as number) + (oldLists.starts[k + 1] as number) - (oldLists.starts[k] as number);
  }
  const starts = new Uint32Array(count + 1);
  for (let k = 0; k < count; k++) starts[k + 1] = (starts[k] as number) + (counts[k] as number);
  const items = new Uint32Array(starts[count] as number);
  const fill = starts.slice(0, count);
  for (let k = 0; k < oldIds.length; k++) {
    const n = oldTo[k] as number;
    const from = oldLists.starts[k] as number;
    const to = oldLists.starts[k + 1] as number;
    items.set(oldLists.items.subarray(from, to), fill[n] as number);
    fill[n] = (fill[n] as number) + to - from;
  }
  for (let i = 0; i < newKey.length; i++) {
    const k = newKey[i] as number;
    if (k >= 0) items[(fill[k] as number)++] = old.quotes.length + i;
  }
  return { quoteSpeakerIds: speakerIds, quotesOfSpeaker: { starts, items } };
}

type Sentences = Pick<CorpusData, 'sentenceVocabulary' | 'sentenceTerms' | 'sentenceOfEvent' | 'sentenceOfQuote'>;

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Old sentences by text, under ids that survive updates (a sentence's number changes with every
 * update; rebuilding a map of every event sentence and quote context each time cost more than the
 * rest of an update). Kept with the corpus for the next update; `sentenceIdsInSteps` makes it from scratch.
 */
export interface SentenceIds {
  /** Text → stable id (texts no sentence has any more stay, until the next rebuild or start). */
  readonly stable: Map<string, number>;
  /** Sentence number → stable id. */
  readonly stableOf: Int32Array;
  /** Stable id → sentence number (-1: none now). */
  readonly sentenceOf: Int32Array;
}

/**
 * The sentence ids of a corpus: the build's map when it has one (`takeBuiltSentences`), else made
 * from its items (one pass over every event and quote), yielding every few thousand items: the
 * first update after a start made them in one turn of 0.6 s of CPU on whitehouse-all (bench --turns).
 */
export function* sentenceIdsInSteps(data: CorpusData): Generator<void, SentenceIds> {
  const count = data.sentenceTerms.starts.length - 1;
  const built = takeBuiltSentences(data);
  if (built) return { stable: built, stableOf: identity(count), sentenceOf: identity(count) };
  const stable = new Map<string, number>();
  const add = (text: string, s: number): void => {
    if (!stable.has(text)) stable.set(text, s);
  };
  for (let i = 0; i < data.events.length; i++) {
    add((data.events[i] as DatedEvent).text, data.sentenceOfEvent[i] as number);
    if (i % SLICE === SLICE - 1) yield;
  }
  for (let i = 0; i < data.quotes.length; i++) {
    add((data.quotes[i] as Quote).context, data.sentenceOfQuote[i] as number);
    if (i % SLICE === SLICE - 1) yield;
  }
  return { stable, stableOf: identity(count), sentenceOf: identity(count) };
}

/** 0 … n-1, by a plain loop: `Int32Array.from` with a mapping function calls it per sentence (0.3 s on whitehouse-all). */
export function identity(n: number): Int32Array {
  const ids = new Int32Array(n);
  for (let s = 0; s < n; s++) ids[s] = s;
  return ids;
}

/**
 * Sentence terms (`sentenceLookups` in corpus.ts) numbered as a fresh build numbers them (first
 * appearance over the events, then the quotes), the old sentences' term lists reused and only new
 * texts tokenised.
 */
/** Items (events, quotes, sentences, terms) read between two yields of `updateSentences`: a few ms each. */
const SLICE = 4_096;

function* updateSentences(old: CorpusData, items: UpdatedItems, phrases: PhraseSet, ids: SentenceIds): Generator<void, { sentences: Sentences; ids: SentenceIds }> {
  const oldCount = old.sentenceTerms.starts.length - 1;
  const newOfOld = new Int32Array(oldCount).fill(-1);
  // Sentences in new order: an old sentence's number, or (as ~n) a new text's place in `newLists`.
  const order = new Int32Array(items.events.length + items.quotes.length);
  let orderLen = 0;
  const newTexts = new Map<string, number>();
  const newLists: (readonly string[])[] = [];
  const newStable: number[] = [];
  const oldSentence = (text: string): number | undefined => {
    const id = ids.stable.get(text);
    const s = id === undefined ? -1 : (ids.sentenceOf[id] ?? -1);
    return s >= 0 ? s : undefined;
  };
  const at = (oldS: number | undefined, text: string): number => {
    if (oldS !== undefined) {
      let s = newOfOld[oldS] as number;
      if (s < 0) {
        s = orderLen;
        newOfOld[oldS] = s;
        order[orderLen++] = oldS;
      }
      return s;
    }
    let s = newTexts.get(text);
    if (s === undefined) {
      s = orderLen;
      newTexts.set(text, s);
      order[orderLen++] = ~newLists.length;
      newLists.push([...termSet(text, phrases)]);
      let id = ids.stable.get(text);
      if (id === undefined) {
        id = ids.sentenceOf.length + newStable.length;
        ids.stable.set(text, id);
      }
      newStable.push(id);
    }
    return s;
  };
  const sentenceOf = (from: number, oldOf: Uint32Array, text: string): number => at(from >= 0 ? (oldOf[from] as number) : oldSentence(text), text);
  const sentenceOfEvent = new Uint32Array(items.events.length);
  let firstEvent = 0;
  // The old events' sentences, 0 … eventSentences-1, when the old events are kept in place (-1: not).
  let eventSentences = -1;
  // The old events kept in place (an arrival): they number the old events' sentences as before,
  // 0 … n-1 (numbers go by first appearance, events first), without reading them one by one.
  if (keepsPrefix(items.eventFrom, old.sentenceOfEvent.length)) {
    firstEvent = old.sentenceOfEvent.length;
    sentenceOfEvent.set(old.sentenceOfEvent);
    eventSentences = 0;
    for (const s of old.sentenceOfEvent) if (s + 1 > eventSentences) eventSentences = s + 1;
    for (let s = 0; s < eventSentences; s++) {
      newOfOld[s] = s;
      order[s] = s;
    }
    orderLen = eventSentences;
  }
  for (let i = firstEvent; i < items.events.length; i++) {
    sentenceOfEvent[i] = sentenceOf(items.eventFrom[i] as number, old.sentenceOfEvent, (items.events[i] as DatedEvent).text);
    if (i % SLICE === SLICE - 1) yield;
  }
  const sentenceOfQuote = new Uint32Array(items.quotes.length);
  let firstQuote = 0;
  const oldQuotes = old.sentenceOfQuote.length;
  // The old events and quotes kept in place, the new events' sentences all new texts (an arrival):
  // the old quotes' own sentences come next in their old order, each moved up by the new events'
  // sentences, without a lookup per quote (a million on whitehouse-all: 0.2-0.4 s of CPU an
  // arrival). A new event whose sentence an old quote had moves that sentence first: read one by one.
  if (eventSentences >= 0 && keepsPrefix(items.quoteFrom, oldQuotes) && allNew(order, eventSentences, orderLen)) {
    const shift = orderLen - eventSentences;
    const oldOf = old.sentenceOfQuote;
    for (let i = 0; i < oldQuotes; i++) {
      const s = oldOf[i] as number;
      sentenceOfQuote[i] = s < eventSentences ? s : s + shift;
    }
    for (let s = eventSentences; s < oldCount; s++) {
      newOfOld[s] = s + shift;
      order[s + shift] = s;
    }
    orderLen = oldCount + shift;
    firstQuote = oldQuotes;
    yield;
  }
  for (let i = firstQuote; i < items.quotes.length; i++) {
    sentenceOfQuote[i] = sentenceOf(items.quoteFrom[i] as number, old.sentenceOfQuote, (items.quotes[i] as Quote).context);
    if (i % SLICE === SLICE - 1) yield;
  }
  yield;

  // The vocabulary: old terms a sentence still uses, and the new texts' other terms, sorted.
  const oldVocab = old.sentenceVocabulary;
  const used = new Uint8Array(oldVocab.length);
  const { starts: oldStarts, items: oldItems } = old.sentenceTerms;
  let keptOld = 0;
  for (let s = 0; s < orderLen; s++) if ((order[s] as number) >= 0) keptOld++;
  // The old vocabulary is the union of the old sentences' terms: when every old sentence is kept
  // (an arrival that requoted nothing away), every old term is still used, without reading them.
  if (keptOld === oldCount) used.fill(1);
  else
    for (let s = 0; s < orderLen; s++) {
      const o = order[s] as number;
      if (o >= 0) for (let j = oldStarts[o] as number, end = oldStarts[o + 1] as number; j < end; j++) used[oldItems[j] as number] = 1;
      if (s % SLICE === SLICE - 1) yield;
    }
  yield;
  const added = new Set<string>();
  for (const list of newLists)
    for (const t of list) {
      const o = sortedIndex(oldVocab, t);
      if (o >= 0) used[o] = 1;
      else added.add(t);
    }
  const extra = [...added].sort();
  yield;
  let vocabulary: readonly string[];
  // Old term → new (undefined: the same numbers).
  let termTo: Int32Array | undefined;
  if (keptOld === oldCount && extra.length === 0) vocabulary = oldVocab;
  else if (keptOld === oldCount) {
    termTo = new Int32Array(oldVocab.length);
    vocabulary = slotInTerms(oldVocab, extra, termTo);
  } else {
    termTo = new Int32Array(oldVocab.length).fill(-1);
    vocabulary = yield* mergeVocabulary(oldVocab, used, extra, termTo);
  }
  const idOf = (t: string): number => {
    const o = sortedIndex(oldVocab, t);
    return o >= 0 ? (termTo ? (termTo[o] as number) : o) : sortedIndex(vocabulary, t);
  };
  yield;
  const starts = new Uint32Array(orderLen + 1);
  for (let s = 0; s < orderLen; s++) {
    const o = order[s] as number;
    starts[s + 1] = (starts[s] as number) + (o >= 0 ? (old.sentenceTerms.starts[o + 1] as number) - (old.sentenceTerms.starts[o] as number) : (newLists[~o] as readonly string[]).length);
    if (s % SLICE === SLICE - 1) yield;
  }
  yield;
  const out = new Uint32Array(starts[orderLen] as number);
  const stableOf = new Int32Array(orderLen);
  const sentenceOfStable = new Int32Array(ids.sentenceOf.length + newStable.length).fill(-1);
  for (let s = 0, done = 0; s < orderLen; ) {
    if (s >= done + SLICE) {
      done = s;
      yield;
    }
    const o = order[s] as number;
    const from = starts[s] as number;
    if (o >= 0) {
      // A run of old sentences in their old order: their lists are one block of the old items.
      let run = 1;
      // At most a slice's worth: an arrival keeps every old sentence, one run of all of them (a
      // turn of 0.15 s of CPU on whitehouse-all).
      while (s + run < orderLen && run < SLICE && order[s + run] === o + run) run++;
      const at = oldStarts[o] as number;
      const end = oldStarts[o + run] as number;
      // Renumbering keeps the order (both vocabularies are sorted): the lists stay ascending.
      if (termTo === undefined) out.set(oldItems.subarray(at, end), from);
      else for (let j = at; j < end; j++) out[from + j - at] = termTo[oldItems[j] as number] as number;
      for (let k = 0; k < run; k++) {
        const id = ids.stableOf[o + k] as number;
        stableOf[s + k] = id;
        sentenceOfStable[id] = s + k;
      }
      s += run;
    } else {
      out.set(Uint32Array.from(newLists[~o] as readonly string[], idOf).sort(), from);
      stableOf[s] = newStable[~o] as number;
      sentenceOfStable[newStable[~o] as number] = s;
      s++;
    }
  }
  return {
    sentences: { sentenceVocabulary: vocabulary, sentenceTerms: { starts, items: out }, sentenceOfEvent, sentenceOfQuote },
    ids: { stable: ids.stable, stableOf, sentenceOf: sentenceOfStable },
  };
}

/** Whether the sentences from `from` to `to` in `order` are all new texts (each `~n`). */
function allNew(order: Int32Array, from: number, to: number): boolean {
  for (let s = from; s < to; s++) if ((order[s] as number) >= 0) return false;
  return true;
}

/** The old terms still used and the new ones, sorted; `termTo` gets each old term's new number (-1: dropped). */
function* mergeVocabulary(oldVocab: readonly string[], used: Uint8Array, extra: readonly string[], termTo: Int32Array): Generator<void, string[]> {
  const vocabulary: string[] = [];
  for (let i = 0, j = 0, n = 0; i < oldVocab.length || j < extra.length; ) {
    if (++n % SLICE === 0) yield;
    const a = oldVocab[i];
    const b = extra[j];
    if (a !== undefined && used[i] !== 1) i++;
    else if (a !== undefined && (b === undefined || cmp(a, b) < 0)) {
      termTo[i++] = vocabulary.length;
      vocabulary.push(a);
    } else {
      vocabulary.push(b as string);
      j++;
    }
  }
  return vocabulary;
}

/**
 * `corpusLookups` (corpus.ts) of the updated items, from the old corpus's, in steps (one list a
 * step: each took up to seconds of one event-loop turn under load when made at once).
 */
export function* updateLookupsInSteps(
  old: CorpusData,
  items: UpdatedItems,
  phrases: PhraseSet,
  ids: SentenceIds,
  oldPassageIdx: (passageId: string) => number | undefined,
): Generator<void, { lookups: Omit<CorpusExtra, 'topics'>; ids: SentenceIds }> {
  const { articles, passages, events, quotes } = items;
  const passageTo = inverse(items.passageFrom, old.passages.length);
  const addedAt = new Map<string, number>();
  for (let i = 0; i < passages.length; i++) if ((items.passageFrom[i] as number) < 0) addedAt.set((passages[i] as Passage).id, i);
  // A new item's passage: an added one, or a kept one (quotes extracted again from an unchanged article).
  const passageOf = (id: string): number => {
    const a = addedAt.get(id);
    if (a !== undefined) return a;
    const o = oldPassageIdx(id);
    return o === undefined ? -1 : (passageTo[o] as number);
  };
  const eventTo = inverse(items.eventFrom, old.events.length);
  let firstAdded = events.length;
  while (firstAdded > 0 && (items.eventFrom[firstAdded - 1] as number) < 0) firstAdded--;
  const published = new Map(articles.map((a) => [a.id, a.published]));
  yield;
  const eventGroups = yield* regroupEventIndexesInSteps({ events: old.events, groups: old.eventGroups }, events, eventTo, firstAdded, (id) => published.get(id));
  yield;
  const appended = keepsPrefix(items.passageFrom, old.passages.length);
  const eventsOfPassage = byPassage(old.eventsOfPassage, old.events.length, items.eventFrom, passageTo, passages.length, (i) => passageOf((events[i] as DatedEvent).passageId), appended);
  yield;
  const quotesOfPassage = byPassage(old.quotesOfPassage, old.quotes.length, items.quoteFrom, passageTo, passages.length, (i) => passageOf((quotes[i] as Quote).passageId), appended);
  yield;
  const bySpeaker = keepsPrefix(items.quoteFrom, old.quotes.length) ? appendedBySpeaker(old, quotes) : undefined;
  if (bySpeaker) {
    const sentences = yield* updateSentences(old, items, phrases, ids);
    const lookups = { eventGroups, eventsOfPassage, quotesOfPassage, ...bySpeaker, ...sentences.sentences };
    return { lookups, ids: sentences.ids };
  }
  const speakers = new Set<string>();
  for (let i = 0; i < quotes.length; i++) {
    if (i % SLICE === SLICE - 1) yield;
    const id = (quotes[i] as Quote).speakerId;
    if (id !== null) speakers.add(id);
  }
  yield;
  const speakerIds = [...speakers].sort();
  const speakerAt = new Map(speakerIds.map((id, k) => [id, k]));
  const quotesOfSpeaker = indexLists(speakerIds.length, quotes.length, (i) => {
    const id = (quotes[i] as Quote).speakerId;
    return id === null ? -1 : (speakerAt.get(id) ?? -1);
  });
  yield;
  const sentences = yield* updateSentences(old, items, phrases, ids);
  const lookups = { eventGroups, eventsOfPassage, quotesOfPassage, quoteSpeakerIds: speakerIds, quotesOfSpeaker, ...sentences.sentences };
  return { lookups, ids: sentences.ids };
}

// The index-time lookups of `CorpusData` after a corpus update, from the old corpus's: each equals
// what `assembleCorpus` computes from scratch for the new items (the property tests compare them),
// but costs what changed plus typed-array passes, not a string map of every passage, sentence and
// sentence term (3.6 s an arrival on whitehouse-russia when recomputed).
import type { CorpusData, CorpusExtra } from './corpus.ts';
import { regroupEventIndexesInSteps } from './events/grouping.ts';
import { type IndexLists, indexLists } from './index-lists.ts';
import { termSet, type PhraseSet } from './search/tokenize.ts';
import { sortedIndex } from './sorted.ts';
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

/** The list (key) each old item is in, from lists of items by key. */
function keyOfItems(lists: IndexLists, itemCount: number): Int32Array {
  const key = new Int32Array(itemCount).fill(-1);
  for (let k = 0; k + 1 < lists.starts.length; k++) for (let j = lists.starts[k] as number; j < (lists.starts[k + 1] as number); j++) key[lists.items[j] as number] = k;
  return key;
}

/** Items by passage (`eventsOfPassage`, `quotesOfPassage`): kept items keep their (renumbered) passage, new ones look theirs up. */
function byPassage(old: IndexLists, oldItemCount: number, itemFrom: Int32Array, passageTo: Int32Array, passageCount: number, passageOfNew: (i: number) => number): IndexLists {
  const oldPassageOf = keyOfItems(old, oldItemCount);
  return indexLists(passageCount, itemFrom.length, (i) => {
    const o = itemFrom[i] as number;
    if (o < 0) return passageOfNew(i);
    const p = oldPassageOf[o] as number;
    return p < 0 ? -1 : (passageTo[p] as number);
  });
}

type Sentences = Pick<CorpusData, 'sentenceVocabulary' | 'sentenceTerms' | 'sentenceOfEvent' | 'sentenceOfQuote'>;

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Old sentences by text, under ids that survive updates (a sentence's number changes with every
 * update; rebuilding a map of every event sentence and quote context each time cost more than the
 * rest of an update). Kept with the corpus for the next update; `sentenceIdsOf` makes it from scratch.
 */
export interface SentenceIds {
  /** Text → stable id (texts no sentence has any more stay, until the next rebuild or start). */
  readonly stable: Map<string, number>;
  /** Sentence number → stable id. */
  readonly stableOf: Int32Array;
  /** Stable id → sentence number (-1: none now). */
  readonly sentenceOf: Int32Array;
}

/** The sentence ids of a corpus, made from its items (one pass over every event and quote). */
export function sentenceIdsOf(data: CorpusData): SentenceIds {
  const count = data.sentenceTerms.starts.length - 1;
  const stable = new Map<string, number>();
  const add = (text: string, s: number): void => {
    if (!stable.has(text)) stable.set(text, s);
  };
  for (let i = 0; i < data.events.length; i++) add((data.events[i] as DatedEvent).text, data.sentenceOfEvent[i] as number);
  for (let i = 0; i < data.quotes.length; i++) add((data.quotes[i] as Quote).context, data.sentenceOfQuote[i] as number);
  const ids = Int32Array.from({ length: count }, (_, s) => s);
  return { stable, stableOf: ids, sentenceOf: ids.slice() };
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
  const order: number[] = [];
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
        s = order.length;
        newOfOld[oldS] = s;
        order.push(oldS);
      }
      return s;
    }
    let s = newTexts.get(text);
    if (s === undefined) {
      s = order.length;
      newTexts.set(text, s);
      order.push(~newLists.length);
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
  for (let i = 0; i < items.events.length; i++) {
    sentenceOfEvent[i] = sentenceOf(items.eventFrom[i] as number, old.sentenceOfEvent, (items.events[i] as DatedEvent).text);
    if (i % SLICE === SLICE - 1) yield;
  }
  const sentenceOfQuote = new Uint32Array(items.quotes.length);
  for (let i = 0; i < items.quotes.length; i++) {
    sentenceOfQuote[i] = sentenceOf(items.quoteFrom[i] as number, old.sentenceOfQuote, (items.quotes[i] as Quote).context);
    if (i % SLICE === SLICE - 1) yield;
  }
  yield;

  // The vocabulary: old terms a sentence still uses, and the new texts' other terms, sorted.
  const oldVocab = old.sentenceVocabulary;
  const used = new Uint8Array(oldVocab.length);
  const { starts: oldStarts, items: oldItems } = old.sentenceTerms;
  let keptOld = 0;
  for (const o of order) if (o >= 0) keptOld++;
  // The old vocabulary is the union of the old sentences' terms: when every old sentence is kept
  // (an arrival that requoted nothing away), every old term is still used, without reading them.
  if (keptOld === oldCount) used.fill(1);
  else
    for (let s = 0; s < order.length; s++) {
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
  const vocabulary: string[] = [];
  const termTo = new Int32Array(oldVocab.length).fill(-1);
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
  const idOf = (t: string): number => {
    const o = sortedIndex(oldVocab, t);
    return o >= 0 ? (termTo[o] as number) : sortedIndex(vocabulary, t);
  };
  yield;
  const starts = new Uint32Array(order.length + 1);
  for (let s = 0; s < order.length; s++) {
    const o = order[s] as number;
    starts[s + 1] = (starts[s] as number) + (o >= 0 ? (old.sentenceTerms.starts[o + 1] as number) - (old.sentenceTerms.starts[o] as number) : (newLists[~o] as readonly string[]).length);
  }
  yield;
  const out = new Uint32Array(starts[order.length] as number);
  const stableOf = new Int32Array(order.length);
  const sentenceOfStable = new Int32Array(ids.sentenceOf.length + newStable.length).fill(-1);
  for (let s = 0; s < order.length; s++) {
    if (s % SLICE === SLICE - 1) yield;
    const o = order[s] as number;
    const from = starts[s] as number;
    if (o >= 0) {
      // Renumbering keeps the order (both vocabularies are sorted): the list stays ascending.
      // Read in place: a view per sentence (100,000s) cost more than the copy.
      const at = oldStarts[o] as number;
      const n = (oldStarts[o + 1] as number) - at;
      for (let j = 0; j < n; j++) out[from + j] = termTo[oldItems[at + j] as number] as number;
      stableOf[s] = ids.stableOf[o] as number;
    } else {
      out.set(Uint32Array.from(newLists[~o] as readonly string[], idOf).sort(), from);
      stableOf[s] = newStable[~o] as number;
    }
    sentenceOfStable[stableOf[s] as number] = s;
  }
  return {
    sentences: { sentenceVocabulary: vocabulary, sentenceTerms: { starts, items: out }, sentenceOfEvent, sentenceOfQuote },
    ids: { stable: ids.stable, stableOf, sentenceOf: sentenceOfStable },
  };
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
  const eventsOfPassage = byPassage(old.eventsOfPassage, old.events.length, items.eventFrom, passageTo, passages.length, (i) => passageOf((events[i] as DatedEvent).passageId));
  yield;
  const quotesOfPassage = byPassage(old.quotesOfPassage, old.quotes.length, items.quoteFrom, passageTo, passages.length, (i) => passageOf((quotes[i] as Quote).passageId));
  yield;
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

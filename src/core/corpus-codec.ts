// A compact form of a built corpus, for the index cache and the reload worker's hand-over.
// Events and quotes are hundreds of thousands of small objects whose strings (sentence, quoted
// words, cue, expression) are almost always slices of their article's text: stored as objects
// they took seconds to deserialise and a gigabyte of separate strings. Here they are typed arrays
// of offsets into the article text, re-sliced on load (V8 shares the article's characters), with
// a string table for the rare string that is not a slice and for repeated values (dates, speaker
// ids, labels). Decoding is a generator that yields between slices of work, so the main thread can
// load a corpus while it keeps answering (see `src/app/corpus-holder.ts` and `src/app/rebuild-worker.ts`); run to the end, it is the
// synchronous loader. Hand-written: no library does this for our shapes.
import { Corpus, type CorpusData, type CorpusExtra, type CorpusLookups } from './corpus.ts';
import type { AliasTable } from './quotes/aliases.ts';
import { PassageSearch, type SerializedIndex } from './search/engine.ts';
import type { SynonymTable } from './search/synonyms.ts';
import type { Article, DateModifier, DatedEvent, Passage, Precision, Quote } from './types.ts';
import { runAll } from './steps.ts';

/** One piece of the encoded corpus: plain values and typed arrays, cheap for `v8.serialize`. */
export type CorpusPart =
  | { readonly kind: 'meta'; readonly builtAt: number; readonly articles: number; readonly index: Omit<SerializedIndex, 'terms' | 'fields'> }
  | { readonly kind: 'extra'; readonly extra: CorpusExtra }
  | { readonly kind: 'strings'; readonly strings: readonly string[] }
  | { readonly kind: 'articles'; readonly a: ArticleColumns }
  | { readonly kind: 'passages'; readonly p: PassageColumns }
  | { readonly kind: 'events'; readonly e: EventColumns }
  | { readonly kind: 'quotes'; readonly q: QuoteColumns }
  | { readonly kind: 'terms'; readonly terms: readonly string[] }
  | { readonly kind: 'field'; readonly field: SerializedIndex['fields'][number] };

/**
 * A run of articles: their text joined into one string, and each article without it (its `text`
 * an empty string, so that its keys keep their order). One string of megabytes is one copy on
 * load, allocated outside the young generation; thousands of article strings of tens of kilobytes
 * were each copied again by the garbage collector, and loading the articles was most of a start.
 * Each article's text is a slice of it (V8 shares the characters; the run stays in memory while
 * any of its articles does, until the next load).
 */
interface ArticleColumns {
  readonly meta: readonly Article[];
  readonly text: string;
  /** Where each article's text ends in `text` (it starts where the one before ends). */
  readonly ends: Uint32Array;
}

interface PassageColumns {
  readonly article: Uint32Array;
  readonly n: Uint32Array;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  /** String-table index of the speaker label, or -1. */
  readonly speaker: Int32Array;
  /** Ids that are not `<articleId>#<n>` (none from `splitPassages`): passage index → table index. */
  readonly oddIds: readonly (readonly [number, number])[];
}

/**
 * A string field: `a, b` ≥ 0 is `article.text.slice(a, b)`; `b === -1` is string-table entry `a`.
 * Passage references: ≥ 0 a passage index, < 0 the table entry `-1 - x` (an id with no passage).
 */
interface EventColumns {
  readonly article: Uint32Array;
  readonly passage: Int32Array;
  readonly date: Uint32Array;
  readonly precision: Uint8Array;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly textA: Int32Array;
  readonly textB: Int32Array;
  readonly exprA: Int32Array;
  readonly exprB: Int32Array;
}

interface QuoteColumns {
  readonly article: Uint32Array;
  readonly passage: Int32Array;
  /** String-table indexes, -1 for null. */
  readonly speakerId: Int32Array;
  readonly speaker: Int32Array;
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly textA: Int32Array;
  readonly textB: Int32Array;
  readonly cueA: Int32Array;
  readonly cueB: Int32Array;
  readonly ctxA: Int32Array;
  readonly ctxB: Int32Array;
}

// The precision byte: the precision's index in the low three bits (the first three as before
// 'season' and 'week' were added), the modifier's in the bits above them (0: none; 'weekend', 4, came
// last, so a cache written before it decodes as it did).
const PRECISIONS: readonly Precision[] = ['year', 'month', 'day', 'season', 'week'];
const MODIFIERS: readonly (DateModifier | undefined)[] = [undefined, 'early', 'mid', 'late', 'weekend'];
/** Articles per part, terms per part, objects built between two yields. */
export const ARTICLE_TEXT_PER_PART = 4_000_000;
const TERMS_PER_PART = 40_000;
const SLICE = 15_000;
/** How far from the quote a cue is looked for in the text before it goes to the string table. */
const CUE_WINDOW = 4000;

class StringTable {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

/** Finds `s` in `text` near `hint` (the quote or expression it belongs with). */
function locate(text: string, s: string, hint: number, table: StringTable): [number, number] {
  if (s.length === 0) return [table.id(s), -1];
  let at = text.lastIndexOf(s, hint);
  if (at < 0 || hint - at > CUE_WINDOW) {
    const after = text.indexOf(s, hint);
    if (after >= 0 && (at < 0 || after - hint < hint - at)) at = after;
  }
  if (at < 0 || Math.abs(at - hint) > CUE_WINDOW + s.length) return [table.id(s), -1];
  return [at, at + s.length];
}

/**
 * In place of an articles part: the `run`th of the runs of articles given to `encodeCorpus`, which
 * the corpus holds unchanged, in order and together; the writer copies that run's stored part.
 */
export interface StoredPart {
  readonly kind: 'stored';
  readonly run: number;
}

/**
 * The corpus as parts, in the order the decoder needs them. The columns of passages, events and
 * quotes are made first (they fill the string table); the articles' parts, each a copy of their
 * text, only as they are asked for, so that a writer that serialises each part and lets it go
 * never holds a second copy of the corpus's text. `stored`: the runs of articles (the objects
 * decoded from one part each of the cache being replaced) whose part may be copied as it is
 * (`StoredPart`) where the corpus still holds them unchanged, in order; the compaction worker's
 * write made a new joined text and its serialised copy for every run (a few hundred MB that
 * waited for the collector, when the process peaked).
 */
export function* encodeCorpus(builtAt: number, data: CorpusData, index: SerializedIndex, stored: readonly (readonly Article[])[] = []): Generator<CorpusPart | StoredPart> {
  const { articles, passages, events, quotes, ...extra } = data;
  const table = new StringTable();
  const articleIdx = new Map(articles.map((a, i) => [a.id, i]));
  const passageIdx = new Map(passages.map((p, i) => [p.id, i]));
  const artOf = (id: string): number => {
    const i = articleIdx.get(id);
    if (i === undefined) throw new Error(`Attaché: an extracted item of an unknown article ${id}`);
    return i;
  };
  const textOf = (i: number): string => (articles[i] as Article).text;

  const np = passages.length;
  const pc: PassageColumns = { article: new Uint32Array(np), n: new Uint32Array(np), start: new Uint32Array(np), end: new Uint32Array(np), speaker: new Int32Array(np), oddIds: [] };
  const oddIds: [number, number][] = [];
  passages.forEach((p, i) => {
    pc.article[i] = artOf(p.articleId);
    pc.n[i] = p.n;
    pc.start[i] = p.start;
    pc.end[i] = p.end;
    pc.speaker[i] = p.speaker === undefined ? -1 : table.id(p.speaker);
    if (p.id !== `${p.articleId}#${p.n}`) oddIds.push([i, table.id(p.id)]);
    if (textOf(pc.article[i]).slice(p.start, p.end) !== p.text) throw new Error(`Attaché: passage ${p.id} is not a slice of its article`);
  });
  const passageRef = (id: string, article: number): number => {
    const i = passageIdx.get(id);
    return i !== undefined && pc.article[i] === article ? i : -1 - table.id(id);
  };

  const ne = events.length;
  const ec: EventColumns = {
    article: new Uint32Array(ne),
    passage: new Int32Array(ne),
    date: new Uint32Array(ne),
    precision: new Uint8Array(ne),
    start: new Uint32Array(ne),
    end: new Uint32Array(ne),
    textA: new Int32Array(ne),
    textB: new Int32Array(ne),
    exprA: new Int32Array(ne),
    exprB: new Int32Array(ne),
  };
  events.forEach((e, i) => {
    const a = artOf(e.articleId);
    const text = textOf(a);
    ec.article[i] = a;
    ec.passage[i] = passageRef(e.passageId, a);
    ec.date[i] = table.id(e.date);
    ec.precision[i] = PRECISIONS.indexOf(e.precision) | (MODIFIERS.indexOf(e.modifier) << 3);
    ec.start[i] = e.start;
    ec.end[i] = e.end;
    [ec.textA[i], ec.textB[i]] = locate(text, e.text, e.start, table);
    [ec.exprA[i], ec.exprB[i]] = text.slice(e.start, e.end) === e.expression ? [e.start, e.end] : [table.id(e.expression), -1];
  });

  const nq = quotes.length;
  const qc: QuoteColumns = {
    article: new Uint32Array(nq),
    passage: new Int32Array(nq),
    speakerId: new Int32Array(nq),
    speaker: new Int32Array(nq),
    start: new Uint32Array(nq),
    end: new Uint32Array(nq),
    textA: new Int32Array(nq),
    textB: new Int32Array(nq),
    cueA: new Int32Array(nq),
    cueB: new Int32Array(nq),
    ctxA: new Int32Array(nq),
    ctxB: new Int32Array(nq),
  };
  quotes.forEach((q, i) => {
    const a = artOf(q.articleId);
    const text = textOf(a);
    qc.article[i] = a;
    qc.passage[i] = passageRef(q.passageId, a);
    qc.speakerId[i] = q.speakerId === null ? -1 : table.id(q.speakerId);
    qc.speaker[i] = q.speaker === null ? -1 : table.id(q.speaker);
    qc.start[i] = q.start;
    qc.end[i] = q.end;
    [qc.textA[i], qc.textB[i]] = text.slice(q.start, q.end) === q.text ? [q.start, q.end] : [table.id(q.text), -1];
    [qc.cueA[i], qc.cueB[i]] = locate(text, q.cue, q.start, table);
    [qc.ctxA[i], qc.ctxB[i]] = locate(text, q.context, q.start, table);
  });

  const { terms, fields, ...indexHead } = index;
  yield { kind: 'meta', builtAt, articles: articles.length, index: indexHead };
  yield { kind: 'extra', extra };
  let chunk: Article[] = [];
  let size = 0;
  const flush = (): CorpusPart => {
    const ends = new Uint32Array(chunk.length);
    let end = 0;
    chunk.forEach((a, i) => {
      end += a.text.length;
      ends[i] = end;
    });
    const part: CorpusPart = { kind: 'articles', a: { meta: chunk.map((a) => ({ ...a, text: '' })), text: chunk.map((a) => a.text).join(''), ends } };
    chunk = [];
    size = 0;
    return part;
  };
  const runAt = new Map<Article, number>();
  stored.forEach((run, j) => {
    const first = run[0];
    if (first) runAt.set(first, j);
  });
  for (let i = 0; i < articles.length; ) {
    const a = articles[i] as Article;
    const j = runAt.get(a);
    const run = j === undefined ? undefined : stored[j];
    if (j !== undefined && run?.every((x, k) => articles[i + k] === x)) {
      if (chunk.length > 0) yield flush();
      yield { kind: 'stored', run: j };
      i += (run as readonly Article[]).length;
      continue;
    }
    chunk.push(a);
    size += a.text.length;
    if (size >= ARTICLE_TEXT_PER_PART) yield flush();
    i++;
  }
  if (chunk.length > 0) yield flush();
  yield { kind: 'strings', strings: table.list };
  yield { kind: 'passages', p: { ...pc, oddIds } };
  yield { kind: 'events', e: ec };
  yield { kind: 'quotes', q: qc };
  for (let i = 0; i < terms.length; i += TERMS_PER_PART) yield { kind: 'terms', terms: terms.slice(i, i + TERMS_PER_PART) };
  for (const field of fields) yield { kind: 'field', field };
}

export interface DecodedCorpus {
  readonly builtAt: number;
  readonly data: CorpusData;
  readonly index: SerializedIndex;
  /** Built while decoding, so the swap after a reload costs nothing. */
  readonly lookups: CorpusLookups;
}

/**
 * The corpus from its stored form (the index cache, the reload worker's hand-over), searched with
 * `synonyms`: the table whose text is part of the cache key, so the one the index was built with.
 */
export function restoreCorpus(
  stored: Pick<DecodedCorpus, 'builtAt' | 'data' | 'index'> & { readonly lookups?: CorpusLookups | undefined },
  opts: { readonly synonyms: SynonymTable; readonly aliases?: AliasTable },
): Corpus {
  return new Corpus({
    data: stored.data,
    search: PassageSearch.deserialize(stored.index, opts.synonyms),
    builtAt: stored.builtAt,
    ...(stored.lookups && { lookups: stored.lookups }),
    ...(opts.aliases && { aliases: opts.aliases }),
  });
}

/**
 * Decodes parts as they come (`next` returns the next part, or undefined at the end), yielding
 * after each slice of work. Throws on parts out of order or offsets that do not fit.
 */
export function* decodeCorpus(next: () => CorpusPart | undefined): Generator<void, DecodedCorpus> {
  const want = <K extends CorpusPart['kind']>(kind: K): Extract<CorpusPart, { kind: K }> => {
    const part = next();
    if (!part || part.kind !== kind) throw new Error(`Attaché: corpus part ${kind} expected, found ${part?.kind ?? 'the end'}`);
    return part as Extract<CorpusPart, { kind: K }>;
  };
  const meta = want('meta');
  yield;
  const extra = want('extra').extra;
  yield;
  const articles: Article[] = [];
  const articleById = new Map<string, Article>();
  let part = next();
  while (part?.kind === 'articles') {
    decodeArticles(part.a, articles, articleById);
    yield;
    part = next();
  }
  if (articles.length !== meta.articles) throw new Error('Attaché: articles missing from the stored corpus');
  if (part?.kind !== 'strings') throw new Error('Attaché: corpus part strings expected');
  const ctx: Ctx = { strings: part.strings, articles };
  yield;

  const pc = want('passages').p;
  const odd = new Map(pc.oddIds);
  const passages: Passage[] = new Array<Passage>(pc.n.length);
  const passageIdx = new Map<string, number>();
  const passagesOf = new Map<string, Passage[]>();
  for (let i = 0; i < passages.length; i += SLICE) {
    decodePassages(ctx, pc, odd, passages, passageIdx, passagesOf, i, Math.min(i + SLICE, passages.length));
    yield;
  }

  const ec = want('events').e;
  const events: DatedEvent[] = new Array<DatedEvent>(ec.start.length);
  for (let i = 0; i < events.length; i += SLICE) {
    decodeEvents(ctx, ec, passages, events, i, Math.min(i + SLICE, events.length));
    yield;
  }

  const qc = want('quotes').q;
  const quotes: Quote[] = new Array<Quote>(qc.start.length);
  for (let i = 0; i < quotes.length; i += SLICE) {
    decodeQuotes(ctx, qc, passages, quotes, i, Math.min(i + SLICE, quotes.length));
    yield;
  }

  const terms: string[] = [];
  const fields: SerializedIndex['fields'][number][] = [];
  for (part = next(); part?.kind === 'terms'; part = next()) {
    for (const t of part.terms) terms.push(t);
    yield;
  }
  for (; part?.kind === 'field'; part = next()) {
    fields.push(part.field);
    yield;
  }
  if (part !== undefined) throw new Error(`Attaché: an unexpected corpus part ${part.kind}`);
  const data: CorpusData = { articles, passages, events, quotes, ...extra };
  return { builtAt: meta.builtAt, data, index: { ...meta.index, terms, fields } as SerializedIndex, lookups: { articleById, passageIdx, passagesOf } };
}

interface Ctx {
  readonly strings: readonly string[];
  readonly articles: readonly Article[];
}

// Plain loops over a range, outside the generator, so that V8 optimises them.

function str(ctx: Ctx, i: number): string {
  const s = ctx.strings[i];
  if (s === undefined) throw new Error('Attaché: a string of the stored corpus is missing');
  return s;
}

function art(ctx: Ctx, i: number): Article {
  const a = ctx.articles[i];
  if (!a) throw new Error('Attaché: an article of the stored corpus is missing');
  return a;
}

function cut(ctx: Ctx, a: Article, x: number, y: number): string {
  if (y < 0) return str(ctx, x);
  if (y > a.text.length || x > y) throw new Error(`Attaché: an offset past the end of article ${a.id}`);
  return a.text.slice(x, y);
}

function passageId(ctx: Ctx, passages: readonly Passage[], ref: number): string {
  return ref >= 0 ? (passages[ref] as Passage).id : str(ctx, -1 - ref);
}

function decodeArticles(ac: ArticleColumns, articles: Article[], articleById: Map<string, Article>): void {
  if (ac.ends.length !== ac.meta.length || (ac.ends[ac.ends.length - 1] ?? 0) !== ac.text.length) throw new Error('Attaché: the stored articles do not match their text');
  let start = 0;
  ac.meta.forEach((m, i) => {
    const end = ac.ends[i] as number;
    if (end < start) throw new Error('Attaché: the stored articles do not match their text');
    // A fresh object from the deserialiser: its empty text replaced in place keeps the keys' order.
    (m as { text: string }).text = ac.text.slice(start, end);
    start = end;
    articles.push(m);
    articleById.set(m.id, m);
  });
}

function decodePassages(
  ctx: Ctx,
  pc: PassageColumns,
  odd: ReadonlyMap<number, number>,
  passages: Passage[],
  passageIdx: Map<string, number>,
  passagesOf: Map<string, Passage[]>,
  from: number,
  to: number,
): void {
  let lastArticle: Article | undefined;
  let lastList: Passage[] = [];
  for (let i = from; i < to; i++) {
    const a = art(ctx, pc.article[i] as number);
    const n = pc.n[i] as number;
    const s = pc.speaker[i] as number;
    const oddId = odd.size === 0 ? undefined : odd.get(i);
    const id = oddId === undefined ? `${a.id}#${n}` : str(ctx, oddId);
    const start = pc.start[i] as number;
    const end = pc.end[i] as number;
    const text = cut(ctx, a, start, end);
    // Same keys in the same order as `splitPassages`.
    const p: Passage = s >= 0 ? { id, articleId: a.id, n, text, start, end, speaker: str(ctx, s) } : { id, articleId: a.id, n, text, start, end };
    passages[i] = p;
    passageIdx.set(id, i);
    // An article's passages are almost always next to each other: its list is looked up once.
    if (a !== lastArticle) {
      lastArticle = a;
      const known = passagesOf.get(a.id);
      lastList = known ?? [];
      if (!known) passagesOf.set(a.id, lastList);
    }
    lastList.push(p);
  }
}

function decodeEvents(ctx: Ctx, ec: EventColumns, passages: readonly Passage[], events: DatedEvent[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const a = art(ctx, ec.article[i] as number);
    const byte = ec.precision[i] as number;
    const precision = PRECISIONS[byte & 7];
    if (precision === undefined) throw new Error('Attaché: an event of an unknown precision');
    const modifier = MODIFIERS[byte >> 3];
    const date = str(ctx, ec.date[i] as number);
    const text = cut(ctx, a, ec.textA[i] as number, ec.textB[i] as number);
    const expression = cut(ctx, a, ec.exprA[i] as number, ec.exprB[i] as number);
    const start = ec.start[i] as number;
    const end = ec.end[i] as number;
    const passageId_ = passageId(ctx, passages, ec.passage[i] as number);
    // Two literals rather than a spread of the modifier (an object copy per event); same keys in the same order as the extractor's.
    events[i] = modifier
      ? { date, precision, modifier, text, expression, start, end, passageId: passageId_, articleId: a.id }
      : { date, precision, text, expression, start, end, passageId: passageId_, articleId: a.id };
  }
}

function decodeQuotes(ctx: Ctx, qc: QuoteColumns, passages: readonly Passage[], quotes: Quote[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const a = art(ctx, qc.article[i] as number);
    const sid = qc.speakerId[i] as number;
    const sp = qc.speaker[i] as number;
    quotes[i] = {
      speakerId: sid < 0 ? null : str(ctx, sid),
      speaker: sp < 0 ? null : str(ctx, sp),
      text: cut(ctx, a, qc.textA[i] as number, qc.textB[i] as number),
      cue: cut(ctx, a, qc.cueA[i] as number, qc.cueB[i] as number),
      start: qc.start[i] as number,
      end: qc.end[i] as number,
      context: cut(ctx, a, qc.ctxA[i] as number, qc.ctxB[i] as number),
      passageId: passageId(ctx, passages, qc.passage[i] as number),
      articleId: a.id,
    };
  }
}

/** Runs a decoding to the end at once. */
export function decodeCorpusSync(next: () => CorpusPart | undefined): DecodedCorpus {
  return runAll(decodeCorpus(next));
}

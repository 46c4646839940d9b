// A fresh build on two threads. The helper splits passages, extracts dated events, groups them into
// the corpus timeline, then extracts the quotes of the last articles; this thread learns aliases
// (which the helper's quotes need: it waits for them), extracts the quotes of the other articles,
// computes topics and builds the search index. Each tokenises the sentences of its events and
// quotes for the lookups that follow. The result is the corpus `buildCorpus` makes with the
// default extractors (same functions, same order). On whitehouse-russia, single-threaded CPU
// time (2026-12-01): events 15 s, index 7.5 s, quotes 5.6 s, aliases 2.7 s, topics 10 s. The
// index moved here once names were read faster (the helper had become the longer thread); the
// share of quotes the helper takes evens the two threads out.
// Below 1 MB of text the helper's part runs on this thread after its own (`HELPER_FROM_CHARS`).
// The caller stays synchronous (`openCorpus` is): it waits for the helper with `Atomics.wait`
// and takes its answer with `receiveMessageOnPort`.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { assembleCorpus, eventGroupsOf, sentenceTermsOf, type BuildOptions, type Corpus } from '../core/corpus.ts';
import type { IndexLists } from '../core/index-lists.ts';
import { extractEvents } from '../core/events/extract.ts';
import { splitPassages } from '../core/passages.ts';
import type { AliasTable } from '../core/quotes/aliases.ts';
import { learnAliases } from '../core/quotes/canonical.ts';
import { PassageSearch } from '../core/search/engine.ts';
import type { SynonymTable } from '../core/search/synonyms.ts';
import { topicCounts, topicsFromCounts } from '../core/topics.ts';
import { indexNameWords, setUpdateState } from '../core/corpus-update.ts';
import type { Article, DatedEvent, Passage, Quote } from '../core/types.ts';
import { extractQuotesOf, fullNamesOf } from './extractors.ts';
import { startTsWorker } from './worker-boot.ts';

interface HelperInput {
  readonly synonyms: SynonymTable;
  readonly articles: readonly Article[];
  readonly port: MessagePort;
  /** [0]: the helper has answered; [1]: this thread has sent the learned aliases. */
  readonly signal: Int32Array;
  /** The helper extracts the quotes of `articles[quotesFrom]` onwards. */
  readonly quotesFrom: number;
}

type HelperResult = { ok: true; events: DatedEvent[]; eventGroups: IndexLists; quotes: Quote[]; sentenceTerms: Map<string, readonly string[]> } | { ok: false; message: string };

/** Share of the articles' text whose quotes the helper extracts (it has the events besides). */
const HELPER_QUOTE_SHARE = 0.1;

/** The first article of the last `share` of the text. */
function splitPoint(articles: readonly Article[], share: number): number {
  const total = articles.reduce((n, a) => n + a.text.length, 0);
  let tail = 0;
  let i = articles.length;
  while (i > 0 && tail < total * share) tail += (articles[--i] as Article).text.length;
  return i;
}

/** Waits until `signal[slot]` is set, or throws after `HELPER_TIMEOUT_MS`. */
function waitFor(signal: Int32Array, slot: number, what: string): void {
  const started = performance.now();
  while (Atomics.load(signal, slot) === 0) {
    if (performance.now() - started > HELPER_TIMEOUT_MS) throw new Error(what);
    Atomics.wait(signal, slot, 0, 1000);
  }
}

/** Longer than any build: a helper that died without a word (out of memory) must not hang the process. */
const HELPER_TIMEOUT_MS = 30 * 60_000;

/**
 * Text (characters) below which the helper's part runs on this thread after its own: the helper's
 * start (about 1.5 s of CPU under tsx, 2026-12-01) costs more than the half of the build it takes
 * over (about 0.7 s per MB of text on one thread, whitehouse-russia). The seed corpus: 0.3 s.
 */
const HELPER_FROM_CHARS = 1_000_000;

function isSmall(articles: readonly Article[]): boolean {
  let chars = 0;
  for (const a of articles) {
    chars += a.text.length;
    if (chars >= HELPER_FROM_CHARS) return false;
  }
  return true;
}

/** `buildCorpus({ ...opts, extractors: makeExtractors(aliases) })`, on two threads (one for a small corpus). */
export function buildCorpusOnTwoThreads({ articles, synonyms, aliases, builtAt }: Omit<BuildOptions, 'extractors' | 'aliases'> & { readonly aliases: AliasTable }): Corpus {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const quotesFrom = splitPoint(articles, HELPER_QUOTE_SHARE);
  const input: HelperInput = { synonyms, articles, port: port2, signal, quotesFrom };
  // A larger young generation: the build keeps most of what it allocates, and with the default
  // the scavenger copied it over and over (a fifth of the build's time was GC).
  const worker = isSmall(articles) ? undefined : startTsWorker(import.meta.url, 'helperMain', input, { transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 96 } });
  try {
    const byArticle = new Map<string, Passage[]>();
    const passages: Passage[] = [];
    for (const a of articles) {
      const ps = splitPassages(a);
      byArticle.set(a.id, ps);
      for (const p of ps) passages.push(p);
    }
    // As `makeExtractors(aliases).quotes`: aliases learned from the whole corpus, then each article
    // (the helper takes the last ones).
    // Each article's names are kept (`fullNamesOf`) for quote extraction, the first incremental
    // update and the cache.
    const learned = learnAliases(articles, aliases, fullNamesOf);
    if (worker) {
      port1.postMessage(learned);
      Atomics.store(signal, 1, 1);
      Atomics.notify(signal, 1);
    }
    const quotes = extractQuotesOf(articles.slice(0, quotesFrom), (id) => byArticle.get(id) ?? [], learned, fullNamesOf);
    const counts = topicCounts(articles);
    const topics = topicsFromCounts(counts, articles.length);
    const titles = new Map(articles.map((a) => [a.id, a.title]));
    const search = PassageSearch.build(passages, (id) => titles.get(id) ?? '', synonyms);
    const ownTerms = sentenceTermsOf(
      quotes.map((q) => q.context),
      synonyms.phrases,
    );
    // For the requote when an update learns a new alias (stored with the cache, so a start has it too).
    indexNameWords(articles);
    let got: HelperResult | undefined;
    if (worker) {
      waitFor(signal, 0, 'the index build thread did not answer');
      got = receiveMessageOnPort(port1)?.message as HelperResult | undefined;
    } else got = { ok: true, ...helperPart(articles, synonyms, quotesFrom, () => learned) };
    if (!got) throw new Error('the index build thread answered nothing');
    if (!got.ok) throw new Error(`the index build thread failed: ${got.message}`);
    for (const q of got.quotes) quotes.push(q);
    const corpus = assembleCorpus({
      articles,
      passages,
      events: got.events,
      quotes,
      search,
      builtAt,
      aliases,
      topics,
      eventGroups: got.eventGroups,
      sentenceTerms: (text) => ownTerms.get(text) ?? got.sentenceTerms.get(text),
    });
    setUpdateState(corpus, { learned, topicCounts: counts });
    return corpus;
  } finally {
    port1.close();
    port2.close();
    void worker?.terminate();
  }
}

/** The helper's part of the build: events and their groups, then (once `learnedAliases` gives them) the quotes from `quotesFrom`. */
function helperPart(articles: readonly Article[], synonyms: SynonymTable, quotesFrom: number, learnedAliases: () => AliasTable) {
  const byArticle = new Map<string, Passage[]>();
  const events: DatedEvent[] = [];
  for (const a of articles) {
    const ps = splitPassages(a);
    byArticle.set(a.id, ps);
    for (const e of extractEvents(a, ps)) events.push(e);
  }
  const eventGroups = eventGroupsOf(articles, events);
  const learned = learnedAliases();
  const quotes = extractQuotesOf(articles.slice(quotesFrom), (id) => byArticle.get(id) ?? [], learned);
  // The index terms of the event sentences and of these quotes' contexts, for the lookups.
  const sentenceTerms = sentenceTermsOf([...events.map((e) => e.text), ...quotes.map((q) => q.context)], synonyms.phrases);
  return { events, eventGroups, quotes, sentenceTerms };
}

/** Entry point of the helper thread (started by `startTsWorker`). */
export function helperMain(input: HelperInput): void {
  let result: HelperResult;
  let transfer: ArrayBuffer[] = [];
  try {
    const part = helperPart(input.articles, input.synonyms, input.quotesFrom, () => {
      waitFor(input.signal, 1, 'the main thread sent no aliases');
      const learned = receiveMessageOnPort(input.port)?.message as AliasTable | undefined;
      if (!learned) throw new Error('the learned aliases did not arrive');
      return learned;
    });
    result = { ok: true, ...part };
    transfer = [part.eventGroups.starts.buffer, part.eventGroups.items.buffer] as ArrayBuffer[];
  } catch (err) {
    result = { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  input.port.postMessage(result, [...new Set(transfer)]);
  Atomics.store(input.signal, 0, 1);
  Atomics.notify(input.signal, 0);
}

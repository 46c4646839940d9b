// A fresh build on two threads: a helper thread splits passages, extracts dated events and builds
// the search index while this thread learns aliases, extracts quotes and computes topics. The
// result is the same corpus `buildCorpus` makes with the default extractors (same functions, same
// order); on whitehouse-all the build is dominated by these steps, on a 2-core machine.
// The caller stays synchronous (`openCorpus` is): it waits for the helper with `Atomics.wait`
// and takes its answer with `receiveMessageOnPort`.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { assembleCorpus, type Corpus } from '../core/corpus.ts';
import { extractEvents } from '../core/events/extract.ts';
import { splitPassages } from '../core/passages.ts';
import type { AliasTable } from '../core/quotes/aliases.ts';
import { PassageSearch, type SerializedIndex } from '../core/search/engine.ts';
import type { SynonymTable } from '../core/search/synonyms.ts';
import type { Article, DatedEvent, Passage } from '../core/types.ts';
import { makeExtractors } from './extractors.ts';

interface HelperInput {
  readonly tsxApi: string;
  readonly self: string;
  readonly synonyms: SynonymTable;
  readonly articles: readonly Article[];
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

type HelperResult = { ok: true; events: DatedEvent[]; index: SerializedIndex } | { ok: false; message: string };

/** Registers tsx in the thread, then runs `helperMain` of this module (as in `reload.ts`). */
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then(({ register }) => { register(); return import(workerData.self); })
  .then((m) => m.helperMain());
`;

/** Longer than any build: a helper that died without a word (out of memory) must not hang the process. */
const HELPER_TIMEOUT_MS = 30 * 60_000;

function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
}

/** `buildCorpus(articles, synonyms, makeExtractors(aliases), now, aliases)`, on two threads. */
export function buildCorpusOnTwoThreads(articles: readonly Article[], synonyms: SynonymTable, aliases: AliasTable, now: number): Corpus {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const input: HelperInput = { tsxApi: tsxApiUrl(), self: import.meta.url, synonyms, articles, port: port2, signal };
  // A larger young generation: the build keeps most of what it allocates, and with the default
  // the scavenger copied it over and over (a fifth of the build's time was GC).
  const worker = new Worker(BOOT, { eval: true, workerData: input, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 96 } });
  try {
    const byArticle = new Map<string, Passage[]>();
    const passages: Passage[] = [];
    for (const a of articles) {
      const ps = splitPassages(a);
      byArticle.set(a.id, ps);
      for (const p of ps) passages.push(p);
    }
    const quotes = makeExtractors(aliases).quotes?.(articles, (id) => byArticle.get(id) ?? []) ?? [];
    const started = performance.now();
    while (Atomics.load(signal, 0) === 0) {
      if (performance.now() - started > HELPER_TIMEOUT_MS) throw new Error('the index build thread did not answer');
      Atomics.wait(signal, 0, 0, 1000);
    }
    const got = receiveMessageOnPort(port1)?.message as HelperResult | undefined;
    if (!got) throw new Error('the index build thread answered nothing');
    if (!got.ok) throw new Error(`the index build thread failed: ${got.message}`);
    return assembleCorpus(articles, passages, got.events, quotes, PassageSearch.deserialize(got.index, synonyms), now, aliases);
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Entry point of the helper thread. */
export function helperMain(): void {
  const input = workerData as HelperInput;
  let result: HelperResult;
  let transfer: ArrayBuffer[] = [];
  try {
    const passages: Passage[] = [];
    const events: DatedEvent[] = [];
    for (const a of input.articles) {
      const ps = splitPassages(a);
      for (const p of ps) passages.push(p);
      for (const e of extractEvents(a, ps)) events.push(e);
    }
    const titles = new Map(input.articles.map((a) => [a.id, a.title]));
    const index = PassageSearch.build(passages, (id) => titles.get(id) ?? '', input.synonyms).serialize();
    result = { ok: true, events, index };
    transfer = index.fields.flatMap((f) => [f.offsets.buffer, f.docs.buffer, f.tfs.buffer, f.lengths.buffer] as ArrayBuffer[]);
  } catch (err) {
    result = { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  input.port.postMessage(result, [...new Set(transfer)]);
  Atomics.store(input.signal, 0, 1);
  Atomics.notify(input.signal, 0);
}

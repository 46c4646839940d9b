// The live reload's rebuild, off the main thread: a worker reads, cleans, extracts and indexes (or
// loads from the index cache) and transfers the encoded corpus; the main thread only decodes it, in
// slices of a few milliseconds between which it keeps answering.
import { isMainThread, parentPort } from 'node:worker_threads';
import type { Corpus } from '../core/corpus.ts';
import { restoreCorpus } from '../core/corpus-codec.ts';
import { restoreUpdateState, saveUpdateState } from '../core/corpus-update.ts';
import { loadAliasesSync } from '../load/aliases.ts';
import { createLogger } from '../log.ts';
import { decodeCorpusBufferInSlices, encodeCorpusBuffer } from '../store/index-cache.ts';
import type { JournalState } from './corpus-journal.ts';
import { makeUpdateExtractors } from './extractors.ts';
import { type CorpusSource, loadSynonyms, openCorpus } from './open-corpus.ts';
import { tagIndexVersion } from './index-version.ts';
import { runTsWorker, type WorkerReply } from './worker-boot.ts';

export type RebuildOptions = Pick<CorpusSource, 'dirs' | 'dataDir' | 'maxBytes' | 'log'>;

interface WorkerInput {
  readonly dirs: readonly string[];
  readonly dataDir: string;
  readonly maxBytes?: number;
  readonly level: string;
}

/**
 * The corpus as `encodeCorpusBuffer` parts, transferred (not copied, not cloned object by object),
 * its version (indexVersionKey), whether it came from the cache, how many files were skipped, and
 * where its change log stands.
 */
interface Done {
  readonly buffer: ArrayBuffer;
  readonly version: string;
  readonly fromCache: boolean;
  readonly skipped: number;
  readonly journal?: JournalState;
}
type WorkerMessage = WorkerReply<Done>;

/** Builds (or loads from the index cache) in a worker thread; resolves with the corpus restored here. */
export async function buildInWorker(opts: RebuildOptions): Promise<Corpus> {
  return (await openInWorker(opts)).corpus;
}

export interface OpenedInWorker {
  readonly corpus: Corpus;
  readonly fromCache: boolean;
  /** Files the build skipped (each already logged). */
  readonly skipped: number;
  /** The state of the cache and change log it left (for the next incremental update). */
  readonly journal?: JournalState;
}

/** `buildInWorker`, and the state of the cache and change log it left (for the next incremental update). */
export function buildInWorkerWithJournal(opts: RebuildOptions): Promise<OpenedInWorker> {
  return openInWorker(opts);
}

/** `buildInWorker`, saying whether the index came from the cache and where its log stands: a start-up that keeps answering meanwhile. */
export function openInWorker(opts: RebuildOptions): Promise<OpenedInWorker> {
  const input: WorkerInput = {
    dirs: opts.dirs,
    dataDir: opts.dataDir,
    ...(opts.maxBytes !== undefined && { maxBytes: opts.maxBytes }),
    level: opts.log.level,
  };
  return runTsWorker<Done, OpenedInWorker>(import.meta.url, 'workerMain', input, {
    name: 'reload',
    log: opts.log,
    done: async (msg) => {
      const decoded = await decodeCorpusBufferInSlices(new Uint8Array(msg.buffer));
      const synonyms = loadSynonyms(opts.dirs, opts.log).table;
      const aliases = loadAliasesSync(opts.dirs).table;
      const corpus = restoreCorpus(decoded, { synonyms, aliases });
      // The worker's update state (names, topic counts) comes along: the first update need not prepare it here.
      if (decoded.updates) restoreUpdateState(corpus, decoded.updates, makeUpdateExtractors(aliases));
      tagIndexVersion(corpus, msg.version);
      const opened: OpenedInWorker = { corpus, fromCache: msg.fromCache, skipped: msg.skipped };
      return msg.journal ? { ...opened, journal: msg.journal } : opened;
    },
  });
}

/** Entry point inside the worker thread (started by `startTsWorker`). */
export function workerMain(input: WorkerInput): void {
  if (isMainThread || !parentPort) throw new Error('Attaché: workerMain runs only in a worker thread');
  const port = parentPort;
  const log = createLogger({ level: input.level, pretty: false, stream: { write: (line: string) => port.postMessage({ type: 'log', line } satisfies WorkerMessage) } });
  try {
    const opened = openCorpus({ dirs: input.dirs, dataDir: input.dataDir, log, now: Date.now, ...(input.maxBytes !== undefined && { maxBytes: input.maxBytes }) });
    const c = opened.corpus;
    const updates = saveUpdateState(c, makeUpdateExtractors(loadAliasesSync(input.dirs).table));
    const encoded = encodeCorpusBuffer({ builtAt: c.builtAt, data: c.data, index: c.search.serialize(), ...(updates && { updates }) });
    // A buffer of its own, so that it can be transferred whole.
    const buffer = (encoded.byteOffset === 0 && encoded.byteLength === encoded.buffer.byteLength ? encoded.buffer : new Uint8Array(encoded).buffer) as ArrayBuffer;
    opened.journal?.close();
    const journal = opened.journal?.state;
    port.postMessage({ type: 'done', buffer, version: opened.version, fromCache: opened.fromCache, skipped: opened.warnings.length, ...(journal && { journal }) } satisfies WorkerMessage, [buffer]);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
  }
}

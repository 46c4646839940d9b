// Compaction off the main thread: a worker loads the index cache, replays the change log up to the
// position the bot had reached, and writes the result as the new cache (temporary file, fsync,
// rename); it hands back the search index in one segment, which the bot swaps in if it has
// applied nothing since (else it keeps its segments until the next compaction). The bot then
// drops the log entries the new cache holds. Folding 500 changes into a new cache took seconds
// of the bot's main thread (merging the postings, encoding the corpus, writing it).
import fs from 'node:fs';
import { isMainThread, parentPort } from 'node:worker_threads';
import { restoreCorpus } from '../core/corpus-codec.ts';
import type { AliasTable } from '../core/quotes/aliases.ts';
import type { SerializedIndex } from '../core/search/engine.ts';
import type { SynonymTable } from '../core/search/synonyms.ts';
import { loadAliasesSync } from '../load/aliases.ts';
import { createLogger, type Logger } from '../log.ts';
import type { CorpusData } from '../core/corpus.ts';
import type { SavedUpdateState } from '../core/corpus-update.ts';
import type { Warning } from '../core/types.ts';
import { type CachedCorpus, cacheFile, readCacheToReplace, type StoredArticles, writeCache } from '../store/index-cache.ts';
import { temporaryFile } from '../store/stale-temporary-files.ts';
import { CorpusJournal, type JournalState } from './corpus-journal.ts';
import { makeUpdateExtractors } from './extractors.ts';
import type { MeasuredWrite } from './fold-estimate.ts';
import { loadSynonyms } from './open-corpus.ts';
import { BACKGROUND_NICE, runTsWorker, type WorkerReply } from './worker-boot.ts';

interface CompactInput {
  readonly dirs: readonly string[];
  readonly dataDir: string;
  readonly key: string;
  /** The last change to hold (the bot's position when it asked). */
  readonly through: number;
  readonly level: string;
}

interface Done {
  readonly seq: number;
  readonly index: SerializedIndex;
  readonly write: MeasuredWrite;
}
type CompactMessage = WorkerReply<Done>;

export interface Compacted {
  /** The last change the new cache holds. */
  readonly seq: number;
  /** Its search index, one segment. */
  readonly index: SerializedIndex;
  /** What writing the new cache took (`foldEstimateMs`). */
  readonly write: MeasuredWrite;
}

/**
 * Writes a new cache holding the changes up to `through`, in a worker; resolves with its search
 * index. `signal` stops it (a closing holder): the cache on disk is then the old one or the new
 * one (renamed into place whole), and the temporary file of a write cut short is removed.
 */
export async function compactInWorker(opts: { dirs: readonly string[]; dataDir: string; key: string; through: number; log: Logger; signal?: AbortSignal }): Promise<Compacted> {
  const input: CompactInput = { dirs: opts.dirs, dataDir: opts.dataDir, key: opts.key, through: opts.through, level: opts.log.level };
  try {
    // Its replay logs the same 'corpus updated' lines the bot did: debug, so they don't read as new changes.
    return await runTsWorker<Done, Compacted>(import.meta.url, 'compactMain', input, {
      name: 'compaction',
      log: opts.log,
      relayAt: 'debug',
      nice: BACKGROUND_NICE,
      done: (msg) => ({ seq: msg.seq, index: msg.index, write: msg.write }),
      ...(opts.signal && { signal: opts.signal }),
    });
  } catch (err) {
    // The worker is a thread of this process: its temporary file carries this process's id.
    if (opts.signal?.aborted) fs.rmSync(temporaryFile(cacheFile(opts.dataDir, opts.key)), { force: true });
    throw err;
  }
}

/**
 * What the new cache is written from: the replayed corpus's data, its index in one segment and
 * its update state, without the corpus itself. Dropping the corpus before the write frees the old
 * base index and the delta (the new index replaces them), the lookups and the replay's leftovers:
 * writing (encoding every part) is when the worker peaked, about 2.7 GB of the bot's resident
 * memory on whitehouse-all with the bot's own corpus beside it.
 */
interface Folded {
  readonly builtAt: number;
  readonly data: CorpusData;
  readonly index: SerializedIndex;
  readonly updates: SavedUpdateState | undefined;
  readonly warnings: readonly Warning[];
  readonly seq: number;
  readonly files: JournalState['files'];
  /** What folding the index into one segment took (part of `MeasuredWrite`). */
  readonly serializeMs: number;
  /** The cache file being replaced, open, with its runs of articles (copied where unchanged). */
  readonly stored: StoredArticles;
}

/** Loads the cache and replays the log up to `through`; only what the new cache holds outlives the call. */
function fold(input: CompactInput, log: Logger, phase: (name: string) => void): Folded {
  const synonyms = loadSynonyms(input.dirs, log).table;
  const aliases = loadAliasesSync(input.dirs).table;
  const read = readCacheToReplace(input.dataDir, input.key, log);
  if (!read) throw new Error('no index cache to compact');
  const { cached, stored } = read;
  try {
    phase('read');
    return replayed(input, log, phase, cached, stored, synonyms, aliases);
  } catch (err) {
    fs.closeSync(stored.fd);
    throw err;
  }
}

function replayed(input: CompactInput, log: Logger, phase: (name: string) => void, cached: CachedCorpus, stored: StoredArticles, synonyms: SynonymTable, aliases: AliasTable): Folded {
  const journal = new CorpusJournal(
    input.key,
    { seq: cached.seq ?? 0, files: cached.files ?? {} },
    { dataDir: input.dataDir, log, extractors: makeUpdateExtractors(aliases), now: Date.now, readOnly: true },
  );
  const restored = restoreCorpus(cached, { synonyms, aliases });
  journal.restoreState(restored, cached.updates);
  const corpus = journal.replay(restored, input.through);
  if (journal.position !== input.through) throw new Error(`the change log ends at ${journal.position}, not ${input.through}`);
  phase('replayed');
  const started = performance.now();
  const index = corpus.search.serialize();
  const { files, seq } = journal.state;
  const updates = journal.savedState(corpus);
  return { builtAt: corpus.builtAt, data: corpus.data, index, updates, warnings: cached.warnings ?? [], seq, files, serializeMs: performance.now() - started, stored };
}

/** Entry point inside the worker thread. */
export function compactMain(input: CompactInput): void {
  if (isMainThread || !parentPort) throw new Error('Attaché: compactMain runs only in a worker thread');
  const port = parentPort;
  const log = createLogger({ level: input.level, pretty: false, stream: { write: (line: string) => port.postMessage({ type: 'log', line } satisfies CompactMessage) } });
  // The process's resident memory after each phase (the worker's and the bot's together), to see what a compaction costs.
  const started = performance.now();
  const phase = (name: string): void => log.debug({ phase: name, ms: Math.round(performance.now() - started), rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) }, `compaction: ${name}`);
  try {
    const folded = fold(input, log, phase);
    const writeStarted = performance.now();
    const { index, seq, updates, stored } = folded;
    let ok: boolean;
    // The replaced file stays open from its read to the end of the write, whatever throws.
    try {
      phase('folded');
      ok = writeCache(
        input.dataDir,
        { key: input.key, builtAt: folded.builtAt, data: folded.data, index, warnings: folded.warnings, seq, files: folded.files, ...(updates && { updates }) },
        log,
        stored,
      );
    } finally {
      fs.closeSync(stored.fd);
    }
    if (!ok) throw new Error('could not write the index cache');
    phase('written');
    const write = { bytes: fs.statSync(cacheFile(input.dataDir, input.key)).size, ms: folded.serializeMs + performance.now() - writeStarted };
    const transfer = [...new Set(index.fields.flatMap((f) => [f.offsets.buffer, f.docs.buffer, f.tfs.buffer, f.lengths.buffer]))] as ArrayBuffer[];
    port.postMessage({ type: 'done', seq, index, write } satisfies CompactMessage, transfer);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies CompactMessage);
  }
}

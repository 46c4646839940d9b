// Keeps a corpus in step with its files without rebuilding it: the files that changed since the
// state it knows (content hashes) become `CorpusChange`s, logged (fsynced) and applied with
// `applyChanges`. The state on disk is the index cache (with the file hashes and the last log
// position it holds) plus the change log; `compact` writes a new cache (temporary file, fsync,
// rename) and then empties the log. Every crash leaves something that loads to the same corpus:
// - mid-append: the torn last line is ignored, and the file comparison on start applies it again;
// - after the append, before the swap: the start replays it;
// - between the cache's rename and the log's truncation: the cache holds the log's last sequence
//   number, so the replay skips what the cache already has.
import type { Corpus } from '../core/corpus.ts';
import {
  applyChanges,
  applyChangesInSteps,
  type CorpusChange,
  prepareNextUpdateInSteps,
  restoreUpdateState,
  type SavedUpdateState,
  saveUpdateState,
  type UpdateExtractors,
  type UpdateOptions,
  type UpdateResult,
} from '../core/corpus-update.ts';
import { runAll } from '../core/steps.ts';
import type { Warning } from '../core/types.ts';
import { type CorpusFile, type FileStat, fingerprintOf, parseCorpusFiles, sameStat } from '../load/loader.ts';
import type { Logger } from '../log.ts';
import { ChangeLog, type LoggedChange, logFile, readLog } from '../store/change-log.ts';
import { type FileState, writeCache } from '../store/index-cache.ts';

/** Log entries past this many, or this share of the base's passages outside it, trigger a compaction. */
export const COMPACT_AFTER_CHANGES = 500;
export const COMPACT_AFTER_SHARE = 0.1;
/**
 * A running bot compacts in the background (a worker) sooner: once the log holds this many
 * changes. A start replays the log, extracting every logged article again (about 0.3 s each on
 * whitehouse-russia under load), so a log of 500 made a restart after an import take minutes;
 * kept short, a restart is the cache's load plus a few seconds. A start itself compacts (on its
 * own thread, before answering) only past `COMPACT_AFTER_CHANGES`.
 */
export const COMPACT_IN_BACKGROUND_AFTER = 16;

export interface JournalState {
  readonly key: string;
  readonly seq: number;
  readonly files: Readonly<Record<string, FileState>>;
  /** The files the cache's build skipped, to store again with each cache written from here. */
  readonly skipped?: readonly Warning[];
}

export interface JournalOptions {
  readonly dataDir: string;
  readonly log: Logger;
  readonly extractors: UpdateExtractors;
  readonly now: () => number;
  /** Apply changes in memory only: no log, no compaction (a one-shot command beside a running bot, which owns the log). */
  readonly readOnly?: boolean;
}

export interface SyncResult {
  readonly corpus: Corpus;
  /** Files whose content changed (added, edited, removed). */
  readonly files: number;
  readonly update: UpdateResult | undefined;
  readonly warnings: readonly Warning[];
}

/** The files state after logged changes (a file that holds no article keeps its hash, so it is not parsed again). */
function fold(files: Map<string, FileState>, entries: readonly LoggedChange[]): void {
  for (const e of entries) {
    if (e.hash === null) files.delete(e.file);
    else files.set(e.file, { hash: e.hash, id: e.change.kind === 'upsert' ? e.change.article.id : null, ...(e.stat && { stat: e.stat }) });
  }
}

export class CorpusJournal {
  private seq: number;
  private readonly files: Map<string, FileState>;
  private readonly changeLog: ChangeLog;
  /** Entries in the log (since the cache). */
  private pending = 0;
  private readonly skipped: readonly Warning[];

  constructor(
    readonly key: string,
    state: Omit<JournalState, 'key'>,
    private readonly opts: JournalOptions,
  ) {
    this.seq = state.seq;
    this.files = new Map(Object.entries(state.files));
    this.skipped = state.skipped ?? [];
    this.changeLog = new ChangeLog(logFile(opts.dataDir, key));
  }

  /** What the state knows of a file (for `LoadOptions.known`: a file whose stat is unchanged is not read). */
  known(key: string): FileState | undefined {
    return this.files.get(key);
  }

  get state(): JournalState {
    return { key: this.key, seq: this.seq, files: Object.fromEntries(this.files), skipped: this.skipped };
  }

  /** Changes in the log since the cache. */
  get logged(): number {
    return this.pending;
  }

  private updateOptions(): UpdateOptions {
    return { extractors: this.opts.extractors, builtAt: this.opts.now(), clock: () => performance.now() };
  }

  private apply(corpus: Corpus, changes: readonly CorpusChange[]): UpdateResult {
    return applyChanges(corpus, changes, this.updateOptions());
  }

  /** Applies the changes logged after the cache (a start: cache + log), up to sequence number `through` when given. */
  replay(corpus: Corpus, through = Number.POSITIVE_INFINITY): Corpus {
    const entries = readLog(this.changeLog.file, this.seq).filter((e) => e.seq <= through);
    if (entries.length === 0) return corpus;
    fold(this.files, entries);
    this.seq = (entries[entries.length - 1] as LoggedChange).seq;
    this.pending = entries.length;
    this.opts.log.info({ changes: entries.length }, `replayed ${entries.length} logged corpus changes`);
    return this.apply(
      corpus,
      entries.map((e) => e.change),
    ).corpus;
  }

  /**
   * Compares `files` (every corpus file, as read now) with the state, logs the differences and
   * applies them. A file that cannot be parsed removes its article (a fresh build skips it too);
   * a new file whose article id another file already has is skipped, as a fresh build skips the
   * later of two (it keeps the first in reading order: here, the one it already has).
   */
  sync(corpus: Corpus, files: readonly CorpusFile[]): SyncResult {
    return runAll(this.syncInSteps(corpus, files));
  }

  /**
   * `sync` in steps (see `applyChangesInSteps`). With `only` (the file keys the watcher named),
   * `files` are those of them that exist, and only they are compared: a named file missing from
   * `files` was removed; the others are not looked at (nor read, nor hashed).
   */
  *syncInSteps(corpus: Corpus, files: readonly CorpusFile[], only?: ReadonlySet<string>, opts: { fsyncOffThread?: boolean } = {}): Generator<void | Promise<void>, SyncResult> {
    // Files are known by their key (`CorpusFile.key`), not the path shown in warnings.
    const now = new Map(files.map((f) => [f.key, f]));
    const entries: LoggedChange[] = [];
    const warnings: Warning[] = [];
    const heldBy = new Map<string, string>();
    for (const [source, s] of this.files) if (s.id !== null) heldBy.set(s.id, source);
    const push = (file: string, hash: string | null, change: CorpusChange, stat?: FileStat): void => {
      entries.push({ seq: this.seq + entries.length + 1, file, hash, change, ...(stat && { stat }) });
    };
    // A file that held no article (skipped) is removed with an id no article has: nothing to undo.
    for (const source of only ?? this.files.keys()) {
      const s = this.files.get(source);
      if (s && !now.has(source)) push(source, null, { kind: 'remove', id: s.id ?? '' });
    }
    for (const f of files) {
      const hash = f.hash ?? '';
      const before = this.files.get(f.key);
      if (before?.hash === hash) {
        // Unchanged, perhaps touched: its stat now, so that the next start need not hash it (stored with the next cache).
        if (f.stat && !sameStat(f.stat, before.stat)) this.files.set(f.key, { ...before, stat: f.stat });
        continue;
      }
      const parsed = parseCorpusFiles([f], { log: this.opts.log });
      warnings.push(...parsed.warnings);
      const article = parsed.articles[0];
      const owner = article ? heldBy.get(article.id) : undefined;
      if (article && (owner === undefined || owner === f.key)) push(f.key, hash, { kind: 'upsert', article }, f.stat);
      else {
        if (article) warnings.push({ file: f.source, reason: `duplicate article id ${article.id} (already loaded from ${owner})` });
        // Unparseable, or a duplicate: its former article goes, and the file is remembered as skipped.
        push(f.key, hash, { kind: 'remove', id: before?.id ?? '' }, f.stat);
      }
      // A step per file parsed (a batch of 20 arrivals parsed in one turn of 45 ms of CPU on whitehouse-all).
      yield;
    }
    if (entries.length === 0) return { corpus, files: 0, update: undefined, warnings };
    // Logged (and on disk) before anyone is answered from it; `fsyncOffThread` (runInSlices): the
    // steps wait for the fsync, the event loop does not.
    if (!this.opts.readOnly) {
      if (opts.fsyncOffThread) yield this.changeLog.appendAsync(entries);
      else this.changeLog.append(entries);
    }
    fold(this.files, entries);
    this.seq = (entries[entries.length - 1] as LoggedChange).seq;
    this.pending += entries.length;
    yield;
    const update = yield* applyChangesInSteps(
      corpus,
      entries.map((e) => e.change),
      this.updateOptions(),
    );
    return { corpus: update.corpus, files: entries.length, update, warnings };
  }

  /** What `corpus`'s next update needs, to store in the cache with it (`saveUpdateState`). */
  savedState(corpus: Corpus): SavedUpdateState | undefined {
    return saveUpdateState(corpus, this.opts.extractors);
  }

  /** What the next update of `corpus` needs, made in steps (`prepareNextUpdateInSteps`): a live bot runs them after a start. */
  prepareInSteps(corpus: Corpus): Generator<void, void> {
    return prepareNextUpdateInSteps(corpus, this.opts.extractors);
  }

  /** Gives a corpus loaded from a cache the update state saved with it (`restoreUpdateState`). */
  restoreState(corpus: Corpus, saved: SavedUpdateState | undefined): void {
    if (saved) restoreUpdateState(corpus, saved, this.opts.extractors);
  }

  /** The files' identity (`fingerprintOf`) from the hashes of the state: no file is read. */
  fingerprint(): string {
    return fingerprintOf([...this.files].map(([source, s]) => [source, s.hash] as const));
  }

  /** The last change applied (its sequence number). */
  get position(): number {
    return this.seq;
  }

  /**
   * After a compaction elsewhere (a worker) wrote a cache holding the changes up to `seq`: the log
   * keeps only the later ones.
   */
  compactedThrough(seq: number): void {
    if (this.opts.readOnly) return;
    const later = readLog(this.changeLog.file, seq);
    this.changeLog.replace(later);
    // Not those of an update whose fsync is still running: they are counted once it resolves.
    this.pending = later.filter((e) => e.seq <= this.seq).length;
  }

  /**
   * Whether the log or the search's delta has grown enough to fold them into a new cache: on this
   * thread (a start), or `inBackground` (a worker, while the bot answers: sooner).
   */
  shouldCompact(corpus: Corpus, inBackground = false): boolean {
    const changes = inBackground ? COMPACT_IN_BACKGROUND_AFTER : COMPACT_AFTER_CHANGES;
    return this.pending >= changes || corpus.search.pendingDocuments > COMPACT_AFTER_SHARE * Math.max(1, corpus.search.documentCount);
  }

  /**
   * Writes the corpus as the new cache (holding every logged change) and empties the log. Returns
   * the corpus with its search index in one segment again, answering exactly as before.
   */
  compact(corpus: Corpus, warnings: readonly Warning[] = this.skipped): boolean {
    if (this.opts.readOnly) return false;
    const updates = this.savedState(corpus);
    const ok = writeCache(
      this.opts.dataDir,
      { key: this.key, builtAt: corpus.builtAt, data: corpus.data, index: corpus.search.serialize(), warnings, seq: this.seq, files: Object.fromEntries(this.files), ...(updates && { updates }) },
      this.opts.log,
    );
    if (!ok) return false;
    this.changeLog.truncate();
    this.pending = 0;
    return true;
  }

  /** Empties the log (before a fresh build's cache replaces the one it followed). */
  compactLog(): void {
    if (this.opts.readOnly) return;
    this.changeLog.truncate();
    this.pending = 0;
  }

  close(): void {
    this.changeLog.close();
  }
}

// Live reload: the running bot answers from the corpus it has while the next one is made, then
// swaps it in with one assignment. With a change log (`CorpusJournal`, from `openCorpus`), the
// files that changed are applied as changes (`applyChanges`: seconds, not a rebuild), logged
// before the swap and folded into a new cache once the log grows. A change of code or options
// (synonyms, aliases: the cache key), or no journal, rebuilds in a worker thread
// (`rebuild-worker.ts`). An update that fails, or that finds no files where there were articles
// (a folder unmounted or moved), keeps the old corpus and logs why.
// Triggers: a change under a corpus folder (fs.watch, recursive, debounced) and SIGHUP.
import fs from 'node:fs';
import path from 'node:path';
import type { Corpus } from '../core/corpus.ts';
import { aliasesText, loadAliasesSync } from '../load/aliases.ts';
import { carryUpdateState } from '../core/corpus-update.ts';
import { PassageSearch } from '../core/search/engine.ts';
import { readCorpusFiles, readNamedFiles } from '../load/loader.ts';
import { cacheFile } from '../store/index-cache.ts';
import { compactInWorker } from './compact-worker.ts';
import { CorpusJournal, type JournalState, type SyncResult } from './corpus-journal.ts';
import { makeUpdateExtractors } from './extractors.ts';
import { foldEstimateMs, type MeasuredWrite } from './fold-estimate.ts';
import { indexVersion, tagIndexVersion } from './index-version.ts';
import { cacheKey, type CorpusSource, indexVersionKey, synonymsText } from './open-corpus.ts';
import { buildInWorkerWithJournal } from './rebuild-worker.ts';
import { runInSlices } from './slices.ts';
import { warmCorpus } from './warm.ts';

export interface ReloadOptions extends CorpusSource {
  /** Answers come from this until the first rebuild succeeds. */
  readonly initial: Corpus;
  /** Quiet time after the last change before a rebuild starts. Default 1000 ms. */
  readonly debounceMs?: number;
  /** Watch the corpus folders. Default true. */
  readonly watch?: boolean;
  /** Rebuild on SIGHUP. Default true. */
  readonly sighup?: boolean;
  /** How a corpus is built; default: `openCorpus` in a worker thread. Tests pass slow or failing builds (and get no incremental updates). */
  readonly build?: () => Promise<Corpus>;
  /** The cache's change log, from `openCorpus`: changed files are then applied, not rebuilt. */
  readonly journal?: CorpusJournal;
  /** Never fold the log into a new cache in the background, nor on closing (tests that look at the log). */
  readonly noCompaction?: boolean;
  /**
   * The longest the fold on closing may take (`foldEstimateMs`); when it would likely take longer,
   * the log is left for the next start to replay. Default: no limit.
   */
  readonly closeBudgetMs?: number;
  /**
   * Make what the first update needs (`CorpusJournal.prepareInSteps`) in slices after the start
   * and after each rebuild, rather than in the first arrival's time. Default true.
   */
  readonly prepare?: boolean;
}

export interface ReloadResult {
  readonly ok: boolean;
  /** What started it: `SIGHUP`, `change corpus/x.md`, `manual`. */
  readonly trigger: string;
  readonly ms: number;
  readonly articles: number;
  /** Why the old corpus was kept. */
  readonly reason?: string;
  /** Applied as changes to the corpus (not rebuilt): how many files changed, and milliseconds per step. */
  readonly changedFiles?: number;
  readonly steps?: Readonly<Record<string, number>>;
}

/** Article files and folder settings; not editors' swap files or our own hidden temporary files. */
export function watchedFile(file: string | null): boolean {
  if (file === null) return true;
  const base = path.basename(file);
  if (base.startsWith('.') || base.endsWith('~')) return false;
  const ext = path.extname(base).toLowerCase();
  return ext === '' || ['.md', '.markdown', '.txt', '.yml', '.yaml'].includes(ext);
}

export class CorpusHolder {
  private corpus: Corpus;
  private running: Promise<ReloadResult> | undefined;
  /** A trigger that arrived during a rebuild: one more rebuild runs after it. */
  private queued: { trigger: string; waiters: { resolve: (r: ReloadResult) => void; reject: (err: unknown) => void }[] } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pendingTrigger = '';
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private readonly onHup = (): void => void this.reload('SIGHUP');
  private closed = false;
  private journal: CorpusJournal | undefined;
  /** Files the watcher named since the last update ('all': read every file). */
  private changed: Set<string> | 'all' = new Set();
  private compaction: Promise<void> | undefined;
  private compactionsDone = 0;
  /** The journal and position the corpus answered from holds (a change logged but not swapped in is not in it). */
  private corpusAt: { journal: CorpusJournal | undefined; seq: number };
  /** Stops a background compaction when the holder closes (it folds the log itself then). */
  private readonly stopping = new AbortController();
  /** What this holder's last cache write took (a background compaction's or its fold's). */
  private lastWrite: MeasuredWrite | undefined;
  /** The preparation of the next update running in the background (`prepareInBackground`). */
  private preparing: Promise<void> | undefined;
  /** Updates and rebuilds started: one that starts stops the preparation running. */
  private updatesStarted = 0;

  constructor(private readonly opts: ReloadOptions) {
    this.corpus = opts.initial;
    this.journal = opts.build ? undefined : opts.journal;
    this.corpusAt = { journal: this.journal, seq: this.journal?.position ?? 0 };
    if (opts.watch !== false) this.watchFolders();
    if (opts.sighup !== false) process.on('SIGHUP', this.onHup);
    // A start that replayed a long log (a bot killed before it could fold it): folded now, so
    // that the next start does not replay it again.
    if (this.journal?.shouldCompact(this.corpus, true)) this.compactInBackground(this.journal);
    this.prepareInBackground();
  }

  /**
   * Makes what the next update needs from the whole corpus (sentence ids, learned aliases' counts,
   * topic twins) in slices of a few ms between queries, so that the first arrival after a start
   * does not wait for it (3.7 s of a 6.1 s first arrival on whitehouse-all under load). An update
   * that starts meanwhile stops it at its next step and makes what is missing itself: each part is
   * handed to the corpus's state whole, so the two never change it at once.
   */
  private prepareInBackground(): void {
    const journal = this.journal;
    if (!journal || this.opts.prepare === false || this.closed) return;
    const corpus = this.corpus;
    const holder = this;
    const since = this.updatesStarted;
    const stoppable = function* (): Generator<void, void> {
      const steps = journal.prepareInSteps(corpus);
      // Stopped when the holder closes, or when an update starts (it prepares what is left).
      // Also when another corpus is swapped in (a compaction's): that one is prepared anew.
      while (!holder.closed && holder.updatesStarted === since && holder.corpus === corpus && !steps.next().done) yield;
    };
    const started = performance.now();
    // After the preparation of the corpus before (a rebuild swapped), which stops at its next step.
    const run: Promise<void> = (this.preparing ?? new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => runInSlices(stoppable(), 8, 'prepare'))
      .then(
        () => this.opts.log.debug({ ms: Math.round(performance.now() - started) }, 'corpus prepared for updates'),
        (err: unknown) => this.opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'preparing for updates failed; the next update prepares itself'),
      )
      .finally(() => {
        if (this.preparing === run) this.preparing = undefined;
      });
    this.preparing = run;
  }

  /** Resolves when the preparation for updates (if any runs) has finished. */
  async prepared(): Promise<void> {
    await this.preparing;
  }

  /** The corpus to answer from right now. */
  current(): Corpus {
    return this.corpus;
  }

  get rebuilding(): boolean {
    return this.running !== undefined;
  }

  /**
   * Applies the named files (absolute paths, as the folder watcher reports them) after the update
   * in progress, like a change the watcher saw; resolves when they are answered from.
   */
  filesChanged(paths: readonly string[], trigger = `change ${paths[0] ?? ''}`): Promise<ReloadResult> {
    if (this.changed !== 'all') for (const p of paths) this.changed.add(p);
    return this.run(trigger);
  }

  /**
   * Rebuilds now (or right after the rebuild in progress, once for any number of calls meanwhile)
   * and resolves when the new corpus is in place or was refused. Every file is read and compared.
   */
  reload(trigger = 'manual'): Promise<ReloadResult> {
    this.changed = 'all';
    return this.run(trigger);
  }

  private run(trigger: string): Promise<ReloadResult> {
    if (this.running !== undefined) {
      if (this.queued) this.queued.trigger = trigger;
      else this.queued = { trigger, waiters: [] };
      const q = this.queued;
      return new Promise((resolve, reject) => q.waiters.push({ resolve, reject }));
    }
    const run = this.rebuild(trigger).finally(() => {
      this.running = undefined;
      const next = this.queued;
      this.queued = undefined;
      if (!next) return;
      // Every caller gets an answer: the queued rebuild's, or a refusal once the holder is closed.
      const result = this.closed ? Promise.resolve(this.refused(next.trigger)) : this.run(next.trigger);
      for (const w of next.waiters) result.then(w.resolve, w.reject);
    });
    this.running = run;
    return run;
  }

  /**
   * Stops watching and listening; a rebuild in progress finishes but is not swapped in. Then the
   * change log is folded into a new cache (`CorpusJournal.compact`, on this thread: the corpus in
   * memory already holds every change, so nothing is extracted again), so that the next start
   * loads the cache and replays nothing. A background compaction still running is stopped first
   * (the fold holds more). A kill meanwhile is safe: the cache is renamed into place whole and
   * records the last change it holds. The fold takes what writing the cache takes (about 6 s on
   * whitehouse-russia under load); it is skipped when the log is empty, and when it would likely
   * take longer than `closeBudgetMs`, or than `budgetMs` when given (what is left of a stop's
   * grace once replies are drained); the next start then replays the log.
   */
  async close(opts: { budgetMs?: number } = {}): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    process.off('SIGHUP', this.onHup);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    await this.running?.catch(() => undefined);
    await this.preparing;
    this.stopping.abort();
    await this.compaction;
    const journal = this.journal;
    // Not when the corpus lacks logged changes (an update cut short, or refused because of the
    // close): the log then stays, and the next start replays it.
    const holdsAll = this.corpusAt.journal === journal && this.corpusAt.seq === journal?.position;
    if (journal && journal.logged > 0 && holdsAll && !this.opts.noCompaction && this.foldFits(journal, opts.budgetMs ?? this.opts.closeBudgetMs)) {
      const started = performance.now();
      if (journal.compact(this.corpus)) this.opts.log.info({ ms: Math.round(performance.now() - started) }, 'change log folded into the index cache on closing');
    }
    this.journal?.close();
  }

  /**
   * Whether the fold on closing likely ends within `closeBudgetMs`: past the stop timeout the
   * process is killed mid-write, and the fold's seconds are lost. Left out, the log is replayed by
   * the next start (and folded there in the background), which costs about as long.
   */
  private foldFits(journal: CorpusJournal, budget: number | undefined): boolean {
    if (budget === undefined) return true;
    const { ms, bytes } = this.foldEstimate();
    if (ms <= budget) return true;
    this.opts.log.info(
      { estimateMs: Math.round(ms), budgetMs: budget, changes: journal.logged, cacheBytes: bytes },
      `change log left for the next start: folding it would take ~${Math.round(ms / 1000)} s`,
    );
    return false;
  }

  /** How long folding the log into the cache would take (`foldEstimateMs`), and the cache's size it is estimated from. */
  foldEstimate(): { ms: number; bytes: number } {
    let bytes = 0;
    try {
      if (this.journal) bytes = fs.statSync(cacheFile(this.opts.dataDir, this.journal.key)).size;
    } catch {
      // No cache to measure: the fold writes the first one.
    }
    return { ms: foldEstimateMs(bytes, this.lastWrite), bytes };
  }

  /** A rebuild that did not run or was not swapped in because the holder was closed. */
  private refused(trigger: string, ms = 0): ReloadResult {
    return { ok: false, trigger, ms, articles: this.corpus.articles.length, reason: 'closed' };
  }

  /**
   * Applies the files that changed since the journal's state, or returns undefined when the cache
   * key changed (code, synonyms, aliases: a rebuild). Runs on this thread, in slices of a few
   * milliseconds between which queries are answered: reading the files the watcher named (every
   * file, hashed, after SIGHUP or when a folder or setting changed), parsing the changed ones,
   * extraction and the index update for them.
   */
  private async update(trigger: string, journal: CorpusJournal): Promise<ReloadResult | undefined> {
    const { log, dirs } = this.opts;
    const named = this.changed;
    this.changed = new Set();
    const started = performance.now();
    const key = cacheKey({ synonyms: synonymsText(dirs), aliases: aliasesText(dirs), fingerprint: null });
    if (key !== journal.key) return undefined;
    const old = this.corpus;
    let next: Corpus;
    let files: number;
    let detail: Record<string, unknown> = {};
    let synced: SyncResult;
    let readMs = 0;
    let fingerprint = '';
    try {
      const maxBytes = this.opts.maxBytes !== undefined ? { maxBytes: this.opts.maxBytes } : {};
      const some = named !== 'all' && named.size > 0 ? readNamedFiles(dirs, named, { log, ...maxBytes }) : undefined;
      if (some) {
        readMs = performance.now() - started;
        synced = await runInSlices(journal.syncInSteps(old, some.files, some.sources, { fsyncOffThread: true }));
        fingerprint = journal.fingerprint();
      } else {
        const read = readCorpusFiles(dirs, { log, ...maxBytes });
        readMs = performance.now() - started;
        fingerprint = read.fingerprint;
        if (read.files.length === 0 && old.articles.length > 0) throw new Error('no corpus files (are the corpus folders there?)');
        synced = await runInSlices(journal.syncInSteps(old, read.files, undefined, { fsyncOffThread: true }));
      }
      next = synced.corpus;
      files = synced.files;
      if (synced.update) detail = { added: synced.update.added, changed: synced.update.changed, removed: synced.update.removed, requoted: synced.update.requoted, steps: roundAll(synced.update.ms) };
    } catch (err) {
      // The next update reads these files again (or every file).
      const since = this.changed as Set<string> | 'all';
      if (named === 'all' || since === 'all') this.changed = 'all';
      else for (const f of named) since.add(f);
      const reason = err instanceof Error ? err.message : String(err);
      const ms = Math.round(performance.now() - started);
      log.error({ trigger, reason, ms }, `corpus update failed, still answering from the previous corpus: ${reason}`);
      return { ok: false, trigger, ms, articles: old.articles.length, reason };
    }
    if (files === 0) return { ok: true, trigger, ms: Math.round(performance.now() - started), articles: old.articles.length, changedFiles: 0 };
    const warmStarted = performance.now();
    await warmCorpus(next, log);
    const ms = Math.round(performance.now() - started);
    if (this.closed) return this.refused(trigger, ms);
    tagIndexVersion(next, indexVersionKey(key, fingerprint));
    this.corpus = next;
    this.corpusAt = { journal, seq: journal.position };
    log.info({ trigger, ms, files, articles: next.articles.length, passages: next.passages.length, ...detail }, `corpus updated: ${files} changed files, ${next.articles.length} articles, ${ms} ms`);
    if (journal.shouldCompact(next, true)) this.compactInBackground(journal);
    return { ok: true, trigger, ms, articles: next.articles.length, changedFiles: files, steps: { read: readMs, ...(synced.update?.ms ?? {}), warm: performance.now() - warmStarted } };
  }

  /**
   * Folds the change log into a new cache in a worker (`compact-worker.ts`); when the bot has
   * applied nothing since it asked, its search index is swapped for the worker's (one segment,
   * the same answers). Updates go on meanwhile.
   */
  private compactInBackground(journal: CorpusJournal): void {
    if (this.compaction || this.opts.noCompaction) return;
    const { log, dirs, dataDir } = this.opts;
    const through = journal.position;
    const started = performance.now();
    let wrote = false;
    this.compaction = compactInWorker({ dirs, dataDir, key: journal.key, through, log, signal: this.stopping.signal })
      .then(async (done) => {
        this.compactionsDone++;
        wrote = true;
        this.lastWrite = done.write;
        if (this.journal !== journal) return;
        // Even when closing: the log then holds only what the fold on closing has to write.
        journal.compactedThrough(done.seq);
        if (this.closed) return;
        const current = this.corpus;
        if (journal.position !== done.seq) {
          log.info({ seq: done.seq }, 'corpus compacted on disk; the running index keeps its segments (updated since)');
          return;
        }
        const next = current.withSearch(PassageSearch.deserialize(done.index, current.search.synonyms));
        await warmCorpus(next, log);
        if (this.closed || this.corpus !== current) return;
        carryUpdateState(current, next);
        tagIndexVersion(next, indexVersion(current));
        this.corpus = next;
        // What the carry did not bring (a preparation cut short by this swap) is made for this corpus.
        this.prepareInBackground();
        log.info({ seq: done.seq, ms: Math.round(performance.now() - started) }, 'corpus compacted');
      })
      .catch((err: unknown) => {
        if (this.stopping.signal.aborted) log.info('background compaction stopped: the holder is closing');
        else log.warn({ err: err instanceof Error ? err.message : String(err) }, 'corpus compaction failed; the change log keeps growing until the next one');
      })
      .finally(() => {
        this.compaction = undefined;
        // Changes applied while it ran: folded in next, so that a restart replays few (not only
        // after the next update). Not after a failure: that would retry in a loop.
        if (wrote && !this.closed && this.journal === journal && journal.shouldCompact(this.corpus, true)) this.compactInBackground(journal);
      });
  }

  /** Background compactions that wrote a new cache (for the benchmark and tests). */
  get compactions(): number {
    return this.compactionsDone;
  }

  /** Resolves when a background compaction (if any) has finished. */
  async compacted(): Promise<void> {
    await this.compaction;
  }

  private async rebuild(trigger: string): Promise<ReloadResult> {
    const before = this.corpus;
    // A preparation still running stops at its next step (`prepareInBackground`).
    this.updatesStarted++;
    try {
      return await this.updateOrRebuild(trigger);
    } finally {
      // An update that changed nothing, or failed, left the corpus it stopped the preparation of.
      if (this.corpus === before) this.prepareInBackground();
    }
  }

  private async updateOrRebuild(trigger: string): Promise<ReloadResult> {
    if (this.journal && !this.closed) {
      const updated = await this.update(trigger, this.journal);
      if (updated) return updated;
    }
    const { log } = this.opts;
    const started = performance.now();
    const old = this.corpus;
    log.info({ trigger }, `corpus rebuild started (${trigger})`);
    let next: Corpus;
    try {
      if (this.opts.build) next = await this.opts.build();
      else {
        // The worker's build (or start from the cache) moved the change log on: continue from its state.
        const built = await buildInWorkerWithJournal(this.opts);
        next = built.corpus;
        this.adoptJournal(built.journal);
      }
      if (next.articles.length === 0 && old.articles.length > 0) throw new Error('the rebuilt corpus has no articles (are the corpus folders there?)');
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const ms = Math.round(performance.now() - started);
      log.error({ trigger, reason, ms }, `corpus rebuild failed, still answering from the previous corpus: ${reason}`);
      return { ok: false, trigger, ms, articles: old.articles.length, reason };
    } finally {
      // A folder removed and created again needs a new watcher.
      if (this.opts.watch !== false && !this.closed) this.watchFolders();
    }
    // Warmed before the swap: the old corpus answers while the new one builds its lookups.
    await warmCorpus(next, log);
    const ms = Math.round(performance.now() - started);
    if (this.closed) return this.refused(trigger, ms);
    this.corpus = next;
    this.corpusAt = { journal: this.journal, seq: this.journal?.position ?? 0 };
    this.prepareInBackground();
    const before = new Set(old.articles.map((a) => a.id));
    const after = new Set(next.articles.map((a) => a.id));
    const added = [...after].filter((id) => !before.has(id)).length;
    const removed = [...before].filter((id) => !after.has(id)).length;
    log.info(
      { trigger, ms, articles: next.articles.length, passages: next.passages.length, added, removed },
      `corpus reloaded: ${next.articles.length} articles (+${added} −${removed}), ${next.passages.length} passages, ${ms} ms`,
    );
    return { ok: true, trigger, ms, articles: next.articles.length };
  }

  private adoptJournal(state: JournalState | undefined): void {
    this.journal?.close();
    this.journal = state
      ? new CorpusJournal(state.key, state, { dataDir: this.opts.dataDir, log: this.opts.log, extractors: makeUpdateExtractors(loadAliasesSync(this.opts.dirs).table), now: this.opts.now })
      : undefined;
  }

  /** A change seen by the watcher: `file` (absolute) when it named one, else every file is read again. */
  private schedule(trigger: string, file?: string): void {
    if (this.closed) return;
    if (file === undefined) this.changed = 'all';
    else if (this.changed !== 'all') this.changed.add(file);
    this.pendingTrigger = trigger;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(this.pendingTrigger), this.opts.debounceMs ?? 1000);
  }

  private watchFolders(): void {
    for (const dir of this.opts.dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        // Recursive watching works on Linux since Node 20 (and on macOS and Windows before).
        const w = fs.watch(dir, { recursive: true }, (_event, file) => {
          const name = file === null ? null : String(file);
          if (watchedFile(name)) this.schedule(`change ${name === null ? dir : path.join(dir, name)}`, name === null ? undefined : path.resolve(dir, name));
        });
        w.on('error', (err) => {
          this.opts.log.warn({ dir, err: err.message }, `stopped watching ${dir}: ${err.message}`);
          w.close();
          this.watchers.delete(dir);
          this.schedule(`watch error ${dir}`);
        });
        this.watchers.set(dir, w);
      } catch (err) {
        this.opts.log.warn({ dir, err: err instanceof Error ? err.message : String(err) }, `cannot watch ${dir}; send SIGHUP to reload`);
      }
    }
  }
}

const roundAll = (ms: Readonly<Record<string, number>>): Record<string, number> => Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)]));

export function startCorpusReload(opts: ReloadOptions): CorpusHolder {
  return new CorpusHolder(opts);
}

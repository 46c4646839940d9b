// Live reload: the running bot answers from the corpus it has while a new one is built in a
// worker thread (`rebuild-worker.ts`: reading, cleaning, extraction and indexing never block the
// event loop), then swaps it in with one assignment. A rebuild that fails, or that finds no
// articles where there were some (a folder unmounted or moved), keeps the old corpus and logs why.
// Triggers: a change under a corpus folder (fs.watch, recursive, debounced) and SIGHUP.
import fs from 'node:fs';
import path from 'node:path';
import type { Corpus } from '../core/corpus.ts';
import type { CorpusSource } from './open-corpus.ts';
import { buildInWorker } from './rebuild-worker.ts';
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
  /** How a corpus is built; default: `openCorpus` in a worker thread. Tests pass slow or failing builds. */
  readonly build?: () => Promise<Corpus>;
}

export interface ReloadResult {
  readonly ok: boolean;
  /** What started it: `SIGHUP`, `change corpus/x.md`, `manual`. */
  readonly trigger: string;
  readonly ms: number;
  readonly articles: number;
  /** Why the old corpus was kept. */
  readonly reason?: string;
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

  constructor(private readonly opts: ReloadOptions) {
    this.corpus = opts.initial;
    if (opts.watch !== false) this.watchFolders();
    if (opts.sighup !== false) process.on('SIGHUP', this.onHup);
  }

  /** The corpus to answer from right now. */
  current(): Corpus {
    return this.corpus;
  }

  get rebuilding(): boolean {
    return this.running !== undefined;
  }

  /**
   * Rebuilds now (or right after the rebuild in progress, once for any number of calls meanwhile)
   * and resolves when the new corpus is in place or was refused.
   */
  reload(trigger = 'manual'): Promise<ReloadResult> {
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
      const result = this.closed ? Promise.resolve(this.refused(next.trigger)) : this.reload(next.trigger);
      for (const w of next.waiters) result.then(w.resolve, w.reject);
    });
    this.running = run;
    return run;
  }

  /** Stops watching and listening; a rebuild in progress finishes but is not swapped in. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    process.off('SIGHUP', this.onHup);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    await this.running?.catch(() => undefined);
  }

  /** A rebuild that did not run or was not swapped in because the holder was closed. */
  private refused(trigger: string, ms = 0): ReloadResult {
    return { ok: false, trigger, ms, articles: this.corpus.articles.length, reason: 'closed' };
  }

  private async rebuild(trigger: string): Promise<ReloadResult> {
    const { log } = this.opts;
    const started = performance.now();
    const old = this.corpus;
    log.info({ trigger }, `corpus rebuild started (${trigger})`);
    let next: Corpus;
    try {
      next = await (this.opts.build ?? (() => buildInWorker(this.opts)))();
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

  private schedule(trigger: string): void {
    if (this.closed) return;
    this.pendingTrigger = trigger;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(this.pendingTrigger), this.opts.debounceMs ?? 1000);
  }

  private watchFolders(): void {
    for (const dir of this.opts.dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        // Recursive watching works on Linux since Node 20 (and on macOS and Windows before).
        const w = fs.watch(dir, { recursive: true }, (_event, file) => {
          const name = file === null ? null : String(file);
          if (watchedFile(name)) this.schedule(`change ${name === null ? dir : path.join(dir, name)}`);
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

export function startCorpusReload(opts: ReloadOptions): CorpusHolder {
  return new CorpusHolder(opts);
}

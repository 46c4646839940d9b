// What the long-running modes share around the dispatch: the index (built from the corpus
// folders, or loaded from INDEX_DIR and swapped when a newer one is published), readiness, the
// health answer and the metrics registry. The doors start first and answer "starting up" / 503
// until `open` has loaded the index. The stores (settings, cooldowns, replay guard) are opened by
// the caller before the doors (openStores), so a refused database is reported at once; the caller
// closes them after `close`.
import path from 'node:path';
import { startCorpusReload, type CorpusHolder } from '../app/corpus-holder.ts';
import { CorpusJournal } from '../app/corpus-journal.ts';
import type { AppDeps } from '../app/dispatch.ts';
import { currentVersion, loadIndexArtifact, watchCurrent, type IndexWatcher } from '../app/index-artifact.ts';
import { indexVersion } from '../app/index-version.ts';
import { createMetrics, type IndexFacts, type Metrics } from '../app/metrics.ts';
import { makeUpdateExtractors } from '../app/extractors.ts';
import { openInWorker, type OpenedInWorker } from '../app/rebuild-worker.ts';
import { warmCorpus } from '../app/warm.ts';
import type { Config } from '../config.ts';
import { loadAliasesSync } from '../load/aliases.ts';
import type { Logger } from '../log.ts';
import { StartupError } from '../startup-error.ts';
import { hasAnyCache } from '../store/index-cache.ts';
import { checkCorpusDirs, openDeps, reportCorpus, type Stores } from './wiring.ts';

export interface Serving {
  readonly metrics: Metrics;
  /** Set once the index is loaded. */
  deps(): AppDeps | undefined;
  ready(): boolean;
  /** What /healthz shows: readiness, the index version, size and age. */
  health(): { ready: boolean; [k: string]: unknown };
  /** Loads the index (waiting for one to be published in INDEX_DIR); resolves false if `stop` fired first. */
  open(stop: Promise<unknown>): Promise<boolean>;
  /** `stopBy` (a `performance.now()` time): when the stop's grace ends; the index's fold on closing must end by then. */
  close(opts?: { stopBy?: number }): Promise<void>;
}

export interface ServingOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly version: string;
  /** Settings, cooldowns and the replay guard, already open (openStores). */
  readonly stores: Stores;
  /** How often INDEX_DIR/current is read. Default 2000 ms. */
  readonly pollMs?: number;
}

export function createServing(opts: ServingOptions): Serving {
  const { config, log, stores } = opts;
  let deps: AppDeps | undefined;
  let holder: CorpusHolder | undefined;
  let watcher: IndexWatcher | undefined;
  const facts = (): IndexFacts | undefined => {
    if (!deps) return undefined;
    const corpus = deps.corpus();
    return { corpus, version: indexVersion(corpus) };
  };
  const metrics = createMetrics({ index: facts, now: Date.now });

  async function fromIndexDir(indexDir: string, stop: Promise<unknown>): Promise<CorpusHolder | undefined> {
    let stopped = false;
    void stop.then(() => (stopped = true));
    let said = false;
    for (;;) {
      const version = await currentVersion(indexDir);
      if (version !== undefined) {
        const loaded = await loadIndexArtifact(indexDir, version, log);
        const c = loaded.corpus;
        log.info(
          { version, articles: c.articles.length, passages: c.passages.length, ms: Math.round(loaded.ms), indexDir },
          `index ${version} loaded from ${indexDir}: ${c.articles.length} articles, ${c.passages.length} passages (${Math.round(loaded.ms)} ms)`,
        );
        void warmCorpus(c, log);
        // The holder swaps as it does on a corpus change; here a build is loading what is published.
        const h = startCorpusReload({
          dirs: config.corpusDirs,
          dataDir: config.dataDir,
          log,
          now: Date.now,
          initial: c,
          watch: false,
          build: async () => {
            const next = await currentVersion(indexDir);
            if (next === undefined) throw new Error(`nothing published in ${indexDir}`);
            return (await loadIndexArtifact(indexDir, next, log)).corpus;
          },
        });
        watcher = watchCurrent(indexDir, version, (v) => void h.reload(`index ${v} published`), log, opts.pollMs);
        return h;
      }
      if (!said) log.info({ indexDir }, `waiting for an index to be published in ${indexDir} (attache index build --out ${indexDir})`);
      said = true;
      await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 2000))]);
      if (stopped) return undefined;
    }
  }

  return {
    metrics,
    deps: () => deps,
    ready: () => deps !== undefined,
    health() {
      const f = facts();
      if (!f) return { ready: false, status: 'starting' };
      return {
        ready: true,
        version: f.version,
        articles: f.corpus.articles.length,
        passages: f.corpus.passages.length,
        indexAgeSeconds: Math.round((Date.now() - f.corpus.builtAt) / 1000),
        ...(holder?.rebuilding === true && { reloading: true }),
      };
    },
    async open(stop) {
      if (config.indexDir !== undefined) {
        let h: CorpusHolder | undefined;
        const opened = openDeps({ config, log, dirs: config.corpusDirs, stores, version: opts.version, corpus: () => (h as CorpusHolder).current(), metrics });
        try {
          h = await fromIndexDir(config.indexDir, stop);
        } catch (err) {
          throw new StartupError(`Cannot load the index from INDEX_DIR ${config.indexDir}: ${err instanceof Error ? err.message : String(err)}`);
        }
        if (!h) return false;
        holder = h;
        deps = opened.deps;
        return true;
      }
      // A restart loads its cache here, in a few seconds at most (whitehouse-all: 4 s); a worker
      // thread would read, re-encode and decode it again, twice the work. A first start may build
      // for minutes: that runs in a worker thread, decoded here in slices, so the doors keep
      // answering ("starting up", 503) meanwhile.
      if (hasAnyCache(config.dataDir)) {
        const opened = openDeps({ config, log, dirs: config.corpusDirs, stores, live: true, version: opts.version, metrics });
        holder = opened.holder;
        deps = opened.deps;
        return true;
      }
      const dirs = checkCorpusDirs(config.corpusDirs);
      let h: CorpusHolder | undefined;
      const opened = openDeps({ config, log, dirs, stores, version: opts.version, corpus: () => (h as CorpusHolder).current(), metrics });
      const source = { dirs, dataDir: config.dataDir, log, now: Date.now, maxBytes: config.maxFileBytes };
      const started = performance.now();
      let loaded: OpenedInWorker | undefined;
      try {
        // A stop during a build of minutes ends the process now; the worker goes with it.
        loaded = await Promise.race([openInWorker(source), stop.then(() => undefined)]);
      } catch (err) {
        throw new StartupError(`Cannot build the index of ${dirs.join(', ')}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!loaded) return false;
      reportCorpus(log, { ...loaded, ms: performance.now() - started }, dirs, path.resolve(config.dataDir));
      void warmCorpus(loaded.corpus, log);
      // The worker wrote the cache and emptied the change log: later changes are applied from its state, not rebuilt.
      const journal = loaded.journal
        ? new CorpusJournal(loaded.journal.key, loaded.journal, { dataDir: config.dataDir, log, extractors: makeUpdateExtractors(loadAliasesSync(dirs).table), now: Date.now })
        : undefined;
      h = startCorpusReload({ ...source, initial: loaded.corpus, closeBudgetMs: config.shutdownGraceMs, ...(journal && { journal }) });
      holder = h;
      deps = opened.deps;
      return true;
    },
    async close(opts = {}) {
      watcher?.close();
      const budgetMs = opts.stopBy === undefined ? undefined : Math.max(0, opts.stopBy - performance.now());
      await holder?.close(budgetMs === undefined ? {} : { budgetMs });
    },
  };
}

// `npm run bench -- --updates [--corpus NAME] [--quick]`: incremental updates on a real corpus.
// A scratch copy of the corpus is built without its last articles; then they arrive one at a time
// (time from the file landing to the article answering /ask, through the live-reload holder as
// the watcher or SIGHUP would run it), then as one batch; meanwhile a query loop measures what
// users would wait (`ask` scheduled to answered) and the event loop's longest pause; finally a
// restart from the cache and its change log is timed. The corpus is built in a child process and
// opened from its cache, as a started bot opens it: memory is then what a bot holds, not what the
// build left behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startCorpusReload } from '../app/corpus-holder.ts';
import { openCorpus } from '../app/open-corpus.ts';
import { warmCorpus } from '../app/warm.ts';
import { ask, clearAskCache } from '../core/ask.ts';
import { findQuotes } from '../core/quote-answer.ts';
import { queryTimeline } from '../core/timeline-answer.ts';
import type { Corpus } from '../core/corpus.ts';
import { silentLogger } from '../log.ts';
import { logFile, readLog } from '../store/change-log.ts';
import { readCache } from '../store/index-cache.ts';
import { type CorpusName, prepareCorpus } from './corpora.ts';
import type { BuildResult } from './child.ts';
import { formatTurnCauses, type TimedQuery, type TurnCauses, watchTurns } from './turn-causes.ts';
import { loadQueries } from './queries.ts';
import { runPhase } from './run.ts';
import { LOOP_RESOLUTION_MS, pauseBeyondTimer, summarize, type Summary } from './stats.ts';

export interface UpdateBench {
  readonly corpus: CorpusName;
  readonly articles: number;
  readonly buildMs: number;
  /** One file at a time: landing to answering. */
  readonly single: Summary;
  /** Median milliseconds per step of one arrival (reading the files, each step of the update, warming). */
  readonly steps: Readonly<Record<string, number>>;
  readonly batch: { readonly files: number; readonly ms: number };
  /** `ask` while updates run: scheduled to answered. */
  readonly queries: Summary;
  /** Each command while updates run (ask, timeline, quote), scheduled to answered. */
  readonly byCommand: Readonly<Record<string, Summary>>;
  /** Opening the cache as a started bot does (before warming). */
  readonly startMs: number;
  /** Then warming it and preparing it for updates (both in slices, between queries). */
  readonly readyMs: number;
  /** Resident memory and V8 heap in use (MB) once the opened corpus is warmed, before the arrivals. */
  readonly steady: { readonly rssMb: number; readonly heapMb: number };
  /** Peak resident memory (MB) sampled during the arrivals. */
  readonly peakRssMb: number;
  /** Peak resident memory (MB) during a background compaction (a worker thread of this process); 0 when none ran. */
  readonly compactionPeakRssMb: number;
  readonly maxPauseMs: number;
  readonly restart: { readonly logged: number; readonly ms: number };
  /** Each command alone on the warmed corpus before the arrivals (the floor of what it waits). */
  readonly idle: Readonly<Record<string, Summary>>;
  /** With `--turns N`: what made queries wait and the loop pause. */
  readonly turns?: TurnCauses;
}

/** Copied with their times, so that the copy looks like a corpus at rest (a file written seconds before a start is hashed: `RACY_MS`). */
function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, preserveTimestamps: true, filter: (src) => !path.basename(src).startsWith('.') });
}

/** Files under `dir`, sorted (the articles that will arrive are taken from the end). */
function filesOf(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(md|markdown|txt)$/i.test(f))
    .sort();
}

/** Whether the article titled `title` is among the first answers to its own title. */
function searchable(corpus: Corpus, title: string): boolean {
  clearAskCache();
  return ask(corpus, title).results.some((h) => corpus.article(h.passage.articleId).title === title);
}

/** A scratch copy of each corpus folder, so the bench can add and remove files. */
function copyCorpus(from: readonly string[], scratch: string): string[] {
  return from.map((d, i) => {
    const to = path.join(scratch, `corpus-${i}`);
    copyTree(d, to);
    return to;
  });
}

/** Moves `files` out of the corpus folder `main` into `held`, from where the bench lands them later. */
function holdBack(main: string, files: readonly string[], held: string): string {
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(held, f)), { recursive: true });
    fs.renameSync(path.join(main, f), path.join(held, f));
  }
  return held;
}

export async function runUpdateBench(name: CorpusName, quick: boolean, progress: (text: string) => void, batchFiles?: number, turnsMs?: number): Promise<UpdateBench> {
  const prepared = prepareCorpus(name, progress);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-bench-updates-'));
  try {
    const dirs = copyCorpus(prepared.dirs, scratch);
    const main = dirs[0] as string;
    const singles = quick ? 10 : 100;
    const batchSize = batchFiles ?? (quick ? 20 : 100);
    const arriving = filesOf(main).slice(-(singles + batchSize));
    const held = holdBack(main, arriving, path.join(scratch, 'held'));
    const dataDir = path.join(scratch, 'data');
    const log = silentLogger();
    progress(`updates: building ${name} without its last ${arriving.length} files (in a child process)`);
    const built = await runPhase<BuildResult>('build', { dirs, dataDir, queries: [], quick }, progress);
    const buildMs = built.buildMs;
    const opened = openCorpus({ dirs, dataDir, log, now: Date.now });
    if (!opened.fromCache) throw new Error('updates: the corpus was not opened from the cache the build wrote');
    const holder = startCorpusReload({ dirs, dataDir, log, now: Date.now, initial: opened.corpus, watch: false, sighup: false, ...(opened.journal && { journal: opened.journal }) });

    // Warmed as a started bot's corpus is, so that the first queries below do not pay for lookups built on first use.
    const warmStarted = performance.now();
    await warmCorpus(opened.corpus, log);
    // And prepared for updates, as a started bot's holder does in the background (the first arrival would otherwise pay it).
    await holder.prepared();
    const readyMs = performance.now() - warmStarted;
    await settle();
    const steady = { rssMb: process.memoryUsage.rss() / 2 ** 20, heapMb: v8.getHeapStatistics().used_heap_size / 2 ** 20 };
    progress(
      `updates: opened from the cache in ${Math.round(opened.ms)} ms; warmed and prepared in ${Math.round(readyMs)} ms; steady ${Math.round(steady.rssMb)} MB resident, ${Math.round(steady.heapMb)} MB heap`,
    );
    // Users asking all along (ask, timeline, quote in turn): each query's wait from when it was scheduled.
    const queries = loadQueries();
    const waits: number[] = [];
    const byCommand = new Map<string, number[]>([
      ['ask', []],
      ['timeline', []],
      ['quote', []],
    ]);
    const speakers = opened.corpus.speakers.speakers.slice(0, 20).map((sp) => sp.name);
    const runQuery = (i: number): 'ask' | 'timeline' | 'quote' => {
      const q = queries[Math.floor(i / 3) % queries.length] as string;
      const kind = (['ask', 'timeline', 'quote'] as const)[i % 3] as 'ask' | 'timeline' | 'quote';
      if (kind === 'ask') {
        clearAskCache();
        ask(holder.current(), q);
      } else if (kind === 'timeline') queryTimeline(holder.current(), { topic: q });
      else findQuotes(holder.current(), { speaker: speakers[i % Math.max(1, speakers.length)] ?? 'Biden', topic: q });
      return kind;
    };
    // The floor: each command alone, warmed, nothing else running (the same queries as below).
    const idleMs = new Map<string, number[]>();
    for (let i = 0; i < 3 * 40; i++) {
      const started = performance.now();
      const kind = runQuery(i);
      idleMs.set(kind, [...(idleMs.get(kind) ?? []), performance.now() - started]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const timed: TimedQuery[] = [];
    const turns = turnsMs === undefined ? undefined : await watchTurns(turnsMs);
    // Resident memory sampled every 50 ms, the peak kept per phase (the arrivals, then a compaction).
    const peaks = { arrivals: process.memoryUsage.rss(), compaction: 0 };
    let phase: keyof typeof peaks = 'arrivals';
    const sampler = setInterval(() => {
      peaks[phase] = Math.max(peaks[phase], process.memoryUsage.rss());
    }, 50);
    // A failed run must still end: the sampler alone does not hold the process.
    sampler.unref();
    let asking = true;
    const loop = (async () => {
      for (let i = 0; asking; i++) {
        const scheduled = performance.now();
        await new Promise((resolve) => setImmediate(resolve));
        const started = performance.now();
        const kind = runQuery(i);
        const answered = performance.now();
        const wait = answered - scheduled;
        if (turns) timed.push({ kind, scheduled, started, answered });
        (byCommand.get(kind) as number[]).push(wait);
        if (kind === 'ask') waits.push(wait);
      }
    })();
    const delay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    delay.enable();

    const land = (f: string): void => fs.renameSync(path.join(held, f), path.join(main, f));
    // What the folder watcher reports: the file's name (bench holders do not watch, to time each arrival alone).
    const arrived = (fs: readonly string[], trigger: string) =>
      holder.filesChanged(
        fs.map((f) => path.join(main, f)),
        trigger,
      );
    const single: number[] = [];
    const steps = new Map<string, number[]>();
    for (const [i, f] of arriving.slice(0, singles).entries()) {
      const started = performance.now();
      land(f);
      const r = await arrived([f], `bench ${f}`);
      if (!r.ok) throw new Error(`update failed: ${r.reason}`);
      single.push(performance.now() - started);
      for (const [k, v] of Object.entries(r.steps ?? {})) steps.set(k, [...(steps.get(k) ?? []), v]);
      // The article answers a question made of its own title (the id is the file name).
      const article = holder.current().articleById.get(path.basename(f).replace(/\.[^.]+$/, ''));
      if (!article || !searchable(holder.current(), article.title)) progress(`updates: ${f} does not answer its own title`);
      progress(
        `updates: arrival ${i + 1}/${singles}: ${Math.round(single[single.length - 1] as number)} ms ${JSON.stringify(Object.fromEntries(Object.entries(r.steps ?? {}).map(([k, v]) => [k, Math.round(v)])))}`,
      );
    }
    const batchStarted = performance.now();
    for (const f of arriving.slice(singles)) land(f);
    const r = await arrived(arriving.slice(singles), 'bench batch');
    if (!r.ok) throw new Error(`batch update failed: ${r.reason}`);
    const batchMs = performance.now() - batchStarted;
    progress(`updates: batch of ${batchSize}: ${Math.round(batchMs)} ms`);
    // The compaction the arrivals started (past COMPACT_IN_BACKGROUND_AFTER changes), to its swap; queries go on.
    peaks.arrivals = Math.max(peaks.arrivals, process.memoryUsage.rss());
    phase = 'compaction';
    await holder.compacted();
    clearInterval(sampler);
    progress(`updates: ${holder.compactions} background compactions; peak ${Math.round(peaks.compaction / 2 ** 20)} MB resident`);
    asking = false;
    await loop;
    delay.disable();
    const turnCauses = await turns?.stop(timed, 30);
    await holder.close();

    const restarted = openCorpus({ dirs, dataDir, log, now: Date.now, readOnly: true });
    return {
      corpus: name,
      articles: holder.current().articles.length,
      buildMs,
      startMs: opened.ms,
      readyMs,
      steady,
      single: summarize(single),
      steps: Object.fromEntries([...steps].map(([k, v]) => [k, summarize(v).p50])),
      batch: { files: batchSize, ms: batchMs },
      queries: summarize(waits),
      byCommand: Object.fromEntries([...byCommand].map(([k, v]) => [k, summarize(v)])),
      peakRssMb: peaks.arrivals / 2 ** 20,
      compactionPeakRssMb: holder.compactions > 0 ? peaks.compaction / 2 ** 20 : 0,
      maxPauseMs: pauseBeyondTimer(delay.max, LOOP_RESOLUTION_MS),
      restart: { logged: restarted.journal?.logged ?? 0, ms: restarted.ms },
      idle: Object.fromEntries([...idleMs].map(([k, v]) => [k, summarize(v)])),
      ...(turnCauses && { turns: turnCauses }),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    prepared.cleanup();
  }
}

/** A full collection, then a few turns: the steady state without the garbage of opening (a bot's collector gets there on its own, later). */
async function settle(): Promise<void> {
  // `gc` without --expose-gc on the command line: the flag set now holds for a new context.
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

export function formatUpdateBench(r: UpdateBench): string {
  const s = (x: Summary): string => `p50 ${Math.round(x.p50)} · p95 ${Math.round(x.p95)} · p99 ${Math.round(x.p99)} · max ${Math.round(x.max)} ms (n=${x.n})`;
  return [
    `## updates on ${r.corpus}: ${r.articles} articles after the arrivals`,
    `build without the arrivals ${(r.buildMs / 1000).toFixed(1)} s (a child process); opened from its cache in ${(r.startMs / 1000).toFixed(1)} s, then warmed and prepared for updates in ${(r.readyMs / 1000).toFixed(1)} s (slices)`,
    `steady state (opened, warmed): ${Math.round(r.steady.rssMb)} MB resident, ${Math.round(r.steady.heapMb)} MB heap`,
    `one file landing → answering /ask: ${s(r.single)}`,
    `  median per step: ${Object.entries(r.steps)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(' · ')} ms`,
    `a batch of ${r.batch.files} files: ${(r.batch.ms / 1000).toFixed(1)} s`,
    `ask while updating (scheduled → answered): ${s(r.queries)}; longest event-loop pause ${Math.round(r.maxPauseMs)} ms`,
    ...Object.entries(r.byCommand).map(([k, v]) => `  ${k}: ${s(v)}`),
    `peak resident memory during the arrivals ${Math.round(r.peakRssMb)} MB; during a background compaction ${r.compactionPeakRssMb > 0 ? `${Math.round(r.compactionPeakRssMb)} MB` : '(none ran)'}`,
    `restart from cache + log (${r.restart.logged} logged changes): ${(r.restart.ms / 1000).toFixed(1)} s`,
    `each command alone, warmed, before the arrivals: ${Object.entries(r.idle)
      .map(([k, v]) => `${k} p50 ${Math.round(v.p50)} · p95 ${Math.round(v.p95)}`)
      .join('; ')} ms`,
    r.turns ? formatTurnCauses(r.turns) : '',
  ].join('\n');
}

export interface RestartBench {
  readonly corpus: CorpusName;
  /** Articles added one batch at a time before the restart. */
  readonly additions: number;
  readonly batch: number;
  readonly articles: number;
  readonly buildMs: number;
  /** The additions, landing to answered, all batches. */
  readonly addMs: number;
  /** Background compactions that finished during the additions. */
  readonly compactions: number;
  /** Closing the holder as a stopping bot does (it folds the log into the cache). */
  readonly closeMs: number;
  /** What the holder estimated the fold on closing would take (`CorpusHolder.foldEstimate`). */
  readonly foldEstimateMs: number;
  /** Log entries the restart found (not yet in the cache). */
  readonly logged: number;
  /** Restart ready (cache loaded, log replayed, files compared), each run. */
  readonly restartMs: readonly number[];
  /** Whether the restarted corpus holds every article and answers the last one's title. */
  readonly complete: boolean;
}

/**
 * `npm run bench -- --updates --restart-after N`: the corpus is built without its last N files,
 * which then land `batch` at a time through the live-reload holder (what the watcher or an import
 * does, background compactions included); the holder is closed as a stopping bot closes it, and a
 * start from the cache and its log is timed (three times: the first also reads the files cold).
 */
export async function runRestartBench(name: CorpusName, additions: number, batch: number, progress: (text: string) => void): Promise<RestartBench> {
  const prepared = prepareCorpus(name, progress);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-bench-restart-'));
  try {
    const dirs = copyCorpus(prepared.dirs, scratch);
    const main = dirs[0] as string;
    const all = filesOf(main);
    if (additions >= all.length) throw new Error(`--restart-after ${additions}: ${name} has ${all.length} files`);
    const arriving = all.slice(-additions);
    const held = holdBack(main, arriving, path.join(scratch, 'held'));
    const dataDir = path.join(scratch, 'data');
    const log = silentLogger();
    progress(`restart: building ${name} without its last ${additions} files`);
    const opened = openCorpus({ dirs, dataDir, log, now: Date.now });
    const holder = startCorpusReload({ dirs, dataDir, log, now: Date.now, initial: opened.corpus, watch: false, sighup: false, ...(opened.journal && { journal: opened.journal }) });
    const addStarted = performance.now();
    for (let i = 0; i < arriving.length; i += batch) {
      const some = arriving.slice(i, i + batch);
      for (const f of some) fs.renameSync(path.join(held, f), path.join(main, f));
      const r = await holder.filesChanged(
        some.map((f) => path.join(main, f)),
        `bench batch ${i / batch + 1}`,
      );
      if (!r.ok) throw new Error(`update failed: ${r.reason}`);
      progress(`restart: ${Math.min(i + batch, additions)}/${additions} added, ${Math.round((performance.now() - addStarted) / 1000)} s, ${holder.compactions} compactions`);
    }
    const addMs = performance.now() - addStarted;
    const articles = holder.current().articles.length;
    const lastTitle = holder.current().articles[articles - 1]?.title ?? '';
    const foldEstimateMs = holder.foldEstimate().ms;
    const closeStarted = performance.now();
    await holder.close();
    const closeMs = performance.now() - closeStarted;
    const compactions = holder.compactions;
    // The log's entries past what the cache holds (a compaction that finished as the holder closed left its entries in the log).
    const key = opened.journal?.key;
    const logged = key ? readLog(logFile(dataDir, key), readCache(dataDir, key, log)?.seq ?? 0).length : 0;
    const restartMs: number[] = [];
    let complete = true;
    for (let run = 0; run < 3; run++) {
      // A bot's start: not read-only, so it may compact a long log there and then (a later run then finds none).
      const restarted = openCorpus({ dirs, dataDir, log, now: Date.now });
      restartMs.push(restarted.ms);
      complete &&= restarted.corpus.articles.length === articles && searchable(restarted.corpus, lastTitle);
      restarted.journal?.close();
      progress(`restart ${run + 1}: ${Math.round(restarted.ms)} ms, fromCache ${restarted.fromCache}`);
    }
    return { corpus: name, additions, batch, articles, buildMs: opened.ms, addMs, compactions, closeMs, foldEstimateMs, logged, restartMs, complete };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    prepared.cleanup();
  }
}

export function formatRestartBench(r: RestartBench): string {
  return [
    `## restart after ${r.additions} additions on ${r.corpus} (${r.articles} articles)`,
    `build without them ${(r.buildMs / 1000).toFixed(1)} s; added ${r.batch} at a time in ${(r.addMs / 1000).toFixed(1)} s, ${r.compactions} background compactions; closing ${(r.closeMs / 1000).toFixed(1)} s (estimated ${(r.foldEstimateMs / 1000).toFixed(1)} s)`,
    `restart from cache + log (${r.logged} logged changes): ${r.restartMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}${r.complete ? '' : ' (INCOMPLETE: articles missing)'}`,
    '',
  ].join('\n');
}

// One benchmark phase in a fresh process, so timings, memory and cold start are each process's
// own: `build` (fresh index build, writes the cache), `serve` (cold start from the cache, then
// every latency measurement, a rebuild in a worker, and the HTTP endpoint under load), and
// `baseline` (minisearch with its defaults and a regular-expression scan, on the same passages).
// Results go to the parent over IPC; progress too.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import type { AppDeps } from '../app/dispatch.ts';
import { openCorpus } from '../app/open-corpus.ts';
import { startCorpusReload, type ReloadResult } from '../app/corpus-holder.ts';
import { warmCorpus } from '../app/warm.ts';
import { askCacheStats, clearAskCache } from '../core/ask.ts';
import type { Corpus } from '../core/corpus.ts';
import { STOP_WORDS } from '../core/search/tokenize.ts';
import { startHttpServer } from '../adapters/http/server.ts';
import { silentLogger } from '../log.ts';
import { autocompleteOne, autocompleteOptions, BENCH_COMMANDS, queryOption, runOne } from './commands.ts';
import type { LoadRequest, LoadResult } from './http-client.ts';
import { summarize, type Summary } from './stats.ts';

export interface PhaseArgs {
  readonly dirs: readonly string[];
  readonly dataDir: string;
  readonly queries: readonly string[];
  /** Shorter runs (the CI smoke). */
  readonly quick: boolean;
}

export interface BuildResult {
  readonly buildMs: number;
  readonly articles: number;
  readonly passages: number;
  readonly events: number;
  readonly quotes: number;
  readonly topics: number;
}

/** Autocomplete latency by how many characters were typed. */
export type PrefixBuckets = Record<string, Summary>;

export interface ServeResult {
  readonly fromCache: boolean;
  readonly openMs: number;
  /** Process start to the first answered query. */
  readonly coldStartMs: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly commands: Record<string, { summary: Summary; answered: number }>;
  readonly autocomplete: Record<string, PrefixBuckets>;
  readonly duringRebuild?: { summary: Summary; rebuildMs: number; rssMb: number; cacheHits: number };
  readonly http?: readonly LoadResult[];
  /** Answer-cache hits and misses during the HTTP load (the list of queries repeats). */
  readonly httpCache?: { hits: number; misses: number };
  /** Answer-cache hits while measuring each command: 0 means every figure is a cache miss. */
  readonly commandCacheHits?: Record<string, number>;
}

export interface BaselineResult {
  readonly minisearchBuildMs: number;
  readonly minisearch: Summary;
  readonly minisearchPrefix: PrefixBuckets;
  readonly regex: Summary;
}

const progress = (text: string): void => void process.send?.({ type: 'progress', text });
const mb = (bytes: number): number => Math.round(bytes / 1e6);
const log = silentLogger();

export const bucketOf = (n: number): string => (n === 1 ? '1' : n === 2 ? '2' : n <= 4 ? '3-4' : '5+');

/** What gets typed into autocomplete: speaker names for speaker options, topics and queries otherwise. */
function typedTargets(corpus: Corpus, option: string, queries: readonly string[], quick: boolean): string[] {
  const n = quick ? 5 : 40;
  if (/speaker/i.test(option)) {
    const counts = new Map<string, number>();
    for (const q of corpus.quotes) if (q.speaker) counts.set(q.speaker, (counts.get(q.speaker) ?? 0) + 1);
    const names = [...counts].sort((a, b) => b[1] - a[1]).map(([s]) => s);
    return (names.length > 0 ? names : ['Putin', 'Biden', 'Psaki', 'Zelenskyy', 'Lavrov']).slice(0, n);
  }
  return [...corpus.topics.slice(0, n / 2).map((t) => t.name), ...queries.filter((_, i) => i % 5 === 0).slice(0, n / 2)];
}

function prefixes(target: string): string[] {
  const out: string[] = [];
  for (let i = 1; i <= Math.min(target.length, 12); i++) out.push(target.slice(0, i));
  return out;
}

function bucketed(samples: { len: number; ms: number }[]): PrefixBuckets {
  const by = new Map<string, number[]>();
  for (const s of samples) {
    const k = bucketOf(s.len);
    by.set(k, [...(by.get(k) ?? []), s.ms]);
  }
  return Object.fromEntries(['1', '2', '3-4', '5+'].filter((k) => by.has(k)).map((k) => [k, summarize(by.get(k) ?? [])]));
}

async function build(args: PhaseArgs): Promise<BuildResult> {
  progress('fresh build');
  const opened = openCorpus({ dirs: args.dirs, dataDir: args.dataDir, log, now: Date.now });
  const c = opened.corpus;
  return { buildMs: opened.ms, articles: c.articles.length, passages: c.passages.length, events: c.events.length, quotes: c.quotes.length, topics: c.topics.length };
}

async function measureCommand(deps: AppDeps, command: string, option: string, queries: readonly string[]): Promise<{ summary: Summary; answered: number }> {
  const ms: number[] = [];
  let answered = 0;
  for (const q of queries) {
    const t = performance.now();
    if (await runOne(deps, command, option, q)) answered++;
    ms.push(performance.now() - t);
  }
  return { summary: summarize(ms), answered };
}

async function serve(args: PhaseArgs): Promise<ServeResult> {
  const opened = openCorpus({ dirs: args.dirs, dataDir: args.dataDir, log, now: Date.now });
  const corpus = opened.corpus;
  const deps: AppDeps = { corpus: () => corpus, log, now: Date.now, startedAt: Date.now(), version: 'bench' };
  // As the bot does: lookups are warmed in the background from the moment the corpus is open.
  const warming = warmCorpus(corpus, log);
  const askOption = queryOption('ask') ?? 'query';
  await runOne(deps, 'ask', askOption, args.queries[0] ?? 'Russia');
  const coldStartMs = performance.now();
  await warming;
  const rssMb = mb(process.memoryUsage().rss);
  const heapMb = mb(process.memoryUsage().heapUsed);

  const commands: Record<string, { summary: Summary; answered: number }> = {};
  const commandCacheHits: Record<string, number> = {};
  for (const command of BENCH_COMMANDS) {
    const option = queryOption(command);
    if (option === undefined) continue;
    progress(`${command}: ${args.queries.length} queries`);
    // Each query's first occurrence, with the answer cache empty: these are cache misses.
    clearAskCache();
    commands[command] = await measureCommand(deps, command, option, args.queries);
    commandCacheHits[command] = askCacheStats().hits;
  }

  const autocomplete: Record<string, PrefixBuckets> = {};
  for (const { command, option } of autocompleteOptions()) {
    progress(`autocomplete ${command} ${option}`);
    const samples: { len: number; ms: number }[] = [];
    for (const target of typedTargets(corpus, option, args.queries, args.quick)) {
      for (const typed of prefixes(target)) {
        const t = performance.now();
        await autocompleteOne(deps, command, option, typed);
        samples.push({ len: typed.length, ms: performance.now() - t });
      }
    }
    autocomplete[`${command} ${option}`] = bucketed(samples);
  }

  // A corpus change: the bot's own live reload (`src/app/corpus-holder.ts`) rebuilds in a worker thread
  // while answers keep coming from the old corpus; an empty cache folder makes it a full rebuild.
  progress('ask during a live reload (rebuild in a worker thread, then the swap)');
  const reloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-bench-reload-'));
  const holder = startCorpusReload({ dirs: args.dirs, dataDir: reloadDir, log, now: Date.now, initial: corpus, watch: false, sighup: false });
  const live: AppDeps = { ...deps, corpus: () => holder.current() };
  let outcome: ReloadResult | undefined;
  clearAskCache();
  const reloading = holder.reload('bench').then((r) => (outcome = r));
  const during: number[] = [];
  let peakRss = 0;
  for (let i = 0; outcome === undefined; i++) {
    const q = args.queries[i % args.queries.length] as string;
    const t = performance.now();
    await runOne(live, 'ask', askOption, q);
    during.push(performance.now() - t);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // Let the worker's message through, as a real event loop would between interactions.
    await new Promise((r) => setImmediate(r));
  }
  await reloading;
  await holder.close();
  fs.rmSync(reloadDir, { recursive: true, force: true });
  if (!outcome.ok) throw new Error(`bench: the live reload failed: ${outcome.reason ?? ''}`);
  // The longest the event loop was blocked includes the swap itself, which no query may straddle unseen.
  const duringRebuild = { summary: summarize(during), rebuildMs: outcome.ms, rssMb: mb(peakRss), cacheHits: askCacheStats().hits };

  progress('HTTP endpoint under load');
  clearAskCache();
  const http = await httpLoad(deps, args);
  const { hits, misses } = askCacheStats();
  return { fromCache: opened.fromCache, openMs: opened.ms, coldStartMs, rssMb, heapMb, commands, commandCacheHits, autocomplete, duringRebuild, http, httpCache: { hits, misses } };
}

async function httpLoad(deps: AppDeps, args: PhaseArgs): Promise<LoadResult[]> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  const { handle } = await import('../app/dispatch.ts');
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    publicKey: raw,
    handle: (inv) => handle(inv, deps),
    apiBase: 'http://127.0.0.1:9/api',
    health: () => ({ ready: true }),
    log,
  });
  try {
    const client = fork(fileURLToPath(new URL('./http-client.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const request: LoadRequest = {
      port: server.port,
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      queries: args.queries,
      connections: [1, 10, 50],
      seconds: args.quick ? 0.5 : 5,
    };
    const results = await new Promise<LoadResult[]>((resolve, reject) => {
      client.once('message', (m: { data: LoadResult[] }) => resolve(m.data));
      client.once('exit', (code) => reject(new Error(`bench: the HTTP load generator exited with ${String(code)}`)));
      client.send(request);
    });
    return results;
  } finally {
    await server.close();
  }
}

/** The naive floor: every passage tested against one compiled alternation of the query's words. */
function regexScan(corpus: Corpus, query: string): number {
  const words = (query.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && !STOP_WORDS.has(w.toLowerCase()));
  if (words.length === 0) return 0;
  const re = new RegExp(`\\b(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'iu');
  const hits: { i: number; n: number }[] = [];
  corpus.passages.forEach((p, i) => {
    if (re.test(p.text)) hits.push({ i, n: 1 });
  });
  return hits.length;
}

async function baseline(args: PhaseArgs): Promise<BaselineResult> {
  const { corpus } = openCorpus({ dirs: args.dirs, dataDir: args.dataDir, log, now: Date.now });
  progress(`minisearch defaults: indexing ${corpus.passages.length} passages`);
  const t0 = performance.now();
  // What a user gets from the library alone: default tokenizer, default options, no query planning.
  const mini = new MiniSearch<{ id: number; text: string; title: string; speaker: string }>({ fields: ['text', 'title', 'speaker'] });
  mini.addAll(corpus.passages.map((p, id) => ({ id, text: p.text, title: corpus.article(p.articleId).title, speaker: p.speaker ?? '' })));
  const minisearchBuildMs = performance.now() - t0;
  progress('minisearch defaults: queries');
  const ms: number[] = [];
  for (const q of args.queries) {
    const t = performance.now();
    mini.search(q).slice(0, 5);
    ms.push(performance.now() - t);
  }
  progress('minisearch defaults: prefix queries');
  const prefixSamples: { len: number; ms: number }[] = [];
  for (const target of corpus.topics.slice(0, args.quick ? 3 : 10).map((t) => t.name)) {
    for (const typed of prefixes(target)) {
      const t = performance.now();
      mini.search(typed, { prefix: true }).slice(0, 25);
      prefixSamples.push({ len: typed.length, ms: performance.now() - t });
    }
  }
  progress('regular-expression scan');
  const rx: number[] = [];
  for (const q of args.queries) {
    const t = performance.now();
    regexScan(corpus, q);
    rx.push(performance.now() - t);
  }
  return { minisearchBuildMs, minisearch: summarize(ms), minisearchPrefix: bucketed(prefixSamples), regex: summarize(rx) };
}

const PHASES = { build, serve, baseline } as const;
export type Phase = keyof typeof PHASES;

if (process.send) {
  process.once('message', (msg: { phase: Phase; args: PhaseArgs }) => {
    PHASES[msg.phase](msg.args).then(
      (data) => process.send?.({ type: 'result', data }, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`bench ${msg.phase} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
      },
    );
  });
}

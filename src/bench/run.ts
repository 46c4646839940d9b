// The benchmark: for each corpus, a fresh build, a cold start with every latency measurement, and
// the two baselines, each in its own process. Progress on stderr; results as data.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaselineResult, BuildResult, Phase, PhaseArgs, ServeResult } from './child.ts';
import { measureColdStart, type ColdStart } from './cold-start.ts';
import { prepareCorpus, type CorpusName } from './corpora.ts';
import { loadQueries } from './queries.ts';

export interface CorpusResult {
  readonly corpus: CorpusName;
  readonly build: BuildResult;
  /** `attache ask` in a new process, from the cache the build wrote. */
  readonly coldStart: ColdStart;
  readonly serve: ServeResult;
  readonly baseline: BaselineResult;
}

export interface BenchResult {
  readonly machine: { readonly cpus: number; readonly cpu: string; readonly memoryGb: number; readonly node: string; readonly platform: string };
  readonly queries: number;
  readonly corpora: readonly CorpusResult[];
}

export interface BenchOptions {
  readonly corpora: readonly CorpusName[];
  readonly quick?: boolean;
  readonly progress?: (text: string) => void;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export function runPhase<T>(phase: Phase, args: PhaseArgs, progress: (text: string) => void): Promise<T> {
  // The baseline's plain minisearch index needs more heap than ours; our phases run with node's default.
  const heap = phase === 'baseline' ? ['--max-old-space-size=8192'] : [];
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx', ...heap], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise<T>((resolve, reject) => {
    let result: T | undefined;
    child.on('message', (m: { type: 'progress'; text: string } | { type: 'result'; data: T }) => {
      if (m.type === 'progress') progress(`${phase}: ${m.text}`);
      else result = m.data;
    });
    child.once('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`bench: the ${phase} phase exited with code ${String(code)}`))));
    child.send({ phase, args });
  });
}

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const progress = opts.progress ?? (() => {});
  const queries = loadQueries();
  const corpora: CorpusResult[] = [];
  for (const name of opts.corpora) {
    const prepared = prepareCorpus(name, progress);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-bench-data-'));
    try {
      const args: PhaseArgs = { dirs: prepared.dirs, dataDir, queries, quick: opts.quick === true };
      const step = (text: string): void => progress(`[${name}] ${text}`);
      const build = await runPhase<BuildResult>('build', args, step);
      step('cold start: `attache ask` in a new process, 3 times');
      const coldStart = await measureColdStart(prepared.dirs, dataDir, queries[0] ?? 'Russia');
      const serve = await runPhase<ServeResult>('serve', args, step);
      const baseline = await runPhase<BaselineResult>('baseline', args, step);
      corpora.push({ corpus: name, build, coldStart, serve, baseline });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      prepared.cleanup();
    }
  }
  const cpus = os.cpus();
  return {
    machine: { cpus: cpus.length, cpu: cpus[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    queries: queries.length,
    corpora,
  };
}

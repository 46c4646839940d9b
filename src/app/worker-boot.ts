// Starts a worker thread that runs an entry function of one of our TypeScript modules. The worker
// registers tsx itself, then imports the module: a worker does not inherit tsx's loader when it was
// registered through its API (as `bin/attache.js` does), nor under vitest.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import pino from 'pino';
import type { Logger } from '../log.ts';

/** What the boot snippet reads from `workerData`. */
interface BootData {
  readonly tsxApi: string;
  readonly module: string;
  readonly entry: string;
  readonly input: unknown;
  readonly nice?: number;
}

// CommonJS, because an eval'd worker is one; `import()` loads tsx's ESM API from there.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then(({ register }) => { register(); return import(workerData.module); })
  .then((m) => {
    if (workerData.nice) try { require('node:os').setPriority(workerData.nice); } catch {}
    return m[workerData.entry](workerData.input);
  });
`;

function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
}

/**
 * Niceness of a background worker's thread (Linux sets it per thread): on a busy machine, the
 * event loop, which members wait on, gets a core before the bot's own background CPU work
 * (the feed parser, a compaction, a rebuild) does, instead of waiting behind it.
 */
export const BACKGROUND_NICE = 10;
// Set once the worker's modules are loaded: loading them (tsx compiling) at nice 10 on a busy
// machine took the feeds-bot test's first poll from about 30 s to 40 s.

/**
 * A worker that imports `moduleUrl` (pass the module's own `import.meta.url`) and calls its export
 * `entry` with `input`. `input` travels in `workerData`: ports in it go in `options.transferList`.
 * A failure to load the module surfaces as the worker's `error` event. `nice` lowers the thread's
 * priority (`BACKGROUND_NICE`) on Linux; ignored elsewhere and where the system refuses it.
 */
export function startTsWorker(moduleUrl: string, entry: string, input: unknown, options: Omit<WorkerOptions, 'eval' | 'workerData'> & { nice?: number } = {}): Worker {
  const { nice, ...rest } = options;
  // Only Linux sets a priority per thread: elsewhere setPriority would lower the whole process,
  // the event loop with it.
  const perThread = process.platform === 'linux';
  const workerData: BootData = { tsxApi: tsxApiUrl(), module: moduleUrl, entry, input, ...(nice !== undefined && perThread && { nice }) };
  return new Worker(BOOT, { ...rest, eval: true, workerData });
}

/** What a one-answer worker posts: its log lines, then its answer or an error. */
export type WorkerReply<D> = { type: 'log'; line: string } | { type: 'error'; message: string } | ({ type: 'done' } & D);

/**
 * Runs `entry` in a worker until its one answer: log lines are re-logged on `log` at their level
 * (tagged `worker: name`), an `error` message, a crash or an early exit rejects, and the worker is
 * ended once settled (`relayAt: 'debug'` for a worker whose lines would read as the bot's own). `done` turns the answer into the result (it may be slow: the worker is gone).
 * `signal` stops the worker: the promise then rejects once it has ended.
 */
export function runTsWorker<D, R>(
  moduleUrl: string,
  entry: string,
  input: unknown,
  opts: { name: string; log: Logger; done: (msg: D) => R | Promise<R>; relayAt?: 'debug'; signal?: AbortSignal; nice?: number },
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new Error(`the ${opts.name} worker was stopped`));
      return;
    }
    const worker = startTsWorker(moduleUrl, entry, input, opts.nice === undefined ? {} : { nice: opts.nice });
    let settled = false;
    // Stopped: rejected once the worker has ended, so that the caller may clean up after it.
    const onAbort = (): void => {
      if (settled) return;
      settled = true;
      void worker.terminate().then(() => reject(new Error(`the ${opts.name} worker was stopped`)));
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    worker.on('message', (msg: WorkerReply<D>) => {
      if (msg.type === 'log') relayLog(opts.log, opts.name, msg.line, opts.relayAt);
      else if (msg.type === 'error') settle(() => reject(new Error(msg.message)));
      else
        settle(() =>
          Promise.resolve()
            .then(() => opts.done(msg))
            .then(resolve, (err: unknown) => reject(err instanceof Error ? err : new Error(String(err)))),
        );
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the ${opts.name} worker stopped (exit code ${code})`))));
  });
}

/** A worker's log line, re-logged on the main logger at its level (or at `at`). */
function relayLog(log: Logger, name: string, line: string, at?: 'debug'): void {
  try {
    const { level, msg, time: _t, pid: _p, hostname: _h, ...rest } = JSON.parse(line) as { level: number; msg?: string; time?: unknown; pid?: unknown; hostname?: unknown };
    const label = at ?? ((pino.levels.labels[level] ?? 'info') as 'info');
    log[label]({ ...rest, worker: name }, msg ?? '');
  } catch {
    log[at ?? 'info']({ worker: name }, line.trim());
  }
}

// Starts a worker thread that runs an entry function of one of our TypeScript modules. The worker
// registers tsx itself, then imports the module: a worker does not inherit tsx's loader when it was
// registered through its API (as `bin/attache.js` does), nor under vitest.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** What the boot snippet reads from `workerData`. */
interface BootData {
  readonly tsxApi: string;
  readonly module: string;
  readonly entry: string;
  readonly input: unknown;
}

// CommonJS, because an eval'd worker is one; `import()` loads tsx's ESM API from there.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi)
  .then(({ register }) => { register(); return import(workerData.module); })
  .then((m) => m[workerData.entry](workerData.input));
`;

function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
}

/**
 * A worker that imports `moduleUrl` (pass the module's own `import.meta.url`) and calls its export
 * `entry` with `input`. `input` travels in `workerData`: ports in it go in `options.transferList`.
 * A failure to load the module surfaces as the worker's `error` event.
 */
export function startTsWorker(moduleUrl: string, entry: string, input: unknown, options: Omit<WorkerOptions, 'eval' | 'workerData'> = {}): Worker {
  const workerData: BootData = { tsxApi: tsxApiUrl(), module: moduleUrl, entry, input };
  return new Worker(BOOT, { ...options, eval: true, workerData });
}

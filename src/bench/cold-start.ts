// Cold start as a user meets it: `attache ask` in a new process, from the index cache the build
// phase wrote, timed from the spawn to the first byte of the answer on stdout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface ColdStart {
  /** Each run's spawn-to-answer time, in order. */
  readonly runs: readonly number[];
  readonly medianMs: number;
}

function once(dirs: readonly string[], dataDir: string, query: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first: number | undefined;
    let err = '';
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'ask', query], {
      env: { ...process.env, CORPUS_DIRS: dirs.join(','), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.once('data', () => (first = performance.now() - started));
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && first !== undefined) resolve(first);
      else reject(new Error(`bench: \`attache ask\` exited with ${String(code)}: ${err.trim().slice(0, 500)}`));
    });
  });
}

export async function measureColdStart(dirs: readonly string[], dataDir: string, query: string, runs = 3): Promise<ColdStart> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once(dirs, dataDir, query));
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times, medianMs: sorted[Math.floor(sorted.length / 2)] as number };
}

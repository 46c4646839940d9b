// Starts Attaché as users do: `node --import tsx src/main.ts <command>` (what `npm start` and
// `npm run deploy` run, without npx's wrapper, which does not pass SIGTERM on), configured only by
// environment, and collects what it prints. Tests read its JSON log lines and its exit code.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { REPO } from './paths.ts';

export interface LogLine {
  readonly level?: number;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface SpawnedBot {
  readonly child: ChildProcess;
  /** Every line printed so far, stdout and stderr, in arrival order per stream. */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  /** Both streams together. */
  lines(): string[];
  /** stderr lines that parse as JSON log records (LOG_FORMAT=json logs to stderr). */
  logs(): LogLine[];
  /** The first log record matching `match`, waiting for it; rejects if the process exits first. */
  waitForLog(match: (l: LogLine) => boolean, timeoutMs?: number, what?: string): Promise<LogLine>;
  /** Resolves with the exit code (or the signal name when killed by one). */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then the exit code. */
  stop(timeoutMs?: number): Promise<number | string>;
}

export interface SpawnOptions {
  /** `start` or `deploy`, or any other argument list for src/main.ts. */
  readonly args: readonly string[];
  /** Variables for the bot; everything Attaché reads comes from here, nothing from the test's own environment. */
  readonly env: Readonly<Record<string, string>>;
}

// Attaché refuses unknown DISCORD_* / ATTACHE_* variables and reads the known ones: none of the
// parent's may leak into the child.
const OWN_PREFIXES =
  /^(DISCORD_|ATTACHE_|FEEDS_|FOLLOWS_|CORPUS_DIRS$|DATA_DIR$|LOG_LEVEL$|LOG_FORMAT$|PORT$|HOST$|MAX_FILE_BYTES$|SHARD_COUNT$|SHARD_IDS$|SHARD_MODE$|INDEX_DIR$|METRICS_PORT$|SHUTDOWN_GRACE_SECONDS$)/;

export function spawnBot(opts: SpawnOptions): SpawnedBot {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !OWN_PREFIXES.test(k) && !k.startsWith('VITEST') && k !== 'NODE_ENV') env[k] = v;
  // A feeds.yml in the developer's project folder must not make every spawned bot poll the web.
  env.FEEDS_POLLER = 'off';
  Object.assign(env, opts.env);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...opts.args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const all: string[] = [];
  const waiters = new Set<() => void>();
  const collect = (stream: NodeJS.ReadableStream, into: string[]): void => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        into.push(line);
        all.push(line);
      }
      for (const w of [...waiters]) w();
    });
    stream.on('end', () => {
      if (rest !== '') {
        into.push(rest);
        all.push(rest);
      }
      for (const w of [...waiters]) w();
    });
  };
  collect(child.stdout!, stdout);
  collect(child.stderr!, stderr);
  // 'close' (not 'exit') so every line printed before exiting has been collected.
  const exited = once(child, 'close').then(([code, signal]) => (code ?? String(signal)) as number | string);

  const logs = (): LogLine[] =>
    stderr.flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });

  const bot: SpawnedBot = {
    child,
    stdout,
    stderr,
    lines: () => [...all],
    logs,
    exited,
    waitForLog(match, timeoutMs = 20_000, what = 'a log line') {
      return new Promise<LogLine>((resolve, reject) => {
        const check = (): void => {
          const found = logs().find(match);
          if (found) finish(() => resolve(found));
        };
        const finish = (then: () => void): void => {
          waiters.delete(check);
          clearTimeout(timer);
          then();
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output:\n${all.join('\n')}`))), timeoutMs);
        waiters.add(check);
        void exited.then((code) => finish(() => reject(new Error(`the bot exited (${code}) before ${what}; output:\n${all.join('\n')}`))));
        check();
      });
    },
    async stop(timeoutMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`the bot did not exit within ${timeoutMs} ms of SIGTERM; output:\n${all.join('\n')}`));
        }, timeoutMs);
      });
      return Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    },
  };
  return bot;
}

/** Runs a command to its end (deploy, a one-shot) and returns its exit code and output. */
export async function runToEnd(opts: SpawnOptions, timeoutMs = 30_000): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const bot = spawnBot(opts);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      bot.child.kill('SIGKILL');
      reject(new Error(`${opts.args.join(' ')} did not finish within ${timeoutMs} ms; output:\n${bot.lines().join('\n')}`));
    }, timeoutMs);
  });
  const code = await Promise.race([bot.exited, timeout]).finally(() => clearTimeout(timer));
  return { code, stdout: bot.stdout.join('\n'), stderr: bot.stderr.join('\n') };
}

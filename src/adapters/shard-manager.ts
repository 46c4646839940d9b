// SHARD_MODE=process: a manager process (discord.js's ShardingManager) that loads no corpus and
// runs one child per shard, each the ordinary bot (`main.ts start`) told its shard by SHARD_COUNT
// and SHARD_IDS. A child that dies after it was ready is started again; one that dies before it
// ever was (a bad token, a missing corpus) would only die again, so the manager stops instead.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { ShardingManager } from 'discord.js';
import type pino from 'pino';
import { loginError } from './gateway.ts';
import type { ShardBoard } from './shard-metrics.ts';
import { fetchGatewayBot, resolveShards, type ShardPlan, type ShardSet } from './shards.ts';

export interface ShardManagerOptions {
  /** The entry point each child runs (src/main.ts), with `args` and node's `execArgv` (tsx). */
  readonly file: string;
  readonly args: readonly string[];
  readonly execArgv: readonly string[];
  readonly token: string;
  readonly apiBase?: string;
  readonly plan: ShardPlan;
  readonly log: pino.Logger;
  /** How long a child may take to load its corpus and connect (default 10 min: a fresh index build). */
  readonly readyTimeoutMs?: number;
  /** With METRICS_PORT: told the shards, their processes and restarts, for the one scrape target. */
  readonly board?: ShardBoard;
}

export interface ShardManager {
  /** Resolves when a shard cannot be kept running (it died before it was ever ready). */
  readonly lost: Promise<Error>;
  /** Stops every child (SIGTERM: each finishes its replies in flight) and waits for them. */
  stop(): Promise<void>;
}

// Discord's IDENTIFY window, with a margin.
const IDENTIFY_WINDOW_MS = 5500;
const RESPAWN_DELAY_MS = 1000;

export async function startShardManager(opts: ShardManagerOptions): Promise<ShardManager> {
  const { log } = opts;
  const timeout = opts.readyTimeoutMs ?? 600_000;
  const gatewayBot = fetchGatewayBot(opts.token, opts.apiBase);
  let shards: ShardSet;
  let maxConcurrency: number;
  try {
    shards = await resolveShards(opts.plan, gatewayBot);
    maxConcurrency = shards.gateway?.maxConcurrency ?? (await gatewayBot()).session_start_limit.max_concurrency;
  } catch (error) {
    throw loginError(error, opts.token);
  }
  opts.board?.expect(shards.ids);
  const manager = new ShardingManager(opts.file, {
    totalShards: shards.count,
    shardList: [...shards.ids],
    mode: 'process',
    // Our own rule below: discord.js would restart a child that can never start, forever.
    respawn: false,
    shardArgs: [...opts.args],
    execArgv: [...opts.execArgv],
    token: opts.token,
  });
  let stopping = false;
  let markLost: (error: Error) => void = () => undefined;
  const lost = new Promise<Error>((resolve) => (markLost = resolve));
  const everReady = new Set<number>();

  manager.on('shardCreate', (shard) => {
    // The child runs this one shard in itself; it reads everything else as the manager did.
    const env = shard.env as Record<string, string | undefined>;
    env['SHARD_IDS'] = String(shard.id);
    env['SHARD_COUNT'] = String(shards.count);
    delete env['SHARD_MODE'];
    // The port is the manager's, which serves every child's metrics; two children could not share it.
    delete env['METRICS_PORT'];
    opts.board?.track(shard);
    // mode 'process': always a ChildProcess, never a Worker.
    shard.on('spawn', (child) => log.info({ shard: shard.id, pid: (child as ChildProcess).pid }, 'shard process started'));
    shard.on('ready', () => {
      everReady.add(shard.id);
      log.info({ shard: shard.id, shardCount: shards.count }, 'shard process ready');
    });
    shard.on('death', (died) => {
      const child = died as ChildProcess;
      const exit = { shard: shard.id, pid: child.pid, exitCode: child.exitCode, signal: child.signalCode };
      if (stopping) return log.info(exit, 'shard process stopped');
      if (!everReady.has(shard.id)) {
        log.error(exit, 'shard process exited before it was ready');
        markLost(new Error(`Shard ${shard.id} exited before it connected (exit code ${child.exitCode ?? child.signalCode}); see its log above`));
        return;
      }
      log.warn(exit, 'shard process exited; starting it again');
      // 'death' comes before discord.js forgets the dead process, and spawn() refuses while it
      // remembers one; the pause also keeps a child that keeps crashing from spinning.
      setTimeout(() => {
        if (stopping) return;
        opts.board?.restarted(shard.id);
        shard.spawn(timeout).catch((error: unknown) => {
          log.error({ err: error, shard: shard.id }, 'shard could not be started again');
          markLost(new Error(`Shard ${shard.id} could not be started again: ${error instanceof Error ? error.message : String(error)}`));
        });
      }, RESPAWN_DELAY_MS);
    });
  });

  const stop = async (): Promise<void> => {
    stopping = true;
    const children = manager.shards.map((s) => s.process).filter((c): c is ChildProcess => c !== null && c.exitCode === null && c.signalCode === null);
    await Promise.all(
      children.map(async (child) => {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }),
    );
  };

  log.info({ shards: shards.ids, shardCount: shards.count, maxConcurrency }, `starting ${shards.ids.length} shard process${shards.ids.length === 1 ? '' : 'es'}`);
  try {
    await Promise.race([spawnInTurn(manager, shards.ids, maxConcurrency, timeout), lost.then((error) => Promise.reject(error))]);
  } catch (error) {
    await stop();
    // Our account of a child that died says more than discord.js's "exited before ready".
    const why = await Promise.race([lost, Promise.resolve(undefined)]);
    throw why ?? (error instanceof Error ? error : new Error(String(error)));
  }
  log.info({ shards: shards.ids, shardCount: shards.count }, 'all shard processes ready');
  return { lost, stop };
}

/**
 * Discord lets max_concurrency shards IDENTIFY per 5 s, one per bucket (shard id % max_concurrency),
 * and each child process has its own throttler: so the manager starts one group of distinct
 * buckets at a time, each child ready (identified) before the 5 s pause and the next group.
 * (discord.js's own spawn() times its pause from the spawn, not the IDENTIFY, and a child that
 * loaded its corpus from cache overtook one that built it: op 9.)
 */
async function spawnInTurn(manager: ShardingManager, ids: readonly number[], maxConcurrency: number, timeout: number): Promise<void> {
  const groups = new Map<number, number[]>();
  for (const id of ids) groups.set(Math.floor(id / maxConcurrency), [...(groups.get(Math.floor(id / maxConcurrency)) ?? []), id]);
  let first = true;
  for (const group of groups.values()) {
    if (!first) await sleep(IDENTIFY_WINDOW_MS);
    first = false;
    await Promise.all(group.map((id) => manager.createShard(id).spawn(timeout)));
  }
}

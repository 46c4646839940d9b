// SHARD_MODE=process end to end: the bot started as `npm start` starts it, with SHARD_COUNT=auto,
// becomes a manager with one child process per shard (discord.js ShardingManager), against the
// fake Discord with Discord's 5 s IDENTIFY window. A shard's process killed with SIGKILL is
// started again and answers its servers; SIGTERM stops every child. The manager is the one scrape
// target (METRICS_PORT): every shard's state and ping, and the children's series summed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeDiscord } from './support/fake-discord.ts';
import type { FakeDiscord } from './support/fake-discord.ts';
import { SHARD_GUILDS } from './support/shard-guilds.ts';
import { sample } from './support/signed-http.ts';
import { runToEnd, spawnBot } from './support/spawn-bot.ts';
import type { LogLine, SpawnedBot } from './support/spawn-bot.ts';

// Shaped like a real token so a leak of any part is visible.
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.shard-s3cr3t-never-logged-0123456789';
const [EVEN, ODD] = SHARD_GUILDS;

let fake: FakeDiscord;
let bot: SpawnedBot;
let dataDir: string;
let metricsPort: number;

beforeAll(async () => {
  // Heartbeats every second, so each shard has a ping to report soon.
  fake = await startFakeDiscord({ token: TOKEN, guilds: SHARD_GUILDS, recommendedShards: 2, maxConcurrency: 1, identifyWindowMs: 5000, heartbeatIntervalMs: 1000 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-shards-'));
  bot = spawnBot({
    args: ['start'],
    env: {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: fake.apiBase,
      DATA_DIR: dataDir,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      SHARD_COUNT: 'auto',
      SHARD_MODE: 'process',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
    },
  });
  // The manager's port, up before any shard starts; the children inherit no METRICS_PORT.
  metricsPort = (await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('metrics on http://'), 30_000, 'the metrics port'))['port'] as number;
  await bot.waitForLog((l) => l.msg === 'all shard processes ready', 90_000, 'every shard process ready');
  // A child tells the manager it is ready before it logs so itself: wait for both children's lines.
  const connected = (l: LogLine): boolean => l.msg === 'connected to Discord' && bot.logs().filter((m) => m.msg === 'connected to Discord').length >= 2;
  await bot.waitForLog(connected, 30_000, "both children's 'connected to Discord'");
});

afterAll(async () => {
  if (bot) await bot.stop(30_000);
  await fake?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** /ask in a guild; the content or embed title Discord received as the answer. */
async function ask(guildId: string): Promise<CallbackSummary> {
  const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'sanctions' }, place: { guildId } });
  const cb = await fake.nextCallback(id, 30_000);
  return { type: cb.type, hasAnswer: (cb.data.content ?? '').length > 0 || (cb.data.embeds ?? []).length > 0 };
}
interface CallbackSummary {
  readonly type: InteractionResponseType;
  readonly hasAnswer: boolean;
}
const ANSWERED: CallbackSummary = { type: InteractionResponseType.ChannelMessageWithSource, hasAnswer: true };

async function get(route: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${metricsPort}${route}`);
  return { status: res.status, text: await res.text() };
}

/** The state a shard is in, as the manager's scrape says (the status whose series is 1). */
function shardState(scrape: string, shard: number): string | undefined {
  return ['connecting', 'ready', 'reconnecting', 'dead'].find((status) => sample(scrape, 'attache_shard_status', { shard: String(shard), status }) === 1);
}

const isShardLog = (msg: string, shard: number) => (l: LogLine) => l.msg === msg && l['shard'] === shard;

describe('SHARD_MODE=process', () => {
  it('runs each shard in its own process, identified in turn, each answering its own servers', async () => {
    const started = bot.logs().filter((l) => l.msg === 'shard process started');
    expect(new Set(started.map((l) => l['pid'])).size).toBe(2);
    expect(started.map((l) => l['shard']).sort()).toEqual([0, 1]);
    const identifies = fake.records.filter((r) => r.kind === 'identify');
    expect(identifies.map((r) => r.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(identifies.filter((r) => r.refused !== undefined)).toEqual([]);
    // Each child connected with its one shard of two.
    const connected = bot.logs().filter((l) => l.msg === 'connected to Discord');
    expect(connected.map((l) => l['shards']).sort()).toEqual([[0], [1]]);

    expect(await ask(EVEN.id)).toEqual(ANSWERED);
    expect(await ask(ODD.id)).toEqual(ANSWERED);
  });

  it('serves every shard process on one METRICS_PORT: both shards ready with a ping, and their answers summed', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const scrape = await vi.waitFor(
      async () => {
        const text = (await get('/metrics')).text;
        for (const shard of [0, 1]) expect(sample(text, 'attache_gateway_ping_seconds', { shard: String(shard) })).toBeGreaterThanOrEqual(0);
        return text;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect([shardState(scrape, 0), shardState(scrape, 1)]).toEqual(['ready', 'ready']);
    // One /ask answered by each child (the test above), counted together; the index both serve, once.
    expect(sample(scrape, 'attache_interactions_total', { kind: 'command', command: 'ask', outcome: 'answered' })).toBe(2);
    expect(sample(scrape, 'attache_index_articles')).toBe(2);
    expect(sample(scrape, 'attache_shard_restarts_total', { shard: '1' })).toBeUndefined();
    for (const guild of SHARD_GUILDS) expect(scrape).not.toContain(guild.id);
  });

  it("starts a killed shard's process again, which identifies and answers its servers", async () => {
    const pid = bot.logs().find(isShardLog('shard process started', 1))?.['pid'];
    expect(typeof pid).toBe('number');
    // What a Prometheus server scraping the manager sees meanwhile, every 50 ms.
    const seen: { state: string | undefined; health: number }[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        seen.push({ state: shardState((await get('/metrics')).text, 1), health: (await get('/healthz')).status });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    process.kill(pid as number, 'SIGKILL');
    await bot.waitForLog((l) => l.msg === 'shard process exited; starting it again' && l['pid'] === pid, 30_000, 'the death of shard 1');
    const readyTwice = (l: LogLine): boolean => isShardLog('shard process ready', 1)(l) && bot.logs().filter(isShardLog('shard process ready', 1)).length >= 2;
    await bot.waitForLog(readyTwice, 60_000, 'shard 1 ready again');
    const restarted = bot.logs().filter(isShardLog('shard process started', 1));
    expect(restarted).toHaveLength(2);
    expect(restarted[1]?.['pid']).not.toBe(pid);
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ state: 'ready', health: 200 }), { timeout: 10_000, interval: 50 });
    watching = false;
    await watch;
    // Reported down (dead, then connecting while its new process starts), not ready, then ready again.
    const down = seen.filter((s) => s.state !== 'ready');
    expect(down.length).toBeGreaterThan(0);
    expect(down.every((s) => (s.state === 'dead' || s.state === 'connecting') && s.health === 503)).toBe(true);
    const scrape = (await get('/metrics')).text;
    expect(sample(scrape, 'attache_shard_restarts_total', { shard: '1' })).toBe(1);
    expect([shardState(scrape, 0), shardState(scrape, 1)]).toEqual(['ready', 'ready']);
    console.info(`shard 1 as scraped: ${[...new Set(seen.map((s) => s.state))].join(' → ')} (${seen.length} scrapes)`);

    expect(await ask(ODD.id)).toEqual(ANSWERED);
    expect(await ask(EVEN.id)).toEqual(ANSWERED);
    expect(fake.takeViolations()).toEqual([]);
  });

  it('stops every shard process on SIGTERM, exits 0, and never prints the token', async () => {
    expect(await bot.stop(30_000)).toBe(0);
    expect(
      bot
        .logs()
        .filter((l) => l.msg === 'shard process stopped')
        .map((l) => l['shard'])
        .sort(),
    ).toEqual([0, 1]);
    const all = bot.lines().join('\n');
    for (const part of TOKEN.split('.')) expect(all).not.toContain(part);
  });
});

describe('SHARD_MODE=process, a shard that cannot start', () => {
  it('stops with the reason instead of restarting it forever', async () => {
    const missing = path.join(dataDir, 'no-such-corpus');
    const run = await runToEnd(
      {
        args: ['start'],
        env: { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, CORPUS_DIRS: missing, LOG_FORMAT: 'json', SHARD_COUNT: '2', SHARD_MODE: 'process' },
      },
      60_000,
    );
    expect(run.code).toBe(1);
    // The child's own one line, then the manager's.
    expect(run.stderr).toContain(`Corpus folder not found: ${missing}`);
    // The last line a person reads (the JSON log lines are flushed on their own and may come after it).
    const plain = run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'));
    expect(plain.at(-1)).toMatch(/^Shard 0 exited before it connected \(exit code 1\); see its log above$/);
    // Shard 1 was never started.
    expect(run.stderr.match(/"shard process started"/g)).toHaveLength(1);
  });
});

describe('SHARD_MODE=process, the manager killed', () => {
  it('leaves no shard process behind: each child sees its manager gone and stops', async () => {
    const managed = spawnBot({
      args: ['start'],
      env: { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, LOG_FORMAT: 'json', SHARD_COUNT: '2', SHARD_MODE: 'process' },
    });
    try {
      await managed.waitForLog((l) => l.msg === 'all shard processes ready', 90_000, 'every shard process ready');
      const pids = managed
        .logs()
        .filter((l) => l.msg === 'shard process started')
        .map((l) => l['pid'] as number);
      expect(pids).toHaveLength(2);
      managed.child.kill('SIGKILL');
      await managed.exited;
      const alive = (pid: number): boolean => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      await vi.waitFor(() => expect(pids.filter(alive)).toEqual([]), { timeout: 30_000, interval: 100 });
    } finally {
      await managed.stop();
    }
  });
});

// Gateway mode has no HTTP server of its own: with METRICS_PORT it serves /metrics, /healthz and
// /readyz on that port. The bot spawned against the fake Discord, one command through the gateway,
// then what a Prometheus server and a container health check would read; SIGTERM exits 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startGateway } from '../src/adapters/gateway.ts';
import { createMetrics } from '../src/app/metrics.ts';
import { capturedLogger } from './support/captured-log.ts';
import { startFakeDiscord, type FakeDiscord, type FakeGuild } from './support/fake-discord.ts';
import { SHARD_GUILDS } from './support/shard-guilds.ts';
import { sample } from './support/signed-http.ts';
import { spawnBot, type SpawnedBot } from './support/spawn-bot.ts';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.metrics-s3cr3t-never-logged-0123456789';
const GUILD: FakeGuild = {
  id: '1300000000000000001',
  name: 'Test Guild',
  channels: [{ id: '1300000000000000010', name: 'general' }],
  roles: [{ id: '1300000000000000001', name: '@everyone', permissions: '1071698660929' }],
};

let fake: FakeDiscord;
let bot: SpawnedBot;
let dataDir: string;
let metricsPort: number;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN, guilds: [GUILD], heartbeatIntervalMs: 1000 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-gw-metrics-'));
  bot = spawnBot({
    args: ['start'],
    env: { DISCORD_TOKEN: TOKEN, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, LOG_FORMAT: 'json', METRICS_PORT: '0', HOST: '127.0.0.1' },
  });
  const line = await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('metrics on http://'), 30_000, 'the metrics port');
  metricsPort = line['port'] as number;
  await bot.waitForLog((l) => l.msg === 'connected to Discord', 30_000, 'the bot to connect');
}, 60_000);

afterAll(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await fake?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const get = async (route: string) => {
  const res = await fetch(`http://127.0.0.1:${metricsPort}${route}`);
  return { status: res.status, text: await res.text() };
};

it('serves the scrape and the health answers on METRICS_PORT, and exits 0 on SIGTERM', async () => {
  const sent = fake.sendSlashCommand({ name: 'about' });
  const cb = await fake.nextCallback(sent.id, 15_000);
  expect(cb.status).toBeLessThan(300);
  const scrape = (await get('/metrics')).text;
  expect(sample(scrape, 'attache_interactions_total', { kind: 'command', command: 'about', outcome: 'answered' })).toBe(1);
  expect(sample(scrape, 'attache_index_articles')).toBe(2);
  expect(scrape).not.toContain(GUILD.id);
  // One shard, connected: its state, and its heartbeat round trip once one was acknowledged.
  expect(sample(scrape, 'attache_shard_status', { shard: '0', status: 'ready' })).toBe(1);
  expect(sample(scrape, 'attache_shard_status', { shard: '0', status: 'connecting' })).toBe(0);
  await vi.waitFor(async () => expect(sample((await get('/metrics')).text, 'attache_gateway_ping_seconds', { shard: '0' })).toBeGreaterThanOrEqual(0), { timeout: 10_000, interval: 200 });
  const health = await get('/healthz');
  expect(health.status).toBe(200);
  expect(JSON.parse(health.text)).toMatchObject({ ready: true, articles: 2, version: expect.stringMatching(/^[0-9a-f]{16}$/) });
  expect((await get('/readyz')).status).toBe(200);
  expect(await bot.stop()).toBe(0);
  expect(fake.takeViolations()).toEqual([]);
});

it('reports each of two shards, and a shard reconnecting and back, with its heartbeat round trip', async () => {
  const fake2 = await startFakeDiscord({ guilds: SHARD_GUILDS, heartbeatIntervalMs: 500 });
  const metrics = createMetrics({ index: () => undefined, now: Date.now });
  // Every state a shard was reported in, in order, beside what the scrape shows.
  const seen = new Map<number, string[]>();
  const watched = {
    shardStatus(shard: number, status: string) {
      seen.set(shard, [...(seen.get(shard) ?? []), status]);
      metrics.shardStatus(shard, status);
    },
    shardPings: (read: () => ReadonlyMap<number, number>) => metrics.shardPings(read),
  };
  const { log } = capturedLogger();
  const bot = await startGateway({
    token: fake2.token,
    apiBase: fake2.apiBase,
    shards: { count: 2 },
    log,
    metrics: watched,
    handle: () => Promise.resolve({ type: 'message', message: { content: 'ok', allowed_mentions: { parse: [] } }, ephemeral: false }),
  });
  try {
    const scrape = async () => (await metrics.scrape()).body;
    for (const shard of ['0', '1']) expect(sample(await scrape(), 'attache_shard_status', { shard, status: 'ready' })).toBe(1);
    await vi.waitFor(
      async () => {
        const text = await scrape();
        for (const shard of ['0', '1']) expect(sample(text, 'attache_gateway_ping_seconds', { shard })).toBeGreaterThanOrEqual(0);
      },
      { timeout: 10_000, interval: 100 },
    );

    await fake2.disconnect(4000, 1);
    // The whole sequence, not only a last "ready": right after the close the shard may still read
    // "ready" before its "reconnecting" is seen (a loaded CI machine did just that).
    await vi.waitFor(() => expect(seen.get(1)).toEqual(['connecting', 'ready', 'reconnecting', 'ready']), { timeout: 20_000, interval: 50 });
    expect(seen.get(0)).toEqual(['connecting', 'ready']);
    // Shard 1 answers its server again.
    const { id } = fake2.sendSlashCommand({ name: 'ask', options: { query: 'x' }, place: { guildId: SHARD_GUILDS[1].id } });
    expect((await fake2.nextCallback(id, 20_000)).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(sample(await scrape(), 'attache_shard_status', { shard: '1', status: 'ready' })).toBe(1);
    expect(fake2.takeViolations()).toEqual([]);
  } finally {
    await bot.stop();
    await fake2.close();
  }
});

// The fake Discord's sharding, driven with raw HTTP and WebSocket (no discord.js): GET /gateway/bot,
// IDENTIFY with [shard id, count], routing by (guild_id >> 22) % count, op 9 for a bucket used too
// soon. The sharded bot's tests (gateway-shards.test.ts) prove nothing unless these hold.
import { once } from 'node:events';
import { GatewayOpcodes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFakeDiscord } from './support/fake-discord.ts';
import type { FakeDiscord } from './support/fake-discord.ts';
import { SHARD_GUILDS } from './support/shard-guilds.ts';

interface GatewayMessage {
  op: number;
  t: string | null;
  d: Record<string, unknown> | boolean | null;
}

let fake: FakeDiscord | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await fake?.close();
  fake = undefined;
});

/** A socket that keeps every message, and a way to wait for the first matching one. */
async function connect(f: FakeDiscord): Promise<{ ws: WebSocket; got: GatewayMessage[]; waitFor: (match: (m: GatewayMessage) => boolean) => Promise<GatewayMessage> }> {
  const ws = new WebSocket(`${f.gatewayUrl}?v=10&encoding=json`);
  sockets.push(ws);
  const got: GatewayMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    got.push(JSON.parse(String(raw)) as GatewayMessage);
    for (const w of [...waiters]) w();
  });
  const waitFor = (match: (m: GatewayMessage) => boolean): Promise<GatewayMessage> =>
    new Promise((resolve) => {
      const check = (): void => {
        const m = got.find(match);
        if (m) {
          waiters.delete(check);
          resolve(m);
        }
      };
      waiters.add(check);
      check();
    });
  await once(ws, 'open');
  await waitFor((m) => m.op === GatewayOpcodes.Hello);
  return { ws, got, waitFor };
}

function identify(ws: WebSocket, token: string, shard: [number, number]): void {
  ws.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token, intents: 1, properties: {}, shard } }));
}

const guildIdsIn = (got: GatewayMessage[]): string[] => got.filter((m) => m.t === 'GUILD_CREATE').map((m) => String((m.d as Record<string, unknown>)['id']));

describe('fake Discord sharding', () => {
  it('recommends shards and reports the session start limit in GET /gateway/bot', async () => {
    fake = await startFakeDiscord({ guilds: SHARD_GUILDS, recommendedShards: (guilds) => guilds, maxConcurrency: 4 });
    const res = await fetch(`${fake.apiBase}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(await res.json()).toEqual({
      url: fake.gatewayUrl,
      shards: 2,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 4 },
    });
  });

  it("gives each shard only its own guilds, and routes interactions to the guild's shard, DMs to shard 0", async () => {
    fake = await startFakeDiscord({ guilds: SHARD_GUILDS, maxConcurrency: 2, identifyWindowMs: 5000 });
    const zero = await connect(fake);
    const one = await connect(fake);
    identify(zero.ws, fake.token, [0, 2]);
    identify(one.ws, fake.token, [1, 2]);
    await zero.waitFor((m) => m.t === 'GUILD_CREATE');
    await one.waitFor((m) => m.t === 'GUILD_CREATE');
    expect(guildIdsIn(zero.got)).toEqual([SHARD_GUILDS[0].id]);
    expect(guildIdsIn(one.got)).toEqual([SHARD_GUILDS[1].id]);
    expect(fake.shards().sort((a, b) => a.id - b.id)).toEqual([
      { id: 0, count: 2, connected: true },
      { id: 1, count: 2, connected: true },
    ]);

    const odd = fake.sendSlashCommand({ name: 'ask', place: { guildId: SHARD_GUILDS[1].id } });
    const dm = fake.sendSlashCommand({ name: 'ask', place: { dm: true } });
    const interactionIds = (got: GatewayMessage[]): string[] => got.filter((m) => m.t === 'INTERACTION_CREATE').map((m) => String((m.d as Record<string, unknown>)['id']));
    await one.waitFor((m) => m.t === 'INTERACTION_CREATE');
    await zero.waitFor((m) => m.t === 'INTERACTION_CREATE');
    expect(interactionIds(one.got)).toEqual([odd.id]);
    expect(interactionIds(zero.got)).toEqual([dm.id]);
    const bot = await fetch(`${fake.apiBase}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(((await bot.json()) as { session_start_limit: { remaining: number } }).session_start_limit.remaining).toBe(998);
  });

  it('answers op 9 (not resumable) to an IDENTIFY in a bucket used within the window', async () => {
    fake = await startFakeDiscord({ guilds: SHARD_GUILDS, maxConcurrency: 1, identifyWindowMs: 60_000 });
    const zero = await connect(fake);
    const one = await connect(fake);
    identify(zero.ws, fake.token, [0, 2]);
    await zero.waitFor((m) => m.t === 'READY');
    identify(one.ws, fake.token, [1, 2]);
    const refused = await one.waitFor((m) => m.op === GatewayOpcodes.InvalidSession);
    expect(refused.d).toBe(false);
    expect(one.got.some((m) => m.t === 'READY')).toBe(false);
    const record = await fake.next('identify', (r) => r.shard?.[0] === 1);
    expect(record.refused).toMatch(/^bucket 0 identified \d+ ms ago \(window 60000 ms\)$/);
    expect(fake.takeViolations()).toEqual([]);
  });

  it('closes with 4010 an IDENTIFY whose shard id is not below its count', async () => {
    fake = await startFakeDiscord({ guilds: SHARD_GUILDS });
    const bad = await connect(fake);
    identify(bad.ws, fake.token, [2, 2]);
    const [code] = (await once(bad.ws, 'close')) as [number];
    expect(code).toBe(4010);
    expect(fake.takeViolations()).toEqual(['identify: invalid shard [2,2]']);
  });
});

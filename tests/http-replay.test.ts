// The replay guard at the HTTP door: a signed interaction sent again inside its five-minute window
// is refused (401), by the replica that saw it and, with Redis, by every other replica; a guard
// that hangs or fails lets the request through (the timestamp window still bounds a replay).
import { generateKeyPairSync, sign } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../src/adapters/http/server.ts';
import type { Reply } from '../src/contract/interaction.ts';
import { openRedis } from '../src/store/redis.ts';
import { MemoryReplayGuard, REPLAY_WINDOW_MS, type ReplayGuard } from '../src/store/replay.ts';
import { StoreUnavailableError } from '../src/store/unavailable.ts';
import { freshPrefix, TEST_REDIS_URL } from './support/services.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const NOW_MS = Date.now();
const NOW_S = Math.floor(NOW_MS / 1000);
const log = pino({ level: 'silent' });

const servers: HttpServer[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const c of cleanups.splice(0)) await c();
});

async function replica(guard: ReplayGuard | ((signature: string) => Promise<boolean>)): Promise<HttpServer> {
  const firstSeen = typeof guard === 'function' ? guard : (signature: string) => guard.firstSeen(signature, Date.now(), REPLAY_WINDOW_MS);
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    publicKey: PUBLIC_KEY_HEX,
    apiBase: 'http://127.0.0.1:9',
    handle: async (): Promise<Reply> => ({ type: 'message', ephemeral: false, message: { content: 'answered', allowed_mentions: { parse: [] } } }),
    health: () => ({ ready: true }),
    log,
    now: () => NOW_MS,
    firstSeen,
  });
  servers.push(server);
  return server;
}

let seq = 0;
/** One signed /echo interaction, as Discord would send it. */
function interaction(): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ id: `9${++seq}`, application_id: '1234567890123456789', token: 'tok', type: 2, data: { id: '1', name: 'echo', type: 1 }, user: { id: '42' } });
  const timestamp = String(NOW_S);
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex');
  return { body, headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp } };
}

async function send(server: HttpServer, req: { body: string; headers: Record<string, string> }): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/interactions`, { method: 'POST', body: req.body, headers: req.headers });
  return { status: res.status, json: await res.json() };
}

describe('replayed interactions', () => {
  it('answers a signed interaction once and refuses the same request sent again', async () => {
    const server = await replica(new MemoryReplayGuard());
    const req = interaction();
    expect((await send(server, req)).status).toBe(200);
    expect(await send(server, req)).toEqual({ status: 401, json: { error: 'replayed request' } });
    expect((await send(server, interaction())).status).toBe(200);
  });

  it('lets the request through when the guard fails or does not answer', async () => {
    const failing = await replica(() => Promise.reject(new StoreUnavailableError('Redis (replay guard)', 'down')));
    expect((await send(failing, interaction())).status).toBe(200);
    const hanging = await replica(() => new Promise<boolean>(() => {}));
    const res = await send(hanging, interaction());
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ type: 4, data: { content: 'answered' } });
  });

  it.skipIf(TEST_REDIS_URL === undefined)('with Redis, refuses a replay that lands on another replica', async () => {
    const keyPrefix = freshPrefix();
    const a = openRedis({ url: TEST_REDIS_URL ?? '', log, keyPrefix });
    const b = openRedis({ url: TEST_REDIS_URL ?? '', log, keyPrefix });
    cleanups.push(async () => {
      const keys = await a.client.keys(`${keyPrefix}*`);
      // keys() returns full names; del() would prefix them again.
      if (keys.length > 0) await a.client.del(...keys.map((k) => k.slice(keyPrefix.length)));
      await a.close();
      await b.close();
    });
    await Promise.all([a, b].map((r) => new Promise((resolve) => r.client.once('ready', resolve))));
    const one = await replica(a.replay);
    const two = await replica(b.replay);
    const req = interaction();
    expect((await send(one, req)).status).toBe(200);
    expect((await send(two, req)).status).toBe(401);
  });
});

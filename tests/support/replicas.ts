// Three (or N) `npm run serve` replicas, spawned as real processes, behind the round-robin load
// balancer of src/bench/load-balancer.ts on loopback, sharing one fresh PostgreSQL schema and a
// Redis, with the index built once (INDEX_DIR) and Discord's webhook side recorded. Used by the
// replica tests (tests/replicas-lb.test.ts, tests/replicas-outage.test.ts).
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, vi } from 'vitest';
import { BACKEND_HEADER, type LoadBalancer, startLoadBalancer } from '../../src/bench/load-balancer.ts';
import { CORPUS } from './paths.ts';
import { freshSchema } from './services.ts';
import { command, makeSigner, MODERATOR, type Place, type Signer, slash } from './signed-http.ts';
import { runToEnd, spawnBot, type SpawnedBot } from './spawn-bot.ts';

export const EPHEMERAL = 64;

export interface Sent {
  readonly status: number;
  readonly json: { type?: number; error?: string; data?: { content?: string; flags?: number; embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[] } };
  /** Backends the load balancer tried, in order; the last one answered. */
  readonly tried: number[];
  readonly text: string;
  /** From sending to the whole response, as the sender measured it. */
  readonly ms: number;
}

/** POSTs an already signed body (so it can be sent again as is). */
export async function post(port: number, body: string, headers: Record<string, string>): Promise<Sent> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/interactions`, { method: 'POST', headers, body });
  const text = await res.text();
  const ms = performance.now() - started;
  let json: Sent['json'] = {};
  try {
    json = JSON.parse(text) as Sent['json'];
  } catch {
    // A proxy error page; status says enough.
  }
  const tried = (res.headers.get(BACKEND_HEADER) ?? '')
    .split(',')
    .filter((s) => s !== '')
    .map(Number);
  return { status: res.status, json, tried, text, ms };
}

/** The replica (its index among the backends) that answered. */
export const served = (r: Sent): number => r.tried[r.tried.length - 1] ?? -1;
export const textOf = (r: { data?: Sent['json']['data'] } | undefined): string => JSON.stringify(r?.data ?? {});

/** Discord's side of deferred answers: records every webhook body by interaction token. */
export async function webhookSink(): Promise<{ url: string; bodies: Map<string, string[]>; close(): Promise<void> }> {
  const bodies = new Map<string, string[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      const token = decodeURIComponent(/\/webhooks\/[^/]+\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
      bodies.set(token, [...(bodies.get(token) ?? []), body]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A server (guild) id of this run's own, so runs sharing the Redis server never meet. */
export const freshGuild = (): string => String(1_300_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 47)));
let nextUser = 0n;
export const freshUser = (): string => String(1_200_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 40)) * 1000n + nextUser++);

export const moderator = (guildId: string): Place => ({ guildId, userId: '1200000000000000001' });
/** `/config …` by a moderator of `guildId`, with its raw option tree. */
export const config = (guildId: string, options: readonly object[]) => command('config', options, moderator(guildId), MODERATOR);
/** `/ask sanctions` by a member (a new one unless given). */
export const ask = (guildId: string, userId = freshUser()) => slash('ask', { query: 'sanctions' }, { guildId, userId });

export interface Replicas {
  readonly replicas: { readonly bot: SpawnedBot; readonly port: number }[];
  readonly proxy: LoadBalancer;
  readonly sink: Awaited<ReturnType<typeof webhookSink>>;
  readonly signer: Signer;
  /** DATABASE_URL as the replicas have it (the schema in its search_path). */
  readonly databaseUrl: string;
  /** The fresh schema's name. */
  readonly schema: string;
  /** Signs and POSTs `payload` to `port` (the balancer's, or one replica's). */
  send(port: number, payload: object): Promise<Sent>;
  close(): Promise<void>;
}

export async function startReplicas(opts: { databaseUrl: string; redisUrl: string; count?: number }): Promise<Replicas> {
  const signer = makeSigner();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-lb-'));
  const fresh = await freshSchema(opts.databaseUrl);
  // The replicas take only DATABASE_URL: the schema rides in it as the connection's search_path.
  const url = new URL(opts.databaseUrl);
  url.searchParams.set('options', `-c search_path=${fresh.schema}`);
  const databaseUrl = url.href;
  const sink = await webhookSink();
  const replicas: { bot: SpawnedBot; port: number }[] = [];
  let proxy: LoadBalancer | undefined;
  const close = async (): Promise<void> => {
    await proxy?.close();
    for (const r of replicas) if (r.bot.child.exitCode === null && r.bot.child.signalCode === null) r.bot.child.kill('SIGKILL');
    await Promise.all(replicas.map((r) => r.bot.exited));
    await sink.close();
    await fresh.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // The index built once, as an operator does; every replica loads it (INDEX_DIR).
    const indexDir = path.join(tmp, 'index');
    const built = await runToEnd({ args: ['index', 'build', '--out', indexDir, '--corpus', CORPUS], env: { LOG_FORMAT: 'json' } }, 60_000);
    expect(built.code, built.stderr).toBe(0);
    const bots = Array.from({ length: opts.count ?? 3 }, (_, i) =>
      spawnBot({
        args: ['serve'],
        env: {
          DISCORD_PUBLIC_KEY: signer.publicKeyHex,
          DISCORD_API_BASE: sink.url,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_FORMAT: 'json',
          DATA_DIR: fs.mkdtempSync(path.join(tmp, `data-${i}-`)),
          INDEX_DIR: indexDir,
          DATABASE_URL: databaseUrl,
          REDIS_URL: opts.redisUrl,
          SHUTDOWN_GRACE_SECONDS: '2',
        },
      }),
    );
    for (const bot of bots) replicas.push({ bot, port: -1 });
    for (const r of replicas) {
      const line = await r.bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('listening on'), 120_000, 'the server to listen');
      r.port = line['port'] as number;
    }
    // In rotation only once ready, as a load balancer's /readyz check would have it.
    for (const r of replicas) {
      await vi.waitFor(
        async () => {
          expect((await fetch(`http://127.0.0.1:${r.port}/readyz`)).status).toBe(200);
        },
        { timeout: 60_000, interval: 100 },
      );
    }
    proxy = await startLoadBalancer({ backends: replicas.map((r) => r.port) });
  } catch (err) {
    await close();
    throw err;
  }
  const send = (port: number, payload: object): Promise<Sent> => {
    const body = JSON.stringify(payload);
    return post(port, body, signer.headers(body));
  };
  return { replicas, proxy, sink, signer, databaseUrl, schema: fresh.schema, send, close };
}

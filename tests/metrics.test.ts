// What an operator sees at /metrics and /readyz after real signed interactions through the HTTP
// endpoint and the one dispatch: counts and latency by command and outcome (answered, invalid,
// refused, cooldown, error), the index in service, and nothing that names a server or a member.
import fs from 'node:fs';
import os from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { MessageFlags } from 'discord-api-types/v10';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServer, startHttpServer } from '../src/adapters/http/server.ts';
import { type AppDeps, handle } from '../src/app/dispatch.ts';
import { indexVersion, tagIndexVersion } from '../src/app/index-version.ts';
import { createMetrics, type Metrics } from '../src/app/metrics.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import { STARTING_TEXT } from '../src/app/replies.ts';
import type { Reply } from '../src/contract/interaction.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { SqliteCooldownStore } from '../src/store/cooldowns.ts';
import { databaseFile, openDatabase, type Db } from '../src/store/db.ts';
import { SqliteSettingsStore } from '../src/store/settings.ts';
import { CORPUS } from './support/paths.ts';
import { CHANNEL, GUILD, interact, makeSigner, MEMBER, ping, sample, slash } from './support/signed-http.ts';

const signer = makeSigner();
const log = pino({ level: 'silent' });
const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);
const CLOSED = '697138785317814299';
const OTHER_MEMBER = '80351110224678913';

let dir: string;
let db: Db;
let corpus: Corpus;
let metrics: Metrics;
let server: HttpServer;
let ready = false;
let explode = false;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-metrics-'));
  const opened = openCorpus({ dirs: [CORPUS], dataDir: dir, log, now: () => T0, noCache: true });
  corpus = opened.corpus;
  tagIndexVersion(corpus, opened.version);
  db = openDatabase(databaseFile(dir));
  metrics = createMetrics({ index: () => (ready ? { corpus, version: indexVersion(corpus) } : undefined), now: () => T0 + 90_000, processMetrics: false });
  const deps: AppDeps = {
    corpus: () => {
      if (explode) throw new Error('index exploded');
      return corpus;
    },
    log,
    now: () => T0,
    startedAt: T0,
    version: 'test',
    settings: new SqliteSettingsStore(db),
    cooldowns: new SqliteCooldownStore(db),
    metrics,
  };
  server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    publicKey: signer.publicKeyHex,
    apiBase: 'http://127.0.0.1:9/api',
    handle: (inv) => handle(inv, deps),
    ready: () => ready,
    health: () => ({ ready, ...(ready && { version: indexVersion(corpus) }) }),
    metrics: () => metrics.scrape(),
    observe: metrics,
    log,
    // Generous: every answer here is inline, none deferred.
    deferAfterMs: 10_000,
  });
});

afterAll(async () => {
  await server?.close();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (route: string) => {
  const res = await fetch(`http://127.0.0.1:${server.port}${route}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

describe('before the index is loaded', () => {
  it('answers PINGs, tells a member it is starting up, and is not ready', async () => {
    expect(await interact(server.port, signer, ping())).toEqual({ status: 200, json: { type: 1 } });
    const early = await interact(server.port, signer, slash('ask', { query: 'sanctions' }));
    expect(early.status).toBe(200);
    expect(early.json.data?.content).toBe(STARTING_TEXT);
    expect((early.json.data?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect((await get('/readyz')).status).toBe(503);
    const health = await get('/healthz');
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toEqual({ ready: false });
    // Nothing was dispatched, so nothing was counted; the index series are absent, not zero.
    const scrape = (await get('/metrics')).text;
    expect(sample(scrape, 'attache_interactions_total', { kind: 'command', command: 'ask', outcome: 'answered' })).toBeUndefined();
    expect(scrape).not.toMatch(/^attache_index_info\{/m);
  });
});

describe('once ready', () => {
  let scrape = '';

  beforeAll(async () => {
    ready = true;
    const moderator = { ...slash('config'), member: { user: { id: '80351110224678900', username: 'mod' }, roles: [], permissions: '32' } };
    // A moderator closes one channel: 1 answered /config.
    const closed = await interact(server.port, signer, {
      ...moderator,
      data: { id: '9', name: 'config', type: 1, options: [{ name: 'channels', type: 2, options: [{ name: 'deny', type: 1, options: [{ name: 'channel', type: 7, value: CLOSED }] }] }] },
    });
    expect(closed.json.data?.embeds?.[0]?.description).toMatch(/^<#697138785317814299> is denied\./);
    const replies = [
      await interact(server.port, signer, slash('ask', { query: 'sanctions' })), // answered
      await interact(server.port, signer, slash('ask', { query: 'sanctions' })), // the same member within 3 s: cooldown
      await interact(server.port, signer, slash('ask', { query: 'summit' }, { userId: OTHER_MEMBER })), // answered
      await interact(server.port, signer, slash('ask', { query: 'summit' }, { channelId: CLOSED, userId: '80351110224678914' })), // refused
      await interact(server.port, signer, slash('timeline', { topic: 'diplomats', from: 'the day after tomorrow' }, { userId: '80351110224678915' })), // invalid
      await interact(server.port, signer, slash('pwn-1300000000000000001', {}, { userId: '80351110224678916' })), // a name no command has
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(replies[1]?.json.data?.content).toMatch(/^You can use this again/);
    explode = true;
    const failed = await interact(server.port, signer, slash('ask', { query: 'sanctions' }, { userId: '80351110224678917' }));
    explode = false;
    expect(failed.json.data?.content).toMatch(/^Something went wrong \(ref [0-9A-F]{6}\)/);
    scrape = (await get('/metrics')).text;
  });

  it('counts each interaction once, by command and outcome', () => {
    const count = (command: string, outcome: string) => sample(scrape, 'attache_interactions_total', { kind: 'command', command, outcome });
    expect(count('ask', 'answered')).toBe(2);
    expect(count('ask', 'cooldown')).toBe(1);
    expect(count('ask', 'refused')).toBe(1);
    expect(count('ask', 'error')).toBe(1);
    expect(count('timeline', 'invalid')).toBe(1);
    expect(count('config', 'answered')).toBe(1);
    expect(count('unknown', 'invalid')).toBe(1);
    expect(sample(scrape, 'attache_cooldown_refusals_total', { command: 'ask' })).toBe(1);
    expect(sample(scrape, 'attache_interaction_errors_total', { kind: 'command', command: 'ask' })).toBe(1);
  });

  it('times the first response of each request as Discord sees it', () => {
    // The early request got "starting up"; the eight since, all commands, were answered inline.
    expect(sample(scrape, 'attache_first_response_seconds_count', { kind: 'command', response: 'starting' })).toBe(1);
    expect(sample(scrape, 'attache_first_response_seconds_count', { kind: 'command', response: 'inline' })).toBe(8);
    expect(sample(scrape, 'attache_first_response_seconds_bucket', { kind: 'command', response: 'inline', le: '3' })).toBe(8);
  });

  it('times them in a histogram with the same labels', () => {
    const labels = { kind: 'command', command: 'ask', outcome: 'answered' };
    expect(sample(scrape, 'attache_interaction_duration_seconds_count', labels)).toBe(2);
    expect(sample(scrape, 'attache_interaction_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(2);
    expect(sample(scrape, 'attache_interaction_duration_seconds_sum', labels)).toBeGreaterThan(0);
    expect(scrape).toContain('# TYPE attache_interaction_duration_seconds histogram');
  });

  it('reports the index in service: version, size and age', async () => {
    expect(sample(scrape, 'attache_index_info', { version: indexVersion(corpus) })).toBe(1);
    expect(indexVersion(corpus)).toMatch(/^[0-9a-f]{16}$/);
    expect(sample(scrape, 'attache_index_articles')).toBe(corpus.articles.length);
    expect(sample(scrape, 'attache_index_passages')).toBe(corpus.passages.length);
    expect(sample(scrape, 'attache_index_age_seconds')).toBe(90);
    expect((await get('/readyz')).status).toBe(200);
    expect(JSON.parse((await get('/healthz')).text)).toEqual({ ready: true, version: indexVersion(corpus) });
  });

  it('names no server, channel or member, and no name a request made up', async () => {
    for (const id of [GUILD, CHANNEL, CLOSED, MEMBER, OTHER_MEMBER, '1300000000000000001']) expect(scrape).not.toContain(id);
    const res = await get('/metrics');
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('has the process figures when asked for, and the hooks for feeds and shards', async () => {
    const full = createMetrics({ index: () => undefined, now: () => 0 });
    full.feedPoll('ok');
    full.followPost('posted');
    full.shardStatus(0, 'ready', 42);
    const text = (await full.scrape()).body;
    expect(text).toMatch(/^attache_process_resident_memory_bytes \d+/m);
    expect(sample(text, 'attache_feed_polls_total', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'attache_follow_posts_total', { outcome: 'posted' })).toBe(1);
    expect(sample(text, 'attache_shard_status', { shard: '0', status: 'ready' })).toBe(1);
    expect(sample(text, 'attache_shard_status', { shard: '0', status: 'dead' })).toBe(0);
    expect(sample(text, 'attache_gateway_ping_seconds', { shard: '0' })).toBe(0.042);
    // Read from the gateway at the scrape once it is connected; -1 (no heartbeat yet) is left out.
    full.shardPings(
      () =>
        new Map([
          [0, 31],
          [1, -1],
        ]),
    );
    const read = (await full.scrape()).body;
    expect(sample(read, 'attache_gateway_ping_seconds', { shard: '0' })).toBe(0.031);
    expect(sample(read, 'attache_gateway_ping_seconds', { shard: '1' })).toBeUndefined();
  });
});

describe('deferred answers', () => {
  it('counts those delivered through the webhook and those Discord refused', async () => {
    // A webhook that takes the first deferred answer and refuses the second (as for an expired token).
    let calls = 0;
    const arrived: (() => void)[] = [];
    const webhook = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        res.writeHead(calls === 1 ? 200 : 404, { 'content-type': 'application/json' }).end(calls === 1 ? '{"id":"1"}' : '{"message":"Unknown Webhook","code":10015}');
        arrived.shift()?.();
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    const own = createMetrics({ index: () => undefined, now: () => 0, processMetrics: false });
    let release: () => void = () => undefined;
    const slow = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      publicKey: signer.publicKeyHex,
      apiBase: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api`,
      // Waits until the test has seen the deferral: the answer can only go through the webhook.
      handle: () => new Promise<Reply>((resolve) => (release = () => resolve({ type: 'message', ephemeral: false, message: { content: 'late', allowed_mentions: { parse: [] } } }))),
      health: () => ({ ready: true }),
      observe: own,
      log,
      deferAfterMs: 1,
    });
    try {
      for (let i = 0; i < 2; i++) {
        const first = await interact(slow.port, signer, slash('ask', { query: 'sanctions' }));
        expect(first.json.type).toBe(5);
        const edited = new Promise<void>((r) => arrived.push(r));
        release();
        await edited;
      }
      await slow.close();
      const text = (await own.scrape()).body;
      expect(sample(text, 'attache_first_response_seconds_count', { kind: 'command', response: 'deferred' })).toBe(2);
      expect(sample(text, 'attache_deferred_answers_total', { outcome: 'delivered' })).toBe(1);
      expect(sample(text, 'attache_deferred_answers_total', { outcome: 'failed' })).toBe(1);
    } finally {
      await slow.close();
      await new Promise((r) => webhook.close(r));
    }
  });
});

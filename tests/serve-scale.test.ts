// `npm run serve` as a replica behind a load balancer, spawned as a real process: it loads the
// index built once by `attache index build --out DIR` (INDEX_DIR), says "starting up" and 503
// until it has one, swaps in each newer one published and reports its version; on SIGTERM it stops
// taking work, finishes the request in flight and exits 0 (or, past SHUTDOWN_GRACE_SECONDS, cuts it
// and exits 1).
import fs from 'node:fs';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTING_TEXT } from '../src/app/replies.ts';
import { CORPUS, WHITEHOUSE_RUSSIA } from './support/paths.ts';
import { interact, makeSigner, sample, slash } from './support/signed-http.ts';
import { runToEnd, spawnBot, type SpawnedBot } from './support/spawn-bot.ts';

const signer = makeSigner();
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-scale-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function serve(env: Record<string, string>): SpawnedBot {
  return spawnBot({
    args: ['serve'],
    env: { DISCORD_PUBLIC_KEY: signer.publicKeyHex, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', DATA_DIR: fs.mkdtempSync(path.join(tmp, 'data-')), CORPUS_DIRS: CORPUS, ...env },
  });
}

async function portOf(bot: SpawnedBot): Promise<number> {
  const line = await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('listening on'), 30_000, 'the server to listen');
  return line['port'] as number;
}

async function get(port: number, route: string): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`);
  const text = await res.text();
  return { status: res.status, text, json: res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Asks again (every 100 ms) until `ok`; the test's own timeout bounds the wait. */
async function until<T>(ask: () => Promise<T>, ok: (t: T) => boolean): Promise<T> {
  for (;;) {
    const got = await ask();
    if (ok(got)) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function buildIndex(out: string, corpus: string): Promise<string> {
  const built = await runToEnd({ args: ['index', 'build', '--out', out, '--corpus', corpus], env: { LOG_FORMAT: 'json' } }, 60_000);
  expect(built.code, built.stderr).toBe(0);
  const version = /index ([0-9a-f]{16}) /i.exec(built.stdout)?.[1];
  expect(version, built.stdout).toBeDefined();
  return version as string;
}

describe('index artifacts and readiness', () => {
  it('waits for a published index, serves it, and swaps in the next one published', async () => {
    const indexDir = path.join(tmp, 'indexes');
    fs.mkdirSync(indexDir);
    const bot = serve({ INDEX_DIR: indexDir, SHUTDOWN_GRACE_SECONDS: '5' });
    try {
      const port = await portOf(bot);
      await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('waiting for an index'), 30_000, 'the wait for an index');
      // Listening but not ready: the load balancer keeps it out, a member who gets through is told why.
      expect(await get(port, '/healthz')).toMatchObject({ status: 503, json: { ready: false, status: 'starting' } });
      expect((await get(port, '/readyz')).status).toBe(503);
      const early = await interact(port, signer, slash('ask', { query: 'sanctions' }));
      expect(early.json.data?.content).toBe(STARTING_TEXT);

      const first = await buildIndex(indexDir, CORPUS);
      expect(fs.readFileSync(path.join(indexDir, 'current'), 'utf8')).toBe(`${first}\n`);
      const health = await until(
        () => get(port, '/healthz'),
        (h) => h.status === 200,
      );
      expect(health.json).toMatchObject({ ready: true, version: first, articles: 2 });
      expect((await get(port, '/readyz')).status).toBe(200);
      const about = await interact(port, signer, slash('about'));
      expect(about.status).toBe(200);
      expect(JSON.stringify(about.json)).toContain('2 articles');
      const scrape = (await get(port, '/metrics')).text;
      expect(sample(scrape, 'attache_index_info', { version: first })).toBe(1);
      expect(sample(scrape, 'attache_index_articles')).toBe(2);
      expect(sample(scrape, 'attache_interactions_total', { kind: 'command', command: 'about', outcome: 'answered' })).toBe(1);

      // The same corpus again: the same version, reused, not rebuilt.
      expect(await buildIndex(indexDir, CORPUS)).toBe(first);
      // A corpus of one article published: the replica loads it in the background and swaps.
      const smaller = path.join(tmp, 'smaller-corpus');
      fs.mkdirSync(smaller);
      fs.copyFileSync(path.join(CORPUS, '2025-02-13-trump-putin-relationship.md'), path.join(smaller, 'one.md'));
      const second = await buildIndex(indexDir, smaller);
      expect(second).not.toBe(first);
      expect(fs.readdirSync(indexDir).sort()).toEqual([first, second, 'current'].sort());
      const swapped = await until(
        () => get(port, '/healthz'),
        (h) => h.json['version'] === second,
      );
      expect(swapped.json).toMatchObject({ ready: true, articles: 1 });
      // Another member: the first one's 3-second cooldown may still run.
      const again = await interact(port, signer, slash('about', {}, { userId: '80351110224678999' }));
      expect(JSON.stringify(again.json)).toContain('1 article');
      expect(sample((await get(port, '/metrics')).text, 'attache_index_info', { version: second })).toBe(1);
      expect(await bot.stop()).toBe(0);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });

  it('answers 503 while a first start builds the index in a worker thread, then serves it', async () => {
    // 24 White House briefings: a fresh build takes seconds, during which the event loop is free.
    const bot = serve({ CORPUS_DIRS: `${WHITEHOUSE_RUSSIA}/press-briefings/2022-02` });
    try {
      const port = await portOf(bot);
      expect(await get(port, '/healthz')).toMatchObject({ status: 503, json: { ready: false, status: 'starting' } });
      expect((await interact(port, signer, slash('ask', { query: 'sanctions' }))).json.data?.content).toBe(STARTING_TEXT);
      expect(bot.logs().some((l) => typeof l.msg === 'string' && l.msg.startsWith('corpus ready'))).toBe(false);
      const ready = await until(
        () => get(port, '/healthz'),
        (h) => h.status === 200,
      );
      expect(ready.json).toMatchObject({ ready: true, articles: 24 });
      // Waited for: the log line and the HTTP answer travel on different pipes.
      const line = await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('corpus ready'), 10_000, 'the corpus ready line');
      expect(line).toMatchObject({ source: 'fresh build', articles: 24 });
      expect(await bot.stop()).toBe(0);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });

  it('reports a refused settings database at once, not after waiting for an index', async () => {
    const data = fs.mkdtempSync(path.join(tmp, 'bad-data-'));
    fs.mkdirSync(path.join(data, 'attache.sqlite'));
    const bot = serve({ INDEX_DIR: fs.mkdtempSync(path.join(tmp, 'empty-index-')), DATA_DIR: data });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr.join('\n')).toContain('attache.sqlite');
    expect(bot.logs().some((l) => typeof l.msg === 'string' && l.msg.startsWith('waiting for an index'))).toBe(false);
  });

  it('refuses `index build` without --out, and a corpus folder that is not there', async () => {
    const noOut = await runToEnd({ args: ['index', 'build'], env: {} });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/^--out DIR is required/);
    const missing = await runToEnd({ args: ['index', 'build', '--out', path.join(tmp, 'x'), '--corpus', path.join(tmp, 'nowhere')], env: {} });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Corpus folder not found: .*nowhere/);
  });
});

/** A signed request whose headers are in and whose body is not yet sent (`Expect: 100-continue`). */
async function heldRequest(port: number): Promise<{ socket: Socket; finish: () => void; response: Promise<string> }> {
  const body = JSON.stringify(slash('ask', { query: 'sanctions' }));
  const socket = connect(port, '127.0.0.1');
  let received = '';
  const response = new Promise<string>((resolve) => {
    socket.on('data', (d: Buffer) => {
      received += d.toString('utf8');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', () => undefined);
  });
  const headers = Object.entries({ ...signer.headers(body), 'content-length': String(Buffer.byteLength(body)), expect: '100-continue', host: 'localhost' })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(`POST /interactions HTTP/1.1\r\n${headers}\r\n`);
  // The server answers 100 Continue once it has the headers: the request is in flight from here.
  await until(
    async () => received,
    (r) => r.startsWith('HTTP/1.1 100 Continue'),
  );
  received = '';
  return { socket, finish: () => socket.write(body), response };
}

describe('SIGTERM', () => {
  it('stops taking work, finishes the request in flight, and exits 0', async () => {
    const bot = serve({});
    try {
      const port = await portOf(bot);
      await until(
        () => get(port, '/readyz'),
        (r) => r.status === 200,
      );
      const held = await heldRequest(port);
      bot.child.kill('SIGTERM');
      const stopping = await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('stopped accepting connections'), 10_000, 'the drain to start');
      expect(stopping['inFlight']).toBe(1);
      held.finish();
      const response = await held.response;
      expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(response).toMatch(/\r\nConnection: close\r\n/i);
      const json = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { type: number; data: { content?: string } };
      expect(json.type).toBe(4);
      expect(json.data.content).toMatch(/sanction/i);
      expect(await bot.exited).toBe(0);
      expect(bot.logs().some((l) => l.msg === 'shut down cleanly')).toBe(true);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });

  it('gives up on work still unfinished after SHUTDOWN_GRACE_SECONDS, and exits 1', async () => {
    const bot = serve({ SHUTDOWN_GRACE_SECONDS: '0.2' });
    try {
      const port = await portOf(bot);
      await until(
        () => get(port, '/readyz'),
        (r) => r.status === 200,
      );
      const held = await heldRequest(port); // its body never comes
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(1);
      expect(bot.logs().some((l) => typeof l.msg === 'string' && l.msg.startsWith('gave up after 200 ms with 1 request(s)'))).toBe(true);
      expect(await held.response).toBe('');
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });
});

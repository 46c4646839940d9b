// The HTTP-interactions endpoint, end to end: real Ed25519 signatures made with a key pair
// generated here, real HTTP on loopback, a fake Discord webhook server for deferred edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Invocation, Reply } from '../src/contract/interaction.ts';
import { startHttpServer, type HttpServer } from '../src/adapters/http/server.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const PUBLIC_KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const PRIVATE_KEY_HEX = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('hex');
/** The server's clock is pinned; requests are signed relative to it. */
const NOW_MS = 1_752_000_000_000;
const NOW_S = Math.floor(NOW_MS / 1000);
const APP_ID = '1234567890123456789';
const TOKEN = 'aW50ZXJhY3Rpb246c2VjcmV0LXRva2VuLWRvLW5vdC1sb2c';

// ---------------------------------------------------------------- logging captured for assertions
const logLines: string[] = [];
const log = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });

// ---------------------------------------------------------------- a small real handler
interface Gate {
  readonly entered: Promise<void>;
  release(): void;
  wait(): Promise<void>;
}
function gate(): Gate {
  let release!: () => void;
  let enter!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const entered = new Promise<void>((r) => (enter = r));
  return {
    entered,
    release,
    wait() {
      enter();
      return released;
    },
  };
}

let handlerCalls = 0;
let slowGate = gate();
const OUTLETS = ['Reuters', 'RIA Novosti', 'TASS', 'The White House', 'The Washington Post'];

function message(content: string, ephemeral = false): Reply {
  return { type: 'message', ephemeral, message: { content, allowed_mentions: { parse: [] } } };
}

async function handle(inv: Invocation): Promise<Reply> {
  handlerCalls++;
  if (inv.kind === 'autocomplete') {
    const typed = inv.focused?.value.toLowerCase() ?? '';
    return { type: 'autocomplete', choices: OUTLETS.filter((o) => o.toLowerCase().startsWith(typed)).map((o) => ({ name: o, value: o })) };
  }
  switch (inv.name) {
    case 'echo':
      return message(`You asked: ${String(inv.options['text'])} (from ${inv.userId})`);
    case 'whisper':
      return message('Only you can see this.', true);
    case 'page': {
      const page = inv.customId?.split(':')[1] ?? '?';
      return { type: 'update', message: { content: `Page ${page}`, allowed_mentions: { parse: [] } } };
    }
    case 'slow':
      await slowGate.wait();
      return inv.kind === 'button' ? { type: 'update', message: { content: 'Page 3 (slow)', allowed_mentions: { parse: [] } } } : message(`Slow answer to ${String(inv.options['text'])}`);
    case 'slowsecret':
      await slowGate.wait();
      return message('A slow secret.', true);
    case 'slowboom':
      await slowGate.wait();
      throw new Error('index exploded late');
    case 'boom':
      throw new Error('index exploded');
    default:
      return message(`unknown ${inv.name}`, true);
  }
}

// ---------------------------------------------------------------- interaction payloads
let nextId = 1_283_456_789_012_345_000n;
function base(type: number) {
  nextId++;
  return {
    id: String(nextId),
    application_id: APP_ID,
    token: TOKEN,
    type,
    version: 1,
    locale: 'en-US',
    guild_id: '613425648685547541',
    channel_id: '697138785317814292',
    member: { user: { id: '80351110224678912', username: 'nelly' }, roles: [], permissions: '2248473465835073' },
    app_permissions: '562949953601536',
    entitlements: [],
    authorizing_integration_owners: {},
  };
}
const ping = () => ({ id: '1', application_id: APP_ID, token: TOKEN, type: 1, version: 1 });
const command = (name: string, text = 'hello') => ({ ...base(2), data: { id: '9', name, type: 1, options: [{ name: 'text', type: 3, value: text }] } });
const autocomplete = (typed: string) => ({
  ...base(4),
  data: { id: '9', name: 'ask', type: 1, options: [{ name: 'outlet', type: 3, value: typed, focused: true }] },
});
const button = (customId: string) => ({
  ...base(3),
  message: { id: '5', channel_id: '697138785317814292', content: 'Page 1', flags: 0, interaction_metadata: { id: '4', type: 2, user: { id: '80351110224678912' } } },
  data: { custom_id: customId, component_type: 2 },
});

// ---------------------------------------------------------------- HTTP helpers
function signature(timestamp: string, body: string | Buffer): string {
  return sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex');
}

async function post(port: number, body: string, init: { timestamp?: string; sig?: string | null; ts?: string | null } = {}) {
  const timestamp = init.timestamp ?? String(NOW_S);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const sig = init.sig === undefined ? signature(timestamp, body) : init.sig;
  const ts = init.ts === undefined ? timestamp : init.ts;
  if (sig !== null) headers['x-signature-ed25519'] = sig;
  if (ts !== null) headers['x-signature-timestamp'] = ts;
  return fetch(`http://127.0.0.1:${port}/interactions`, { method: 'POST', headers, body });
}

/** An interaction response as sent; the fields the tests read one by one are typed. */
interface ResponseBody {
  readonly type: number;
  readonly data?: { readonly content?: string; readonly flags?: number };
}

async function interact(port: number, payload: object): Promise<{ status: number; json: ResponseBody }> {
  const res = await post(port, JSON.stringify(payload));
  return { status: res.status, json: (await res.json()) as ResponseBody };
}

// ---------------------------------------------------------------- a fake Discord webhook route
interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}
function fakeDiscord() {
  const requests: Recorded[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', body: text ? JSON.parse(text) : undefined });
      for (const w of waiters.filter((w) => requests.length >= w.count)) w.resolve();
      if (req.method === 'DELETE') {
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}');
      }
    });
  });
  return {
    requests,
    server,
    /** Resolves once `count` requests have arrived in total. */
    received(count: number): Promise<void> {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async start(): Promise<number> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return (server.address() as AddressInfo).port;
    },
  };
}

// ---------------------------------------------------------------- the servers under test
let ready = false;
const discord = fakeDiscord();
let inline: HttpServer; // answers within a generous window: every answer here is inline
let deferring: HttpServer; // defers almost at once: slow handlers complete via the webhook

beforeAll(async () => {
  const discordPort = await discord.start();
  const common = {
    host: '127.0.0.1',
    port: 0,
    publicKey: PUBLIC_KEY_HEX,
    handle,
    apiBase: `http://127.0.0.1:${discordPort}/api/`,
    health: () => ({ ready, articles: 2637, indexAgeSeconds: 12 }),
    log,
    now: () => NOW_MS,
  };
  inline = await startHttpServer({ ...common, deferAfterMs: 10_000 });
  deferring = await startHttpServer({ ...common, deferAfterMs: 20 });
});

afterAll(async () => {
  await inline?.close();
  await deferring?.close();
  await new Promise((r) => discord.server.close(r));
});

describe('verification and request hygiene', () => {
  it('answers PING with PONG', async () => {
    expect(await interact(inline.port, ping())).toEqual({ status: 200, json: { type: 1 } });
  });

  it('rejects with 401 every request that is not signed by Discord just now, without calling the handler', async () => {
    const callsBefore = handlerCalls;
    const body = JSON.stringify(command('echo'));
    const cases: [string, Promise<Response>][] = [
      ['tampered body', post(inline.port, body.replace('hello', 'hellO'), { sig: signature(String(NOW_S), body) })],
      ['tampered timestamp', post(inline.port, body, { sig: signature(String(NOW_S), body), ts: String(NOW_S + 1) })],
      ['six minutes old', post(inline.port, body, { timestamp: String(NOW_S - 360) })],
      ['six minutes ahead', post(inline.port, body, { timestamp: String(NOW_S + 360) })],
      ['no signature', post(inline.port, body, { sig: null })],
      ['no timestamp', post(inline.port, body, { ts: null })],
      ['no headers', post(inline.port, body, { sig: null, ts: null })],
      ['signature not hex', post(inline.port, body, { sig: 'zz'.repeat(64) })],
      ['signature too short', post(inline.port, body, { sig: signature(String(NOW_S), body).slice(0, 126) })],
      ['timestamp not a number', post(inline.port, body, { timestamp: '17520000OO' })],
      ['signed by another key', post(inline.port, body, { sig: sign(null, Buffer.from(String(NOW_S) + body), generateKeyPairSync('ed25519').privateKey).toString('hex') })],
    ];
    for (const [what, pending] of cases) {
      const res = await pending;
      expect({ what, status: res.status }).toEqual({ what, status: 401 });
      await res.arrayBuffer();
    }
    // Within five minutes either way is accepted.
    expect((await post(inline.port, JSON.stringify(ping()), { timestamp: String(NOW_S - 299) })).status).toBe(200);
    expect((await post(inline.port, JSON.stringify(ping()), { timestamp: String(NOW_S + 299) })).status).toBe(200);
    expect(handlerCalls).toBe(callsBefore);
  });

  it('rejects an oversized body with 413, declared or streamed, without calling the handler', async () => {
    const callsBefore = handlerCalls;
    const big = JSON.stringify({ ...command('echo'), padding: 'x'.repeat(1024 * 1024) });
    const declared = await post(inline.port, big);
    expect(declared.status).toBe(413);
    await declared.arrayBuffer();

    // Chunked, with no Content-Length: the cap applies while reading.
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await fetch(`http://127.0.0.1:${inline.port}/interactions`, {
      method: 'POST',
      headers: { 'x-signature-ed25519': 'ab'.repeat(64), 'x-signature-timestamp': String(NOW_S) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await streamed.arrayBuffer();
    expect(handlerCalls).toBe(callsBefore);
    expect((await interact(inline.port, ping())).json).toEqual({ type: 1 });
  });

  it('rejects validly signed malformed JSON or non-interactions with 400', async () => {
    for (const body of ['{"type":1', 'null', '[]', '"text"', '{}', '{"type":"1"}', '{"type":2,"id":"1"}']) {
      const res = await post(inline.port, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      await res.arrayBuffer();
    }
  });

  it('answers wrong methods with 405 and an Allow header, unknown paths with 404', async () => {
    const get = await fetch(`http://127.0.0.1:${inline.port}/interactions`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const del = await fetch(`http://127.0.0.1:${inline.port}/healthz`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
    for (const path of ['/nope', '/interactions/extra', '/', '/%E0%A4%A']) {
      const res = await fetch(`http://127.0.0.1:${inline.port}${path}`, { method: 'POST', body: 'x' });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      await res.arrayBuffer();
    }
  });

  it('reports health: 503 until ready, then 200 with what health() says', async () => {
    ready = false;
    const before = await fetch(`http://127.0.0.1:${inline.port}/healthz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ ready: false });
    ready = true;
    const after = await fetch(`http://127.0.0.1:${inline.port}/healthz`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ ready: true, articles: 2637, indexAgeSeconds: 12 });
  });

  it('survives garbage: raw bytes, broken HTTP, aborted uploads, odd interactions', async () => {
    const raw = (bytes: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(inline.port, '127.0.0.1', () => socket.end(bytes));
        let got = '';
        socket.on('data', (d) => (got += d.toString()));
        socket.on('close', () => resolve(got));
        socket.on('error', () => resolve(got));
      });
    expect(await raw('\x00\x01\x02 garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    const callsBefore = handlerCalls;
    // An upload cut short: Node's parser answers 400; nothing reaches the handler.
    expect(await raw('POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{"ty')).not.toMatch(/^HTTP\/1\.1 2/);
    expect(await raw('POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: nonsense\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    // Validly signed but strange: unknown types, missing data, a select menu, a modal.
    for (const payload of [
      { ...base(99) },
      { ...base(2) },
      { ...base(2), data: { id: '1', name: 'Profile', type: 2, target_id: '1' } },
      { ...base(3), data: { custom_id: 'pick', component_type: 3, values: [] } },
      { ...base(5), data: { custom_id: 'form', components: [] } },
    ]) {
      const { status, json } = await interact(inline.port, payload);
      expect(status).toBe(200);
      expect(json).toMatchObject({ type: 4, data: { flags: 64, allowed_mentions: { parse: [] } } });
    }
    expect(await interact(inline.port, { ...base(4), data: { id: '1', name: 'ask', type: 1, options: [] } })).toEqual({
      status: 200,
      json: { type: 8, data: { choices: [] } },
    });
    expect(handlerCalls).toBe(callsBefore);
    expect((await interact(inline.port, ping())).json).toEqual({ type: 1 });
  });
});

describe('answers', () => {
  it('answers a command inline with type 4 and the handler payload', async () => {
    expect(await interact(inline.port, command('echo', 'Who signed New START?'))).toEqual({
      status: 200,
      json: { type: 4, data: { content: 'You asked: Who signed New START? (from 80351110224678912)', allowed_mentions: { parse: [] } } },
    });
    expect((await interact(inline.port, command('whisper'))).json).toEqual({
      type: 4,
      data: { content: 'Only you can see this.', allowed_mentions: { parse: [] }, flags: 64 },
    });
  });

  it('answers autocomplete with type 8 choices', async () => {
    expect(await interact(inline.port, autocomplete('t'))).toEqual({
      status: 200,
      json: {
        type: 8,
        data: {
          choices: [
            { name: 'TASS', value: 'TASS' },
            { name: 'The White House', value: 'The White House' },
            { name: 'The Washington Post', value: 'The Washington Post' },
          ],
        },
      },
    });
  });

  it('answers a paging button with type 7 replacing the message', async () => {
    expect(await interact(inline.port, button('page:2:k9xq'))).toEqual({
      status: 200,
      json: { type: 7, data: { content: 'Page 2', embeds: [], components: [], allowed_mentions: { parse: [] } } },
    });
  });

  it('turns a throwing handler into an ephemeral error with a logged ref, and keeps serving', async () => {
    const { status, json } = await interact(inline.port, command('boom'));
    expect(status).toBe(200);
    expect(json.type).toBe(4);
    expect(json.data?.flags).toBe(64);
    const ref = /^Something went wrong \(ref ([0-9A-F]{6})\)\. The error was logged; please try again\.$/.exec(json.data?.content ?? '')?.[1];
    expect(ref).toBeDefined();
    const logged = logLines.map((l) => JSON.parse(l)).find((l) => l.ref === ref);
    expect(logged).toMatchObject({ level: 50, msg: 'handler failed', name: 'boom', err: { message: 'index exploded' } });
    expect((await interact(inline.port, command('echo', 'still there?'))).json.data?.content).toMatch(/^You asked: still there\?/);
  });

  it('answers 200 concurrent requests of every kind, each with its own answer', async () => {
    const requests = Array.from({ length: 200 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return { payload: command('echo', `question ${i}`), expected: { type: 4, data: { content: `You asked: question ${i} (from 80351110224678912)`, allowed_mentions: { parse: [] } } } };
        case 1:
          return { payload: button(`page:${i}:x`), expected: { type: 7, data: { content: `Page ${i}`, embeds: [], components: [], allowed_mentions: { parse: [] } } } };
        case 2: {
          const typed = OUTLETS[i % OUTLETS.length]!.slice(0, 3);
          const choices = OUTLETS.filter((o) => o.startsWith(typed)).map((o) => ({ name: o, value: o }));
          return { payload: autocomplete(typed), expected: { type: 8, data: { choices } } };
        }
        default:
          return { payload: ping(), expected: { type: 1 } };
      }
    });
    const results = await Promise.all(requests.map((r) => interact(inline.port, r.payload)));
    expect(results).toEqual(requests.map((r) => ({ status: 200, json: r.expected })));
  });
});

describe('deferred answers', () => {
  it('defers a slow command (type 5), then edits the original message through the webhook route', async () => {
    slowGate = gate();
    const before = discord.requests.length;
    expect(await interact(deferring.port, command('slow', 'the Helsinki summit'))).toEqual({ status: 200, json: { type: 5 } });
    slowGate.release();
    await discord.received(before + 1);
    expect(discord.requests.slice(before)).toEqual([
      {
        method: 'PATCH',
        url: `/api/v10/webhooks/${APP_ID}/${TOKEN}/messages/@original`,
        body: { content: 'Slow answer to the Helsinki summit', embeds: [], components: [], allowed_mentions: { parse: [] } },
      },
    ]);
  });

  it('defers a slow button as a deferred update (type 6), then edits the clicked message', async () => {
    slowGate = gate();
    const before = discord.requests.length;
    expect(await interact(deferring.port, button('slow:3'))).toEqual({ status: 200, json: { type: 6 } });
    slowGate.release();
    await discord.received(before + 1);
    expect(discord.requests.slice(before)).toEqual([
      {
        method: 'PATCH',
        url: `/api/v10/webhooks/${APP_ID}/${TOKEN}/messages/@original`,
        body: { content: 'Page 3 (slow)', embeds: [], components: [], allowed_mentions: { parse: [] } },
      },
    ]);
  });

  it('replaces the public placeholder with an ephemeral follow-up when the late answer is private', async () => {
    slowGate = gate();
    const before = discord.requests.length;
    expect((await interact(deferring.port, command('slowsecret'))).json).toEqual({ type: 5 });
    slowGate.release();
    await discord.received(before + 2);
    expect(discord.requests.slice(before)).toEqual([
      { method: 'DELETE', url: `/api/v10/webhooks/${APP_ID}/${TOKEN}/messages/@original`, body: undefined },
      { method: 'POST', url: `/api/v10/webhooks/${APP_ID}/${TOKEN}`, body: { content: 'A slow secret.', allowed_mentions: { parse: [] }, flags: 64 } },
    ]);
  });

  it('reports a late failure as an ephemeral error follow-up with a ref', async () => {
    slowGate = gate();
    const before = discord.requests.length;
    expect((await interact(deferring.port, command('slowboom'))).json).toEqual({ type: 5 });
    slowGate.release();
    await discord.received(before + 2);
    const [, followUp] = discord.requests.slice(before);
    expect(followUp).toMatchObject({ method: 'POST', body: { flags: 64, content: expect.stringMatching(/^Something went wrong \(ref [0-9A-F]{6}\)\. The error was logged; please try again\.$/) } });
  });
});

describe('graceful close', () => {
  it('stops accepting, finishes the in-flight request and its pending deferred edit, then resolves', async () => {
    const discordPortUrl = `http://127.0.0.1:${(discord.server.address() as AddressInfo).port}/api`;
    const events: string[] = [];
    const server = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      publicKey: PUBLIC_KEY_HEX,
      handle: async (inv) => {
        const reply = await handle(inv);
        events.push('handler done');
        return reply;
      },
      apiBase: discordPortUrl,
      health: () => ({ ready: true }),
      log,
      now: () => NOW_MS,
      deferAfterMs: 10_000,
    });
    // An inline request still being worked on when close() is called.
    slowGate = gate();
    const inFlight = interact(server.port, command('slow', 'closing time'));
    await slowGate.entered;
    const closed = server.close().then(() => events.push('closed'));
    await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
    events.push('released');
    slowGate.release();
    expect(await inFlight).toEqual({ status: 200, json: { type: 4, data: { content: 'Slow answer to closing time', allowed_mentions: { parse: [] } } } });
    await closed;
    expect(events).toEqual(['released', 'handler done', 'closed']);

    // A deferred answer whose edit is still pending when close() is called.
    const second = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      publicKey: PUBLIC_KEY_HEX,
      handle,
      apiBase: discordPortUrl,
      health: () => ({ ready: true }),
      log,
      now: () => NOW_MS,
      deferAfterMs: 20,
    });
    slowGate = gate();
    const before = discord.requests.length;
    expect((await interact(second.port, command('slow', 'last words'))).json).toEqual({ type: 5 });
    const closing = second.close();
    slowGate.release();
    await closing;
    expect(discord.requests.slice(before)).toMatchObject([{ method: 'PATCH', body: { content: 'Slow answer to last words' } }]);
  });
});

describe('logging', () => {
  it('never logs the interaction token or the keys', () => {
    expect(logLines.length).toBeGreaterThan(20);
    const all = logLines.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(PUBLIC_KEY_HEX);
    expect(all).not.toContain(PRIVATE_KEY_HEX.slice(-64));
  });
});

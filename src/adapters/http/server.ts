// The HTTP-interactions endpoint: Discord POSTs each interaction here instead of sending it over
// the gateway. Stateless, so any number of copies can sit behind a load balancer. It only
// translates: verify, parse, call the shared dispatch (`handle`), send what it returns.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { APIInteraction, APIInteractionResponse } from 'discord-api-types/v10';
import type { Invocation, Reply } from '../../contract/interaction.ts';
import { invocationFromApi } from '../../app/from-api.ts';
import { editBody, messageBody, responseFromReply } from '../../app/to-api.ts';
import { failureReply, privateText, STARTING_TEXT, UNSUPPORTED_TEXT } from '../../app/replies.ts';
import { deadlineQueue } from '../deadline.ts';
import { makeVerifier } from './verify.ts';

export interface HttpServerOptions {
  readonly port: number;
  readonly host?: string;
  /** Discord's application public key: 32 raw bytes as hex. */
  readonly publicKey: string;
  readonly handle: (inv: Invocation) => Promise<Reply>;
  /** e.g. `https://discord.com/api`; deferred answers are completed through its webhook routes. */
  readonly apiBase: string;
  readonly health: () => { ready: boolean; [k: string]: unknown };
  /**
   * False while the process is starting (the index is loading): signed interactions get a private
   * "starting up" reply, /readyz 503. Default: always ready.
   */
  readonly ready?: () => boolean;
  /** Told how each interaction was first answered, and how each deferred answer ended (`/metrics`). */
  readonly observe?: HttpObserver;
  /** The Prometheus scrape for GET /metrics; without it /metrics is 404. */
  readonly metrics?: () => Promise<{ readonly contentType: string; readonly body: string }>;
  readonly log: Logger;
  /** Milliseconds since the epoch, for the timestamp freshness check. */
  readonly now?: () => number;
  /** How long to wait for `handle` before answering "deferred" (Discord allows 3 s). Default 2000. */
  readonly deferAfterMs?: number;
  /**
   * An answer predicted to take longer than this from arrival, handlers queued ahead included, is
   * deferred before its handler runs (see deadline.ts). Default 1500, at most `deferAfterMs`.
   */
  readonly budgetMs?: number;
  /** Default 1 MB. */
  readonly maxBodyBytes?: number;
  /**
   * The replay guard: true the first time a signature is seen within the five-minute window
   * (shared by every replica with Redis or PostgreSQL). Absent: replays inside the window pass.
   */
  readonly firstSeen?: (signature: string) => Promise<boolean>;
}

/** How the first response went out: the answer itself, "deferred", or a stand-in. */
export type FirstResponse = 'inline' | 'deferred' | 'no-choices' | 'starting';

export interface HttpObserver {
  /** Seconds from arrival to the first response: Discord drops what takes more than 3. */
  firstResponse(kind: string, how: FirstResponse, seconds: number): void;
  /** A deferred answer was delivered through the webhook, or not (Discord refused it, or never answered). */
  deferredAnswer(delivered: boolean): void;
}

export interface HttpServer {
  readonly port: number;
  /**
   * Stops accepting (and /readyz answers 503 on connections still open), then waits for in-flight
   * requests and pending deferred edits: at most `graceMs` when given, after which the connections
   * left are cut. Resolves true when everything finished.
   */
  close(graceMs?: number): Promise<boolean>;
}

type Outcome = { readonly ok: true; readonly reply: Reply } | { readonly ok: false; readonly error: unknown };

const TOO_LARGE = Symbol('too large');
/** Bounds a deferred edit; Discord's interaction token itself lives 15 minutes. */
const REST_TIMEOUT_MS = 15_000;
const REST_ATTEMPTS = 3;
/**
 * How long the replay guard may take before the request is let through: it runs before the
 * deadline queue and its timers, so it must cost little of Discord's 3 s even when its store hangs.
 */
const REPLAY_CHECK_MS = 250;
/** How long handlers wait for a request being read (a loopback body arrives within a turn or two). */
const READ_HOLD_MS = 50;

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  // Interaction tokens are credentials (they can post as the bot for 15 minutes): never logged.
  const log = opts.log.child({ component: 'http' }, { redact: { paths: ['token', '*.token', 'publicKey', 'headers', 'body'], censor: '[redacted]' } });
  const verifyRequest = makeVerifier(opts.publicKey, { now: opts.now ?? Date.now });
  const deferAfterMs = opts.deferAfterMs ?? 2000;
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const pending = new Set<Promise<void>>();
  // Handlers run one per event-loop turn, so PINGs and deferrals get out between them.
  const queue = deadlineQueue({ budgetMs: Math.min(opts.budgetMs ?? 1500, deferAfterMs), now: Date.now });
  let closing = false;
  /** Interaction requests between arrival and their (first) response. */
  let inFlight = 0;

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'request failed unexpectedly');
      try {
        send(res, 500, { error: 'internal error' });
      } catch {
        res.destroy(); // the socket is already gone; nothing left to tell the client
      }
    });
  });
  // A connection just accepted is about to carry a request: let it be read before a handler
  // blocks the loop (briefly, so idle or slow clients cannot stall the handlers).
  server.on('connection', (socket) => queue.hold(new Promise((resolve) => socket.once('data', resolve)), READ_HOLD_MS));
  // A client that sends a body slower than this is dropped rather than holding a socket.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, headOnly = false): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    // While closing, keep-alive connections are ended after their answer so close() can finish.
    if (closing) headers = { ...headers, Connection: 'close' };
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(headOnly ? undefined : text);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url);
    if (path === '/interactions') {
      if (req.method !== 'POST') return send(res, 405, { error: 'method not allowed' }, { Allow: 'POST' });
      return interactions(req, res);
    }
    if (path === '/healthz' || path === '/readyz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
      let status: { ready: boolean; [k: string]: unknown };
      try {
        status = opts.health();
      } catch (error) {
        log.error({ err: error }, 'health check threw');
        status = { ready: false };
      }
      // /healthz: alive and loaded. /readyz: and taking new work, so a load balancer stops
      // sending requests to a replica that is shutting down.
      const ok = status.ready && (path === '/healthz' || !closing);
      return send(res, ok ? 200 : 503, { ...status, ...(closing && { draining: true }) }, {}, req.method === 'HEAD');
    }
    if (path === '/metrics' && opts.metrics) {
      if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' }, { Allow: 'GET' });
      const scraped = await opts.metrics();
      res.writeHead(200, { 'Content-Type': scraped.contentType, 'Content-Length': Buffer.byteLength(scraped.body), ...(closing && { Connection: 'close' }) });
      res.end(scraped.body);
      return;
    }
    return send(res, 404, { error: 'not found' });
  }

  async function interactions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight++;
    try {
      await interaction(req, res);
    } finally {
      inFlight--;
    }
  }

  async function interaction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Discord's 3 seconds run from here (or from earlier, if a handler held the loop meanwhile).
    const arrivedAt = queue.arrivedAt();
    const reading = readBody(req, maxBodyBytes);
    // A request half read when a handler starts would wait for it: let it in first (briefly, so
    // slow clients cannot stall the handlers).
    queue.hold(reading, READ_HOLD_MS);
    const body = await reading;
    if (body === TOO_LARGE) {
      log.warn({ limit: maxBodyBytes }, 'rejected oversized request');
      // The rest of the body is not read: close the connection once the answer is out.
      res.setHeader('Connection', 'close');
      res.on('finish', () => req.socket.destroySoon());
      return send(res, 413, { error: 'request body too large' });
    }
    const verdict = verifyRequest(header(req, 'x-signature-ed25519'), header(req, 'x-signature-timestamp'), body);
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason }, 'rejected unsigned or stale request');
      return send(res, 401, { error: 'invalid request signature' });
    }
    if (opts.firstSeen !== undefined && !(await firstSeen(opts.firstSeen, header(req, 'x-signature-ed25519') ?? ''))) {
      log.warn('rejected a replayed request');
      return send(res, 401, { error: 'replayed request' });
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return send(res, 400, { error: 'malformed JSON' });
    }
    if (!isRecord(json) || typeof json['type'] !== 'number') return send(res, 400, { error: 'not an interaction' });
    if (json['type'] === InteractionType.Ping) {
      send(res, 200, { type: InteractionResponseType.Pong });
      return log.debug({ firstResponseMs: Date.now() - arrivedAt }, 'pong');
    }

    const interactionId = json['id'];
    const applicationId = json['application_id'];
    const token = json['token'];
    if (typeof interactionId !== 'string' || typeof applicationId !== 'string' || typeof token !== 'string') {
      return send(res, 400, { error: 'not an interaction' });
    }
    const inv = invocationFromApi(json as unknown as APIInteraction);
    if (inv === undefined) {
      log.warn({ interactionId, type: json['type'] }, 'unsupported interaction');
      const unsupported: Reply = json['type'] === InteractionType.ApplicationCommandAutocomplete ? { type: 'autocomplete', choices: [] } : privateText(UNSUPPORTED_TEXT);
      return send(res, 200, responseFromReply(unsupported));
    }

    if (opts.ready?.() === false) {
      log.info({ interactionId, kind: inv.kind, name: inv.name }, 'interaction before the index was loaded; answered "starting up"');
      send(res, 200, responseFromReply(inv.kind === 'autocomplete' ? { type: 'autocomplete', choices: [] } : privateText(STARTING_TEXT)));
      return opts.observe?.firstResponse(inv.kind, 'starting', (Date.now() - arrivedAt) / 1000);
    }

    const ref = randomBytes(3).toString('hex').toUpperCase();
    const isAutocomplete = inv.kind === 'autocomplete';
    const timing = () => ({ firstResponseMs: Date.now() - arrivedAt, queued: queue.depth });
    let answered = false;
    let deferral: Promise<void> | undefined;
    let outcome: Promise<Outcome> | undefined;
    /** Sends "deferred" now (once) and completes the answer through the webhook when it is ready. */
    const deferNow = (): Promise<void> => {
      if (deferral !== undefined || answered) return deferral ?? Promise.resolve();
      answered = true;
      const deferred: APIInteractionResponse = inv.kind === 'button' ? { type: InteractionResponseType.DeferredMessageUpdate } : { type: InteractionResponseType.DeferredChannelMessageWithSource };
      const sent = new Promise<void>((resolve) => {
        res.on('close', resolve);
        res.on('finish', resolve);
      });
      deferral = sent;
      send(res, 200, deferred);
      opts.observe?.firstResponse(inv.kind, 'deferred', (Date.now() - arrivedAt) / 1000);
      log.info({ interactionId, kind: inv.kind, name: inv.name, ...timing() }, 'deferred');
      const task = sent
        .then(() => completeDeferred(inv, outcome ?? Promise.resolve({ ok: false, error: new Error('no handler ran') }), { applicationId, token, ref, started: arrivedAt }))
        .then(
          (delivered) => opts.observe?.deferredAnswer(delivered),
          (error: unknown) => {
            opts.observe?.deferredAnswer(false);
            log.error({ err: error, interactionId }, 'deferred completion failed');
          },
        );
      pending.add(task);
      void task.finally(() => pending.delete(task));
      return sent;
    };
    outcome = queue.submit({
      key: `${inv.kind}:${inv.name}`,
      arrivedAt,
      urgent: isAutocomplete,
      ...(!isAutocomplete && { defer: deferNow }),
      work: () => runHandler(inv),
    });
    // A handler that waits (not blocks) past `deferAfterMs` is deferred by this timer.
    const timer = setTimeout(() => {
      if (!isAutocomplete) return void deferNow();
      if (answered) return;
      answered = true;
      // Autocomplete cannot be deferred; an empty list is better than "loading failed".
      log.warn({ interactionId, name: inv.name, ...timing() }, 'autocomplete too slow; answered with no choices');
      send(res, 200, responseFromReply({ type: 'autocomplete', choices: [] }));
      opts.observe?.firstResponse(inv.kind, 'no-choices', (Date.now() - arrivedAt) / 1000);
    }, deferAfterMs);
    const result = await outcome;
    clearTimeout(timer);
    if (answered) return;
    answered = true;
    send(res, 200, inlineResponse(inv, result, ref));
    opts.observe?.firstResponse(inv.kind, 'inline', (Date.now() - arrivedAt) / 1000);
    log.info({ interactionId, kind: inv.kind, name: inv.name, ...timing() }, 'answered');
  }

  /** Fails open: a guard that errs or is slow lets the request in (the timestamp window still holds). */
  async function firstSeen(guard: (signature: string) => Promise<boolean>, signature: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), REPLAY_CHECK_MS)));
    try {
      const verdict = await Promise.race([guard(signature.toLowerCase()), late]);
      if (verdict === 'late') log.warn({ ms: REPLAY_CHECK_MS }, 'replay guard too slow; request let through');
      return verdict !== false;
    } catch (error) {
      log.warn({ err: error }, 'replay guard unavailable; request let through');
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  function runHandler(inv: Invocation): Promise<Outcome> {
    return Promise.resolve()
      .then(() => opts.handle(inv))
      .then(
        (reply): Outcome => ({ ok: true, reply }),
        (error: unknown): Outcome => ({ ok: false, error }),
      );
  }

  /** Checks that the reply fits the interaction; anything else is reported like a thrown error. */
  function resolveOutcome(inv: Invocation, outcome: Outcome, ref: string): Reply {
    let problem: unknown;
    if (!outcome.ok) problem = outcome.error;
    else if ((outcome.reply.type === 'autocomplete') !== (inv.kind === 'autocomplete')) problem = new Error(`handler returned a '${outcome.reply.type}' reply to a ${inv.kind}`);
    else if (outcome.reply.type === 'update' && inv.kind !== 'button') problem = new Error(`handler returned an 'update' reply to a ${inv.kind}`);
    else return outcome.reply;
    log.error({ err: problem, ref, interactionId: inv.id, kind: inv.kind, name: inv.name }, 'handler failed');
    return inv.kind === 'autocomplete' ? { type: 'autocomplete', choices: [] } : failureReply(ref);
  }

  function inlineResponse(inv: Invocation, outcome: Outcome, ref: string): APIInteractionResponse {
    return responseFromReply(resolveOutcome(inv, outcome, ref));
  }

  /** Delivers a deferred answer; resolves false when Discord did not take it. */
  async function completeDeferred(inv: Invocation, outcome: Promise<Outcome>, ctx: { applicationId: string; token: string; ref: string; started: number }): Promise<boolean> {
    const reply = resolveOutcome(inv, await outcome, ctx.ref);
    const webhook = `${apiBase}/v10/webhooks/${encodeURIComponent(ctx.applicationId)}/${encodeURIComponent(ctx.token)}`;
    const original = `${webhook}/messages/@original`;
    const call = (method: string, url: string, route: string, payload?: unknown) => rest(method, url, payload, { interactionId: inv.id, route });
    if (reply.type === 'autocomplete') return true; // unreachable: autocomplete is never deferred
    let delivered: boolean;
    if (reply.type === 'update') {
      delivered = await call('PATCH', original, 'edit original', editBody(reply.message));
    } else if (inv.kind === 'button') {
      // After a deferred update the clicked message stays as it was; the answer is a new message.
      delivered = await call('POST', webhook, 'follow-up', messageBody(reply.message, reply.ephemeral));
    } else if (!reply.ephemeral) {
      delivered = await call('PATCH', original, 'edit original', editBody(reply.message));
    } else {
      // A deferred public "thinking…" message cannot turn ephemeral: replace it with an ephemeral follow-up.
      await call('DELETE', original, 'delete original');
      delivered = await call('POST', webhook, 'follow-up', messageBody(reply.message, true));
    }
    if (delivered) log.info({ interactionId: inv.id, kind: inv.kind, name: inv.name, ms: Date.now() - ctx.started }, 'completed deferred answer');
    return delivered;
  }

  /** One webhook call, retried on 429/5xx/network errors. Logs never include the URL (it holds the token). */
  async function rest(method: string, url: string, payload: unknown, what: { interactionId: string; route: string }): Promise<boolean> {
    for (let attempt = 1; attempt <= REST_ATTEMPTS; attempt++) {
      let wait = 500 * attempt;
      try {
        const init: RequestInit = { method, signal: AbortSignal.timeout(REST_TIMEOUT_MS) };
        if (payload !== undefined) {
          init.headers = { 'content-type': 'application/json' };
          init.body = JSON.stringify(payload);
        }
        const response = await fetch(url, init);
        const text = await response.text();
        if (response.ok) return true;
        if (response.status !== 429 && response.status < 500) {
          log.error({ ...what, status: response.status, discord: text.slice(0, 300) }, 'Discord rejected the deferred answer');
          return false;
        }
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(retryAfter * 1000, 5000);
        log.warn({ ...what, status: response.status, attempt }, 'Discord busy; retrying');
      } catch (error) {
        log.warn({ ...what, attempt, error: errorCode(error) }, 'webhook call failed; retrying');
      }
      if (attempt < REST_ATTEMPTS) await sleep(wait);
    }
    log.error(what, 'gave up on the deferred answer');
    return false;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'server error'));
  const port = (server.address() as AddressInfo).port;
  log.info({ port, host: opts.host ?? '(all interfaces)' }, 'HTTP interactions endpoint listening');

  return {
    port,
    async close(graceMs) {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      log.info({ inFlight, deferred: pending.size }, `stopped accepting connections; finishing ${inFlight} request(s) and ${pending.size} deferred answer(s)`);
      const drained = (async () => {
        await stopped;
        while (pending.size > 0) await Promise.allSettled([...pending]);
        return true;
      })();
      let timer: NodeJS.Timeout | undefined;
      const bound = graceMs === undefined ? drained : Promise.race([drained, new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
      const finished = await bound.finally(() => clearTimeout(timer));
      if (!finished) {
        log.warn({ inFlight, deferred: pending.size, graceMs }, `gave up after ${graceMs} ms with ${inFlight} request(s) and ${pending.size} deferred answer(s) unfinished`);
        server.closeAllConnections();
      }
      log.info('HTTP interactions endpoint closed');
      return finished;
    },
  };
}

/** Reads the raw body (the signature covers its exact bytes), giving up past `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    function cleanup() {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === 'string' ? cause.code : error.name;
  }
  return 'unknown';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The load generator of the replica bench, in its own process so it shares no event loop with the
// load balancer: `concurrency` loops, each sending a signed /ask and waiting for its answer. Every
// request is signed afresh with its own id and member, as Discord's are: a repeated body would be
// refused by the replay guard, and one member would be refused by the cooldown (both cheaper than
// an answer, which would flatter the figures). A deferred answer counts when its webhook edit
// arrives here (this process is the replicas' DISCORD_API_BASE), not when the deferral does: a
// saturated replica defers more, and counting deferrals would count work not yet done.
import { createPrivateKey, sign } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { summarize, type Summary } from './stats.ts';

export interface ReplicaLoadRequest {
  readonly port: number;
  readonly privateKeyPem: string;
  readonly queries: readonly string[];
  readonly concurrency: number;
  /** Not measured: replicas warm their caches and the JIT. */
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly guildId: string;
}

export interface ReplicaLoadResult {
  readonly requests: number;
  /** Answered inline (type 4). */
  readonly answered: number;
  /** Deferred (type 5), then answered by webhook; its latency runs to the webhook call. */
  readonly deferred: number;
  /** Anything else: a refusal, a 5xx, a connection error. */
  readonly errors: number;
  readonly rps: number;
  readonly latency: Summary;
}

let seq = 0;
/** Deferred answers awaited, by interaction token. */
const awaited = new Map<string, () => void>();
/** How long a deferred answer may take before it counts as an error. */
const DEFERRED_LIMIT_MS = 15_000;

/** Discord's webhook side: a deferred answer's edit or follow-up completes its request. */
export async function startSink(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const token = decodeURIComponent(/\/webhooks\/[^/]+\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
      if (req.method !== 'DELETE') awaited.get(token)?.();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

export async function runReplicaLoad(req: ReplicaLoadRequest): Promise<ReplicaLoadResult> {
  const key = createPrivateKey(req.privateKeyPem);
  const agent = new http.Agent({ keepAlive: true, maxSockets: req.concurrency });
  let token = '';
  const signed = (): { body: string; headers: Record<string, string> } => {
    const n = ++seq;
    token = `bench-${process.pid}-${n}`;
    const query = req.queries[n % req.queries.length] ?? 'sanctions';
    const body = JSON.stringify({
      id: String(1_300_000_000_000_000_000n + BigInt(process.pid) * 10_000_000n + BigInt(n)),
      application_id: '1',
      token,
      type: 2,
      version: 1,
      guild_id: req.guildId,
      channel_id: '697138785317814292',
      member: { user: { id: String(1_200_000_000_000_000_000n + BigInt(n)), username: 'bench' }, roles: [], permissions: String((1n << 10n) | (1n << 11n) | (1n << 16n)) },
      app_permissions: '562949953601536',
      data: { id: '9', name: 'ask', type: 1, options: [{ name: 'query', type: 3, value: query }] },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sig = sign(null, Buffer.from(timestamp + body), key).toString('hex');
    return { body, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-signature-ed25519': sig, 'x-signature-timestamp': timestamp } };
  };

  let measuring = false;
  const latencies: number[] = [];
  let answered = 0;
  let deferred = 0;
  let errors = 0;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const r = signed();
      const mine = token;
      const t = performance.now();
      const done = (outcome: 'answered' | 'deferred' | 'error'): void => {
        if (measuring) {
          if (outcome === 'answered') answered++;
          else if (outcome === 'deferred') deferred++;
          else errors++;
          if (outcome !== 'error') latencies.push(performance.now() - t);
        }
        resolve();
      };
      const q = http.request({ host: '127.0.0.1', port: req.port, method: 'POST', path: '/interactions', agent, headers: r.headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          if (res.statusCode !== 200) return done('error');
          const type = /^\{"type":(\d+)/.exec(text)?.[1];
          if (type !== '5') return done(type === '4' ? 'answered' : 'error');
          const limit = setTimeout(() => {
            awaited.delete(mine);
            done('error');
          }, DEFERRED_LIMIT_MS);
          awaited.set(mine, () => {
            clearTimeout(limit);
            awaited.delete(mine);
            done('deferred');
          });
        });
      });
      q.on('error', () => done('error'));
      q.end(r.body);
    });

  const warmUntil = performance.now() + req.warmupSeconds * 1000;
  const until = warmUntil + req.seconds * 1000;
  let started = warmUntil;
  const warm = setTimeout(
    () => {
      measuring = true;
      started = performance.now();
    },
    Math.max(0, warmUntil - performance.now()),
  );
  await Promise.all(
    Array.from({ length: req.concurrency }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  clearTimeout(warm);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const requests = answered + deferred + errors;
  return { requests, answered, deferred, errors, rps: (answered + deferred) / elapsed, latency: summarize(latencies) };
}

if (process.send) {
  const sink = await startSink();
  process.send({ type: 'sink', url: sink.url });
  process.once('message', (msg) => {
    runReplicaLoad(msg as ReplicaLoadRequest).then(
      (result) => process.send?.({ type: 'result', data: result }, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
      },
    );
  });
}

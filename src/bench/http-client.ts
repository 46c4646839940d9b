// The HTTP load generator, run as its own process so it does not share the server's event loop:
// signed `ask` interactions (Ed25519, as Discord signs them) over keep-alive connections on loopback.
import { sign, createPrivateKey } from 'node:crypto';
import http from 'node:http';
import { summarize, type Summary } from './stats.ts';

export interface LoadRequest {
  readonly port: number;
  readonly privateKeyPem: string;
  readonly queries: readonly string[];
  readonly connections: readonly number[];
  readonly seconds: number;
}

export interface LoadResult {
  readonly connections: number;
  readonly requests: number;
  readonly errors: number;
  readonly rps: number;
  readonly latency: Summary;
}

function body(query: string, i: number): string {
  return JSON.stringify({
    id: String(1_000_000 + i),
    application_id: '1',
    token: `bench-token-${i}`,
    type: 2,
    version: 1,
    channel_id: '697138785317814292',
    user: { id: '80351110224678912', username: 'bench' },
    data: { id: '9', name: 'ask', type: 1, options: [{ name: 'query', type: 3, value: query }] },
  });
}

async function level(req: LoadRequest, signed: { body: string; headers: Record<string, string> }[], connections: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const until = performance.now() + req.seconds * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const r = signed[next++ % signed.length] as (typeof signed)[number];
      const t = performance.now();
      const q = http.request({ host: '127.0.0.1', port: req.port, method: 'POST', path: '/interactions', agent, headers: r.headers }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t);
          else errors++;
          resolve();
        });
      });
      q.on('error', () => {
        errors++;
        resolve();
      });
      q.end(r.body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { connections, requests: latencies.length, errors, rps: latencies.length / elapsed, latency: summarize(latencies) };
}

export async function runLoad(req: LoadRequest): Promise<LoadResult[]> {
  const key = createPrivateKey(req.privateKeyPem);
  // Signed up front (timestamps stay valid for five minutes), so signing costs the client nothing during the run.
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signed = req.queries.map((q, i) => {
    const b = body(q, i);
    const sig = sign(null, Buffer.from(timestamp + b), key).toString('hex');
    return { body: b, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(b)), 'x-signature-ed25519': sig, 'x-signature-timestamp': timestamp } };
  });
  const out: LoadResult[] = [];
  for (const c of req.connections) out.push(await level(req, signed, c));
  return out;
}

if (process.send) {
  process.once('message', (msg) => {
    runLoad(msg as LoadRequest).then(
      (results) => process.send?.({ type: 'result', data: results }, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
      },
    );
  });
}

// `npm run bench -- --replicas 3`: the throughput of N `serve` replicas against one, each run as
// an operator would (a real `serve` process per replica, the index built once and loaded from
// INDEX_DIR, the stores shared), behind the round-robin load balancer, with signed /ask at a fixed
// concurrency from a load generator in its own process. Stores: DATABASE_URL and REDIS_URL when
// set (a schema of the bench's own, dropped after), else SQLite in one shared DATA_DIR.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type CorpusName, prepareCorpus, REPO } from './corpora.ts';
import { startLoadBalancer } from './load-balancer.ts';
import { loadQueries } from './queries.ts';
import type { ReplicaLoadRequest, ReplicaLoadResult } from './replica-load.ts';

export interface ReplicaBenchOptions {
  readonly corpus: CorpusName;
  /** Replica counts to measure, in order (e.g. [1, 3]). */
  readonly counts: readonly number[];
  readonly concurrency: number;
  readonly quick: boolean;
  /** Measured seconds per count (default 8 with --quick, else 20); the smoke test shortens it. */
  readonly seconds?: number;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly progress: (text: string) => void;
}

export interface ReplicaBenchRow extends ReplicaLoadResult {
  readonly replicas: number;
  /** Answers each replica gave, through the load balancer. */
  readonly perReplica: readonly number[];
}

export interface ReplicaBenchResult {
  readonly corpus: CorpusName;
  readonly cpus: number;
  readonly cpu: string;
  readonly concurrency: number;
  readonly seconds: number;
  readonly stores: string;
  /** The machine's 1-minute load average when the bench started (it is shared). */
  readonly loadAverage: number;
  readonly rows: readonly ReplicaBenchRow[];
}

const LOADER = fileURLToPath(new URL('./replica-load.ts', import.meta.url));
const MAIN = path.join(REPO, 'src/main.ts');

/** A loopback port free now (for a process that must be told its port before it starts). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitReady(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`bench: a replica exited (${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`bench: a replica on port ${port} was not ready within ${timeoutMs / 1000} s`);
}

/** The load generator, started first: it is also the replicas' Discord (DISCORD_API_BASE). */
async function startLoader(): Promise<{ url: string; run(req: ReplicaLoadRequest): Promise<ReplicaLoadResult>; kill(): void }> {
  const child = fork(LOADER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let result: ReplicaLoadResult | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (m: { type: 'sink'; url: string } | { type: 'result'; data: ReplicaLoadResult }) => {
      if (m.type === 'sink') resolve(m.url);
      else result = m.data;
    });
    void exited.then((code) => reject(new Error(`bench: the load generator exited with code ${String(code)}`)));
  });
  return {
    url,
    async run(req) {
      child.send(req);
      const code = await exited;
      if (!result) throw new Error(`bench: the load generator exited with code ${String(code)}`);
      return result;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/** The schema name travels in DATABASE_URL as the connection's search_path. */
async function benchSchema(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `attache_bench_${randomBytes(5).toString('hex')}`;
  const sql = async (text: string): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await sql(`CREATE SCHEMA ${schema}`);
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { url: u.href, drop: () => sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

export async function runReplicaBench(opts: ReplicaBenchOptions): Promise<ReplicaBenchResult> {
  const { progress } = opts;
  const loadAverage = os.loadavg()[0] ?? 0;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-bench-replicas-'));
  const prepared = prepareCorpus(opts.corpus, progress);
  const schema = opts.databaseUrl !== undefined ? await benchSchema(opts.databaseUrl) : undefined;
  const children: ChildProcess[] = [];
  try {
    const indexDir = path.join(tmp, 'index');
    progress(`index build --out (${opts.corpus})`);
    execFileSync(process.execPath, ['--import', 'tsx', MAIN, 'index', 'build', '--out', indexDir, ...prepared.dirs.flatMap((d) => ['--corpus', d])], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LOG_LEVEL: 'warn' },
    });
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
    const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir);
    const queries = loadQueries();
    const seconds = opts.seconds ?? (opts.quick ? 8 : 20);
    const rows: ReplicaBenchRow[] = [];
    for (const count of opts.counts) {
      progress(`${count} replica(s): starting`);
      const loader = await startLoader();
      const ports = await Promise.all(Array.from({ length: count }, freePort));
      const replicas = ports.map((port) => {
        const env: Record<string, string | undefined> = {
          ...process.env,
          DISCORD_PUBLIC_KEY: publicKeyHex,
          DISCORD_API_BASE: loader.url,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          LOG_FORMAT: 'json',
          INDEX_DIR: indexDir,
          DATA_DIR: dataDir,
          FEEDS_POLLER: 'off',
          DATABASE_URL: schema?.url,
          REDIS_URL: opts.redisUrl,
        };
        for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
        const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], { cwd: REPO, env, stdio: ['ignore', 'ignore', 'inherit'] });
        children.push(child);
        return child;
      });
      await Promise.all(ports.map((port, i) => waitReady(port, replicas[i] as ChildProcess, 300_000)));
      const lb = await startLoadBalancer({ backends: ports });
      progress(`${count} replica(s): ${opts.concurrency} at a time for ${seconds} s`);
      const result = await loader.run({
        port: lb.port,
        privateKeyPem,
        queries,
        concurrency: opts.concurrency,
        warmupSeconds: opts.seconds !== undefined ? 1 : opts.quick ? 2 : 5,
        seconds,
        guildId: String(1_300_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 40))),
      });
      rows.push({ ...result, replicas: count, perReplica: [...lb.served] });
      await lb.close();
      await Promise.all(
        replicas.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    }
    const stores =
      opts.databaseUrl !== undefined
        ? `settings in PostgreSQL, cooldowns and replay guard in ${opts.redisUrl !== undefined ? 'Redis' : 'PostgreSQL'}`
        : `SQLite in one shared DATA_DIR${opts.redisUrl !== undefined ? ', cooldowns and replay guard in Redis' : ''}`;
    return { corpus: opts.corpus, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', concurrency: opts.concurrency, seconds, stores, loadAverage, rows };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await schema?.drop();
    prepared.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function formatReplicaBench(r: ReplicaBenchResult): string {
  const out = [
    `Replicas on ${r.cpus} × ${r.cpu} (load average ${r.loadAverage.toFixed(1)} at the start); corpus ${r.corpus}; ${r.stores}.`,
    `Signed /ask through the round-robin load balancer, ${r.concurrency} at a time, ${r.seconds} s measured after a warm-up; every request a new member and id; a deferred answer counts when its webhook call arrives.`,
    '',
    '| Replicas | Requests/s | p50 ms | p95 ms | Deferred | Errors | Answers per replica |',
    '|---:|---:|---:|---:|---:|---:|---|',
  ];
  const base = r.rows[0]?.rps ?? 0;
  for (const row of r.rows) {
    const ratio = base > 0 && row !== r.rows[0] ? ` (×${(row.rps / base).toFixed(2)})` : '';
    out.push(`| ${row.replicas} | ${Math.round(row.rps)}${ratio} | ${row.latency.p50.toFixed(1)} | ${row.latency.p95.toFixed(1)} | ${row.deferred} | ${row.errors} | ${row.perReplica.join(' / ')} |`);
  }
  return `${out.join('\n')}\n`;
}

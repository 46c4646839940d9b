// Three `npm run serve` replicas behind the load balancer (tests/support/replicas.ts) while their
// shared stores misbehave, as README "Running at scale" promises: Redis killed and started again
// on the same port (members keep getting answers meanwhile, cooldowns failing open; afterwards a
// cooldown holds across replicas and a replayed request is refused again), and every replica's
// PostgreSQL notification connection killed (a change made meanwhile still governs every replica,
// and notifications work again once they reconnect); and PostgreSQL itself taken away (through a
// relay the test cuts): members answered from the settings each replica last read, the rest refused
// privately and at once, /config changes refused as unconfirmed; back, changes govern all again.
// The Redis here is a private redis-server on a free loopback port, started by this file: the
// machine's shared one serves other test files running at the same time and must not restart.
// Needs TEST_DATABASE_URL and TEST_REDIS_URL, like the other server-backed tests (skipped without).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../src/bench/replicas.ts';
import { ask, config, EPHEMERAL, freshGuild, freshUser, post, type Replicas, type Sent, served, startReplicas, textOf } from './support/replicas.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/services.ts';
import { type Relay, tcpRelay } from './support/tcp-relay.ts';

/** Shorter than the settings cache's 5 s lifetime: only a notification or a resync explains a change seen this soon. */
const BEFORE_TTL = { timeout: 4000, interval: 0 };
/** Discord drops an interaction whose first response takes longer. */
const DEADLINE_MS = 3000;

/** A redis-server of this file's own, without persistence, that can be killed and started again on its port. */
function privateRedis(port: number): { url: string; start(): Promise<void>; kill(): Promise<void> } {
  let child: ChildProcess | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      let out = '';
      await new Promise<void>((resolve, reject) => {
        started.stdout?.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          if (out.includes('Ready to accept connections')) resolve();
        });
        started.once('error', (err) => reject(new Error(`cannot start redis-server (this test runs a private one; it must be on PATH): ${err.message}`)));
        started.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${out}`)));
      });
    },
    async kill() {
      const running = child;
      if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
      const exited = once(running, 'exit');
      running.kill('SIGKILL');
      await exited;
    },
  };
}

const services = TEST_DATABASE_URL !== undefined && TEST_REDIS_URL !== undefined;

describe.skipIf(!services)('replicas when Redis restarts and the notification connection is killed', () => {
  let redis: ReturnType<typeof privateRedis>;
  /** The replicas reach PostgreSQL only through this, so the test can take it away from them alone. */
  let pgPath: Relay;
  let fleet: Replicas;
  const send = (port: number, payload: object): Promise<Sent> => fleet.send(port, payload);

  beforeAll(async () => {
    redis = privateRedis(await freePort());
    await redis.start();
    pgPath = await tcpRelay(TEST_DATABASE_URL ?? '', 5432);
    fleet = await startReplicas({ databaseUrl: pgPath.url, redisUrl: redis.url });
  });

  afterAll(async () => {
    await pgPath?.restore();
    await fleet?.close();
    await pgPath?.cut();
    await redis?.kill();
  });

  const visibility = (guild: string, value: 'public' | 'private') =>
    config(guild, [{ type: 2, name: 'replies', options: [{ type: 1, name: 'visibility', options: [{ type: 3, name: 'visibility', value }] }] }]);
  /** Each replica answers `guild` once (and so holds its settings in its cache); returns the ephemeral flags seen. */
  const everyReplica = async (guild: string): Promise<number[]> => {
    const answers = await Promise.all([0, 1, 2].map(() => send(fleet.proxy.port, ask(guild))));
    expect(new Set(answers.map(served))).toEqual(new Set([0, 1, 2]));
    return answers.map((a) => (a.json.data?.flags ?? 0) & EPHEMERAL);
  };

  /** The answer a member sees: the inline reply, or the deferred answer's edit once it arrives. */
  async function answerText(sent: Sent, token: string): Promise<string> {
    if (sent.json.type === 4) return textOf(sent.json);
    expect(sent.json.type, sent.text).toBe(5);
    return vi.waitFor(
      () => {
        const edits = fleet.sink.bodies.get(token) ?? [];
        expect(edits.length).toBeGreaterThan(0);
        return edits.join('\n');
      },
      { timeout: 30_000, interval: 50 },
    );
  }

  /** The member's three uses land on the three replicas; only the first is answered. */
  async function cooldownHolds(guild: string): Promise<void> {
    const member = freshUser();
    const uses: Sent[] = [];
    for (let i = 0; i < 3; i++) uses.push(await send(fleet.proxy.port, ask(guild, member)));
    expect(new Set(uses.map(served))).toEqual(new Set([0, 1, 2]));
    const [first, ...again] = uses;
    expect(textOf(first?.json)).toMatch(/sanction/i);
    for (const r of again) {
      expect(r.json.data?.flags).toBe(EPHEMERAL);
      expect(r.json.data?.content).toMatch(/^You can use this again <t:\d+:R>\.$/);
    }
  }

  /** A fresh signed request is answered once, then refused by every replica when sent again. */
  async function replayRefused(guild: string): Promise<void> {
    const body = JSON.stringify(ask(guild));
    const headers = fleet.signer.headers(body);
    const first = await post(fleet.proxy.port, body, headers);
    expect(first.status).toBe(200);
    for (const r of fleet.replicas) expect(await post(r.port, body, headers)).toMatchObject({ status: 401, json: { error: 'replayed request' } });
  }

  it('Redis killed: members keep getting answers in time; restarted: cooldowns and the replay guard hold across replicas again', async () => {
    const guild = freshGuild();
    const set = await send(fleet.proxy.port, config(guild, [{ type: 1, name: 'cooldown', options: [{ type: 4, name: 'seconds', value: 600 }] }]));
    expect(textOf(set.json)).toContain('once every 600 seconds');
    for (const r of fleet.replicas) {
      await vi.waitFor(async () => expect(textOf((await send(r.port, config(guild, [{ type: 1, name: 'show' }]))).json)).toContain('600 seconds'), BEFORE_TTL);
    }
    // Before: this Redis is the one the replicas share.
    await cooldownHolds(guild);
    await replayRefused(guild);

    await redis.kill();
    // Each replica says so once in its log (an operator's alert), and goes on.
    for (const r of fleet.replicas) await r.bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('Redis unavailable'), 20_000, 'the replica to notice Redis is gone');

    // Meanwhile: one member asks six times, twice on each replica, and is answered every time
    // (cooldowns fail open), each first response well inside Discord's 3 s.
    const member = freshUser();
    const during: { sent: Sent; token: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const payload = ask(guild, member);
      during.push({ sent: await send(fleet.proxy.port, payload), token: payload.token });
    }
    expect(new Set(during.map((d) => served(d.sent)))).toEqual(new Set([0, 1, 2]));
    for (const d of during) {
      expect(d.sent.status, d.sent.text).toBe(200);
      expect(d.sent.ms).toBeLessThan(DEADLINE_MS);
      expect((d.sent.json.data?.flags ?? 0) & EPHEMERAL).toBe(0);
      expect(await answerText(d.sent, d.token)).toMatch(/sanction/i);
    }
    // The replay guard fails open too (README): a request sent again is answered, the signature's
    // five-minute timestamp check still applying.
    const body = JSON.stringify(ask(guild));
    const headers = fleet.signer.headers(body);
    for (const port of [fleet.proxy.port, ...fleet.replicas.map((r) => r.port)]) {
      const again = await post(port, body, headers);
      expect(again.status, again.text).toBe(200);
      expect(again.ms).toBeLessThan(DEADLINE_MS);
    }
    console.info(`Redis away: ${during.length} uses by one member and 4 sends of one request answered, slowest first response ${Math.round(Math.max(...during.map((d) => d.sent.ms)))} ms`);

    // Back on the same port, empty (no persistence): every replica reconnects by itself.
    const restarted = performance.now();
    await redis.start();
    for (const r of fleet.replicas) await r.bot.waitForLog((l) => l.msg === 'Redis is back', 30_000, 'the replica to reconnect to Redis');
    console.info(`all three replicas reconnected ${Math.round(performance.now() - restarted)} ms after Redis was restarted`);
    await cooldownHolds(guild);
    await replayRefused(guild);
    // No replica crashed on the way.
    for (const r of fleet.replicas) expect(r.bot.child.exitCode).toBeNull();
  });

  it('every PostgreSQL notification connection killed: a change made meanwhile governs every replica, and notifications work again', async () => {
    const listeners = async (kill: boolean): Promise<number> => {
      const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await db.connect();
      try {
        const what = kill ? 'pg_terminate_backend(pid)' : 'pid';
        return (await db.query(`SELECT ${what} FROM pg_stat_activity WHERE application_name = $1`, [`attache listener ${fleet.schema}`])).rowCount ?? 0;
      } finally {
        await db.end();
      }
    };

    const guild = freshGuild();
    expect(await everyReplica(guild)).toEqual([0, 0, 0]);
    expect(await listeners(false)).toBe(3);
    const reconnectsBefore = fleet.replicas.map((r) => r.bot.logs().filter((l) => l.msg === 'listening for settings changes').length);
    expect(await listeners(true)).toBe(3);
    // Changed while no replica may hear of it; each had the old settings cached.
    const changed = await send(fleet.proxy.port, visibility(guild, 'private'));
    expect(textOf(changed.json)).toContain('Answers are now private');
    await vi.waitFor(async () => expect(await everyReplica(guild)).toEqual([EPHEMERAL, EPHEMERAL, EPHEMERAL]), BEFORE_TTL);

    // Each listens again (a new connection, logged), and a notification is again what refreshes a cached copy.
    await vi.waitFor(
      async () => {
        expect(fleet.replicas.map((r, i) => r.bot.logs().filter((l) => l.msg === 'listening for settings changes').length - (reconnectsBefore[i] ?? 0))).toEqual([1, 1, 1]);
        expect(await listeners(false)).toBe(3);
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(await everyReplica(guild)).toEqual([EPHEMERAL, EPHEMERAL, EPHEMERAL]);
    const back = await send(fleet.proxy.port, visibility(guild, 'public'));
    expect(textOf(back.json)).toContain('Answers are now public');
    await vi.waitFor(async () => expect(await everyReplica(guild)).toEqual([0, 0, 0]), BEFORE_TTL);
  });

  it('PostgreSQL away: answers from the settings each replica read, refuses the rest privately and at once; back: changes govern every replica', async () => {
    const known = freshGuild();
    expect(textOf((await send(fleet.proxy.port, visibility(known, 'private'))).json)).toContain('Answers are now private');
    // Every replica has read (and cached) this server's settings: private answers.
    await vi.waitFor(async () => expect(await everyReplica(known)).toEqual([EPHEMERAL, EPHEMERAL, EPHEMERAL]), BEFORE_TTL);
    // Once more: a read that raced with the change's notification answered but was not cached.
    expect(await everyReplica(known)).toEqual([EPHEMERAL, EPHEMERAL, EPHEMERAL]);

    await pgPath.cut();
    const stranger = freshGuild();
    const during: Sent[] = [];
    const round = async (payload: ReturnType<typeof ask> | ReturnType<typeof config>): Promise<{ sent: Sent; text: string; private: boolean }> => {
      const sent = await send(fleet.proxy.port, payload);
      during.push(sent);
      expect(sent.status, sent.text).toBe(200);
      return { sent, text: await answerText(sent, payload.token), private: ((sent.json.data?.flags ?? 0) & EPHEMERAL) !== 0 };
    };
    for (let i = 0; i < 3; i++) {
      // A server this replica had read: answered, and privately, as its settings say.
      const answered = await round(ask(known));
      expect(answered.private).toBe(true);
      expect(answered.text).toMatch(/sanction/i);
      // A server no replica has read: refused privately, saying why.
      const unread = await round(ask(stranger));
      expect(unread.private).toBe(true);
      expect(unread.text).toContain('settings cannot be read right now');
      // A change: refused as not done or confirmed (writes fail closed).
      const change = await round(visibility(known, 'public'));
      expect(change.private).toBe(true);
      expect(change.text).toContain('settings database is not answering right now');
    }
    expect(new Set(during.map(served))).toEqual(new Set([0, 1, 2]));
    for (const sent of during) expect(sent.ms).toBeLessThan(DEADLINE_MS);
    console.info(`PostgreSQL away: ${during.length} requests answered, slowest first response ${Math.round(Math.max(...during.map((d) => d.ms)))} ms`);

    await pgPath.restore();
    // The pools connect again on their own: the same change now goes through, and governs every replica.
    await vi.waitFor(async () => expect(textOf((await send(fleet.proxy.port, visibility(known, 'public'))).json)).toContain('Answers are now public'), { timeout: 20_000, interval: 200 });
    await vi.waitFor(async () => expect(await everyReplica(known)).toEqual([0, 0, 0]), BEFORE_TTL);
    expect(await everyReplica(stranger)).toEqual([0, 0, 0]);
    for (const r of fleet.replicas) expect(r.bot.child.exitCode).toBeNull();
  });
});

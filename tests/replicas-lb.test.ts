// Three `npm run serve` replicas, spawned as real processes, behind a round-robin load balancer on
// loopback (src/bench/load-balancer.ts: no HAProxy needed), sharing one PostgreSQL schema and Redis, with
// Ed25519-signed interactions as Discord sends them. What a moderator and a member see: a /config
// change made through one replica governs the next request another serves; a cooldown holds
// wherever the member lands; a replayed interaction is refused everywhere; kill -9 of a replica
// under load loses no acknowledged change and the others keep answering; and, started together on
// an empty schema, they applied each migration once.
// Needs TEST_DATABASE_URL and TEST_REDIS_URL (skipped without them).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LoadBalancer } from '../src/bench/load-balancer.ts';
import { PG_SCHEMA_VERSION } from '../src/store/postgres/migrations.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/services.ts';
import { ask, config, EPHEMERAL, freshGuild, freshUser, post, type Replicas, type Sent, served, startReplicas, textOf } from './support/replicas.ts';

/** Shorter than the settings cache's 5 s TTL: only the notification can make a replica see a change this soon. */
const BEFORE_TTL = { timeout: 4000, interval: 0 };

const services = TEST_DATABASE_URL !== undefined && TEST_REDIS_URL !== undefined;

describe.skipIf(!services)('three replicas behind a load balancer, on PostgreSQL and Redis', () => {
  let fleet: Replicas;
  let replicas: Replicas['replicas'];
  let proxy: LoadBalancer;
  let sink: Replicas['sink'];
  let databaseUrl: string;
  let signer: Replicas['signer'];
  const send = (port: number, payload: object): Promise<Sent> => fleet.send(port, payload);

  beforeAll(async () => {
    fleet = await startReplicas({ databaseUrl: TEST_DATABASE_URL ?? '', redisUrl: TEST_REDIS_URL ?? '' });
    ({ replicas, proxy, sink, databaseUrl, signer } = fleet);
  });

  afterAll(async () => {
    await fleet?.close();
  });

  it('three replicas started together on an empty schema applied each migration once between them', () => {
    // Each logs the steps it applied; the advisory lock makes the others find them done.
    const applied = replicas.flatMap((r) =>
      r.bot
        .logs()
        .filter((l) => typeof l.msg === 'string' && l.msg.startsWith('PostgreSQL schema upgraded'))
        .map((l) => Number(l['version'])),
    );
    expect(applied.sort((a, b) => a - b)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('a /config change made through one replica governs the next request another replica serves', async () => {
    const guild = freshGuild();
    // Each replica answers once, publicly, and so holds this server's settings in its cache.
    const before = await Promise.all([0, 1, 2].map(() => send(proxy.port, ask(guild))));
    expect(new Set(before.map(served))).toEqual(new Set([0, 1, 2]));
    for (const r of before) {
      expect(r.json.type).toBe(4);
      expect((r.json.data?.flags ?? 0) & EPHEMERAL).toBe(0);
    }
    const changed = await send(proxy.port, config(guild, [{ type: 2, name: 'replies', options: [{ type: 1, name: 'visibility', options: [{ type: 3, name: 'visibility', value: 'private' }] }] }]));
    expect(changed.json.type).toBe(4);
    expect(textOf(changed.json)).toContain('Answers are now private');
    const writer = served(changed);

    // The next request goes to another replica; it must answer privately, before its cache could expire.
    const started = performance.now();
    const next = await vi.waitFor(async () => {
      const r = await send(proxy.port, ask(guild));
      expect(served(r)).not.toBe(writer);
      expect(r.json.data?.flags ?? 0).toBe(EPHEMERAL);
      return r;
    }, BEFORE_TTL);
    console.info(`replica ${served(next)} answered privately ${Math.round(performance.now() - started)} ms after replica ${writer} acknowledged the change`);
    // And so does every replica from now on.
    const after = await Promise.all([0, 1, 2].map(() => send(proxy.port, ask(guild))));
    expect(new Set(after.map(served))).toEqual(new Set([0, 1, 2]));
    for (const r of after) expect(r.json.data?.flags ?? 0).toBe(EPHEMERAL);
  });

  it('a cooldown holds whichever replica the member lands on', async () => {
    const guild = freshGuild();
    const set = await send(proxy.port, config(guild, [{ type: 1, name: 'cooldown', options: [{ type: 4, name: 'seconds', value: 600 }] }]));
    expect(textOf(set.json)).toContain('once every 600 seconds');
    // Every replica has the setting (asked directly, as the moderator, who is exempt).
    for (const r of replicas) {
      await vi.waitFor(async () => {
        const shown = await send(r.port, config(guild, [{ type: 1, name: 'show' }]));
        expect(textOf(shown.json)).toContain('600 seconds');
      }, BEFORE_TTL);
    }
    const member = freshUser();
    const uses = [];
    for (let i = 0; i < 3; i++) uses.push(await send(proxy.port, ask(guild, member)));
    expect(new Set(uses.map(served))).toEqual(new Set([0, 1, 2]));
    const [first, ...again] = uses;
    expect(first?.json.type).toBe(4);
    expect(textOf(first?.json)).toMatch(/sanction/i);
    for (const r of again) {
      expect(r.json.data?.flags).toBe(EPHEMERAL);
      expect(r.json.data?.content).toMatch(/^You can use this again <t:\d+:R>\.$/);
    }
    // Another member is not held by it.
    expect(textOf((await send(proxy.port, ask(guild))).json)).toMatch(/sanction/i);
  });

  it('refuses a signed interaction replayed, on every replica', async () => {
    const body = JSON.stringify(ask(freshGuild()));
    const headers = signer.headers(body);
    const first = await post(proxy.port, body, headers);
    expect(first.status).toBe(200);
    expect(textOf(first.json)).toMatch(/sanction/i);
    for (const r of replicas) expect(await post(r.port, body, headers)).toMatchObject({ status: 401, json: { error: 'replayed request' } });
    const throughProxy = await Promise.all([0, 1, 2].map(() => post(proxy.port, body, headers)));
    expect(new Set(throughProxy.map(served))).toEqual(new Set([0, 1, 2]));
    for (const r of throughProxy) expect(r).toMatchObject({ status: 401, json: { error: 'replayed request' } });
  });

  it('kill -9 of one replica under load loses no acknowledged change, and the others keep answering', async () => {
    const guild = freshGuild();
    const victim = 1;
    interface Outcome {
      readonly kind: 'allow' | 'ask';
      readonly channel?: string;
      readonly token: string;
      readonly sent: Sent;
      readonly afterKill: boolean;
    }
    const outcomes: Outcome[] = [];
    let killed = false;
    let stop = false;
    let channel = 1_400_000_000_000_000_000n;
    // Two moderators allowing one new channel each time, two streams of members asking.
    const worker = async (kind: 'allow' | 'ask'): Promise<void> => {
      while (!stop) {
        const ch = String(channel++);
        const payload = kind === 'allow' ? config(guild, [{ type: 2, name: 'channels', options: [{ type: 1, name: 'allow', options: [{ type: 7, name: 'channel', value: ch }] }] }]) : ask(guild);
        const wasKilled = killed;
        const sent = await send(proxy.port, payload);
        outcomes.push({ kind, ...(kind === 'allow' && { channel: ch }), token: payload.token, sent, afterKill: wasKilled });
      }
    };
    const load = Promise.all([worker('allow'), worker('allow'), worker('ask'), worker('ask')]);
    await vi.waitFor(() => expect(outcomes.filter((o) => o.kind === 'allow' && o.sent.status === 200).length).toBeGreaterThanOrEqual(30), { timeout: 60_000, interval: 5 });
    replicas[victim]?.bot.child.kill('SIGKILL');
    killed = true;
    expect(await replicas[victim]?.bot.exited).toBe('SIGKILL');
    const atKill = outcomes.length;
    await vi.waitFor(() => expect(outcomes.length - atKill).toBeGreaterThanOrEqual(60), { timeout: 60_000, interval: 5 });
    stop = true;
    await load;

    // Only requests that went to the killed replica failed; every other one was answered.
    const failed = outcomes.filter((o) => o.sent.status !== 200 || (o.sent.json.type !== 4 && o.sent.json.type !== 5));
    for (const f of failed) expect(f.sent.tried, f.sent.text).toContain(victim);
    // The survivors kept answering after the kill, and the load balancer stopped sending to the dead one.
    const later = outcomes.filter((o) => o.afterKill && o.sent.status === 200);
    expect(new Set(later.map((o) => served(o.sent)))).toEqual(new Set([0, 2]));
    expect(proxy.live).toEqual([true, false, true]);

    // Acknowledged: the moderator saw the confirmation, inline or as the deferred answer's edit.
    const confirms = (o: Outcome): boolean => {
      const text = o.sent.json.type === 4 ? textOf(o.sent.json) : (sink.bodies.get(o.token) ?? []).join('\n');
      return text.includes(`<#${o.channel}> is allowed`);
    };
    // Deferred answers of the survivors arrive shortly after their acknowledgement of the deferral.
    const deferred = outcomes.filter((o) => o.kind === 'allow' && o.sent.json.type === 5 && served(o.sent) !== victim);
    await vi.waitFor(() => expect(deferred.filter((o) => !confirms(o))).toEqual([]), { timeout: 30_000, interval: 50 });
    const acked = outcomes.filter((o) => o.kind === 'allow' && confirms(o)).map((o) => o.channel as string);
    expect(acked.length).toBeGreaterThanOrEqual(30);

    let stored = new Set<string>();
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ settings: { allowedChannels: string[] } }>('SELECT settings FROM guild_settings WHERE guild_id = $1', [guild]);
      stored = new Set(rows[0]?.settings.allowedChannels ?? []);
      expect(acked.filter((c) => !stored.has(c))).toEqual([]);
    } finally {
      await db.end();
    }
    console.info(
      `${outcomes.length} requests, ${acked.length} changes acknowledged and all stored (${stored.size} stored), ${failed.length} lost with replica ${victim}, ${later.length} answered by the others after the kill`,
    );
    // What a moderator sees on a survivor agrees: the list starts with the first change and counts them all.
    const shown = textOf((await send(replicas[2]?.port ?? 0, config(guild, [{ type: 2, name: 'channels', options: [{ type: 1, name: 'list' }] }]))).json);
    const listed = (shown.match(/<#\d+>/g) ?? []).length;
    const more = Number(/and (\d+) more/.exec(shown)?.[1] ?? 0);
    expect(listed + more).toBe(stored.size);
  });
});

// The sharded gateway: the unmodified discord.js client, started by startGateway with SHARD_COUNT /
// SHARD_IDS plans, against the fake Discord, which routes each guild's interactions to one shard
// and refuses IDENTIFYs faster than max_concurrency per 5 s as Discord does. Real 5 s waits (the
// identify throttle), hence the e2e tier; nothing here asserts a duration.
import { GatewayCloseCodes, InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway } from '../src/adapters/gateway.ts';
import type { GatewayBot } from '../src/adapters/gateway.ts';
import type { ShardPlan } from '../src/adapters/shards.ts';
import type { Invocation, Reply } from '../src/contract/interaction.ts';
import { capturedLogger } from './support/captured-log.ts';
import { startFakeDiscord } from './support/fake-discord.ts';
import type { FakeDiscord, FakeDiscordOptions } from './support/fake-discord.ts';
import { SHARD_GUILDS } from './support/shard-guilds.ts';

const [EVEN, ODD] = SHARD_GUILDS;
// Discord's real window: discord.js must wait it out, not be let off by a lenient fake.
const DISCORD_LIMITS: FakeDiscordOptions = { guilds: SHARD_GUILDS, maxConcurrency: 1, identifyWindowMs: 5000 };

let fake: FakeDiscord | undefined;
const bots: GatewayBot[] = [];

afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => b.stop()));
  if (fake) expect(fake.takeViolations()).toEqual([]);
  await fake?.close();
  fake = undefined;
});

/** Answers every command with the guild it came from, so a reply shows who handled what. */
function echoGuild(inv: Invocation): Promise<Reply> {
  return Promise.resolve({ type: 'message', message: { content: `answered in ${inv.guildId ?? 'a DM'}`, allowed_mentions: { parse: [] } }, ephemeral: false });
}

/** A bot on `shards`, and the log lines it writes (the logger keeps appending to them). */
async function startBot(f: FakeDiscord, shards: ShardPlan): Promise<{ bot: GatewayBot; lines: string[] }> {
  const { log, lines } = capturedLogger();
  const bot = await startGateway({ token: f.token, apiBase: f.apiBase, shards, log, handle: echoGuild });
  bots.push(bot);
  return { bot, lines };
}

/** Sends /ask in `guildId` (or a DM) and returns the content of the answer Discord received. */
async function ask(f: FakeDiscord, guildId: string | undefined): Promise<string | undefined> {
  const { id } = f.sendSlashCommand({ name: 'ask', options: { query: 'x' }, place: guildId === undefined ? { dm: true } : { guildId } });
  const cb = await f.nextCallback(id, 20_000);
  expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return cb.data.content;
}

const parsed = (lines: string[]): { msg?: string; shard?: number; shardCount?: number; shards?: number[] }[] => lines.map((l) => JSON.parse(l) as { msg?: string });

describe('two shards in one process', () => {
  it('resolves SHARD_COUNT=auto from GET /gateway/bot, identifies both within max_concurrency, and each answers its own servers', async () => {
    fake = await startFakeDiscord({ ...DISCORD_LIMITS, recommendedShards: (guilds) => guilds });
    const { bot, lines } = await startBot(fake, { count: 'auto' });

    const identifies = fake.records.filter((r) => r.kind === 'identify');
    expect(identifies.map((r) => r.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    // discord.js waited for the bucket: the fake refused nothing.
    expect(identifies.filter((r) => r.refused !== undefined)).toEqual([]);
    expect(fake.shardOf(EVEN.id)).toBe(0);
    expect(fake.shardOf(ODD.id)).toBe(1);
    expect(bot.client.guilds.cache.map((g) => g.id).sort()).toEqual([EVEN.id, ODD.id].sort());

    expect(await ask(fake, EVEN.id)).toBe(`answered in ${EVEN.id}`);
    expect(await ask(fake, ODD.id)).toBe(`answered in ${ODD.id}`);
    expect(await ask(fake, undefined)).toBe('answered in a DM');

    const logged = parsed(lines);
    expect(logged.find((l) => l.msg === 'Discord recommends 2 shards')).toMatchObject({ shardCount: 2 });
    expect(
      logged
        .filter((l) => l.msg === 'shard ready')
        .map((l) => l.shard)
        .sort(),
    ).toEqual([0, 1]);
    expect(logged.find((l) => l.msg === 'connected to Discord')).toMatchObject({ shards: [0, 1], shardCount: 2 });
  });

  it('resumes a shard whose connection the gateway closed, and answers its servers again, the missed interaction included', async () => {
    fake = await startFakeDiscord({ ...DISCORD_LIMITS, maxConcurrency: 2 });
    await startBot(fake, { count: 2 });
    expect(await ask(fake, ODD.id)).toBe(`answered in ${ODD.id}`);

    await fake.disconnect(4000, 1);
    // Sent while shard 1 is away: Discord replays it on RESUME.
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'x' }, place: { guildId: ODD.id } });
    const resume = await fake.next('resume');
    expect(resume.shard).toEqual([1, 2]);
    expect(resume.violations).toEqual([]);
    expect((await fake.nextCallback(id, 20_000)).data.content).toBe(`answered in ${ODD.id}`);
    expect(await ask(fake, ODD.id)).toBe(`answered in ${ODD.id}`);
    // Shard 0 never noticed.
    expect(await ask(fake, EVEN.id)).toBe(`answered in ${EVEN.id}`);
  });

  it('identifies a shard again when its session cannot be resumed, and answers its servers', async () => {
    fake = await startFakeDiscord({ ...DISCORD_LIMITS, maxConcurrency: 2 });
    await startBot(fake, { count: 2 });
    await fake.next('identify', (r) => r.shard?.[0] === 0);
    // 4007: discord.js drops the session and identifies afresh (after the bucket's 5 s).
    await fake.disconnect(GatewayCloseCodes.InvalidSeq, 0);
    const again = await fake.next('identify', (r) => r.shard?.[0] === 0, 20_000);
    expect(again.refused).toBeUndefined();
    expect(await ask(fake, EVEN.id)).toBe(`answered in ${EVEN.id}`);
    expect(await ask(fake, ODD.id)).toBe(`answered in ${ODD.id}`);
  });
});

describe('too many servers for one shard', () => {
  it('fails to start with one line naming SHARD_COUNT=auto when Discord says sharding is required (4011)', async () => {
    fake = await startFakeDiscord({ guilds: SHARD_GUILDS, maxGuildsPerShard: 1, recommendedShards: 2 });
    const { log } = capturedLogger();
    await expect(startGateway({ token: fake.token, apiBase: fake.apiBase, log, handle: echoGuild })).rejects.toThrow(
      /^Discord closed the connection: this bot is in too many servers for one shard \(4011\); set SHARD_COUNT=auto$/,
    );
    // With auto, the same servers fit.
    const { bot } = await startBot(fake, { count: 'auto' });
    expect(bot.client.guilds.cache.size).toBe(2);
  });
});

describe('shards split across hosts (SHARD_IDS)', () => {
  it('recovers from op 9 when two hosts identify in the same bucket at once: the refused one waits and identifies again', async () => {
    fake = await startFakeDiscord(DISCORD_LIMITS);
    // Two processes, each with its own throttler: nothing stops them identifying together.
    await Promise.all([startBot(fake, { count: 2, ids: [0] }), startBot(fake, { count: 2, ids: [1] })]);

    const identifies = fake.records.filter((r) => r.kind === 'identify');
    const refused = identifies.filter((r) => r.refused !== undefined);
    expect(refused).toHaveLength(1);
    const shard = refused[0]!.shard?.[0];
    // The same shard identified again, later, and was let in.
    expect(identifies.some((r) => r.shard?.[0] === shard && r.seq > refused[0]!.seq && r.refused === undefined)).toBe(true);

    expect(await ask(fake, EVEN.id)).toBe(`answered in ${EVEN.id}`);
    expect(await ask(fake, ODD.id)).toBe(`answered in ${ODD.id}`);
  });

  it('refuses SHARD_IDS beyond the count Discord recommends for auto, in one line', async () => {
    fake = await startFakeDiscord({ guilds: SHARD_GUILDS, recommendedShards: 1 });
    const { log } = capturedLogger();
    await expect(startGateway({ token: fake.token, apiBase: fake.apiBase, shards: { count: 'auto', ids: [1] }, log, handle: echoGuild })).rejects.toThrow(
      /^SHARD_IDS lists shard 1, but Discord recommends 1 shard \(ids 0 to 0\) for SHARD_COUNT=auto/,
    );
    expect(fake.records.some((r) => r.kind === 'identify')).toBe(false);
  });
});

// What the fake Discord remembers: the records of everything the bot sent (and who waits for
// them), gateway sessions, delivered interactions, stored messages and registered commands.
// One object shared by the gateway, the REST routes and the user actions.
import type { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { APIUser } from 'discord-api-types/v10';
import type { WebSocket } from 'ws';
import { describeIssue } from '../discord-limits.ts';
import type { FakeDiscordOptions, FakeGuild, FakeRecord, IdentifyRecord, StoredMessage, UserInput } from './types.ts';

const DISCORD_EPOCH = 1420070400000n;

export interface Session {
  readonly id: string;
  /** [shard id, shard count] from IDENTIFY ([0, 1] when the client sent none). */
  readonly shard: readonly [number, number];
  seq: number;
  /** Every dispatch of this session, for replay on RESUME. */
  readonly log: { s: number; t: string; d: unknown }[];
  socket: WebSocket | undefined;
}

export interface Interaction {
  readonly id: string;
  readonly token: string;
  readonly type: InteractionType;
  readonly raw: Record<string, unknown>;
  readonly deliveredAt: number;
  acked?: InteractionResponseType;
  /** Message id of `@original` once there is one. */
  originalId?: string;
  readonly channelId: string;
  readonly user: APIUser;
}

/** A record as a route makes it: `seq` is given on arrival. */
export type RecordInput<T> = T extends FakeRecord ? Omit<T, 'seq'> : never;

export interface FakeState {
  readonly token: string;
  readonly appId: string;
  readonly botUser: APIUser;
  readonly defaultUser: UserInput;
  readonly guilds: readonly FakeGuild[];
  readonly heartbeatInterval: number;
  readonly deadlineMs: number;
  readonly privileged: number;
  readonly url: string;
  readonly gatewayUrl: string;
  readonly recommendedShards: number;
  readonly maxConcurrency: number;
  readonly identifyWindowMs: number;
  readonly maxGuildsPerShard: number;

  readonly records: FakeRecord[];
  readonly consumed: Set<number>;
  readonly violations: string[];
  /** Called on every new record (each `next()` waiting for one). */
  readonly waiters: Set<() => void>;
  readonly sessions: Map<string, Session>;
  readonly interactions: Map<string, Interaction>;
  readonly byToken: Map<string, Interaction>;
  readonly messages: Map<string, StoredMessage>;
  readonly registered: Map<string, Record<string, unknown>[]>;
  /** Channels whose message creates fail, and how (see FakeDiscord.refuseChannel). */
  readonly refusals: Map<string, { status: number; code: number; message: string }>;
  /** Message id by channel and nonce, for creates sent with enforce_nonce (Discord drops the repeat). */
  readonly nonces: Map<string, string>;
  /** The most recently identified or resumed session (its shard count routes dispatches). */
  current: Session | undefined;
  /** The live session of each shard id. */
  readonly byShard: Map<number, Session>;
  /** When each rate-limit bucket (shard id % max_concurrency) last accepted an IDENTIFY. */
  readonly bucketUsedAt: Map<number, number>;
  /** session_start_limit.remaining, less one per accepted IDENTIFY. */
  sessionStartsLeft: number;
  readyWaiters: ((r: IdentifyRecord) => void)[];
  lastReady: IdentifyRecord | undefined;

  snowflake(): string;
  record<R extends FakeRecord>(r: RecordInput<R>): R;
}

export function createState(opts: FakeDiscordOptions, where: { url: string; gatewayUrl: string }): FakeState {
  const appId = opts.appId ?? '1100000000000000001';
  let counter = 0n;
  const guilds = opts.guilds ?? [
    {
      id: '1300000000000000001',
      name: 'Test Guild',
      channels: [{ id: '1300000000000000010', name: 'general' }],
      roles: [{ id: '1300000000000000001', name: '@everyone', permissions: '1071698660929' }],
    },
  ];
  const state: FakeState = {
    token: opts.token ?? 'fake-token',
    appId,
    botUser: {
      id: opts.botUser?.id ?? appId,
      username: opts.botUser?.username ?? 'Attaché',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
    },
    defaultUser: { id: '1200000000000000001', username: 'alice' },
    guilds,
    heartbeatInterval: opts.heartbeatIntervalMs ?? 41250,
    deadlineMs: opts.interactionDeadlineMs ?? 3000,
    privileged: opts.privilegedIntents ?? 0,
    url: where.url,
    gatewayUrl: where.gatewayUrl,
    recommendedShards: typeof opts.recommendedShards === 'function' ? opts.recommendedShards(guilds.length) : (opts.recommendedShards ?? 1),
    maxConcurrency: opts.maxConcurrency ?? 1,
    identifyWindowMs: opts.identifyWindowMs ?? 0,
    maxGuildsPerShard: opts.maxGuildsPerShard ?? 2500,

    records: [],
    consumed: new Set(),
    violations: [],
    waiters: new Set(),
    sessions: new Map(),
    interactions: new Map(),
    byToken: new Map(),
    messages: new Map(),
    registered: new Map(),
    refusals: new Map(),
    nonces: new Map(),
    current: undefined,
    byShard: new Map(),
    bucketUsedAt: new Map(),
    sessionStartsLeft: 1000,
    readyWaiters: [],
    lastReady: undefined,

    // Snowflakes so discord.js derives sensible timestamps from ids.
    snowflake: () => (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (counter++ & 0xfffn)).toString(),

    record<R extends FakeRecord>(r: RecordInput<R>): R {
      const full = { ...r, seq: state.records.length } as unknown as R;
      state.records.push(full);
      const where = full.kind === 'callback' ? `callback ${full.type} for ${full.interactionId}` : full.kind === 'webhook' ? `webhook ${full.method} ${full.messageId ?? ''}` : full.kind;
      for (const issue of full.issues) state.violations.push(`${where}: ${describeIssue(issue)}`);
      for (const v of full.violations) state.violations.push(`${where}: ${v}`);
      for (const w of [...state.waiters]) w();
      return full;
    },
  };
  return state;
}

/** The shard a guild's events go to, as Discord routes them: (guild_id >> 22) % shard count. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

// Cooldowns and the interaction replay guard in Redis (REDIS_URL), shared by every replica. Each
// is one atomic command: a member cannot dodge a cooldown by landing on another replica, and a
// replayed interaction is refused wherever it lands. The client fails fast when Redis is away
// (no offline queue, a command timeout), so the callers' failure policy applies at once.
import { Redis } from 'ioredis';
import { MAX_COOLDOWN_SECONDS } from '../core/policy.ts';
import type { Logger } from '../log.ts';
import type { CooldownResult, CooldownStore } from './cooldowns.ts';
import type { ReplayGuard } from './replay.ts';
import { bounded, STORE_CALL_TIMEOUT_MS } from './unavailable.ts';

export interface RedisOptions {
  readonly url: string;
  readonly log: Logger;
  /** Prepended to every key (default "attache:"); tests use a fresh one per run. */
  readonly keyPrefix?: string;
  readonly timeoutMs?: number;
}

/**
 * The last accepted use is kept (as SQLite does), not an expiry, so a shortened cooldown applies
 * at once. The key lives as long as the longest cooldown a server may set, after which no setting
 * could refuse a use anyway. Returns -1 when the use is taken, else the last accepted use.
 */
const HIT_SCRIPT = `
local last = tonumber(redis.call('GET', KEYS[1]))
local now = tonumber(ARGV[1])
local ms = tonumber(ARGV[2])
if last ~= nil and last + ms > now and last <= now then return last end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return -1
`;

const KEEP_MS = MAX_COOLDOWN_SECONDS * 1000;

export interface RedisStores {
  readonly cooldowns: CooldownStore;
  readonly replay: ReplayGuard;
  readonly client: Redis;
  close(): Promise<void>;
}

export function openRedis(opts: RedisOptions): RedisStores {
  const log = opts.log.child({ component: 'redis' });
  const timeoutMs = opts.timeoutMs ?? STORE_CALL_TIMEOUT_MS;
  const client = new Redis(opts.url, {
    keyPrefix: opts.keyPrefix ?? 'attache:',
    // Fail fast while disconnected instead of queueing: the caller's policy decides.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 5000),
  });
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    log.warn({ err }, 'Redis unavailable: cooldowns let uses through, the replay guard accepts (timestamps still checked), until it is back');
  });
  client.on('ready', () => {
    if (down) log.info('Redis is back');
    down = false;
  });
  client.defineCommand('attacheHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  const hit = (client as Redis & { attacheHit(key: string, now: number, ms: number, keep: number): Promise<number> }).attacheHit.bind(client);

  const cooldowns: CooldownStore = {
    hit(guildId, userId, command, nowMs, seconds): Promise<CooldownResult> {
      if (seconds <= 0) return Promise.resolve({ ok: true });
      const ms = seconds * 1000;
      return bounded('Redis (cooldown)', timeoutMs, async () => {
        const last = await hit(`cd:${guildId}:${userId}:${command}`, nowMs, ms, Math.max(KEEP_MS, ms));
        return last === -1 ? { ok: true } : { ok: false, retryAt: Number(last) + ms };
      });
    },
  };
  const replay: ReplayGuard = {
    firstSeen(key, _nowMs, ttlMs) {
      return bounded('Redis (replay guard)', timeoutMs, async () => (await client.set(`replay:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK');
    },
  };
  return {
    cooldowns,
    replay,
    client,
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}

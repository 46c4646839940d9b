// What members and moderators see when a store is down or too slow (README "Running at scale"):
// cooldowns fail open, settings reads and /config writes fail closed with a clear private message,
// and nothing is "Something went wrong". Stores are stubs that fail as a real outage does, plus a
// Redis client pointed at a port where nothing listens.
import pino from 'pino';
import { MessageFlags } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../commands/config.ts';
import { type AppDeps, handle, SETTINGS_UNAVAILABLE } from '../src/app/dispatch.ts';
import type { Invocation, Reply } from '../src/contract/interaction.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { DEFAULT_SETTINGS, type GuildSettings } from '../src/core/policy.ts';
import type { CooldownStore } from '../src/store/cooldowns.ts';
import { openRedis } from '../src/store/redis.ts';
import type { SettingsStore } from '../src/store/settings.ts';
import { StoreUnavailableError } from '../src/store/unavailable.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';

const GUILD = '1300000000000000001';
const MEMBER = '1200000000000000002';
const MOD = '1200000000000000001';
const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);
const down = (what: string) => Promise.reject(new StoreUnavailableError(what, `${what} did not answer within 1000 ms`));

let corpus: Corpus;
beforeAll(() => {
  corpus = openSeedCorpus({ now: T0 });
});

function settingsStore(over: Partial<SettingsStore> = {}, current: GuildSettings = DEFAULT_SETTINGS): SettingsStore {
  return {
    get: async () => current,
    update: async () => current,
    reset: async () => current,
    history: async () => [],
    ...over,
  };
}

function deps(settings: SettingsStore, cooldowns: CooldownStore): AppDeps {
  return { corpus: () => corpus, log: pino({ level: 'silent' }), now: () => T0, startedAt: T0, version: 'test', settings, cooldowns };
}

let seq = 0;
function inv(over: Partial<Invocation> & Pick<Invocation, 'name'>): Invocation {
  return { kind: 'command', id: String(++seq), subcommand: [], options: {}, userId: MEMBER, guildId: GUILD, channelId: '1300000000000000010', memberPermissions: '0', ...over };
}

function text(reply: Reply): string {
  if (reply.type === 'autocomplete') throw new Error('expected a message');
  const m = reply.message;
  return [m.content ?? '', ...(m.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n').replace(/\\(.)/g, '$1');
}

function isPrivate(reply: Reply): boolean {
  return reply.type === 'message' && reply.ephemeral && ((reply.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

const counted: CooldownStore = { hit: async () => ({ ok: true }) };

describe('when a store is down', () => {
  it('answers members when the cooldown store is down (cooldowns fail open)', async () => {
    const reply = await handle(inv({ name: 'ask', options: { query: 'sanctions' } }), deps(settingsStore(), { hit: () => down('Redis (cooldown)') }));
    expect(isPrivate(reply)).toBe(false);
    expect(text(reply)).not.toContain('Something went wrong');
    expect(text(reply)).not.toContain(SETTINGS_UNAVAILABLE);
  });

  it("refuses privately, saying why, when the server's settings cannot be read", async () => {
    const reply = await handle(inv({ name: 'ask', options: { query: 'sanctions' } }), deps(settingsStore({ get: () => down('PostgreSQL (settings read)') }), counted));
    expect(isPrivate(reply)).toBe(true);
    expect(text(reply)).toContain(SETTINGS_UNAVAILABLE);
  });

  it('refuses a /config change privately, saying it could not be confirmed (writes fail closed)', async () => {
    const reply = await handle(
      inv({ name: 'config', subcommand: ['cooldown'], options: { seconds: 10 }, userId: MOD, memberPermissions: '32' }),
      deps(settingsStore({ update: () => down('PostgreSQL (settings write)') }), counted),
    );
    expect(isPrivate(reply)).toBe(true);
    expect(text(reply)).toContain(MESSAGES.storeUnavailable);
  });

  it('shows /config settings and history as unavailable rather than as defaults or empty', async () => {
    const moderator = { userId: MOD, memberPermissions: '32' };
    // Settings are read before any command runs, /config included.
    for (const sub of ['show', 'channels list']) {
      const reply = await handle(inv({ name: 'config', subcommand: sub.split(' '), ...moderator }), deps(settingsStore({ get: () => down('PostgreSQL (settings read)') }), counted));
      expect(isPrivate(reply), sub).toBe(true);
      expect(text(reply), sub).toContain(SETTINGS_UNAVAILABLE);
    }
    const reply = await handle(inv({ name: 'config', subcommand: ['history'], ...moderator }), deps(settingsStore({ history: () => down('PostgreSQL (settings history)') }), counted));
    expect(isPrivate(reply)).toBe(true);
    expect(text(reply)).toContain(MESSAGES.storeUnavailable);
  });

  it('autocomplete offers nothing rather than failing when settings cannot be read', async () => {
    const reply = await handle(inv({ kind: 'autocomplete', name: 'config', focused: { name: 'outlet', value: 'Re' } }), deps(settingsStore({ get: () => down('x') }), counted));
    expect(reply).toEqual({ type: 'autocomplete', choices: [] });
  });

  it('a Redis that is not running fails each call at once as unavailable, so cooldowns fail open', async () => {
    const redis = openRedis({ url: 'redis://127.0.0.1:1', log: pino({ level: 'silent' }) });
    try {
      await expect(redis.cooldowns.hit('g', 'u', 'ask', T0, 3)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(redis.replay.firstSeen('sig', T0, 1000)).rejects.toBeInstanceOf(StoreUnavailableError);
      const reply = await handle(inv({ name: 'ask', options: { query: 'sanctions' } }), deps(settingsStore(), redis.cooldowns));
      expect(isPrivate(reply)).toBe(false);
    } finally {
      await redis.close();
    }
  });
});

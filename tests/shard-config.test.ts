// SHARD_COUNT and SHARD_IDS as the configuration reads them, and the shard set the gateway runs.
import { describe, expect, it } from 'vitest';
import { resolveShards } from '../src/adapters/shards.ts';
import { ConfigError, parseConfig } from '../src/config.ts';

function problemsOf(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no error');
}

const gatewayBot = (shards: number) => () => Promise.resolve({ url: 'wss://gateway.invalid', shards, session_start_limit: { total: 1000, remaining: 990, reset_after: 0, max_concurrency: 16 } });

describe('SHARD_COUNT and SHARD_IDS', () => {
  it('default to one shard, as before sharding existed', () => {
    expect(parseConfig({}).shards).toEqual({ count: 1, mode: 'internal' });
  });

  it('take a number, auto, and a subset of ids', () => {
    expect(parseConfig({ SHARD_COUNT: 'auto' }).shards).toEqual({ count: 'auto', mode: 'internal' });
    expect(parseConfig({ SHARD_COUNT: '4', SHARD_IDS: '2, 3', SHARD_MODE: 'process' }).shards).toEqual({ count: 4, ids: [2, 3], mode: 'process' });
    expect(parseConfig({ SHARD_COUNT: 'auto', SHARD_IDS: '0' }).shards).toEqual({ count: 'auto', ids: [0], mode: 'internal' });
  });

  it("runs a shard's child process in internal mode, whatever SHARD_MODE it inherits", () => {
    expect(parseConfig({ SHARD_COUNT: '2', SHARD_IDS: '1', SHARD_MODE: 'process', SHARDING_MANAGER: 'true' }).shards.mode).toBe('internal');
  });

  it('refuse what cannot be run, each problem named', () => {
    expect(problemsOf({ SHARD_COUNT: '0' })).toContain('SHARD_COUNT: must be `auto` or a whole number of shards (1 or more) (got "0")');
    expect(problemsOf({ SHARD_COUNT: 'many' })).toContain('SHARD_COUNT: must be `auto`');
    expect(problemsOf({ SHARD_COUNT: '2', SHARD_IDS: '0;1' })).toContain('SHARD_IDS: must be shard ids separated by commas, such as 0,1 (got "0;1")');
    expect(problemsOf({ SHARD_IDS: '1' })).toContain('SHARD_IDS: needs SHARD_COUNT');
    expect(problemsOf({ SHARD_COUNT: '2', SHARD_IDS: '1,2,3' })).toContain('SHARD_IDS: shard ids run from 0 to SHARD_COUNT - 1 (1); 2, 3 is outside');
    expect(problemsOf({ SHARD_COUNT: '2', SHARD_IDS: '1,1' })).toContain('SHARD_IDS: lists shard 1 more than once');
    expect(problemsOf({ SHARD_MODE: 'threads' })).toContain('SHARD_MODE: ');
  });
});

describe('resolveShards', () => {
  it('runs every shard of a numeric count without asking Discord', async () => {
    const never = (): Promise<never> => Promise.reject(new Error('asked Discord'));
    expect(await resolveShards({ count: 3 }, never)).toEqual({ ids: [0, 1, 2], count: 3 });
    expect(await resolveShards({ count: 3, ids: [2] }, never)).toEqual({ ids: [2], count: 3 });
  });

  it("takes auto's count from GET /gateway/bot, with the session start limit it reports", async () => {
    expect(await resolveShards({ count: 'auto' }, gatewayBot(2))).toEqual({ ids: [0, 1], count: 2, gateway: { recommended: 2, maxConcurrency: 16, remaining: 990 } });
    // A subset keeps the recommended total: routing depends on it, not on how many run here.
    expect((await resolveShards({ count: 'auto', ids: [3] }, gatewayBot(4))).count).toBe(4);
  });
});

// Which gateway shards this process runs, from SHARD_COUNT and SHARD_IDS. `auto` asks Discord
// (GET /gateway/bot) for its recommended count here rather than leaving it to discord.js: with a
// subset of ids discord.js would take the subset's length as the total, and every guild would be
// routed to the wrong shard.
import { REST, Routes } from 'discord.js';
import type { APIGatewayBotInfo } from 'discord-api-types/v10';

/** What the configuration asks for (src/config.ts ShardConfig). */
export interface ShardPlan {
  readonly count: number | 'auto';
  readonly ids?: readonly number[];
}

/** The shards to run: `ids` of `count` in all, plus what Discord said when it was asked. */
export interface ShardSet {
  readonly ids: readonly number[];
  readonly count: number;
  /** From GET /gateway/bot, when `auto` made us ask. */
  readonly gateway?: { readonly recommended: number; readonly maxConcurrency: number; readonly remaining: number };
}

/** A shard plan that cannot be run; its message is the whole story for whoever starts the bot. */
export class ShardPlanError extends Error {
  override readonly name = 'ShardPlanError';
}

export async function resolveShards(plan: ShardPlan, gatewayBot: () => Promise<APIGatewayBotInfo>): Promise<ShardSet> {
  if (plan.count !== 'auto') return { ids: plan.ids ?? range(plan.count), count: plan.count };
  const info = await gatewayBot();
  const count = info.shards;
  const ids = plan.ids ?? range(count);
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) {
    throw new ShardPlanError(
      `SHARD_IDS lists shard ${outside.join(', ')}, but Discord recommends ${count} shard${count === 1 ? '' : 's'} (ids 0 to ${count - 1}) for SHARD_COUNT=auto: give every host the same numeric SHARD_COUNT when splitting shards across hosts`,
    );
  }
  const limit = info.session_start_limit;
  return { ids, count, gateway: { recommended: count, maxConcurrency: limit.max_concurrency, remaining: limit.remaining } };
}

/** GET /gateway/bot with the bot token, at `apiBase` (discord.js's default when unset). */
export function fetchGatewayBot(token: string, apiBase?: string): () => Promise<APIGatewayBotInfo> {
  return async () => {
    const rest = new REST(apiBase === undefined ? {} : { api: apiBase }).setToken(token);
    return (await rest.get(Routes.gatewayBot())) as APIGatewayBotInfo;
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

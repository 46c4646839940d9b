// Two fake guilds whose ids route to different shards of two ((id >> 22) % 2 is 0, then 1), so a
// test can address each shard through a guild of its own.
import type { FakeGuild } from './fake-discord.ts';

export const SHARD_GUILDS: readonly [FakeGuild, FakeGuild] = [
  { id: '1299999999999868933', name: 'Even', channels: [{ id: '1299999999999868934', name: 'even' }], roles: [{ id: '1299999999999868933', name: '@everyone', permissions: '1071698660929' }] },
  { id: '1300000000004063237', name: 'Odd', channels: [{ id: '1300000000004063238', name: 'odd' }], roles: [{ id: '1300000000004063237', name: '@everyone', permissions: '1071698660929' }] },
];

// A fake Discord on loopback that the unmodified discord.js client connects to: REST under
// /api/v10 and a JSON (uncompressed) WebSocket gateway. Written by hand: no library fakes
// Discord's gateway handshake and interaction routes together. It records everything the bot
// sends as typed records a test can await, and answers 400 for anything over Discord's limits.
//
// The parts, by concern (./fake-discord/): types (what a test sees), state (what the fake
// remembers), gateway (the WebSocket), rest and responses (the HTTP routes; Discord's limits are
// checked by ../discord-limits.ts), users (acting as a user), waiting (awaiting records).
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createGateway } from './fake-discord/gateway.ts';
import { send } from './fake-discord/http.ts';
import { createRest } from './fake-discord/rest.ts';
import { createState, shardOfGuild } from './fake-discord/state.ts';
import type { FakeDiscord, FakeDiscordOptions } from './fake-discord/types.ts';
import { createUserActions } from './fake-discord/users.ts';
import { createWaiting } from './fake-discord/waiting.ts';

export type * from './fake-discord/types.ts';

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  // Listen first: the routes need the address. Nothing can connect before the port is known.
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  const state = createState(opts, { url, gatewayUrl });
  const gateway = createGateway(state);
  const handleRest = createRest(state);
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    handleRest(req, res).catch((error: unknown) => {
      send(res, 500, { message: `fake discord: ${String(error)}`, code: 0 });
    });
  });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => gateway.onSocket(ws, new URL(req.url ?? '/', 'http://x')));
  });

  const { interactions, messages, registered, violations } = state;
  const waiting = createWaiting(state);
  const fake: FakeDiscord = {
    apiBase: `${url}/api`,
    url,
    gatewayUrl,
    port,
    token: state.token,
    appId: state.appId,
    botUser: state.botUser,
    guilds: state.guilds,
    user: state.defaultUser,
    records: state.records,
    violations,
    takeViolations: () => violations.splice(0, violations.length),
    refuseChannel(channelId, failure) {
      if (failure === undefined) state.refusals.delete(channelId);
      else state.refusals.set(channelId, failure);
    },
    messages,
    commands: (scope = 'global') => registered.get(scope) ?? [],

    ...waiting,
    nextCallback(interactionId, timeoutMs) {
      return fake.next('callback', (r) => r.interactionId === interactionId, timeoutMs);
    },
    nextWebhook(interactionId, timeoutMs) {
      return fake.next('webhook', (r) => r.interactionId === interactionId, timeoutMs);
    },
    original(interactionId) {
      const id = interactions.get(interactionId)?.originalId;
      return id === undefined ? undefined : messages.get(id);
    },

    ...createUserActions(state, gateway.dispatch),
    dispatch: gateway.dispatch,

    async disconnect(code = 4000, shardId) {
      const socket = (shardId === undefined ? state.current : state.byShard.get(shardId))?.socket;
      if (!socket) throw new Error(`fake discord: no open gateway socket${shardId === undefined ? '' : ` for shard ${shardId}`}`);
      const closed = once(socket, 'close');
      socket.close(code, 'fake discord: closing as asked by the test');
      await closed;
    },
    shardOf: (guildId) => shardOfGuild(guildId, state.current?.shard[1] ?? 1),
    shards: () => [...state.byShard.values()].map((s) => ({ id: s.shard[0], count: s.shard[1], connected: s.socket !== undefined })),
    get connections() {
      return wss.clients.size;
    },

    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

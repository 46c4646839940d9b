// The fake's REST routes under /api/v10: the bot's own routes (gateway, users/@me, application),
// command registration, and channel messages. Interaction callbacks and webhooks, which
// authenticate with the interaction token instead of the bot token, are in responses.ts.
import type http from 'node:http';
import { ApplicationCommandType, MessageType } from 'discord-api-types/v10';
import { allowedMentionsViolation, commandIssues, messageIssues } from '../discord-limits.ts';
import { invalidForm, NOT_FOUND, readBody, send } from './http.ts';
import { storeMessage } from './messages.ts';
import { callback, webhook } from './responses.ts';
import type { FakeState } from './state.ts';
import type { ChannelMessageRecord, CommandsRecord, RestRecord, SentMessageBody } from './types.ts';

export function createRest(state: FakeState): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const { token, appId, botUser, defaultUser, guilds, url, gatewayUrl, registered, violations } = state;
  const { record, snowflake } = state;

  async function handleRest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const method = req.method ?? 'GET';
    // discord.js encodes '@original' as %40original; decode each segment once.
    const parts = u.pathname
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p));
    if (parts[0] !== 'api' || parts[1] !== 'v10') {
      record<RestRecord>({ kind: 'rest', method, path: u.pathname, status: 404, issues: [], violations: [`unexpected path ${u.pathname} (expected /api/v10/...)`] });
      send(res, 404, NOT_FOUND);
      return;
    }
    const p = parts.slice(2);
    const body = await readBody(req);
    const authorized = req.headers.authorization === `Bot ${token}`;
    const route = `${method} /${p.map((x, i) => (i > 0 && /^\d+$/.test(x) ? ':id' : x)).join('/')}`;

    // Interaction callbacks and webhooks authenticate with the interaction token in the path.
    if (p[0] === 'interactions' && p[3] === 'callback' && method === 'POST') return callback(state, res, p[1] ?? '', p[2] ?? '', body, u);
    if (p[0] === 'webhooks' && p[1] !== undefined && p[2] !== undefined) return webhook(state, res, method, p[1], p[2], p[3] === 'messages' ? p[4] : undefined, body);
    if (route === 'GET /gateway') return send(res, 200, { url: gatewayUrl });

    if (!authorized) {
      record<RestRecord>({ kind: 'rest', method, path: u.pathname, status: 401, issues: [], violations: [] });
      send(res, 401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const ok = (status: number, payload?: unknown): void => {
      record<RestRecord>({ kind: 'rest', method, path: u.pathname, status, issues: [], violations: [] });
      send(res, status, payload);
    };
    switch (route) {
      case 'GET /gateway/bot':
        return ok(200, {
          url: gatewayUrl,
          shards: state.recommendedShards,
          session_start_limit: { total: 1000, remaining: state.sessionStartsLeft, reset_after: 14_400_000, max_concurrency: state.maxConcurrency },
        });
      case 'GET /users/@me':
        return ok(200, botUser);
      case 'GET /applications/@me':
      case 'GET /oauth2/applications/@me':
        return ok(200, {
          id: appId,
          name: botUser.username,
          icon: null,
          description: '',
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: '0'.repeat(64),
          flags: 0,
          bot: botUser,
          team: null,
          owner: { ...botUser, id: defaultUser.id, username: defaultUser.username, bot: false },
        });
    }
    if (p[0] === 'applications' && (p[2] === 'commands' || (p[2] === 'guilds' && p[4] === 'commands'))) {
      return commandsRoute(res, method, p, body);
    }
    if (p[0] === 'channels' && p[2] === 'messages' && method === 'POST' && p.length === 3) {
      const channelId = p[1] ?? '';
      if (!guilds.some((g) => g.channels.some((c) => c.id === channelId))) {
        record<ChannelMessageRecord>({ kind: 'channel-message', channelId, body: body as SentMessageBody, status: 404, issues: [], violations: [] });
        return send(res, 404, { message: 'Unknown Channel', code: 10003 });
      }
      const refusal = state.refusals.get(channelId);
      if (refusal !== undefined) {
        record<ChannelMessageRecord>({ kind: 'channel-message', channelId, body: body as SentMessageBody, status: refusal.status, issues: [], violations: [] });
        return send(res, refusal.status, { message: refusal.message, code: refusal.code });
      }
      // Discord returns the message already created for a repeated nonce when enforce_nonce is set.
      const { nonce, enforce_nonce: enforce } = (body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
      const nonceKey = enforce === true && (typeof nonce === 'string' || typeof nonce === 'number') ? `${channelId}:${nonce}` : undefined;
      const earlier = nonceKey === undefined ? undefined : state.messages.get(state.nonces.get(nonceKey) ?? '');
      if (earlier !== undefined) {
        record<ChannelMessageRecord>({ kind: 'channel-message', channelId, body: body as SentMessageBody, status: 200, issues: [], violations: [], repeatOf: earlier.id });
        return send(res, 200, earlier);
      }
      const issues = messageIssues(body, { isNew: true });
      const v = allowedMentionsViolation(body);
      record<ChannelMessageRecord>({ kind: 'channel-message', channelId, body: body as SentMessageBody, status: issues.length ? 400 : 200, issues, violations: v ? [v] : [] });
      if (issues.length) return invalidForm(res, issues);
      const msg = storeMessage(state, { channelId, body: body as SentMessageBody, type: MessageType.Default });
      if (nonceKey !== undefined) state.nonces.set(nonceKey, msg.id);
      return send(res, 200, msg);
    }
    ok(404, NOT_FOUND);
    violations.push(`unrouted: ${route}`);
  }

  function commandsRoute(res: http.ServerResponse, method: string, p: string[], body: unknown): undefined {
    if (p[1] !== appId) return send(res, 403, { message: 'Missing Access', code: 50001 });
    const scope = p[2] === 'guilds' ? (p[3] ?? '') : 'global';
    if (scope !== 'global' && !guilds.some((g) => g.id === scope)) {
      record<CommandsRecord>({ kind: 'commands', method: method as CommandsRecord['method'], scope, body, status: 403, issues: [], violations: [] });
      return send(res, 403, { message: 'Missing Access', code: 50001 });
    }
    const list = registered.get(scope) ?? [];
    const tail = p[2] === 'guilds' ? p.slice(5) : p.slice(3);
    const withId = (cmd: Record<string, unknown>): Record<string, unknown> => {
      const type = cmd['type'] ?? ApplicationCommandType.ChatInput;
      // Discord keeps a command's id when it is overwritten under the same name and type.
      const previous = list.find((c) => c['name'] === cmd['name'] && c['type'] === type);
      return {
        ...cmd,
        type,
        id: previous?.['id'] ?? snowflake(),
        application_id: appId,
        version: snowflake(),
        ...(scope === 'global' ? {} : { guild_id: scope }),
        description: cmd['description'] ?? '',
      };
    };
    if (method === 'GET' && tail.length === 0) {
      record<CommandsRecord>({ kind: 'commands', method: 'GET', scope, body: undefined, status: 200, issues: [], violations: [] });
      return send(res, 200, list);
    }
    if (method === 'PUT' && tail.length === 0) {
      const issues = commandIssues(body);
      record<CommandsRecord>({ kind: 'commands', method: 'PUT', scope, body, status: issues.length ? 400 : 200, issues, violations: [] });
      if (issues.length) return invalidForm(res, issues);
      const next = (body as Record<string, unknown>[]).map(withId);
      registered.set(scope, next);
      return send(res, 200, next);
    }
    if (method === 'POST' && tail.length === 0) {
      const issues = commandIssues([body]);
      record<CommandsRecord>({ kind: 'commands', method: 'POST', scope, body, status: issues.length ? 400 : 201, issues, violations: [] });
      if (issues.length) return invalidForm(res, issues);
      const cmd = withId(body as Record<string, unknown>);
      registered.set(scope, [...list.filter((c) => c['id'] !== cmd['id']), cmd]);
      return send(res, 201, cmd);
    }
    if (method === 'DELETE' && tail.length === 1) {
      const found = list.some((c) => c['id'] === tail[0]);
      record<CommandsRecord>({ kind: 'commands', method: 'DELETE', scope, body: tail[0], status: found ? 204 : 404, issues: [], violations: [] });
      if (!found) return send(res, 404, { message: 'Unknown application command', code: 10063 });
      registered.set(
        scope,
        list.filter((c) => c['id'] !== tail[0]),
      );
      return send(res, 204);
    }
    send(res, 404, NOT_FOUND);
    violations.push(`unrouted: ${method} commands/${tail.join('/')}`);
  }

  return handleRest;
}

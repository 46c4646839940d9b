// A fake Discord on loopback that the unmodified discord.js client connects to: REST under
// /api/v10 and a JSON (uncompressed) WebSocket gateway. Written by hand: no library fakes
// Discord's gateway handshake and interaction routes together. It records everything the bot
// sends as typed records a test can await, and answers 400 for anything over Discord's limits.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayCloseCodes,
  GatewayIntentBits,
  GatewayOpcodes,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import type { APIEmbed, APIMessage, APIUser } from 'discord-api-types/v10';
import {
  allowedMentionsViolation,
  choiceIssues,
  commandIssues,
  describeIssue,
  formBodyErrors,
  messageIssues,
} from './discord-limits.ts';
import type { LimitIssue } from './discord-limits.ts';

// ---------------------------------------------------------------------------------------------
// Options and records

export interface FakeChannel {
  readonly id: string;
  readonly name: string;
  /** Defaults to a text channel. */
  readonly type?: ChannelType;
}

export interface FakeRole {
  readonly id: string;
  readonly name: string;
  readonly permissions: string;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly FakeChannel[];
  readonly roles: readonly FakeRole[];
}

export interface FakeDiscordOptions {
  /** The bot token the fake accepts (default 'fake-token'). */
  readonly token?: string;
  readonly appId?: string;
  readonly botUser?: { readonly id: string; readonly username: string };
  /** Guilds the bot is in; default: one guild with a #general text channel. */
  readonly guilds?: readonly FakeGuild[];
  /** HELLO's heartbeat interval (default 41250 as Discord). Small values exercise heartbeats. */
  readonly heartbeatIntervalMs?: number;
  /** Interaction callbacks later than this get 404 Unknown interaction (default 3000, as Discord). */
  readonly interactionDeadlineMs?: number;
  /** Privileged intents the application has enabled in the portal (default none). */
  readonly privilegedIntents?: number;
}

/** A message body as the bot sends it (interaction data, webhook or channel message). */
export interface SentMessageBody {
  readonly content?: string;
  readonly embeds?: APIEmbed[];
  readonly components?: { type: number; components: Record<string, unknown>[] }[];
  readonly flags?: number;
  readonly allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  readonly choices?: { name: string; value: string | number }[];
}

interface RecordBase {
  /** Order of arrival across all records. */
  readonly seq: number;
  /** HTTP status the fake answered (0 for gateway records). */
  readonly status: number;
  /** Why the fake refused the request with a 400 (empty when accepted). */
  readonly issues: readonly LimitIssue[];
  /** Project rules broken without Discord refusing (allowed_mentions, late callbacks). */
  readonly violations: readonly string[];
}

export interface IdentifyRecord extends RecordBase {
  readonly kind: 'identify';
  readonly token: string;
  readonly intents: number;
  readonly shard?: readonly [number, number];
  readonly compress: boolean;
}
export interface ResumeRecord extends RecordBase {
  readonly kind: 'resume';
  readonly sessionId: string;
  readonly seqResumed: number;
  readonly replayed: number;
}
export interface HeartbeatRecord extends RecordBase {
  readonly kind: 'heartbeat';
  readonly lastSeq: number | null;
}
export interface CallbackRecord extends RecordBase {
  readonly kind: 'callback';
  readonly interactionId: string;
  readonly type: InteractionResponseType;
  readonly data: SentMessageBody;
}
export interface WebhookRecord extends RecordBase {
  readonly kind: 'webhook';
  readonly method: 'GET' | 'PATCH' | 'DELETE' | 'POST';
  /** The interaction whose token was used, if known. */
  readonly interactionId?: string;
  /** '@original', a follow-up's id, or undefined for POST (new follow-up). */
  readonly messageId?: string;
  readonly body: SentMessageBody;
  /** For POST: the first follow-up after a deferral edits the loading message instead. */
  readonly editedOriginal?: boolean;
}
export interface ChannelMessageRecord extends RecordBase {
  readonly kind: 'channel-message';
  readonly channelId: string;
  readonly body: SentMessageBody;
}
export interface CommandsRecord extends RecordBase {
  readonly kind: 'commands';
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** 'global' or the guild id. */
  readonly scope: string;
  readonly body: unknown;
}
export interface RestRecord extends RecordBase {
  readonly kind: 'rest';
  readonly method: string;
  readonly path: string;
}

export type FakeRecord =
  | IdentifyRecord
  | ResumeRecord
  | HeartbeatRecord
  | CallbackRecord
  | WebhookRecord
  | ChannelMessageRecord
  | CommandsRecord
  | RestRecord;

type Distribute<T> = T extends FakeRecord ? Omit<T, 'seq'> : never;

/** What the bot's reply to an interaction looks like now (after callbacks and edits). */
export interface StoredMessage extends APIMessage {
  /** Set while a deferred ("thinking…") response has not been edited yet. */
  loading?: boolean;
  deleted?: boolean;
}

export interface Delivered {
  readonly id: string;
  readonly token: string;
}

export interface UserInput {
  readonly id: string;
  readonly username: string;
}

/** Where an interaction happens: a guild channel (default) or a DM. */
export type Place =
  | { readonly guildId?: string; readonly channelId?: string; readonly permissions?: string; readonly appPermissions?: string }
  | { readonly dm: true };

export type OptionInput = string | number | boolean | { readonly type: ApplicationCommandOptionType; readonly value: string | number | boolean };

export interface SlashInput {
  readonly name: string;
  readonly subcommandGroup?: string;
  readonly subcommand?: string;
  readonly options?: Readonly<Record<string, OptionInput>>;
  readonly user?: UserInput;
  readonly place?: Place;
}

export interface AutocompleteInput extends SlashInput {
  /** The option being typed (its value in `options`, or '' when absent). */
  readonly focused: string;
}

export interface ButtonInput {
  /** The message holding the button: a stored message (from a reply) or its id. */
  readonly message: StoredMessage | string;
  readonly customId: string;
  readonly user?: UserInput;
  readonly place?: Place;
}

export interface ContextMenuInput {
  readonly name: string;
  readonly target: { readonly content: string; readonly author?: UserInput; readonly id?: string };
  readonly user?: UserInput;
  readonly place?: Place;
}

export interface FakeDiscord {
  /** Base for `new Client({ rest: { api } })` and DISCORD_API_BASE: http://127.0.0.1:PORT/api */
  readonly apiBase: string;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly gatewayUrl: string;
  readonly port: number;
  readonly token: string;
  readonly appId: string;
  readonly botUser: APIUser;
  readonly guilds: readonly FakeGuild[];
  /** The default user who invokes commands. */
  readonly user: UserInput;
  /** Everything received, in order. */
  readonly records: readonly FakeRecord[];
  /** Every refusal and project-rule violation so far, readable ("data.content: Must be 2000 or fewer in length."). */
  readonly violations: readonly string[];
  /** Returns the violations so far and forgets them (for `afterEach` checks). */
  takeViolations(): string[];
  /** Messages the bot created or edited, by id. */
  readonly messages: ReadonlyMap<string, StoredMessage>;
  /** Registered commands: 'global' or a guild id -> definitions with ids. */
  commands(scope?: string): readonly Record<string, unknown>[];

  /** Resolves when a client has identified and received READY and every GUILD_CREATE. */
  waitForReady(timeoutMs?: number): Promise<IdentifyRecord>;
  /** The next unconsumed record matching `match` (already received or still to come). */
  next<K extends FakeRecord['kind']>(kind: K, match?: (r: Extract<FakeRecord, { kind: K }>) => boolean, timeoutMs?: number): Promise<Extract<FakeRecord, { kind: K }>>;
  nextCallback(interactionId: string, timeoutMs?: number): Promise<CallbackRecord>;
  nextWebhook(interactionId: string, timeoutMs?: number): Promise<WebhookRecord>;
  /** The message an interaction's response created or updated (`@original`). */
  original(interactionId: string): StoredMessage | undefined;

  sendSlashCommand(input: SlashInput): Delivered;
  sendAutocomplete(input: AutocompleteInput): Delivered;
  clickButton(input: ButtonInput): Delivered;
  sendMessageContextMenu(input: ContextMenuInput): Delivered;
  /** Sends any dispatch to the connected bot (queued for replay while it is disconnected). */
  dispatch(t: string, d: unknown): void;
  /** Closes the gateway socket, by default with 4000 (resumable: the client should RESUME). */
  disconnect(code?: number): Promise<void>;
  /** Number of currently open gateway sockets. */
  readonly connections: number;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;
const NOT_FOUND = { message: '404: Not Found', code: 0 };

interface Session {
  readonly id: string;
  seq: number;
  /** Every dispatch of this session, for replay on RESUME. */
  readonly log: { s: number; t: string; d: unknown }[];
  socket: WebSocket | undefined;
}

interface Interaction {
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

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = opts.token ?? 'fake-token';
  const appId = opts.appId ?? '1100000000000000001';
  const botUser: APIUser = {
    id: opts.botUser?.id ?? appId,
    username: opts.botUser?.username ?? 'Attaché',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };
  const defaultUser: UserInput = { id: '1200000000000000001', username: 'alice' };
  const guilds: readonly FakeGuild[] = opts.guilds ?? [
    {
      id: '1300000000000000001',
      name: 'Test Guild',
      channels: [{ id: '1300000000000000010', name: 'general' }],
      roles: [{ id: '1300000000000000001', name: '@everyone', permissions: '1071698660929' }],
    },
  ];
  const heartbeatInterval = opts.heartbeatIntervalMs ?? 41250;
  const deadlineMs = opts.interactionDeadlineMs ?? 3000;
  const privileged = opts.privilegedIntents ?? 0;

  let counter = 0n;
  // Snowflakes so discord.js derives sensible timestamps from ids.
  const snowflake = (): string => (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (counter++ & 0xfffn)).toString();

  const records: FakeRecord[] = [];
  const consumed = new Set<number>();
  const violations: string[] = [];
  const waiters = new Set<() => void>();
  const sessions = new Map<string, Session>();
  const interactions = new Map<string, Interaction>();
  const byToken = new Map<string, Interaction>();
  const messages = new Map<string, StoredMessage>();
  const registered = new Map<string, Record<string, unknown>[]>();
  let current: Session | undefined;
  let readyWaiters: ((r: IdentifyRecord) => void)[] = [];
  let lastReady: IdentifyRecord | undefined;

  function record<R extends FakeRecord>(r: Distribute<R>): R {
    const full = { ...r, seq: records.length } as unknown as R;
    records.push(full);
    const where = full.kind === 'callback' ? `callback ${full.type} for ${full.interactionId}` : full.kind === 'webhook' ? `webhook ${full.method} ${full.messageId ?? ''}` : full.kind;
    for (const issue of full.issues) violations.push(`${where}: ${describeIssue(issue)}`);
    for (const v of full.violations) violations.push(`${where}: ${v}`);
    for (const w of [...waiters]) w();
    return full;
  }

  // ------------------------------------------------------------------ gateway

  const server = http.createServer((req, res) => {
    handleRest(req, res).catch((error: unknown) => {
      send(res, 500, { message: `fake discord: ${String(error)}`, code: 0 });
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, new URL(req.url ?? '/', 'http://x')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  function sendOp(ws: WebSocket, payload: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    ws.send(JSON.stringify({ s: null, t: null, ...payload }));
  }

  function sendDispatch(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.log.push({ s, t, d });
    if (session.socket && session.socket.readyState === session.socket.OPEN) {
      sendOp(session.socket, { op: GatewayOpcodes.Dispatch, s, t, d });
    }
  }

  function onSocket(ws: WebSocket, reqUrl: URL): void {
    if (reqUrl.searchParams.get('compress') !== null || reqUrl.searchParams.get('encoding') === 'etf') {
      // The fake speaks uncompressed JSON only; a client asking for more would hang, so say so.
      ws.close(GatewayCloseCodes.DecodeError, 'fake discord: only encoding=json without compression');
      return;
    }
    let session: Session | undefined;
    sendOp(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatInterval } });
    ws.on('message', (raw) => {
      let payload: { op?: unknown; d?: unknown };
      try {
        payload = JSON.parse(String(raw)) as { op?: unknown; d?: unknown };
      } catch {
        ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
        return;
      }
      const d = (typeof payload.d === 'object' && payload.d !== null ? payload.d : {}) as Record<string, unknown>;
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          record<HeartbeatRecord>({ kind: 'heartbeat', lastSeq: typeof payload.d === 'number' ? payload.d : null, status: 0, issues: [], violations: [] });
          sendOp(ws, { op: GatewayOpcodes.HeartbeatAck, d: null });
          return;
        case GatewayOpcodes.Identify: {
          if (session) {
            ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
            return;
          }
          const intents = typeof d['intents'] === 'number' ? d['intents'] : 0;
          const shard = Array.isArray(d['shard']) ? (d['shard'] as [number, number]) : undefined;
          const rec = record<IdentifyRecord>({
            kind: 'identify',
            token: String(d['token']),
            intents,
            ...(shard ? { shard } : {}),
            compress: d['compress'] === true,
            status: 0,
            issues: [],
            violations: [],
          });
          if (d['token'] !== token) {
            ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
            return;
          }
          const privilegedAsked = intents & (GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent);
          if ((privilegedAsked & ~privileged) !== 0) {
            ws.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
            return;
          }
          session = { id: `session-${snowflake()}`, seq: 0, log: [], socket: ws };
          sessions.set(session.id, session);
          current = session;
          sendDispatch(session, 'READY', {
            v: 10,
            user: botUser,
            guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
            session_id: session.id,
            resume_gateway_url: gatewayUrl,
            shard: shard ?? [0, 1],
            application: { id: appId, flags: 0 },
            user_settings: {},
            relationships: [],
            private_channels: [],
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
          });
          for (const guild of guilds) sendDispatch(session, 'GUILD_CREATE', guildPayload(guild));
          lastReady = rec;
          const ws0 = readyWaiters;
          readyWaiters = [];
          for (const w of ws0) w(rec);
          return;
        }
        case GatewayOpcodes.Resume: {
          const known = sessions.get(String(d['session_id']));
          const seq = typeof d['seq'] === 'number' ? d['seq'] : -1;
          if (!known || d['token'] !== token) {
            record<ResumeRecord>({ kind: 'resume', sessionId: String(d['session_id']), seqResumed: seq, replayed: 0, status: 0, issues: [], violations: ['unknown session'] });
            sendOp(ws, { op: GatewayOpcodes.InvalidSession, d: false });
            return;
          }
          if (known.socket && known.socket !== ws) known.socket.terminate();
          session = known;
          session.socket = ws;
          current = session;
          // Discord replays what the client missed, then says RESUMED.
          const missed = session.log.filter((e) => e.s > seq);
          for (const e of missed) sendOp(ws, { op: GatewayOpcodes.Dispatch, s: e.s, t: e.t, d: e.d });
          sendDispatch(session, 'RESUMED', {});
          record<ResumeRecord>({ kind: 'resume', sessionId: session.id, seqResumed: seq, replayed: missed.length, status: 0, issues: [], violations: [] });
          return;
        }
        default:
          if (!session) ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
      }
    });
    ws.on('close', () => {
      if (session && session.socket === ws) session.socket = undefined;
    });
  }

  function guildPayload(guild: FakeGuild): Record<string, unknown> {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: defaultUser.id,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: guild.roles.map((r, i) => ({ id: r.id, name: r.name, permissions: r.permissions, position: i, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 })),
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [],
      channels: guild.channels.map((c, i) => ({ id: c.id, type: c.type ?? ChannelType.GuildText, name: c.name, position: i, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 })),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // ------------------------------------------------------------------ REST

  function send(res: http.ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  function invalidForm(res: http.ServerResponse, issues: readonly LimitIssue[]): void {
    send(res, 400, { message: 'Invalid Form Body', code: 50035, errors: formBodyErrors(issues) });
  }

  async function readBody(req: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length === 0) return undefined;
    const text = Buffer.concat(chunks).toString('utf8');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return { __unparsed: text };
    return JSON.parse(text) as unknown;
  }

  async function handleRest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', url);
    const method = req.method ?? 'GET';
    // discord.js encodes '@original' as %40original; decode each segment once.
    const parts = u.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
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
    if (p[0] === 'interactions' && p[3] === 'callback' && method === 'POST') return callback(res, p[1] ?? '', p[2] ?? '', body, u);
    if (p[0] === 'webhooks' && p[1] !== undefined && p[2] !== undefined) return webhook(res, method, p[1], p[2], p[3] === 'messages' ? p[4] : undefined, body);
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
        return ok(200, { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } });
      case 'GET /users/@me':
        return ok(200, botUser);
      case 'GET /applications/@me':
      case 'GET /oauth2/applications/@me':
        return ok(200, { id: appId, name: botUser.username, icon: null, description: '', bot_public: true, bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 0, bot: botUser, team: null, owner: { ...botUser, id: defaultUser.id, username: defaultUser.username, bot: false } });
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
      const issues = messageIssues(body, { isNew: true });
      const v = allowedMentionsViolation(body);
      record<ChannelMessageRecord>({ kind: 'channel-message', channelId, body: body as SentMessageBody, status: issues.length ? 400 : 200, issues, violations: v ? [v] : [] });
      if (issues.length) return invalidForm(res, issues);
      const msg = storeMessage({ channelId, body: body as SentMessageBody, type: MessageType.Default });
      return send(res, 200, msg);
    }
    ok(404, NOT_FOUND);
    violations.push(`unrouted: ${route}`);
  }

  function commandsRoute(res: http.ServerResponse, method: string, p: string[], body: unknown): void {
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
      return { ...cmd, type, id: previous?.['id'] ?? snowflake(), application_id: appId, version: snowflake(), ...(scope === 'global' ? {} : { guild_id: scope }), description: cmd['description'] ?? '' };
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
      registered.set(scope, list.filter((c) => c['id'] !== tail[0]));
      return send(res, 204);
    }
    send(res, 404, NOT_FOUND);
    violations.push(`unrouted: ${method} commands/${tail.join('/')}`);
  }

  function storeMessage(input: { channelId: string; body: SentMessageBody; type: MessageType; interaction?: Interaction; loading?: boolean; flags?: number }): StoredMessage {
    const msg: StoredMessage = {
      id: snowflake(),
      channel_id: input.channelId,
      author: botUser,
      content: input.body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: input.body.embeds ?? [],
      components: (input.body.components ?? []) as StoredMessage['components'],
      pinned: false,
      type: input.type,
      flags: (input.flags ?? input.body.flags ?? 0) | (input.loading ? MessageFlags.Loading : 0),
      ...(input.interaction
        ? {
            webhook_id: appId,
            application_id: appId,
            interaction_metadata: {
              id: input.interaction.id,
              type: input.interaction.type === InteractionType.MessageComponent ? InteractionType.MessageComponent : InteractionType.ApplicationCommand,
              user: input.interaction.user,
              authorizing_integration_owners: {},
            } as StoredMessage['interaction_metadata'],
          }
        : {}),
      ...(input.loading ? { loading: true } : {}),
    } as StoredMessage;
    messages.set(msg.id, msg);
    return msg;
  }

  function editMessage(msg: StoredMessage, body: SentMessageBody): StoredMessage {
    if (body.content !== undefined) msg.content = body.content;
    if (body.embeds !== undefined) msg.embeds = body.embeds;
    if (body.components !== undefined) msg.components = body.components as NonNullable<StoredMessage['components']>;
    // The ephemeral flag never changes on an edit; the loading state ends.
    msg.flags = (msg.flags ?? 0) & ~MessageFlags.Loading;
    delete msg.loading;
    msg.edited_timestamp = new Date().toISOString();
    return msg;
  }

  function publicMessage(msg: StoredMessage): APIMessage {
    const { loading: _loading, deleted: _deleted, ...rest } = msg;
    return rest;
  }

  function callback(res: http.ServerResponse, id: string, itoken: string, body: unknown, u: URL): void {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { type?: unknown; data?: unknown };
    const type = (typeof b.type === 'number' ? b.type : -1) as InteractionResponseType;
    const data = (typeof b.data === 'object' && b.data !== null ? b.data : {}) as SentMessageBody;
    const it = interactions.get(id);
    const base = { kind: 'callback' as const, interactionId: id, type, data };
    if (!it || it.token !== itoken) {
      record<CallbackRecord>({ ...base, status: 404, issues: [], violations: ['callback for an unknown interaction'] });
      return send(res, 404, { message: 'Unknown interaction', code: 10062 });
    }
    if (it.acked !== undefined) {
      record<CallbackRecord>({ ...base, status: 400, issues: [], violations: ['interaction already acknowledged'] });
      return send(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    }
    const late = Date.now() - it.deliveredAt;
    if (late > deadlineMs) {
      record<CallbackRecord>({ ...base, status: 404, issues: [], violations: [`callback ${late} ms after delivery (deadline ${deadlineMs} ms)`] });
      return send(res, 404, { message: 'Unknown interaction', code: 10062 });
    }
    const allowed: Record<number, readonly InteractionResponseType[]> = {
      [InteractionType.ApplicationCommand]: [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.Modal],
      [InteractionType.MessageComponent]: [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.DeferredMessageUpdate, InteractionResponseType.UpdateMessage, InteractionResponseType.Modal],
      [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
    };
    if (!(allowed[it.type] ?? []).includes(type)) {
      const issues: LimitIssue[] = [{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Response type ${type} is not valid for interaction type ${it.type}` }];
      record<CallbackRecord>({ ...base, status: 400, issues, violations: [] });
      return invalidForm(res, issues);
    }
    let issues: LimitIssue[] = [];
    const v: string[] = [];
    if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage) {
      issues = messageIssues(data, { isNew: type === InteractionResponseType.ChannelMessageWithSource }, ['data']);
      const am = allowedMentionsViolation(data);
      if (am) v.push(am);
    } else if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      issues = choiceIssues(data, ['data']);
    }
    const status = issues.length ? 400 : u.searchParams.get('with_response') === 'true' ? 200 : 204;
    record<CallbackRecord>({ ...base, status, issues, violations: v });
    if (issues.length) return invalidForm(res, issues);
    it.acked = type;

    let msg: StoredMessage | undefined;
    const componentMessageId = typeof it.raw['message'] === 'object' && it.raw['message'] !== null ? String((it.raw['message'] as { id: unknown }).id) : undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        msg = storeMessage({ channelId: it.channelId, body: data, type: messageTypeFor(it), interaction: it });
        it.originalId = msg.id;
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        msg = storeMessage({ channelId: it.channelId, body: {}, type: messageTypeFor(it), interaction: it, loading: true, flags: data.flags ?? 0 });
        it.originalId = msg.id;
        break;
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage:
        if (componentMessageId !== undefined) {
          it.originalId = componentMessageId;
          const existing = messages.get(componentMessageId);
          if (existing && type === InteractionResponseType.UpdateMessage) msg = editMessage(existing, data);
        }
        break;
    }
    if (status === 204) return send(res, 204);
    send(res, 200, {
      interaction: { id: it.id, type: it.type, response_message_id: msg?.id, response_message_loading: msg?.loading ?? false, response_message_ephemeral: ((msg?.flags ?? 0) & MessageFlags.Ephemeral) !== 0 },
      ...(msg ? { resource: { type, message: publicMessage(msg) } } : { resource: { type } }),
    });
  }

  function messageTypeFor(it: Interaction): MessageType {
    if (it.type !== InteractionType.ApplicationCommand) return MessageType.Default;
    const data = it.raw['data'] as { type?: unknown };
    return data.type === ApplicationCommandType.ChatInput ? MessageType.ChatInputCommand : MessageType.ContextMenuCommand;
  }

  function webhook(res: http.ServerResponse, method: string, app: string, wtoken: string, messageId: string | undefined, body: unknown): void {
    const it = byToken.get(wtoken);
    const b = (body ?? {}) as SentMessageBody;
    const base = { kind: 'webhook' as const, method: method as WebhookRecord['method'], ...(it ? { interactionId: it.id } : {}), ...(messageId !== undefined ? { messageId } : {}), body: b };
    if (app !== appId || !it) {
      record<WebhookRecord>({ ...base, status: 404, issues: [], violations: ['unknown webhook'] });
      return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
    }
    if (it.acked === undefined || it.acked === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      record<WebhookRecord>({ ...base, status: 404, issues: [], violations: ['webhook used before the interaction was acknowledged'] });
      return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
    }
    if (method === 'POST' && messageId === undefined) {
      const issues = messageIssues(body, { isNew: true });
      const am = allowedMentionsViolation(body);
      const original = it.originalId ? messages.get(it.originalId) : undefined;
      // Discord: the first follow-up after a deferral edits the loading message and keeps its
      // ephemerality, whatever flags the follow-up asks for.
      const editsOriginal = original?.loading === true && !original.deleted;
      record<WebhookRecord>({ ...base, status: issues.length ? 400 : 200, issues, violations: am ? [am] : [], editedOriginal: editsOriginal });
      if (issues.length) return invalidForm(res, issues);
      const msg = editsOriginal && original ? editMessage(original, b) : storeMessage({ channelId: it.channelId, body: b, type: MessageType.Default, interaction: it });
      return send(res, 200, publicMessage(msg));
    }
    if (messageId === undefined) {
      record<WebhookRecord>({ ...base, status: 404, issues: [], violations: [`unrouted webhook ${method}`] });
      return send(res, 404, NOT_FOUND);
    }
    const id = messageId === '@original' ? it.originalId : messageId;
    const msg = id !== undefined ? messages.get(id) : undefined;
    if (!msg || msg.deleted) {
      record<WebhookRecord>({ ...base, status: 404, issues: [], violations: [] });
      return send(res, 404, { message: 'Unknown Message', code: 10008 });
    }
    switch (method) {
      case 'GET':
        record<WebhookRecord>({ ...base, status: 200, issues: [], violations: [] });
        return send(res, 200, publicMessage(msg));
      case 'DELETE':
        record<WebhookRecord>({ ...base, status: 204, issues: [], violations: [] });
        msg.deleted = true;
        return send(res, 204);
      case 'PATCH': {
        const issues = messageIssues(body, { isNew: false });
        const am = allowedMentionsViolation(body);
        record<WebhookRecord>({ ...base, status: issues.length ? 400 : 200, issues, violations: am ? [am] : [] });
        if (issues.length) return invalidForm(res, issues);
        return send(res, 200, publicMessage(editMessage(msg, b)));
      }
    }
    record<WebhookRecord>({ ...base, status: 405, issues: [], violations: [] });
    send(res, 405, { message: '405: Method Not Allowed', code: 0 });
  }

  // ------------------------------------------------------------------ delivering interactions

  function apiUser(u: UserInput | undefined): APIUser {
    const user = u ?? defaultUser;
    return { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null };
  }

  function deliver(type: InteractionType, data: Record<string, unknown>, userInput: UserInput | undefined, place: Place | undefined, extra: Record<string, unknown> = {}): Delivered {
    const id = snowflake();
    const itoken = `itoken-${id}`;
    const user = apiUser(userInput);
    let where: Record<string, unknown>;
    let channelId: string;
    if (place && 'dm' in place) {
      channelId = `9${user.id.slice(1)}`;
      where = {
        channel_id: channelId,
        channel: { id: channelId, type: ChannelType.DM, recipients: [user], last_message_id: null, flags: 0 },
        user,
        app_permissions: '0',
        context: 1,
        authorizing_integration_owners: {},
      };
    } else {
      const guild = guilds.find((g) => g.id === (place?.guildId ?? guilds[0]?.id));
      if (!guild) throw new Error(`fake discord: no guild ${place?.guildId ?? '(none configured)'}`);
      const channel = guild.channels.find((c) => c.id === (place?.channelId ?? guild.channels[0]?.id));
      if (!channel) throw new Error(`fake discord: no channel ${place?.channelId ?? '(none)'} in guild ${guild.id}`);
      channelId = channel.id;
      where = {
        guild_id: guild.id,
        guild: { id: guild.id, locale: 'en-US', features: [] },
        guild_locale: 'en-US',
        channel_id: channel.id,
        channel: { id: channel.id, type: channel.type ?? ChannelType.GuildText, name: channel.name, guild_id: guild.id, position: 0, permission_overwrites: [], parent_id: null, nsfw: false, flags: 0 },
        member: {
          user,
          roles: [],
          permissions: place?.permissions ?? '1071698660929',
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
          nick: null,
          avatar: null,
          premium_since: null,
          pending: false,
        },
        app_permissions: place?.appPermissions ?? '1071698660929',
        context: 0,
        authorizing_integration_owners: { '0': guild.id },
      };
    }
    const raw: Record<string, unknown> = {
      id,
      application_id: appId,
      type,
      data,
      token: itoken,
      version: 1,
      locale: 'en-US',
      // discord.js drops an INTERACTION_CREATE without these two (DESIGN.md).
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...where,
      ...extra,
    };
    const it: Interaction = { id, token: itoken, type, raw, deliveredAt: Date.now(), channelId, user };
    interactions.set(id, it);
    byToken.set(itoken, it);
    dispatch('INTERACTION_CREATE', raw);
    return { id, token: itoken };
  }

  function dispatch(t: string, d: unknown): void {
    if (!current) throw new Error('fake discord: no gateway session yet (await fake.waitForReady() first)');
    sendDispatch(current, t, d);
  }

  function findCommand(name: string, type: ApplicationCommandType, guildId: string | undefined): Record<string, unknown> | undefined {
    const scopes = guildId ? [guildId, 'global'] : ['global'];
    for (const scope of scopes) {
      const found = registered.get(scope)?.find((c) => c['name'] === name && c['type'] === type);
      if (found) return found;
    }
    return undefined;
  }

  function guildOf(place: Place | undefined): string | undefined {
    if (place && 'dm' in place) return undefined;
    return place?.guildId ?? guilds[0]?.id;
  }

  /** Option type from the registered definition when there is one, else from the JS value. */
  function commandData(input: SlashInput, focused?: string): Record<string, unknown> {
    const guildId = guildOf(input.place);
    const registeredCmd = findCommand(input.name, ApplicationCommandType.ChatInput, guildId);
    let defs = (registeredCmd?.['options'] ?? []) as Record<string, unknown>[];
    const path: { name: string; type: ApplicationCommandOptionType }[] = [];
    if (input.subcommandGroup !== undefined) path.push({ name: input.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup });
    if (input.subcommand !== undefined) path.push({ name: input.subcommand, type: ApplicationCommandOptionType.Subcommand });
    for (const step of path) defs = (defs.find((d) => d['name'] === step.name)?.['options'] ?? []) as Record<string, unknown>[];

    const resolvedChannels: Record<string, unknown> = {};
    const entries = Object.entries(input.options ?? {});
    if (focused !== undefined && !entries.some(([n]) => n === focused)) entries.push([focused, '']);
    let leaves: Record<string, unknown>[] = entries.map(([name, given]) => {
      const def = defs.find((d) => d['name'] === name);
      const value = typeof given === 'object' ? given.value : given;
      let type: ApplicationCommandOptionType;
      if (typeof given === 'object') type = given.type;
      else if (typeof def?.['type'] === 'number') type = def['type'] as ApplicationCommandOptionType;
      else if (typeof value === 'boolean') type = ApplicationCommandOptionType.Boolean;
      else if (typeof value === 'number') type = Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
      else type = ApplicationCommandOptionType.String;
      if (type === ApplicationCommandOptionType.Channel) {
        for (const g of guilds) {
          const c = g.channels.find((ch) => ch.id === value);
          if (c) resolvedChannels[c.id] = { id: c.id, name: c.name, type: c.type ?? ChannelType.GuildText, permissions: '1071698660929', guild_id: g.id };
        }
      }
      return { name, type, value, ...(name === focused ? { focused: true } : {}) };
    });
    for (const step of [...path].reverse()) leaves = [{ name: step.name, type: step.type, options: leaves }];
    return {
      id: registeredCmd?.['id'] ?? snowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      ...(leaves.length ? { options: leaves } : {}),
      ...(Object.keys(resolvedChannels).length ? { resolved: { channels: resolvedChannels } } : {}),
      ...(registeredCmd?.['guild_id'] ? { guild_id: registeredCmd['guild_id'] } : {}),
    };
  }

  const fake: FakeDiscord = {
    apiBase: `${url}/api`,
    url,
    gatewayUrl,
    port,
    token,
    appId,
    botUser,
    guilds,
    user: defaultUser,
    records,
    violations,
    takeViolations: () => violations.splice(0, violations.length),
    messages,
    commands: (scope = 'global') => registered.get(scope) ?? [],

    waitForReady(timeoutMs = 10_000) {
      if (lastReady && current?.socket) return Promise.resolve(lastReady);
      return withTimeout(new Promise<IdentifyRecord>((resolve) => readyWaiters.push(resolve)), timeoutMs, 'READY (no client identified)');
    },

    next(kind, match, timeoutMs = 10_000) {
      type R = Extract<FakeRecord, { kind: typeof kind }>;
      const find = (): R | undefined =>
        records.find((r): r is R => r.kind === kind && !consumed.has(r.seq) && (match === undefined || match(r as R)));
      let check: () => void = () => undefined;
      const found = new Promise<R>((resolve) => {
        check = (): void => {
          const r = find();
          if (r === undefined) return;
          consumed.add(r.seq);
          waiters.delete(check);
          resolve(r);
        };
        waiters.add(check);
        check();
      });
      const describe = (): string =>
        `records so far: ${records.filter((r) => r.kind !== 'heartbeat').map((r) => `${r.kind}${'type' in r ? ` ${String(r.type)}` : ''}${'method' in r ? ` ${r.method}` : ''} ${r.status}`).join(', ')}`;
      // A waiter that timed out must not consume a record that arrives later.
      return withTimeout(found, timeoutMs, `a ${kind} record`, describe).finally(() => waiters.delete(check));
    },
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

    sendSlashCommand(input) {
      return deliver(InteractionType.ApplicationCommand, commandData(input), input.user, input.place);
    },
    sendAutocomplete(input) {
      return deliver(InteractionType.ApplicationCommandAutocomplete, commandData(input, input.focused), input.user, input.place);
    },
    clickButton(input) {
      const msg = typeof input.message === 'string' ? messages.get(input.message) : input.message;
      if (!msg) throw new Error(`fake discord: no stored message ${String(input.message)}`);
      const exists = (msg.components ?? []).some((row) =>
        'components' in row && (row.components as { custom_id?: string }[]).some((c) => c.custom_id === input.customId),
      );
      // A user can only click a button that is on the message.
      if (!exists) throw new Error(`fake discord: message ${msg.id} has no button ${input.customId}`);
      return deliver(InteractionType.MessageComponent, { custom_id: input.customId, component_type: ComponentType.Button }, input.user, input.place, { message: publicMessage(msg) });
    },
    sendMessageContextMenu(input) {
      const targetId = input.target.id ?? snowflake();
      const guildId = guildOf(input.place);
      const channelId = input.place && 'dm' in input.place ? undefined : (input.place?.channelId ?? guilds.find((g) => g.id === guildId)?.channels[0]?.id);
      const registeredCmd = findCommand(input.name, ApplicationCommandType.Message, guildId);
      const target: APIMessage = {
        id: targetId,
        channel_id: channelId ?? '0',
        author: apiUser(input.target.author ?? { id: '1200000000000000002', username: 'bob' }),
        content: input.target.content,
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: [],
        pinned: false,
        type: MessageType.Default,
        components: [],
      };
      return deliver(
        InteractionType.ApplicationCommand,
        { id: registeredCmd?.['id'] ?? snowflake(), name: input.name, type: ApplicationCommandType.Message, target_id: targetId, resolved: { messages: { [targetId]: target } } },
        input.user,
        input.place,
      );
    },
    dispatch,

    async disconnect(code = 4000) {
      const socket = current?.socket;
      if (!socket) throw new Error('fake discord: no open gateway socket');
      const closed = once(socket, 'close');
      socket.close(code, 'fake discord: closing as asked by the test');
      await closed;
    },
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

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, detail?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`fake discord: timed out after ${ms} ms waiting for ${what}${detail ? `; ${detail()}` : ''}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

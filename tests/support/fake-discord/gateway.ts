// The fake gateway: a JSON (uncompressed) WebSocket speaking Discord's handshake (HELLO, IDENTIFY,
// READY and GUILD_CREATE, heartbeats, RESUME with replay) and sending dispatches to the bot.
// Sharded as Discord is: each IDENTIFY names [shard id, count], a shard hears only its guilds'
// events ((guild_id >> 22) % count; DMs go to shard 0), and IDENTIFYs faster than one per bucket
// per window get op 9.
import { ChannelType, GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import type { WebSocket } from 'ws';
import { type FakeState, type Session, shardOfGuild } from './state.ts';
import type { FakeGuild, HeartbeatRecord, IdentifyRecord, ResumeRecord } from './types.ts';

export interface Gateway {
  onSocket(ws: WebSocket, reqUrl: URL): void;
  /** Sends any dispatch to the current session (queued for replay while it is disconnected). */
  dispatch(t: string, d: unknown): void;
}

export function createGateway(state: FakeState): Gateway {
  const { token, appId, botUser, defaultUser, guilds, heartbeatInterval, privileged, gatewayUrl, sessions } = state;
  const { record, snowflake } = state;

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
          const shard = validShard(d['shard']);
          const bucket = (shard?.[0] ?? 0) % state.maxConcurrency;
          const usedAt = state.bucketUsedAt.get(bucket);
          // Discord allows max_concurrency IDENTIFYs per 5 s, one per bucket: a faster one is refused.
          const tooSoon = state.identifyWindowMs > 0 && usedAt !== undefined && Date.now() - usedAt < state.identifyWindowMs;
          const rec = record<IdentifyRecord>({
            kind: 'identify',
            token: String(d['token']),
            intents,
            ...(shard ? { shard } : {}),
            compress: d['compress'] === true,
            ...(tooSoon && d['token'] === token ? { refused: `bucket ${bucket} identified ${Date.now() - (usedAt ?? 0)} ms ago (window ${state.identifyWindowMs} ms)` } : {}),
            status: 0,
            issues: [],
            violations: d['shard'] !== undefined && !shard ? [`invalid shard ${JSON.stringify(d['shard'])}`] : [],
          });
          if (d['token'] !== token) {
            ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
            return;
          }
          if (d['shard'] !== undefined && !shard) {
            ws.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
            return;
          }
          const privilegedAsked = intents & (GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent);
          if ((privilegedAsked & ~privileged) !== 0) {
            ws.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
            return;
          }
          const [shardId, shardCount] = shard ?? [0, 1];
          // A shard hears only about its own guilds.
          const own = guilds.filter((g) => shardOfGuild(g.id, shardCount) === shardId);
          if (own.length > state.maxGuildsPerShard) {
            ws.close(GatewayCloseCodes.ShardingRequired, 'Sharding required.');
            return;
          }
          if (tooSoon) {
            // Not resumable (d: false): the client must wait and IDENTIFY again.
            sendOp(ws, { op: GatewayOpcodes.InvalidSession, d: false });
            return;
          }
          state.bucketUsedAt.set(bucket, Date.now());
          state.sessionStartsLeft -= 1;
          session = { id: `session-${snowflake()}`, shard: [shardId, shardCount], seq: 0, log: [], socket: ws };
          sessions.set(session.id, session);
          state.byShard.set(shardId, session);
          state.current = session;
          sendDispatch(session, 'READY', {
            v: 10,
            user: botUser,
            guilds: own.map((g) => ({ id: g.id, unavailable: true })),
            session_id: session.id,
            resume_gateway_url: gatewayUrl,
            shard: [shardId, shardCount],
            application: { id: appId, flags: 0 },
            user_settings: {},
            relationships: [],
            private_channels: [],
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
          });
          for (const guild of own) sendDispatch(session, 'GUILD_CREATE', guildPayload(guild));
          state.lastReady = rec;
          const ws0 = state.readyWaiters;
          state.readyWaiters = [];
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
          state.current = session;
          state.byShard.set(session.shard[0], session);
          // Discord replays what the client missed, then says RESUMED.
          const missed = session.log.filter((e) => e.s > seq);
          for (const e of missed) sendOp(ws, { op: GatewayOpcodes.Dispatch, s: e.s, t: e.t, d: e.d });
          sendDispatch(session, 'RESUMED', {});
          record<ResumeRecord>({ kind: 'resume', sessionId: session.id, seqResumed: seq, replayed: missed.length, shard: session.shard, status: 0, issues: [], violations: [] });
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

  /** [id, count] when IDENTIFY's `shard` is well formed (0 <= id < count), else undefined. */
  function validShard(value: unknown): [number, number] | undefined {
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [id, count] = value as unknown[];
    if (!Number.isInteger(id) || !Number.isInteger(count)) return undefined;
    return (id as number) >= 0 && (count as number) > (id as number) ? [id as number, count as number] : undefined;
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
      channels: guild.channels.map((c, i) => ({
        id: c.id,
        type: c.type ?? ChannelType.GuildText,
        name: c.name,
        position: i,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      })),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** The shard a dispatch goes to: its guild's (by Discord's formula), shard 0 for DMs. */
  function shardFor(t: string, d: unknown): number {
    const count = state.current?.shard[1] ?? 1;
    const body = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    const guildId = typeof body['guild_id'] === 'string' ? body['guild_id'] : t.startsWith('GUILD_') && typeof body['id'] === 'string' ? body['id'] : undefined;
    return guildId === undefined ? 0 : shardOfGuild(guildId, count);
  }

  function dispatch(t: string, d: unknown): void {
    if (!state.current) throw new Error('fake discord: no gateway session yet (await fake.waitForReady() first)');
    const shardId = shardFor(t, d);
    const session = state.byShard.get(shardId);
    if (!session) throw new Error(`fake discord: no session for shard ${shardId} of ${state.current.shard[1]} (is that shard running?)`);
    sendDispatch(session, t, d);
  }

  return { onSocket, dispatch };
}

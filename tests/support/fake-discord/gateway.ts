// The fake gateway: a JSON (uncompressed) WebSocket speaking Discord's handshake (HELLO, IDENTIFY,
// READY and GUILD_CREATE, heartbeats, RESUME with replay) and sending dispatches to the bot.
import { ChannelType, GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import type { WebSocket } from 'ws';
import type { FakeState, Session } from './state.ts';
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
          state.current = session;
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

  function dispatch(t: string, d: unknown): void {
    if (!state.current) throw new Error('fake discord: no gateway session yet (await fake.waitForReady() first)');
    sendDispatch(state.current, t, d);
  }

  return { onSocket, dispatch };
}

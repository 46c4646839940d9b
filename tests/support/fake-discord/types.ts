// The fake Discord's public shapes: its options, the records it keeps of what the bot sent, the
// inputs a test gives it to act as a user, and the handle a test holds.
import type { ApplicationCommandOptionType, ChannelType, InteractionResponseType } from 'discord-api-types/v10';
import type { APIEmbed, APIMessage, APIUser } from 'discord-api-types/v10';
import type { LimitIssue } from '../discord-limits.ts';

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
  /** `shards` in GET /gateway/bot: a number, or computed from the guild count (default 1). */
  readonly recommendedShards?: number | ((guildCount: number) => number);
  /** `session_start_limit.max_concurrency` in GET /gateway/bot (default 1). */
  readonly maxConcurrency?: number;
  /**
   * An IDENTIFY into a bucket (shard id % max_concurrency) that accepted one less than this long
   * ago gets op 9 Invalid Session, as Discord does with 5000. Default 0: not enforced, so tests
   * that start one client after another need not wait.
   */
  readonly identifyWindowMs?: number;
  /** A shard that would hold more guilds than this is closed with 4011 Sharding required (Discord: 2,500). */
  readonly maxGuildsPerShard?: number;
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
  /** Why the fake answered op 9 Invalid Session instead of READY (the bucket was used too recently). */
  readonly refused?: string;
}
export interface ResumeRecord extends RecordBase {
  readonly kind: 'resume';
  readonly sessionId: string;
  readonly seqResumed: number;
  readonly replayed: number;
  /** [shard id, shard count] of the resumed session. */
  readonly shard?: readonly [number, number];
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
  /** A create repeated with the same nonce (enforce_nonce): Discord returned this earlier message instead. */
  readonly repeatOf?: string;
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

export type FakeRecord = IdentifyRecord | ResumeRecord | HeartbeatRecord | CallbackRecord | WebhookRecord | ChannelMessageRecord | CommandsRecord | RestRecord;

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
export type Place = { readonly guildId?: string; readonly channelId?: string; readonly permissions?: string; readonly appPermissions?: string } | { readonly dm: true };

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
  /**
   * Makes message creates in a channel fail as Discord would (403 with code 50013 for a missing
   * permission, 404 with 10003 for a deleted channel, 500); undefined lifts it. Recorded as usual.
   */
  refuseChannel(channelId: string, failure: { status: number; code: number; message: string } | undefined): void;
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
  /**
   * Closes a gateway socket, by default with 4000 (resumable: the client should RESUME): the
   * given shard's, or the most recently identified one's.
   */
  disconnect(code?: number, shardId?: number): Promise<void>;
  /** The shard that a guild's events and interactions go to, with the current shard count. */
  shardOf(guildId: string): number;
  /** Live sessions by shard id: [id, count] and whether their socket is open. */
  shards(): { readonly id: number; readonly count: number; readonly connected: boolean }[];
  /** Number of currently open gateway sockets. */
  readonly connections: number;
  close(): Promise<void>;
}

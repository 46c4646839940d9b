// The discord.js gateway adapter: logs in with intents Guilds only, turns each interaction into
// an Invocation, asks `handle` for a Reply and sends it, deferring first when the answer is slow
// (Discord drops an interaction not answered within 3 s). It only translates; it never decides.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Client, Events, GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits } from 'discord.js';
import type {
  AutocompleteInteraction,
  BaseMessageOptions,
  ButtonInteraction,
  ChatInputCommandInteraction,
  GatewayDispatchPayload,
  Interaction,
  InteractionReplyOptions,
  MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { APIInteraction, APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type pino from 'pino';
import { invocationFromApi } from '../app/from-api.ts';
import type { OpsMetrics } from '../app/metrics.ts';
import type { Invocation, MessagePayload, Reply } from '../contract/interaction.ts';
import { failureReply, messageBody, NO_MENTIONS, replacementBody } from '../app/replies.ts';
import { deadlineQueue, type DeadlineQueue } from './deadline.ts';
import { fetchGatewayBot, resolveShards, ShardPlanError, type ShardPlan, type ShardSet } from './shards.ts';

export interface GatewayOptions {
  readonly token: string;
  /** REST base such as http://127.0.0.1:PORT/api (discord.js appends /v10). Default: Discord's. */
  readonly apiBase?: string;
  readonly handle: (inv: Invocation) => Promise<Reply>;
  readonly log: pino.Logger;
  /** Defer when `handle` has not answered after this long (default 2000, inside Discord's 3 s). */
  readonly deferAfterMs?: number;
  /** Defer before the handler runs when its answer is predicted later than this (default 1500; see deadline.ts). */
  readonly budgetMs?: number;
  /** SHARD_COUNT and SHARD_IDS (default: one shard). All run in this process (discord.js internal sharding). */
  readonly shards?: ShardPlan;
  /** Told each shard's state as it changes, and asked for heartbeat round trips at each scrape (`/metrics`). */
  readonly metrics?: Pick<OpsMetrics, 'shardStatus' | 'shardPings'>;
}

export interface GatewayBot {
  readonly client: Client;
  /**
   * Resolves when Discord closed the gateway for good (the token was reset, intents were revoked):
   * discord.js will not reconnect, so the process should exit and let its supervisor see why.
   */
  readonly lost: Promise<Error>;
  /** Stops taking interactions, finishes the replies in flight, then destroys the client. */
  stop(): Promise<void>;
}

type Handled = ChatInputCommandInteraction | AutocompleteInteraction | ButtonInteraction | MessageContextMenuCommandInteraction;

/** Interactions whose raw JSON has not been claimed yet; far more than can arrive in one tick. */
const MAX_PENDING_RAW = 1000;
const rawOf = new WeakMap<Interaction, APIInteraction>();

export async function startGateway(opts: GatewayOptions): Promise<GatewayBot> {
  const log = opts.log;
  const deferAfterMs = opts.deferAfterMs ?? 2000;
  let shards: ShardSet;
  try {
    shards = await resolveShards(opts.shards ?? { count: 1 }, fetchGatewayBot(opts.token, opts.apiBase));
  } catch (error) {
    throw loginError(error, opts.token);
  }
  if (shards.gateway) log.info({ shardCount: shards.count, ...shards.gateway }, `Discord recommends ${shards.count} shard${shards.count === 1 ? '' : 's'}`);
  // discord.js's WebSocketManager throttles IDENTIFY by the max_concurrency it reads from
  // GET /gateway/bot (one per bucket per 5 s), within this process.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    shards: [...shards.ids],
    shardCount: shards.count,
    ...(opts.apiBase !== undefined ? { rest: { api: opts.apiBase } } : {}),
  });

  client.on(Events.Debug, (message) => {
    // discord.js logs a censored token on login; even that stays out of our logs.
    if (message.startsWith('Provided token')) return;
    log.trace({ discord: scrub(message, opts.token) }, 'discord.js debug');
  });
  client.on(Events.Warn, (message) => log.warn({ discord: scrub(message, opts.token) }, 'discord.js warning'));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord.js error'));
  let markLost: (error: Error) => void = () => undefined;
  const lost = new Promise<Error>((resolve) => (markLost = resolve));
  // discord.js emits this only for close codes it will not reconnect after.
  const status = (shard: number, state: string): void => opts.metrics?.shardStatus(shard, state);
  for (const id of shards.ids) status(id, 'connecting');
  opts.metrics?.shardPings(() => new Map([...client.ws.shards.values()].map((s) => [s.id, s.ping])));
  client.on(Events.ShardDisconnect, (event, shard) => {
    log.error({ code: event.code, shard }, 'gateway disconnected for good');
    status(shard, 'dead');
    markLost(closeError(event.code));
  });
  client.on(Events.ShardReconnecting, (shard) => {
    log.info({ shard }, 'gateway reconnecting');
    status(shard, 'reconnecting');
  });
  client.on(Events.ShardResume, (shard, replayed) => {
    log.info({ shard, replayed }, 'gateway resumed');
    status(shard, 'ready');
  });
  client.on(Events.ShardReady, (shard) => {
    log.info({ shard, shardCount: shards.count }, 'shard ready');
    status(shard, 'ready');
  });
  client.on(Events.ShardError, (error, shard) => log.warn({ err: error, shard }, 'shard error'));

  // The interaction JSON as Discord sent it, kept until discord.js emits the interaction (the
  // 'raw' event comes first, in the same tick): both doors translate it with invocationFromApi.
  const pendingRaw = new Map<string, APIInteraction>();
  client.on(Events.Raw, (packet: GatewayDispatchPayload) => {
    if (packet.t !== GatewayDispatchEvents.InteractionCreate) return;
    pendingRaw.set(packet.d.id, packet.d);
    // discord.js drops some interactions (components in non-text channels): forget the oldest.
    if (pendingRaw.size > MAX_PENDING_RAW) pendingRaw.delete(pendingRaw.keys().next().value as string);
  });

  const inFlight = new Set<Promise<void>>();
  // Handlers run one per event-loop turn, deferred first when they would answer too late.
  const queue = deadlineQueue({ budgetMs: Math.min(opts.budgetMs ?? 1500, deferAfterMs), now: Date.now });
  let stopping = false;
  const onInteraction = (interaction: Interaction): void => {
    const raw = pendingRaw.get(interaction.id);
    pendingRaw.delete(interaction.id);
    if (raw !== undefined) rawOf.set(interaction, raw);
    if (stopping) return;
    const work = answer(interaction, { handle: opts.handle, deferAfterMs, log, queue, arrivedAt: queue.arrivedAt() }).catch((error: unknown) => {
      log.error({ err: error, interactionId: interaction.id }, 'interaction could not be answered');
    });
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, onInteraction);

  const readyAbort = new AbortController();
  const ready = once(client, Events.ClientReady, { signal: readyAbort.signal });
  ready.catch(() => undefined); // aborted when login fails; that error is the one we report
  const started = Date.now();
  try {
    await client.login(opts.token);
    await ready;
  } catch (error) {
    readyAbort.abort();
    await client.destroy().catch(() => undefined);
    throw loginError(error, opts.token);
  }
  log.info({ user: client.user?.tag, userId: client.user?.id, guilds: client.guilds.cache.size, shards: shards.ids, shardCount: shards.count, ms: Date.now() - started }, 'connected to Discord');

  return {
    client,
    lost,
    async stop() {
      stopping = true;
      client.off(Events.InteractionCreate, onInteraction);
      await Promise.allSettled([...inFlight]);
      await client.destroy();
      log.info('disconnected from Discord');
    },
  };
}

/** One line, no stack, no token: what a user starting the bot needs to read. */
export function loginError(error: unknown, token: string): Error {
  if (error instanceof ShardPlanError) return error;
  const e = error as { code?: unknown; status?: unknown; message?: unknown };
  if (e.code === 'TokenInvalid' || e.status === 401) return new Error('Discord rejected the token (401): check DISCORD_TOKEN');
  if (e.message === 'Authentication failed') return new Error('Discord rejected the token (4004): check DISCORD_TOKEN');
  // @discordjs/ws's words for close codes 4011 and 4010 during login.
  if (e.message === 'Sharding is required') return closeError(GatewayCloseCodes.ShardingRequired);
  if (e.message === 'Invalid shard') return closeError(GatewayCloseCodes.InvalidShard);
  const message = typeof e.message === 'string' ? e.message : String(error);
  return new Error(`Could not connect to Discord: ${scrub(message, token).split('\n')[0] ?? ''}`);
}

/** Why the gateway will not come back, in one line for whoever runs the bot. */
function closeError(code: number): Error {
  if (code === GatewayCloseCodes.AuthenticationFailed) return new Error('Discord closed the connection: the token is no longer valid (4004); check DISCORD_TOKEN');
  if (code === GatewayCloseCodes.DisallowedIntents) return new Error('Discord closed the connection: intents not allowed for this application (4014)');
  if (code === GatewayCloseCodes.ShardingRequired) return new Error('Discord closed the connection: this bot is in too many servers for one shard (4011); set SHARD_COUNT=auto');
  if (code === GatewayCloseCodes.InvalidShard) return new Error('Discord closed the connection: invalid shard (4010); check SHARD_COUNT and SHARD_IDS');
  return new Error(`Discord closed the connection for good (close code ${code})`);
}

function scrub(text: string, token: string): string {
  return token.length > 0 ? text.split(token).join('[token]') : text;
}

// ---------------------------------------------------------------------------------------------

interface AnswerContext {
  readonly handle: GatewayOptions['handle'];
  readonly deferAfterMs: number;
  readonly log: pino.Logger;
  readonly queue: DeadlineQueue;
  readonly arrivedAt: number;
}

async function answer(interaction: Interaction, { handle, deferAfterMs, log, queue, arrivedAt }: AnswerContext): Promise<void> {
  if (!isHandled(interaction)) {
    log.debug({ interactionId: interaction.id, type: interaction.type }, 'ignored interaction');
    return;
  }
  const inv = toInvocation(interaction);
  const started = Date.now();
  const isAutocomplete = interaction.isAutocomplete();
  let deferral: Promise<unknown> | undefined;
  const deferNow = (): Promise<unknown> => {
    if (deferral === undefined && !interaction.isAutocomplete()) {
      const sending: Promise<unknown> = interaction.isButton() ? interaction.deferUpdate() : interaction.deferReply();
      deferral = sending;
      sending.catch((error: unknown) => log.warn({ err: error, interactionId: inv.id }, 'defer failed'));
      log.debug({ interactionId: inv.id, name: inv.name, firstResponseMs: Date.now() - arrivedAt, queued: queue.depth }, 'deferred');
    }
    return deferral ?? Promise.resolve();
  };
  // Autocomplete cannot be deferred: it goes first and answers when it can.
  const outcome = queue.submit({
    key: `${inv.kind}:${inv.name}`,
    arrivedAt,
    urgent: isAutocomplete,
    ...(!isAutocomplete && { defer: () => deferNow().then(() => undefined) }),
    work: () =>
      handle(inv).then(
        (reply) => ({ ok: true as const, reply }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
  });
  // A handler that waits (not blocks) past `deferAfterMs` is deferred by this timer.
  const timer = isAutocomplete ? undefined : setTimeout(() => void deferNow(), deferAfterMs);
  const result = await outcome;
  clearTimeout(timer);
  if (deferral) await deferral.catch(() => undefined);
  // A reply is a REST call that needs a few loop turns: no other handler starts until it is out.
  const held = (sending: Promise<void>): Promise<void> => {
    queue.hold(sending);
    return sending;
  };

  try {
    if (!result.ok) throw result.error;
    await held(send(interaction, result.reply));
    log.debug({ interactionId: inv.id, name: inv.name, kind: inv.kind, reply: result.reply.type, ms: Date.now() - started }, 'answered');
  } catch (error) {
    // A throwing command, or a reply Discord refused: the user gets a reference to quote.
    const ref = randomBytes(4).toString('hex').slice(0, 6).toUpperCase();
    log.error({ err: error, ref, interactionId: inv.id, name: inv.name, kind: inv.kind }, 'command failed');
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
      return;
    }
    await held(send(interaction, failureReply(ref)));
  }
}

function isHandled(interaction: Interaction): interaction is Handled {
  return interaction.isChatInputCommand() || interaction.isAutocomplete() || interaction.isButton() || interaction.isMessageContextMenuCommand();
}

/** A Reply sent the way the interaction's state allows (answered, deferred, or neither). */
async function send(interaction: Handled, reply: Reply): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (reply.type !== 'autocomplete') throw new Error(`autocomplete answered with a '${reply.type}' reply`);
    await interaction.respond(reply.choices.map((c) => ({ name: c.name, value: c.value })));
    return;
  }
  if (reply.type === 'autocomplete') throw new Error(`a ${interaction.type} interaction answered with autocomplete choices`);

  const acknowledged = interaction.deferred || interaction.replied;
  const isButton = interaction.isButton();
  if (reply.type === 'update' && isButton) {
    if (acknowledged) await interaction.editReply(replacement(reply.message));
    else await interaction.update(replacement(reply.message));
    return;
  }
  const ephemeral = reply.type === 'update' ? false : reply.ephemeral;
  if (!acknowledged) {
    if (reply.type === 'followup' && isButton) {
      // "Post to channel": acknowledge the click without touching its message, then post.
      await interaction.deferUpdate();
      await interaction.followUp(options(reply.message, ephemeral));
    } else {
      await interaction.reply(options(reply.message, ephemeral));
    }
    return;
  }
  if (isButton) {
    // deferUpdate left no loading message: a new message is a follow-up with its own flags.
    await interaction.followUp(options(reply.message, ephemeral));
    return;
  }
  // Deferred publicly (we could not know the reply's visibility then). The first follow-up after a
  // deferral would edit the public "thinking…" message, so a private answer removes it first.
  if (ephemeral && !interaction.ephemeral) {
    await interaction.deleteReply();
    await interaction.followUp(options(reply.message, true));
    return;
  }
  await interaction.editReply(replacement(reply.message));
}

/** A body built by the shared reply rules, in the camelCase discord.js takes. */
function forDiscordJs(body: APIInteractionResponseCallbackData): BaseMessageOptions & { flags?: number } {
  const out: BaseMessageOptions & { flags?: number } = { allowedMentions: { parse: [...NO_MENTIONS.parse] } };
  if (body.content !== undefined) out.content = body.content;
  if (body.embeds !== undefined) out.embeds = body.embeds;
  if (body.components !== undefined) out.components = body.components;
  if (body.flags !== undefined && Number(body.flags) !== 0) out.flags = body.flags;
  return out;
}

/** An edit replaces the whole message (see replacementBody). */
function replacement(message: MessagePayload): BaseMessageOptions {
  return forDiscordJs(replacementBody(message));
}

/** A new message (reply or follow-up), with flag 64 set as `ephemeral` says. */
function options(message: MessagePayload, ephemeral: boolean): InteractionReplyOptions {
  // discord.js narrows flags to the few a reply may carry; the payload's come from the renderer.
  return forDiscordJs(messageBody(message, ephemeral)) as InteractionReplyOptions;
}

// ---------------------------------------------------------------------------------------------

/**
 * The shared Invocation for a discord.js interaction: its raw JSON through the same translator
 * as the HTTP endpoint's, so the two doors cannot drift apart.
 */
export function toInvocation(interaction: Handled): Invocation {
  const raw = rawOf.get(interaction);
  const inv = raw === undefined ? undefined : invocationFromApi(raw);
  if (inv === undefined) throw new Error(`interaction ${interaction.id} (type ${interaction.type}) could not be translated`);
  return inv;
}

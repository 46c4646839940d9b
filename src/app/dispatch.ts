// One dispatch for every door: an Invocation in, a Reply (or, for the console, an Answer) out.
// Server policy (channels, cooldowns, sources, visibility) is applied here, once, so the gateway,
// the HTTP endpoint and the console behave alike.
import { randomBytes } from 'node:crypto';
import { ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import { findCommand } from '../../commands/index.ts';
import { errorAnswer, type Answer } from '../core/answer.ts';
import type { Corpus } from '../core/corpus.ts';
import { channelAllowed, channelNotEnabledMessage, cooldownMessage, DEFAULT_SETTINGS, isModerator, outletAllowed, type GuildSettings } from '../core/policy.ts';
import type { Logger } from '../log.ts';
import { decodeButton, type ButtonState } from '../render/custom-id.ts';
import { renderDiscord } from '../render/discord.ts';
import type { CooldownStore } from '../store/cooldowns.ts';
import type { FeedStore } from '../store/feeds.ts';
import type { FollowStore } from '../store/follows.ts';
import type { SettingsStore } from '../store/settings.ts';
import { StoreUnavailableError } from '../store/unavailable.ts';
import type { Args, CommandContext, CommandModule } from '../contract/command.ts';
import type { Invocation, MessagePayload, Reply } from '../contract/interaction.ts';
import type { InteractionMetrics, InteractionOutcome } from './metrics.ts';
import { checkOptions, optionsFromButton } from './options.ts';
import { failureReply } from './replies.ts';

export interface AppDeps {
  /** The current corpus (a reload swaps what this returns). */
  readonly corpus: () => Corpus;
  readonly log: Logger;
  readonly now: () => number;
  readonly startedAt: number;
  readonly version: string;
  /** Absent in the console: no servers to configure there. */
  readonly settings?: SettingsStore;
  readonly cooldowns?: CooldownStore;
  /** Follows (/follow); absent in the console and CLI. */
  readonly follows?: FollowStore;
  /** Feed state, for /about; absent in the console and CLI. */
  readonly feeds?: Pick<FeedStore, 'list'>;
  /** Told how each interaction ended and how long it took (`/metrics`); absent in the console and CLI. */
  readonly metrics?: InteractionMetrics;
}

/** What one interaction came to, noted on the way for the metrics. */
interface Trace {
  command: string;
  outcome?: InteractionOutcome;
}

/** What a command produced, before any renderer. */
export interface Outcome {
  readonly answer: Answer;
  readonly ephemeral: boolean;
  /** Rebuilds this answer from a button (paging, "Post to channel"). */
  readonly state?: ButtonState;
  /** The command's own buttons (a confirmation). */
  readonly buttons?: readonly APIButtonComponent[];
}

/** A short id shown to the user and logged with the error, to find one in the other. */
export function referenceId(): string {
  return randomBytes(4).toString('hex').toUpperCase().slice(0, 6);
}

const PRIVATE_OPTION = 'private';

function stateArgs(args: Args): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) if (k !== PRIVATE_OPTION && v !== '') out[k] = String(v);
  return out;
}

/**
 * Shown when the server's settings cannot be read: answering without them could answer in a
 * channel a moderator closed or cite an outlet they blocked, so the command waits for the store.
 */
export const SETTINGS_UNAVAILABLE = "This server's Attaché settings cannot be read right now, so nothing was answered. Try again in a minute.";

/** The server's settings; rejects with StoreUnavailableError when the store cannot answer. */
async function guildSettings(inv: Invocation, deps: AppDeps): Promise<GuildSettings> {
  return inv.guildId !== undefined && deps.settings ? deps.settings.get(inv.guildId) : DEFAULT_SETTINGS;
}

/**
 * The cooldown check. Cooldowns fail open: a store that is slow or down lets the use through (and
 * says so in the log), because refusing every member would stop the bot for a rate limit's sake.
 */
async function cooldownHit(inv: Invocation & { guildId: string }, command: CommandModule, seconds: number, deps: AppDeps, cooldowns: CooldownStore): Promise<string | undefined> {
  try {
    const hit = await cooldowns.hit(inv.guildId, inv.userId, command.data.name, deps.now(), seconds);
    return hit.ok ? undefined : cooldownMessage(hit.retryAt);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    deps.log.warn({ err, command: command.data.name }, 'cooldown store unavailable; letting the use through');
    return undefined;
  }
}

function context(inv: Invocation, deps: AppDeps, settings: GuildSettings, page: number, extra: Partial<CommandContext> = {}): CommandContext {
  const corpus = deps.corpus();
  const limited = settings.sourceMode !== 'all' || settings.blockedOutlets.length > 0;
  return {
    corpus,
    log: deps.log,
    now: deps.now(),
    startedAt: deps.startedAt,
    version: deps.version,
    page,
    invocation: inv,
    ...(deps.settings && { settings: deps.settings }),
    ...(deps.follows && { follows: deps.follows }),
    ...(deps.feeds && { feeds: deps.feeds }),
    ...(limited && {
      allowArticle: (id: string) => outletAllowed(settings, corpus.article(id).outlet),
      allowOutlet: (outlet: string) => outletAllowed(settings, outlet),
    }),
    ...extra,
  };
}

function argsOf(inv: Invocation): Args {
  if (inv.kind === 'message-context') return { text: inv.targetText ?? '' };
  return inv.options;
}

/**
 * The server's rules for one use of `command` in this place: channel allow-list (a thread follows
 * its parent channel), then the cooldown when `counts` (a command, or a button that posts a new
 * public answer). Moderators and moderator commands are exempt. The refusal to show, or undefined.
 */
async function refusal(inv: Invocation, command: CommandModule, settings: GuildSettings, deps: AppDeps, counts: boolean, trace?: Trace): Promise<string | undefined> {
  if (inv.guildId === undefined || command.moderator === true || isModerator(inv.memberPermissions)) return undefined;
  if (inv.channelId !== undefined && !channelAllowed(settings, inv.channelId, inv.parentChannelId)) {
    if (trace) trace.outcome = 'refused';
    return channelNotEnabledMessage(settings, inv.parentChannelId ?? inv.channelId);
  }
  if (counts && deps.cooldowns && settings.cooldownSeconds > 0) {
    const refused = await cooldownHit({ ...inv, guildId: inv.guildId }, command, settings.cooldownSeconds, deps, deps.cooldowns);
    if (refused !== undefined && trace) trace.outcome = 'cooldown';
    return refused;
  }
  return undefined;
}

/**
 * Runs a command or message-context invocation under the server's policy: channel allow-list,
 * cooldown (moderators exempt), visibility, and the sources it may cite.
 */
export function runCommand(inv: Invocation, deps: AppDeps, page = 0, limit?: number): Promise<Outcome> {
  return runTraced(inv, deps, page, limit);
}

async function runTraced(inv: Invocation, deps: AppDeps, page: number, limit: number | undefined, trace?: Trace): Promise<Outcome> {
  const command = findCommand(inv.name);
  if (!command) return { answer: errorAnswer(inv.name, `Unknown command “${inv.name}”. Try /help.`), ephemeral: true };
  let settings: GuildSettings;
  try {
    settings = await guildSettings(inv, deps);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    deps.log.warn({ err, command: inv.name }, 'settings store unavailable; refused the command');
    if (trace) trace.outcome = 'error';
    return { answer: errorAnswer(inv.name, SETTINGS_UNAVAILABLE), ephemeral: true };
  }
  const refused = await refusal(inv, command, settings, deps, true, trace);
  if (refused !== undefined) return { answer: errorAnswer(inv.name, refused), ephemeral: true };
  const args = argsOf(inv);
  const ctx = context(inv, deps, settings, page, limit === undefined ? {} : { limit });
  const answer = await command.execute(args, ctx);
  const ephemeral = answer.error === true || answer.ephemeral === true || args[PRIVATE_OPTION] === true || settings.visibility === 'private';
  const state: ButtonState = { action: 'page', command: command.data.name, page, args: command.stateArgs?.(args) ?? stateArgs(args) };
  const buttons = command.buttons?.(answer, ctx) ?? [];
  return { answer, ephemeral, state, ...(buttons.length > 0 && { buttons }) };
}

function message(outcome: Outcome, ephemeral = outcome.ephemeral): MessagePayload {
  const rendered = renderDiscord(outcome.answer, { ephemeral, ...(outcome.state && { state: outcome.state }) });
  if (outcome.buttons === undefined) return rendered;
  return { ...rendered, components: [...(rendered.components ?? []), { type: ComponentType.ActionRow, components: [...outcome.buttons] }] };
}

/** A private error; for the metrics, the request was refused as asked (unless already noted otherwise). */
function errorReply(text: string, trace?: Trace): Reply {
  if (trace && trace.outcome === undefined) trace.outcome = 'invalid';
  return { type: 'message', message: renderDiscord(errorAnswer('error', text), { ephemeral: true }), ephemeral: true };
}

const STALE_BUTTON = 'This button belongs to an older message that can no longer be updated. Run the command again.';

/** A page count a message can show ("page 1 of Infinity" cannot be): a whole number from 1. */
function sanePaging(answer: Answer): boolean {
  const count = answer.paging?.pageCount;
  return count === undefined || (Number.isSafeInteger(count) && count >= 1);
}

async function runButton(inv: Invocation, deps: AppDeps, trace: Trace): Promise<Reply> {
  const decoded = decodeButton(inv.customId ?? '');
  if (!decoded.ok) return errorReply(STALE_BUTTON, trace);
  const { state } = decoded;
  trace.command = state.command;
  const command = findCommand(state.command);
  if (!command) return errorReply('This button belongs to a command that no longer exists.', trace);
  // Anyone can send any custom id: its options are checked against the command's definition, so
  // a forged one can carry nothing the command does not offer (such as a page size of 0).
  const checked = optionsFromButton(command, state.args);
  if (!checked.ok) {
    deps.log.debug({ customId: inv.customId, problem: checked.message }, 'refused a button');
    return errorReply(STALE_BUTTON, trace);
  }
  // The channel's rules as they are now (a moderator may have closed it since the answer). A page
  // turn edits a message already there; "Post to channel" is a new public answer, so it is a use
  // of the command and counts toward the cooldown like one.
  const settings = await guildSettings(inv, deps);
  const refused = await refusal(inv, command, settings, deps, state.action === 'post', trace);
  if (refused !== undefined) return errorReply(refused, trace);
  if (state.action !== 'page' && state.action !== 'post' && command.button) {
    const outcome = await command.button(state, context(inv, deps, settings, state.page));
    const rendered = renderDiscord(outcome.answer, { ephemeral: true });
    // An update that omits the components would keep the prompt's buttons.
    return outcome.replace ? { type: 'update', message: { ...rendered, components: [] } } : { type: 'message', message: rendered, ephemeral: true };
  }
  const args = checked.args;
  const replay: Invocation = { ...inv, kind: 'command', name: command.data.name, options: args, subcommand: [] };
  let page = state.page;
  let answer = await command.execute(args, context(replay, deps, settings, page));
  if (answer.error === true) trace.outcome = 'invalid';
  const last = (answer.paging?.pageCount ?? 1) - 1;
  if (answer.paging !== undefined && answer.items.length === 0 && page > last) {
    // An old button can point past the end (the corpus shrank since): the last page instead.
    page = last;
    answer = await command.execute(args, context(replay, deps, settings, page));
  }
  if (!sanePaging(answer)) return errorReply(STALE_BUTTON, trace);
  const outcome: Outcome = { answer, ephemeral: inv.messageEphemeral === true, state: { ...state, action: 'page', page } };
  if (state.action === 'post') {
    // "Post to channel": the same answer, public, for everyone in the channel.
    return { type: 'message', message: message(outcome, false), ephemeral: false };
  }
  if (inv.originalUserId !== undefined && inv.originalUserId !== inv.userId) {
    // Someone else's results: they get their own private copy of the page they asked for.
    return { type: 'message', message: message(outcome, true), ephemeral: true };
  }
  return { type: 'update', message: message(outcome) };
}

/** The reply to any interaction. Never throws: the unexpected becomes a private error with a reference. */
export async function handle(inv: Invocation, deps: AppDeps): Promise<Reply> {
  if (!deps.metrics) return reply(inv, deps, { command: inv.name });
  const started = performance.now();
  const trace: Trace = { command: inv.name };
  const result = await reply(inv, deps, trace);
  deps.metrics.interaction({ kind: inv.kind, command: trace.command, outcome: trace.outcome ?? 'answered', seconds: (performance.now() - started) / 1000 });
  return result;
}

async function reply(inv: Invocation, deps: AppDeps, trace: Trace): Promise<Reply> {
  try {
    switch (inv.kind) {
      case 'autocomplete': {
        const command: CommandModule | undefined = findCommand(inv.name);
        const focused = inv.focused ?? { name: '', value: '' };
        const ctx = context(inv, deps, await guildSettings(inv, deps), 0);
        return { type: 'autocomplete', choices: command?.autocomplete?.(focused, inv.options, ctx) ?? [] };
      }
      case 'button':
        return await runButton(inv, deps, trace);
      case 'command':
      case 'message-context': {
        // Discord's types are checked once, here, for every door that speaks Discord; the console
        // and the CLI build typed options themselves and call runCommand directly.
        const command = findCommand(inv.name);
        const checked = command && inv.kind === 'command' ? checkOptions(command, inv.subcommand, inv.options) : undefined;
        if (checked?.ok === false) return errorReply(checked.message, trace);
        const outcome = await runTraced(checked ? { ...inv, options: checked.args } : inv, deps, 0, undefined, trace);
        if (trace.outcome === undefined && outcome.answer.error === true) trace.outcome = 'invalid';
        return { type: 'message', message: message(outcome), ephemeral: outcome.ephemeral };
      }
    }
  } catch (err) {
    if (err instanceof StoreUnavailableError) {
      // Expected when a store is down: a clear private message, a warning rather than an error.
      deps.log.warn({ err, command: inv.name, kind: inv.kind }, 'a store was unavailable; refused the interaction');
      return inv.kind === 'autocomplete' ? { type: 'autocomplete', choices: [] } : errorReply(SETTINGS_UNAVAILABLE);
    }
    const ref = referenceId();
    trace.outcome = 'error';
    deps.log.error({ err, ref, command: inv.name, kind: inv.kind }, `interaction failed (ref ${ref})`);
    if (inv.kind === 'autocomplete') return { type: 'autocomplete', choices: [] };
    return failureReply(ref);
  }
}

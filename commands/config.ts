// /config: server moderators decide where Attaché answers and how. Every reply is private; every
// change goes through SettingsStore.update (one transaction with its history entry) and is logged.
// Discord hides the command from members without Manage Server, but that is only a default a
// server can override and a stale client can ignore, so the permission is checked again here.
import type { Args, CommandContext, CommandModule } from '../src/contract/command.ts';
import { choices, num, str } from '../src/contract/command.ts';
import { errorAnswer, type Answer } from '../src/core/answer.ts';
import { channelAllowed, describeAllowedChannels, describeAllowedOutlets, DEFAULT_SETTINGS, missingBotPermissions, outletKey, type GuildSettings } from '../src/core/policy.ts';
import { timeZoneNames } from '../src/core/follows/daily.ts';
import { StoreUnavailableError } from '../src/store/unavailable.ts';
import { data, NAME } from './config/definition.ts';
import { followStatus } from './follow.ts';
import { button, buttons } from './config/reset.ts';
import { change, current, scopeOf, type Scope } from './config/scope.ts';
import { channelsAnswer, DEFAULTS_TEXT, describeCooldown, describeVisibility, info, MESSAGES, resetPrompt, seconds, sourcesAnswer, unknownOutletNote } from './config/wording.ts';

export { data } from './config/definition.ts';
export { CANCEL_RESET, CONFIRM_RESET } from './config/reset.ts';
export { MESSAGES } from './config/wording.ts';

/** How many changes `/config history` shows. */
export const HISTORY_LIMIT = 10;

function mode(args: Args): 'all' | 'allowlist' | undefined {
  const m = str(args, 'mode');
  return m === 'all' || m === 'allowlist' ? m : undefined;
}

/** "14:05" in `zone` at `ms`. */
function localClock(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

/** The corpus's spelling of an outlet typed in any case, and whether the corpus has it. */
function corpusOutlet(ctx: CommandContext, typed: string): { name: string; known: boolean } {
  const found = ctx.corpus.outlets().find((o) => outletKey(o.outlet) === outletKey(typed));
  return found ? { name: found.outlet, known: true } : { name: typed, known: false };
}

async function show(scope: Scope): Promise<Answer> {
  const s = await current(scope);
  if ('command' in s) return s;
  const isDefault = JSON.stringify(s) === JSON.stringify(DEFAULT_SETTINGS);
  return info('Attaché settings for this server', isDefault ? `This server uses the defaults: ${DEFAULTS_TEXT}.` : 'Change them with /config; /config reset puts back the defaults.', [
    { name: 'Channels', value: describeAllowedChannels(s) },
    { name: 'Replies', value: describeVisibility(s) },
    { name: 'Cooldown', value: describeCooldown(s) },
    { name: 'Sources', value: describeAllowedOutlets(s) },
    { name: 'Time zone', value: s.timeZone },
  ]);
}

/** Follows posting in this channel whose posts fail: what /follow list says about them (none when all is well or unknown). */
async function followProblems(scope: Scope): Promise<{ name: string; value: string }[]> {
  const store = scope.ctx.follows;
  if (store === undefined || scope.channelId === undefined) return [];
  try {
    const here = (await store.list(scope.guildId)).filter((f) => f.channelId === scope.channelId && (f.failing > 0 || f.failed > 0 || f.unknown > 0));
    return here.map((f) => ({ name: `Follow #${f.id} “${f.topic}”`, value: followStatus(f) }));
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    return [];
  }
}

async function check(scope: Scope): Promise<Answer> {
  const inv = scope.ctx.invocation;
  const here = scope.channelId === undefined ? 'this channel' : `<#${scope.channelId}>`;
  const s = await current(scope);
  if ('command' in s) return s;
  const enabled = scope.channelId === undefined || channelAllowed(s, scope.channelId, inv?.parentChannelId);
  const settingsField = {
    name: 'Channel settings',
    value: enabled ? `Attaché answers members in ${here}.` : `Attaché is not enabled in ${here}: members get a private notice instead of an answer. Enable it with /config channels allow.`,
  };
  const follows = await followProblems(scope);
  if (inv?.appPermissions === undefined) {
    return info('Channel check', `Discord did not send Attaché's permissions in ${here}, so they cannot be checked.`, [settingsField, ...follows]);
  }
  const missing = missingBotPermissions(inv.appPermissions);
  if (missing.length === 0) {
    return info('Channel check', `Attaché has every permission it needs in ${here}: View Channel, Send Messages, Embed Links, Read Message History.`, [settingsField, ...follows]);
  }
  const blocking = missing.filter((m) => m.blocksAnswers).map((m) => m.name);
  const impact =
    blocking.length > 0
      ? ` Answers cannot be shown here until ${blocking.join(' and ')} ${blocking.length === 1 ? 'is' : 'are'} granted.`
      : ' Answers still work; the rest is for messages Attaché posts on its own.';
  return info('Channel check', `Attaché is missing ${missing.length} permission${missing.length === 1 ? '' : 's'} in ${here}: ${missing.map((m) => m.name).join(', ')}.${impact}`, [
    ...missing.map((m) => ({ name: `Missing: ${m.name}`, value: m.fix })),
    settingsField,
    ...follows,
  ]);
}

async function history(scope: Scope): Promise<Answer> {
  let entries: Awaited<ReturnType<Scope['store']['history']>>;
  try {
    entries = await scope.store.history(scope.guildId, HISTORY_LIMIT);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    return errorAnswer(NAME, MESSAGES.storeUnavailable);
  }
  if (entries.length === 0) return info('Settings history', 'No settings have been changed in this server yet.');
  const lines = entries.map((e) => `<t:${Math.floor(e.at / 1000)}:f> · ${e.summary} · by user ${e.userId}`);
  return info('Settings history', `The last ${entries.length} change${entries.length === 1 ? '' : 's'}, newest first:\n${lines.join('\n')}`);
}

/** A list answer from the current settings, or the store's refusal. */
async function listing(scope: Scope, describe: (s: GuildSettings) => Answer): Promise<Answer> {
  const s = await current(scope);
  return 'command' in s ? s : describe(s);
}

export async function execute(args: Args, ctx: CommandContext): Promise<Answer> {
  const scope = scopeOf(ctx);
  if (!('guildId' in scope)) return scope;
  const path = (ctx.invocation?.subcommand ?? []).join(' ');
  switch (path) {
    case 'channels mode': {
      const m = mode(args);
      if (m === undefined) return errorAnswer(NAME, MESSAGES.badMode);
      return change(scope, { kind: 'channelMode', mode: m }, (s) => channelsAnswer('Channels', m === 'all' ? 'Mode: all channels.' : 'Mode: only allowed channels.', s));
    }
    case 'channels allow':
    case 'channels deny': {
      const channelId = str(args, 'channel');
      if (channelId === undefined) return errorAnswer(NAME, MESSAGES.noChannel);
      const allow = path === 'channels allow';
      return change(scope, allow ? { kind: 'allowChannel', channelId } : { kind: 'denyChannel', channelId }, (s) => {
        const lead = allow
          ? s.channelMode === 'all'
            ? `<#${channelId}> is allowed. The server is in “all channels” mode, so the allowed list matters once you switch to /config channels mode allowlist.`
            : `<#${channelId}> is allowed.`
          : `<#${channelId}> is denied.`;
        return channelsAnswer('Channels', lead, s);
      });
    }
    case 'channels list':
      return listing(scope, (s) => channelsAnswer('Channels', '', s));
    case 'replies visibility': {
      const v = str(args, 'visibility');
      if (v !== 'public' && v !== 'private') return errorAnswer(NAME, MESSAGES.badVisibility);
      return change(scope, { kind: 'visibility', visibility: v }, (s) => info('Replies', `Answers are now ${describeVisibility(s)}.`));
    }
    case 'cooldown': {
      const n = num(args, 'seconds');
      if (n === undefined) return errorAnswer(NAME, MESSAGES.noSeconds);
      return change(scope, { kind: 'cooldown', seconds: n }, (s) =>
        info(
          'Cooldown',
          s.cooldownSeconds === 0
            ? 'The cooldown is off: members can use commands as often as they like.'
            : `Each member can use each command once every ${seconds(s.cooldownSeconds)}. Moderators are exempt.`,
        ),
      );
    }
    case 'sources allow':
    case 'sources block': {
      const typed = str(args, 'outlet');
      if (typed === undefined) return errorAnswer(NAME, MESSAGES.noOutlet);
      const { name, known } = corpusOutlet(ctx, typed);
      const allow = path === 'sources allow';
      return change(scope, allow ? { kind: 'allowOutlet', outlet: name } : { kind: 'blockOutlet', outlet: name }, (s) => {
        const lead = allow ? `“${name}” is allowed.` : `Answers in this server will no longer cite “${name}”.`;
        return sourcesAnswer(ctx, 'Sources', `${lead}${known ? '' : unknownOutletNote(name)}`, s);
      });
    }
    case 'sources list':
      return listing(scope, (s) => sourcesAnswer(ctx, 'Sources', '', s));
    case 'sources mode': {
      const m = mode(args);
      if (m === undefined) return errorAnswer(NAME, MESSAGES.badMode);
      return change(scope, { kind: 'sourceMode', mode: m }, (s) => sourcesAnswer(ctx, 'Sources', m === 'all' ? 'Mode: all outlets.' : 'Mode: only allowed outlets.', s));
    }
    case 'timezone': {
      const zone = str(args, 'zone');
      if (zone === undefined) return errorAnswer(NAME, 'Give a time zone, such as Europe/Paris.');
      return change(scope, { kind: 'timeZone', zone }, (s) =>
        info(
          'Time zone',
          `Times in this server are now in ${s.timeZone} (it is ${localClock(ctx.now, s.timeZone)} there now). Daily digests of follows (/follow digest) are posted at their time in this zone.`,
        ),
      );
    }
    case 'show':
      return show(scope);
    case 'reset':
      return resetPrompt();
    case 'check':
      return check(scope);
    case 'history':
      return history(scope);
    default:
      return errorAnswer(NAME, MESSAGES.unknown(path));
  }
}

// ---------------------------------------------------------------------------------------------
// Autocomplete

/** Outlets of the corpus matching what is typed: names starting with it first, then containing it. */
export function autocomplete(focused: { name: string; value: string }, _args: Args, ctx: CommandContext) {
  if (focused.name === 'zone') {
    const typed = focused.value.trim().toLowerCase().replace(/ /g, '_');
    const names = timeZoneNames();
    const starts = names.filter((n) => n.toLowerCase().startsWith(typed) || n.toLowerCase().split('/').at(-1)?.startsWith(typed));
    const contains = names.filter((n) => !starts.includes(n) && n.toLowerCase().includes(typed));
    return choices([...starts, ...contains].map((n) => ({ name: n.replace(/_/g, ' '), value: n })));
  }
  if (focused.name !== 'outlet') return [];
  const typed = outletKey(focused.value);
  const outlets = ctx.corpus.outlets().map((o) => ({ ...o, key: outletKey(o.outlet) }));
  const starts = outlets.filter((o) => o.key.startsWith(typed));
  const contains = outlets.filter((o) => !o.key.startsWith(typed) && o.key.includes(typed));
  return choices([...starts, ...contains].map((o) => ({ name: `${o.outlet} (${o.articles} article${o.articles === 1 ? '' : 's'})`, value: o.outlet })));
}

export const command: CommandModule = { data, execute, autocomplete, button, buttons, moderator: true };

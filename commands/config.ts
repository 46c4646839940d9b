// /config: server moderators decide where Attaché answers and how. Every reply is private; every
// change goes through SettingsStore.update (one transaction with its history entry) and is logged.
// Discord hides the command from members without Manage Server, but that is only a default a
// server can override and a stale client can ignore, so the permission is checked again here.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionContextType,
  type APIApplicationCommandChannelOption,
  type APIApplicationCommandStringOption,
  type APIButtonComponent,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { choices, num, str, type Args, type CommandContext, type CommandModule } from '../src/app/command.ts';
import type { Reply } from '../src/app/interaction.ts';
import { errorAnswer, type Answer } from '../src/core/answer.ts';
import {
  channelAllowed,
  DEFAULT_SETTINGS,
  describeAllowedChannels,
  describeAllowedOutlets,
  isModerator,
  MAX_COOLDOWN_SECONDS,
  MAX_OUTLET_LENGTH,
  missingBotPermissions,
  outletAllowed,
  outletKey,
  SettingsError,
  summarizeChange,
  type GuildSettings,
  type SettingsChange,
} from '../src/core/policy.ts';
import { encodeButton, type ButtonState } from '../src/render/custom-id.ts';
import { renderDiscord } from '../src/render/discord.ts';

const NAME = 'config';
/** Manage Server (1 << 5), as Discord wants it: a decimal string. */
const MANAGE_GUILD = '32';
/** How many changes `/config history` shows. */
export const HISTORY_LIMIT = 10;

// Channels where members can type a slash command (text, voice text chat, announcements, threads, stages).
const TEXT_CHANNELS = [
  ChannelType.GuildText,
  ChannelType.GuildVoice,
  ChannelType.GuildAnnouncement,
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.GuildStageVoice,
] as const;

const S = ApplicationCommandOptionType;

const channelOption = (description: string): APIApplicationCommandChannelOption => ({
  type: S.Channel,
  name: 'channel',
  description,
  required: true,
  channel_types: [...TEXT_CHANNELS],
});
const outletOption = (description: string): APIApplicationCommandStringOption => ({
  type: S.String,
  name: 'outlet',
  description,
  required: true,
  autocomplete: true,
  max_length: MAX_OUTLET_LENGTH,
});

export const data = {
  type: ApplicationCommandType.ChatInput,
  name: NAME,
  description: 'Configure Attaché for this server (Manage Server permission).',
  default_member_permissions: MANAGE_GUILD,
  dm_permission: false,
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.SubcommandGroup,
      name: 'channels',
      description: 'Where Attaché answers.',
      options: [
        {
          type: S.Subcommand,
          name: 'mode',
          description: 'Answer in every channel, or only in the allowed ones.',
          options: [
            {
              type: S.String,
              name: 'mode',
              description: 'all: every channel but the denied ones; allowlist: only allowed channels',
              required: true,
              choices: [
                { name: 'all channels (except denied ones)', value: 'all' },
                { name: 'only allowed channels', value: 'allowlist' },
              ],
            },
          ],
        },
        { type: S.Subcommand, name: 'allow', description: 'Let Attaché answer in a channel.', options: [channelOption('The channel to allow')] },
        { type: S.Subcommand, name: 'deny', description: 'Stop Attaché answering in a channel.', options: [channelOption('The channel to deny')] },
        { type: S.Subcommand, name: 'list', description: 'The channel mode and the allowed and denied channels.' },
      ],
    },
    {
      type: S.SubcommandGroup,
      name: 'replies',
      description: 'How Attaché answers.',
      options: [
        {
          type: S.Subcommand,
          name: 'visibility',
          description: 'Whether answers are visible to the whole channel or only to the member who asked.',
          options: [
            {
              type: S.String,
              name: 'visibility',
              description: 'public: the whole channel sees answers; private: only the member who asked',
              required: true,
              choices: [
                { name: 'public', value: 'public' },
                { name: 'private', value: 'private' },
              ],
            },
          ],
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'cooldown',
      description: 'How long a member waits between two uses of a command (moderators exempt).',
      options: [
        { type: S.Integer, name: 'seconds', description: `0 turns it off; at most ${MAX_COOLDOWN_SECONDS}`, required: true, min_value: 0, max_value: MAX_COOLDOWN_SECONDS },
      ],
    },
    {
      type: S.SubcommandGroup,
      name: 'sources',
      description: 'Which outlets answers in this server may cite.',
      options: [
        { type: S.Subcommand, name: 'allow', description: 'Let answers cite an outlet (and unblock it).', options: [outletOption('The outlet to allow')] },
        { type: S.Subcommand, name: 'block', description: 'Never cite an outlet in this server.', options: [outletOption('The outlet to block')] },
        { type: S.Subcommand, name: 'list', description: 'The source mode and the allowed and blocked outlets.' },
        {
          type: S.Subcommand,
          name: 'mode',
          description: 'Cite every outlet, or only the allowed ones.',
          options: [
            {
              type: S.String,
              name: 'mode',
              description: 'all: every outlet but the blocked ones; allowlist: only allowed outlets',
              required: true,
              choices: [
                { name: 'all outlets (except blocked ones)', value: 'all' },
                { name: 'only allowed outlets', value: 'allowlist' },
              ],
            },
          ],
        },
      ],
    },
    { type: S.Subcommand, name: 'show', description: 'The current settings at a glance.' },
    { type: S.Subcommand, name: 'reset', description: 'Put every setting back to its default (asks for confirmation).' },
    { type: S.Subcommand, name: 'check', description: "Check Attaché's permissions in this channel and what to change." },
    { type: S.Subcommand, name: 'history', description: 'The last changes: who made them and when.' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

// ---------------------------------------------------------------------------------------------
// Words

export const MESSAGES = {
  console: 'Server settings are changed in Discord with /config; the console has no server to configure.',
  dm: '/config sets how Attaché behaves in a server, so it only works inside one. Run it in a channel of the server you want to configure.',
  denied: 'Only members with the Manage Server permission can use /config.',
  noChannel: 'Pick a channel in the `channel` option.',
  noOutlet: 'Give the name of an outlet in the `outlet` option.',
  badMode: 'Choose `all` or `allowlist`.',
  badVisibility: 'Choose `public` or `private`.',
  noSeconds: `Give the cooldown in whole seconds, from 0 to ${MAX_COOLDOWN_SECONDS}.`,
  unknown: (path: string) => `Unknown /config subcommand “${path}”. Try /config show.`,
  notYours: 'Only the moderator who ran /config reset can answer this confirmation.',
  staleButton: 'This button belongs to a /config message that is no longer current. Run the command again.',
} as const;

const seconds = (n: number): string => `${n} second${n === 1 ? '' : 's'}`;

function describeCooldown(s: GuildSettings): string {
  return s.cooldownSeconds === 0 ? 'off' : `${seconds(s.cooldownSeconds)} per member and command (moderators exempt)`;
}

function describeVisibility(s: GuildSettings): string {
  return s.visibility === 'public'
    ? 'public: the whole channel sees answers (a member can still ask for a private one)'
    : 'private: only the member who asked sees the answer';
}

const DEFAULTS_TEXT = 'all channels, public replies, a 3-second cooldown, all sources';

function info(title: string, body: string, fields: { name: string; value: string }[] = []): Answer {
  return { command: NAME, title, answered: true, body, items: [], fields, ephemeral: true };
}

// ---------------------------------------------------------------------------------------------
// Execution

interface Scope {
  readonly ctx: CommandContext;
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string | undefined;
  readonly store: NonNullable<CommandContext['settings']>;
}

/** Who may configure, or the refusal to show. */
function scopeOf(ctx: CommandContext): Scope | Answer {
  const inv = ctx.invocation;
  if (inv === undefined || ctx.settings === undefined) return errorAnswer(NAME, MESSAGES.console);
  if (inv.guildId === undefined) return errorAnswer(NAME, MESSAGES.dm);
  if (!isModerator(inv.memberPermissions)) return errorAnswer(NAME, MESSAGES.denied);
  return { ctx, guildId: inv.guildId, userId: inv.userId, channelId: inv.channelId, store: ctx.settings };
}

/** Stores and logs one change; a SettingsError becomes the moderator's error message. */
function change(scope: Scope, what: SettingsChange, describe: (next: GuildSettings) => Answer): Answer {
  let next: GuildSettings;
  try {
    next = scope.store.update(scope.guildId, what, { userId: scope.userId, at: scope.ctx.now });
  } catch (err) {
    if (err instanceof SettingsError) return errorAnswer(NAME, err.message);
    throw err;
  }
  const summary = summarizeChange(what);
  scope.ctx.log.info({ guildId: scope.guildId, userId: scope.userId, change: what }, `settings of server ${scope.guildId} changed by ${scope.userId}: ${summary}`);
  return describe(next);
}

function mode(args: Args): 'all' | 'allowlist' | undefined {
  const m = str(args, 'mode');
  return m === 'all' || m === 'allowlist' ? m : undefined;
}

/** The corpus's spelling of an outlet typed in any case, and whether the corpus has it. */
function corpusOutlet(ctx: CommandContext, typed: string): { name: string; known: boolean } {
  const found = ctx.corpus.outlets().find((o) => outletKey(o.outlet) === outletKey(typed));
  return found ? { name: found.outlet, known: true } : { name: typed, known: false };
}

const unknownOutletNote = (name: string): string =>
  ` No article in the corpus comes from “${name}” at the moment; the setting applies if one is added.`;

function channelList(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : describeAllowedChannels({ ...DEFAULT_SETTINGS, channelMode: 'allowlist', allowedChannels: ids });
}

function outletList(names: readonly string[]): string {
  return names.length === 0 ? 'none' : describeAllowedOutlets({ ...DEFAULT_SETTINGS, sourceMode: 'allowlist', allowedOutlets: names });
}

function channelsAnswer(title: string, lead: string, s: GuildSettings): Answer {
  const where = describeAllowedChannels(s);
  const hint = s.channelMode === 'allowlist' && where === 'no channel yet' ? ' Allow one with /config channels allow.' : '';
  return info(title, `${lead}${lead === '' ? '' : ' '}Attaché answers in ${where}.${hint} Moderators can use it in any channel.`, [
    { name: 'Mode', value: s.channelMode === 'all' ? 'all channels (except denied ones)' : 'only allowed channels' },
    { name: 'Allowed', value: channelList(s.allowedChannels) },
    { name: 'Denied', value: channelList(s.deniedChannels) },
  ]);
}

function sourcesAnswer(ctx: CommandContext, title: string, lead: string, s: GuildSettings): Answer {
  const corpus = ctx.corpus.outlets();
  const status = corpus.map((o) => `${o.outlet}: ${outletAllowed(s, o.outlet) ? 'cited' : 'not cited'}`);
  return info(title, `${lead}${lead === '' ? '' : ' '}Answers may cite ${describeAllowedOutlets(s)}.`, [
    { name: 'Mode', value: s.sourceMode === 'all' ? 'all outlets (except blocked ones)' : 'only allowed outlets' },
    { name: 'Allowed', value: outletList(s.allowedOutlets) },
    { name: 'Blocked', value: outletList(s.blockedOutlets) },
    { name: 'Outlets in the corpus', value: status.length === 0 ? 'none' : status.join('\n') },
  ]);
}

function show(scope: Scope): Answer {
  const s = scope.store.get(scope.guildId);
  const isDefault = JSON.stringify(s) === JSON.stringify(DEFAULT_SETTINGS);
  return info('Attaché settings for this server', isDefault ? `This server uses the defaults: ${DEFAULTS_TEXT}.` : 'Change them with /config; /config reset puts back the defaults.', [
    { name: 'Channels', value: describeAllowedChannels(s) },
    { name: 'Replies', value: describeVisibility(s) },
    { name: 'Cooldown', value: describeCooldown(s) },
    { name: 'Sources', value: describeAllowedOutlets(s) },
  ]);
}

function check(scope: Scope): Answer {
  const inv = scope.ctx.invocation;
  const here = scope.channelId === undefined ? 'this channel' : `<#${scope.channelId}>`;
  const s = scope.store.get(scope.guildId);
  const enabled = scope.channelId === undefined || channelAllowed(s, scope.channelId, inv?.parentChannelId);
  const settingsField = {
    name: 'Channel settings',
    value: enabled
      ? `Attaché answers members in ${here}.`
      : `Attaché is not enabled in ${here}: members get a private notice instead of an answer. Enable it with /config channels allow.`,
  };
  if (inv?.appPermissions === undefined) {
    return info('Channel check', `Discord did not send Attaché's permissions in ${here}, so they cannot be checked.`, [settingsField]);
  }
  const missing = missingBotPermissions(inv.appPermissions);
  if (missing.length === 0) {
    return info('Channel check', `Attaché has every permission it needs in ${here}: View Channel, Send Messages, Embed Links, Read Message History.`, [settingsField]);
  }
  const blocking = missing.filter((m) => m.blocksAnswers).map((m) => m.name);
  const impact = blocking.length > 0 ? ` Answers cannot be shown here until ${blocking.join(' and ')} ${blocking.length === 1 ? 'is' : 'are'} granted.` : ' Answers still work; the rest is for messages Attaché posts on its own.';
  return info('Channel check', `Attaché is missing ${missing.length} permission${missing.length === 1 ? '' : 's'} in ${here}: ${missing.map((m) => m.name).join(', ')}.${impact}`, [
    ...missing.map((m) => ({ name: `Missing: ${m.name}`, value: m.fix })),
    settingsField,
  ]);
}

function history(scope: Scope): Answer {
  const entries = scope.store.history(scope.guildId, HISTORY_LIMIT);
  if (entries.length === 0) return info('Settings history', 'No settings have been changed in this server yet.');
  const lines = entries.map((e) => `<t:${Math.floor(e.at / 1000)}:f> · ${e.summary} · by user ${e.userId}`);
  return info('Settings history', `The last ${entries.length} change${entries.length === 1 ? '' : 's'}, newest first:\n${lines.join('\n')}`);
}

function resetPrompt(): Answer {
  return info('Reset all settings?', `This puts every setting of this server back to its default: ${DEFAULTS_TEXT}. The history of changes is kept.`);
}

export function execute(args: Args, ctx: CommandContext): Answer {
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
      return channelsAnswer('Channels', '', scope.store.get(scope.guildId));
    case 'replies visibility': {
      const v = str(args, 'visibility');
      if (v !== 'public' && v !== 'private') return errorAnswer(NAME, MESSAGES.badVisibility);
      return change(scope, { kind: 'visibility', visibility: v }, (s) => info('Replies', `Answers are now ${describeVisibility(s)}.`));
    }
    case 'cooldown': {
      const n = num(args, 'seconds');
      if (n === undefined) return errorAnswer(NAME, MESSAGES.noSeconds);
      return change(scope, { kind: 'cooldown', seconds: n }, (s) =>
        info('Cooldown', s.cooldownSeconds === 0 ? 'The cooldown is off: members can use commands as often as they like.' : `Each member can use each command once every ${seconds(s.cooldownSeconds)}. Moderators are exempt.`),
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
      return sourcesAnswer(ctx, 'Sources', '', scope.store.get(scope.guildId));
    case 'sources mode': {
      const m = mode(args);
      if (m === undefined) return errorAnswer(NAME, MESSAGES.badMode);
      return change(scope, { kind: 'sourceMode', mode: m }, (s) => sourcesAnswer(ctx, 'Sources', m === 'all' ? 'Mode: all outlets.' : 'Mode: only allowed outlets.', s));
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
// The reset confirmation

export const CONFIRM_RESET = 'confirm-reset';
export const CANCEL_RESET = 'cancel-reset';

function buttonId(action: string): string {
  const id = encodeButton({ action, command: NAME, page: 0, args: {} });
  // Short constant ids: this can only fail if the codec itself changes.
  if (id === undefined) throw new Error(`cannot encode the /config ${action} button`);
  return id;
}

/** Confirm and Cancel under the reset prompt; nothing under any other /config answer. */
export function buttons(answer: Answer, ctx: CommandContext): APIButtonComponent[] {
  if (answer.error === true || (ctx.invocation?.subcommand ?? []).join(' ') !== 'reset') return [];
  return [
    { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: buttonId(CONFIRM_RESET), label: 'Reset to defaults' },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonId(CANCEL_RESET), label: 'Cancel' },
  ];
}

function privateMessage(answer: Answer): Reply {
  return { type: 'message', message: renderDiscord(answer, { ephemeral: true }), ephemeral: true };
}

/** The prompt replaced by the outcome, without its buttons (an update that omits them keeps them). */
function replacePrompt(answer: Answer): Reply {
  return { type: 'update', message: { ...renderDiscord(answer, { ephemeral: true }), components: [] } };
}

export function button(state: ButtonState, ctx: CommandContext): Reply {
  // The click is a new request: who clicks and where is checked again, as for the command.
  const scope = scopeOf(ctx);
  if (!('guildId' in scope)) return privateMessage(scope);
  const inv = ctx.invocation;
  if (inv?.originalUserId !== undefined && inv.originalUserId !== inv.userId) return privateMessage(errorAnswer(NAME, MESSAGES.notYours));
  if (state.action === CANCEL_RESET) return replacePrompt(info('Reset cancelled', 'Nothing was changed.'));
  if (state.action !== CONFIRM_RESET) return privateMessage(errorAnswer(NAME, MESSAGES.staleButton));
  const outcome = change(scope, { kind: 'reset' }, () => info('Settings reset', `Every setting of this server is back to its default: ${DEFAULTS_TEXT}.`));
  return outcome.error === true ? privateMessage(outcome) : replacePrompt(outcome);
}

// ---------------------------------------------------------------------------------------------
// Autocomplete

/** Outlets of the corpus matching what is typed: names starting with it first, then containing it. */
export function autocomplete(focused: { name: string; value: string }, _args: Args, ctx: CommandContext) {
  if (focused.name !== 'outlet') return [];
  const typed = outletKey(focused.value);
  const outlets = ctx.corpus.outlets().map((o) => ({ ...o, key: outletKey(o.outlet) }));
  const starts = outlets.filter((o) => o.key.startsWith(typed));
  const contains = outlets.filter((o) => !o.key.startsWith(typed) && o.key.includes(typed));
  return choices([...starts, ...contains].map((o) => ({ name: `${o.outlet} (${o.articles} article${o.articles === 1 ? '' : 's'})`, value: o.outlet })));
}

export const command: CommandModule = { data, execute, autocomplete, button, buttons, moderator: true };

// Per-server settings as plain data, and the pure decisions made from them: who may configure
// the bot, where it speaks, which outlets it may cite, what a change does, and the words users
// see about it. Storage lives in src/store/; nothing here touches a file or the clock.
import { canonicalTimeZone } from './follows/daily.ts';

export type ChannelMode = 'all' | 'allowlist';
export type SourceMode = 'all' | 'allowlist';
export type Visibility = 'public' | 'private';

/**
 * One server's settings. Channels and outlets follow one rule: a denied/blocked entry is always
 * refused; in `all` mode everything else is allowed; in `allowlist` mode only the listed entries
 * are. The two lists of a pair never share an entry (allowing removes from the deny list and the
 * other way round), so a moderator can always undo a deny with an allow.
 */
export interface GuildSettings {
  readonly channelMode: ChannelMode;
  /** Channel ids; they matter only in `allowlist` mode, and are kept when switching modes. */
  readonly allowedChannels: readonly string[];
  readonly deniedChannels: readonly string[];
  /** Default visibility of answers; a user can still ask for a private one. */
  readonly visibility: Visibility;
  /** Per user, per command; 0 turns the cooldown off. Moderators are exempt. */
  readonly cooldownSeconds: number;
  readonly sourceMode: SourceMode;
  /** Outlet names as the corpus spells them; compared case-insensitively. */
  readonly allowedOutlets: readonly string[];
  readonly blockedOutlets: readonly string[];
  /** IANA time zone for times moderators give (a follow's daily digest). */
  readonly timeZone: string;
}

/** What a server that never configured anything gets. */
export const DEFAULT_SETTINGS: GuildSettings = Object.freeze({
  channelMode: 'all',
  allowedChannels: Object.freeze([]),
  deniedChannels: Object.freeze([]),
  visibility: 'public',
  cooldownSeconds: 3,
  sourceMode: 'all',
  allowedOutlets: Object.freeze([]),
  blockedOutlets: Object.freeze([]),
  timeZone: 'UTC',
});

/** A guild has at most 500 channels; the lists cannot usefully be longer. */
export const MAX_CHANNELS = 500;
export const MAX_OUTLETS = 200;
/** Discord's limit on a string option's value. */
export const MAX_OUTLET_LENGTH = 100;
export const MAX_COOLDOWN_SECONDS = 3600;

/** One moderator action. Stored as JSON in the history, so kinds are never renamed. */
export type SettingsChange =
  | { readonly kind: 'channelMode'; readonly mode: ChannelMode }
  | { readonly kind: 'allowChannel'; readonly channelId: string }
  | { readonly kind: 'denyChannel'; readonly channelId: string }
  | { readonly kind: 'visibility'; readonly visibility: Visibility }
  | { readonly kind: 'cooldown'; readonly seconds: number }
  | { readonly kind: 'sourceMode'; readonly mode: SourceMode }
  | { readonly kind: 'allowOutlet'; readonly outlet: string }
  | { readonly kind: 'blockOutlet'; readonly outlet: string }
  | { readonly kind: 'timeZone'; readonly zone: string }
  | { readonly kind: 'reset' };

/** A change that cannot be applied; `message` is written for the moderator who asked. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const SNOWFLAKE = /^\d{1,20}$/;

/** Outlet names are compared without regard to case or spacing ("the hill" = "The  Hill"). */
export function outletKey(outlet: string): string {
  return outlet.trim().replace(/\s+/g, ' ').toLowerCase();
}

function cleanOutlet(outlet: string): string {
  const name = outlet.trim().replace(/\s+/g, ' ');
  if (name === '') throw new SettingsError('Give the name of an outlet.');
  if (name.length > MAX_OUTLET_LENGTH) {
    throw new SettingsError(`An outlet name has at most ${MAX_OUTLET_LENGTH} characters.`);
  }
  return name;
}

function checkChannel(channelId: string): string {
  if (!SNOWFLAKE.test(channelId)) throw new SettingsError(`"${channelId}" is not a channel id.`);
  return channelId;
}

function without(list: readonly string[], key: string, keyOf: (s: string) => string): string[] {
  return list.filter((x) => keyOf(x) !== key);
}

function withAdded(list: readonly string[], item: string, keyOf: (s: string) => string, max: number, what: string): string[] {
  const key = keyOf(item);
  if (list.some((x) => keyOf(x) === key)) return [...list];
  if (list.length >= max) throw new SettingsError(`A server can list at most ${max} ${what}; remove some first.`);
  return [...list, item];
}

const same = (s: string): string => s;

/** The settings after `change`. Throws SettingsError for a change that makes no sense. */
export function applyChange(settings: GuildSettings, change: SettingsChange): GuildSettings {
  switch (change.kind) {
    case 'channelMode':
      return { ...settings, channelMode: change.mode };
    case 'allowChannel': {
      const id = checkChannel(change.channelId);
      return {
        ...settings,
        allowedChannels: withAdded(settings.allowedChannels, id, same, MAX_CHANNELS, 'allowed channels'),
        deniedChannels: without(settings.deniedChannels, id, same),
      };
    }
    case 'denyChannel': {
      const id = checkChannel(change.channelId);
      return {
        ...settings,
        allowedChannels: without(settings.allowedChannels, id, same),
        deniedChannels: withAdded(settings.deniedChannels, id, same, MAX_CHANNELS, 'denied channels'),
      };
    }
    case 'visibility':
      return { ...settings, visibility: change.visibility };
    case 'cooldown': {
      const s = change.seconds;
      if (!Number.isInteger(s) || s < 0 || s > MAX_COOLDOWN_SECONDS) {
        throw new SettingsError(`The cooldown is a whole number of seconds from 0 to ${MAX_COOLDOWN_SECONDS}.`);
      }
      return { ...settings, cooldownSeconds: s };
    }
    case 'sourceMode':
      return { ...settings, sourceMode: change.mode };
    case 'allowOutlet': {
      const name = cleanOutlet(change.outlet);
      return {
        ...settings,
        allowedOutlets: withAdded(settings.allowedOutlets, name, outletKey, MAX_OUTLETS, 'allowed outlets'),
        blockedOutlets: without(settings.blockedOutlets, outletKey(name), outletKey),
      };
    }
    case 'blockOutlet': {
      const name = cleanOutlet(change.outlet);
      return {
        ...settings,
        allowedOutlets: without(settings.allowedOutlets, outletKey(name), outletKey),
        blockedOutlets: withAdded(settings.blockedOutlets, name, outletKey, MAX_OUTLETS, 'blocked outlets'),
      };
    }
    case 'timeZone': {
      const zone = canonicalTimeZone(change.zone);
      if (zone === undefined) throw new SettingsError(`“${change.zone.slice(0, 64)}” is not a time zone. Use an IANA name such as Europe/Paris, America/New_York or UTC.`);
      return { ...settings, timeZone: zone };
    }
    case 'reset':
      return DEFAULT_SETTINGS;
  }
}

/** One line for the history and the log, in the words of the command ("channels allow <#123>"). */
export function summarizeChange(change: SettingsChange): string {
  switch (change.kind) {
    case 'channelMode':
      return `channels mode ${change.mode}`;
    case 'allowChannel':
      return `channels allow <#${change.channelId}>`;
    case 'denyChannel':
      return `channels deny <#${change.channelId}>`;
    case 'visibility':
      return `replies visibility ${change.visibility}`;
    case 'cooldown':
      return `cooldown ${change.seconds}s`;
    case 'sourceMode':
      return `sources mode ${change.mode}`;
    case 'allowOutlet':
      return `sources allow ${change.outlet.trim()}`;
    case 'blockOutlet':
      return `sources block ${change.outlet.trim()}`;
    case 'timeZone':
      return `timezone ${change.zone.trim()}`;
    case 'reset':
      return 'reset';
  }
}

const MANAGE_GUILD = 1n << 5n;
const ADMINISTRATOR = 1n << 3n;

function bitfield(permissions: string | undefined): bigint | undefined {
  // Discord sends permissions as a decimal string: they no longer fit in a double.
  if (permissions === undefined || !/^\d{1,40}$/.test(permissions)) return undefined;
  return BigInt(permissions);
}

/** Manage Server or Administrator. Anything absent or malformed is refused. */
export function isModerator(permissions: string | undefined): boolean {
  const bits = bitfield(permissions);
  return bits !== undefined && ((bits & MANAGE_GUILD) !== 0n || (bits & ADMINISTRATOR) !== 0n);
}

/**
 * Whether the bot answers in this channel. A thread or forum post (`parentId` given) follows its
 * parent channel unless it has an entry of its own: the most specific entry wins, so allowing
 * #news lets members ask inside its threads, and denying #news closes them too.
 */
export function channelAllowed(settings: GuildSettings, channelId: string, parentId?: string): boolean {
  if (settings.deniedChannels.includes(channelId)) return false;
  if (settings.allowedChannels.includes(channelId)) return true;
  if (parentId !== undefined && parentId !== channelId) {
    if (settings.deniedChannels.includes(parentId)) return false;
    if (settings.allowedChannels.includes(parentId)) return true;
  }
  return settings.channelMode === 'all';
}

/** Whether this server's answers may cite `outlet`. */
export function outletAllowed(settings: GuildSettings, outlet: string): boolean {
  const key = outletKey(outlet);
  if (settings.blockedOutlets.some((o) => outletKey(o) === key)) return false;
  return settings.sourceMode === 'all' || settings.allowedOutlets.some((o) => outletKey(o) === key);
}

function joinLimited(items: readonly string[], maxChars: number): string {
  const shown: string[] = [];
  let length = 0;
  for (const [i, item] of items.entries()) {
    const rest = items.length - i;
    const tail = rest > 1 ? ` and ${rest - 1} more` : '';
    if (length + item.length + 2 + tail.length > maxChars && shown.length > 0) {
      return `${shown.join(', ')} and ${rest} more`;
    }
    shown.push(item);
    length += item.length + 2;
  }
  return shown.join(', ');
}

/**
 * Where the bot speaks, as a user reads it: "every channel", "every channel except <#1>",
 * "<#1>, <#2>", or "no channel yet". Long lists end with "and N more" to stay under `maxChars`.
 */
export function describeAllowedChannels(settings: GuildSettings, maxChars = 1000): string {
  const mention = (id: string): string => `<#${id}>`;
  if (settings.channelMode === 'all') {
    if (settings.deniedChannels.length === 0) return 'every channel';
    return `every channel except ${joinLimited(settings.deniedChannels.map(mention), maxChars - 21)}`;
  }
  const open = settings.allowedChannels.filter((id) => !settings.deniedChannels.includes(id));
  if (open.length === 0) return 'no channel yet';
  return joinLimited(open.map(mention), maxChars);
}

/** The private reply to a command used in a channel where the bot is not enabled. */
export function channelNotEnabledMessage(settings: GuildSettings, channelId: string): string {
  const where = describeAllowedChannels(settings, 1500);
  const enable = `A moderator (Manage Server) can enable <#${channelId}> with \`/config channels allow\`.`;
  if (where === 'no channel yet') return `Attaché is not enabled in any channel of this server yet. ${enable}`;
  return `Attaché is not enabled in this channel. It answers in ${where}. ${enable}`;
}

/** Which outlets may be cited, as a user reads it. */
export function describeAllowedOutlets(settings: GuildSettings, maxChars = 1000): string {
  if (settings.sourceMode === 'all') {
    if (settings.blockedOutlets.length === 0) return 'every outlet';
    return `every outlet except ${joinLimited(settings.blockedOutlets, maxChars - 20)}`;
  }
  if (settings.allowedOutlets.length === 0) return 'no outlet yet';
  return joinLimited(settings.allowedOutlets, maxChars);
}

export interface MissingPermission {
  readonly name: string;
  /** What it is for and where to grant it. */
  readonly fix: string;
  /** Whether answers to commands are affected (interaction replies need only Embed Links). */
  readonly blocksAnswers: boolean;
}

const WHERE = 'In the channel: Edit Channel → Permissions → the Attaché role (or Server Settings → Roles for every channel)';

const BOT_PERMISSIONS: readonly { bit: bigint; name: string; blocksAnswers: boolean; fix: string }[] = [
  {
    bit: 1n << 10n,
    name: 'View Channel',
    blocksAnswers: false,
    fix: `Answers to commands arrive without it, but the bot cannot see the channel for anything else. ${WHERE}: allow View Channel.`,
  },
  {
    bit: 1n << 11n,
    name: 'Send Messages',
    blocksAnswers: false,
    fix: `Answers to commands arrive without it; only messages the bot posts on its own need it. ${WHERE}: allow Send Messages.`,
  },
  {
    bit: 1n << 14n,
    name: 'Embed Links',
    blocksAnswers: true,
    fix: `Answers and their cited excerpts are sent as embeds; without this permission Discord drops them. ${WHERE}: allow Embed Links.`,
  },
  {
    bit: 1n << 16n,
    name: 'Read Message History',
    blocksAnswers: false,
    fix: `Not needed for answers; it lets the bot read earlier messages in the channel. ${WHERE}: allow Read Message History.`,
  },
];

/**
 * The permissions the bot lacks in a channel, from the interaction's `app_permissions`.
 * Administrator implies all of them; an absent or malformed bitfield counts as none granted.
 */
export function missingBotPermissions(appPermissions: string | undefined): MissingPermission[] {
  const bits = bitfield(appPermissions) ?? 0n;
  if ((bits & ADMINISTRATOR) !== 0n) return [];
  return BOT_PERMISSIONS.filter((p) => (bits & p.bit) === 0n).map(({ name, fix, blocksAnswers }) => ({ name, fix, blocksAnswers }));
}

/** What a user who hit the cooldown sees; Discord renders `<t:…:R>` as "in 3 seconds". */
export function cooldownMessage(retryAtMs: number): string {
  return `You can use this again <t:${Math.ceil(retryAtMs / 1000)}:R>.`;
}

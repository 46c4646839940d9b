// What moderators read from /config: refusals, and the answers that describe the settings.
import type { CommandContext } from '../../src/contract/command.ts';
import type { Answer } from '../../src/core/answer.ts';
import { DEFAULT_SETTINGS, describeAllowedChannels, describeAllowedOutlets, MAX_COOLDOWN_SECONDS, outletAllowed, type GuildSettings } from '../../src/core/policy.ts';
import { NAME } from './definition.ts';

export const MESSAGES = {
  storeUnavailable: "Attaché's settings database is not answering right now, so this could not be done or confirmed. Check with /config show in a minute before trying again.",
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

export const seconds = (n: number): string => `${n} second${n === 1 ? '' : 's'}`;

export function describeCooldown(s: GuildSettings): string {
  return s.cooldownSeconds === 0 ? 'off' : `${seconds(s.cooldownSeconds)} per member and command (moderators exempt)`;
}

export function describeVisibility(s: GuildSettings): string {
  return s.visibility === 'public' ? 'public: the whole channel sees answers (a member can still ask for a private one)' : 'private: only the member who asked sees the answer';
}

export const DEFAULTS_TEXT = 'all channels, public replies, a 3-second cooldown, all sources, times in UTC';

export function info(title: string, body: string, fields: { name: string; value: string }[] = []): Answer {
  return { command: NAME, title, answered: true, body, items: [], fields, ephemeral: true };
}

export const unknownOutletNote = (name: string): string => ` No article in the corpus comes from “${name}” at the moment; the setting applies if one is added.`;

function channelList(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : describeAllowedChannels({ ...DEFAULT_SETTINGS, channelMode: 'allowlist', allowedChannels: ids });
}

function outletList(names: readonly string[]): string {
  return names.length === 0 ? 'none' : describeAllowedOutlets({ ...DEFAULT_SETTINGS, sourceMode: 'allowlist', allowedOutlets: names });
}

export function channelsAnswer(title: string, lead: string, s: GuildSettings): Answer {
  const where = describeAllowedChannels(s);
  const hint = s.channelMode === 'allowlist' && where === 'no channel yet' ? ' Allow one with /config channels allow.' : '';
  return info(title, `${lead}${lead === '' ? '' : ' '}Attaché answers in ${where}.${hint} Moderators can use it in any channel.`, [
    { name: 'Mode', value: s.channelMode === 'all' ? 'all channels (except denied ones)' : 'only allowed channels' },
    { name: 'Allowed', value: channelList(s.allowedChannels) },
    { name: 'Denied', value: channelList(s.deniedChannels) },
  ]);
}

export function sourcesAnswer(ctx: CommandContext, title: string, lead: string, s: GuildSettings): Answer {
  const corpus = ctx.corpus.outlets();
  const status = corpus.map((o) => `${o.outlet}: ${outletAllowed(s, o.outlet) ? 'cited' : 'not cited'}`);
  return info(title, `${lead}${lead === '' ? '' : ' '}Answers may cite ${describeAllowedOutlets(s)}.`, [
    { name: 'Mode', value: s.sourceMode === 'all' ? 'all outlets (except blocked ones)' : 'only allowed outlets' },
    { name: 'Allowed', value: outletList(s.allowedOutlets) },
    { name: 'Blocked', value: outletList(s.blockedOutlets) },
    { name: 'Outlets in the corpus', value: status.length === 0 ? 'none' : status.join('\n') },
  ]);
}

export function resetPrompt(): Answer {
  return info('Reset all settings?', `This puts every setting of this server back to its default: ${DEFAULTS_TEXT}. The history of changes is kept.`);
}

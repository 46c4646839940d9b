// Raw Discord interaction JSON (as the HTTP endpoint receives it) -> the shared Invocation.
// Pure. The JSON is typed as APIInteraction but arrives from the network, so every field is
// read defensively: a shape we do not understand yields `undefined`, never an exception.
import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType, ComponentType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { APIInteraction } from 'discord-api-types/v10';
import { decodeButton } from '../render/custom-id.ts';
import type { Invocation, OptionValue } from '../contract/interaction.ts';

/** Loose view of an option as it appears on the wire (all option kinds in one shape). */
interface WireOption {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly value?: unknown;
  readonly focused?: unknown;
  readonly options?: unknown;
}

interface Walked {
  readonly subcommand: string[];
  readonly options: Record<string, OptionValue>;
  readonly focused?: { readonly name: string; readonly value: string };
}

const THREAD_TYPES: ReadonlySet<unknown> = new Set([ChannelType.AnnouncementThread, ChannelType.PublicThread, ChannelType.PrivateThread]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A button's command: the one its state names, else (a foreign id) everything before the first ':'. */
export function nameFromCustomId(customId: string): string {
  const decoded = decodeButton(customId);
  if (decoded.ok) return decoded.state.command;
  const colon = customId.indexOf(':');
  return colon === -1 ? customId : customId.slice(0, colon);
}

export function invocationFromApi(interaction: APIInteraction): Invocation | undefined {
  const raw = interaction as unknown;
  if (!isRecord(raw)) return undefined;
  const id = str(raw['id']);
  const member = isRecord(raw['member']) ? raw['member'] : undefined;
  const memberUser = member && isRecord(member['user']) ? member['user'] : undefined;
  const user = isRecord(raw['user']) ? raw['user'] : undefined;
  const userId = str(memberUser?.['id']) ?? str(user?.['id']);
  if (id === undefined || userId === undefined) return undefined;

  const base: Mutable<Pick<Invocation, 'id' | 'userId' | 'guildId' | 'channelId' | 'parentChannelId' | 'memberPermissions' | 'appPermissions'>> = { id, userId };
  const guildId = str(raw['guild_id']);
  if (guildId !== undefined) base.guildId = guildId;
  const channel = isRecord(raw['channel']) ? raw['channel'] : undefined;
  const channelId = str(raw['channel_id']) ?? str(channel?.['id']);
  if (channelId !== undefined) base.channelId = channelId;
  // A thread's parent is the channel it was opened in (a forum post's, its forum); any other
  // channel's parent_id is its category, which channel rules do not look at.
  const parentChannelId = THREAD_TYPES.has(channel?.['type']) ? str(channel?.['parent_id']) : undefined;
  if (parentChannelId !== undefined && parentChannelId !== channelId) base.parentChannelId = parentChannelId;
  const memberPermissions = str(member?.['permissions']);
  if (memberPermissions !== undefined) base.memberPermissions = memberPermissions;
  const appPermissions = str(raw['app_permissions']);
  if (appPermissions !== undefined) base.appPermissions = appPermissions;

  const data = isRecord(raw['data']) ? raw['data'] : undefined;
  if (data === undefined) return undefined;

  switch (raw['type']) {
    case InteractionType.ApplicationCommand: {
      const name = str(data['name']);
      if (name === undefined) return undefined;
      if (data['type'] === ApplicationCommandType.ChatInput) {
        const walked = walkOptions(data['options']);
        return { ...base, kind: 'command', name, subcommand: walked.subcommand, options: walked.options };
      }
      if (data['type'] === ApplicationCommandType.Message) {
        const targetId = str(data['target_id']);
        const resolved = isRecord(data['resolved']) ? data['resolved'] : undefined;
        const messages = resolved && isRecord(resolved['messages']) ? resolved['messages'] : undefined;
        const target = targetId !== undefined && messages && isRecord(messages[targetId]) ? messages[targetId] : undefined;
        const inv: Mutable<Invocation> = { ...base, kind: 'message-context', name, subcommand: [], options: {} };
        const targetText = str(target?.['content']);
        if (targetText !== undefined) inv.targetText = targetText;
        return inv;
      }
      return undefined; // user context menus and entry points are not commands of ours
    }
    case InteractionType.ApplicationCommandAutocomplete: {
      const name = str(data['name']);
      if (name === undefined) return undefined;
      const walked = walkOptions(data['options']);
      if (walked.focused === undefined) return undefined;
      return { ...base, kind: 'autocomplete', name, subcommand: walked.subcommand, options: walked.options, focused: walked.focused };
    }
    case InteractionType.MessageComponent: {
      const customId = str(data['custom_id']);
      if (customId === undefined || data['component_type'] !== ComponentType.Button) return undefined;
      const inv: Mutable<Invocation> = { ...base, kind: 'button', name: nameFromCustomId(customId), subcommand: [], options: {}, customId };
      const message = isRecord(raw['message']) ? raw['message'] : undefined;
      if (message !== undefined) {
        const originalUserId = userIdOf(message['interaction_metadata']) ?? userIdOf(message['interaction']);
        if (originalUserId !== undefined) inv.originalUserId = originalUserId;
        const flags = typeof message['flags'] === 'number' ? message['flags'] : 0;
        inv.messageEphemeral = (flags & MessageFlags.Ephemeral) !== 0;
      }
      return inv;
    }
    default:
      return undefined; // PING is answered before translation; modals are not used
  }
}

/** Descends through at most one subcommand group and one subcommand, collecting leaf options. */
function walkOptions(options: unknown): Walked {
  const subcommand: string[] = [];
  let level = asOptions(options);
  for (let depth = 0; depth < 2; depth++) {
    const first = level[0];
    if (first === undefined || (first.type !== ApplicationCommandOptionType.SubcommandGroup && first.type !== ApplicationCommandOptionType.Subcommand)) break;
    const name = str(first.name);
    if (name === undefined) break;
    subcommand.push(name);
    level = asOptions(first.options);
  }
  const values: Record<string, OptionValue> = {};
  let focused: Walked['focused'];
  for (const option of level) {
    const name = str(option.name);
    const value = option.value;
    if (name === undefined) continue;
    // Channel, user, role and attachment options already carry the id as their value.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[name] = value;
      if (option.focused === true) focused = { name, value: String(value) };
    }
  }
  return focused === undefined ? { subcommand, options: values } : { subcommand, options: values, focused };
}

function asOptions(value: unknown): WireOption[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function userIdOf(metadata: unknown): string | undefined {
  if (!isRecord(metadata) || !isRecord(metadata['user'])) return undefined;
  return str(metadata['user']['id']);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

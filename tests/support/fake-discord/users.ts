// Acting as a user: slash commands, autocomplete, button clicks and message context menus become
// INTERACTION_CREATE dispatches shaped as Discord sends them (guild member or DM, resolved
// channels, option types from the registered definition).
import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType, ComponentType, InteractionType, MessageType } from 'discord-api-types/v10';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { publicMessage } from './messages.ts';
import type { FakeState, Interaction } from './state.ts';
import type { Delivered, FakeDiscord, Place, SlashInput, UserInput } from './types.ts';

export type UserActions = Pick<FakeDiscord, 'sendSlashCommand' | 'sendAutocomplete' | 'clickButton' | 'sendMessageContextMenu'>;

export function createUserActions(state: FakeState, dispatch: (t: string, d: unknown) => void): UserActions {
  const { appId, defaultUser, guilds, interactions, byToken, messages, registered, snowflake } = state;

  function apiUser(u: UserInput | undefined): APIUser {
    const user = u ?? defaultUser;
    return { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null };
  }

  function deliver(type: InteractionType, data: Record<string, unknown>, userInput: UserInput | undefined, place: Place | undefined, extra: Record<string, unknown> = {}): Delivered {
    const id = snowflake();
    const itoken = `itoken-${id}`;
    const user = apiUser(userInput);
    let where: Record<string, unknown>;
    let channelId: string;
    if (place && 'dm' in place) {
      channelId = `9${user.id.slice(1)}`;
      where = {
        channel_id: channelId,
        channel: { id: channelId, type: ChannelType.DM, recipients: [user], last_message_id: null, flags: 0 },
        user,
        app_permissions: '0',
        context: 1,
        authorizing_integration_owners: {},
      };
    } else {
      const guild = guilds.find((g) => g.id === (place?.guildId ?? guilds[0]?.id));
      if (!guild) throw new Error(`fake discord: no guild ${place?.guildId ?? '(none configured)'}`);
      const channel = guild.channels.find((c) => c.id === (place?.channelId ?? guild.channels[0]?.id));
      if (!channel) throw new Error(`fake discord: no channel ${place?.channelId ?? '(none)'} in guild ${guild.id}`);
      channelId = channel.id;
      where = {
        guild_id: guild.id,
        guild: { id: guild.id, locale: 'en-US', features: [] },
        guild_locale: 'en-US',
        channel_id: channel.id,
        channel: {
          id: channel.id,
          type: channel.type ?? ChannelType.GuildText,
          name: channel.name,
          guild_id: guild.id,
          position: 0,
          permission_overwrites: [],
          parent_id: null,
          nsfw: false,
          flags: 0,
        },
        member: {
          user,
          roles: [],
          permissions: place?.permissions ?? '1071698660929',
          joined_at: new Date().toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
          nick: null,
          avatar: null,
          premium_since: null,
          pending: false,
        },
        app_permissions: place?.appPermissions ?? '1071698660929',
        context: 0,
        authorizing_integration_owners: { '0': guild.id },
      };
    }
    const raw: Record<string, unknown> = {
      id,
      application_id: appId,
      type,
      data,
      token: itoken,
      version: 1,
      locale: 'en-US',
      // discord.js drops an INTERACTION_CREATE without these two (DESIGN.md).
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...where,
      ...extra,
    };
    const it: Interaction = { id, token: itoken, type, raw, deliveredAt: Date.now(), channelId, user };
    interactions.set(id, it);
    byToken.set(itoken, it);
    dispatch('INTERACTION_CREATE', raw);
    return { id, token: itoken };
  }

  function findCommand(name: string, type: ApplicationCommandType, guildId: string | undefined): Record<string, unknown> | undefined {
    const scopes = guildId ? [guildId, 'global'] : ['global'];
    for (const scope of scopes) {
      const found = registered.get(scope)?.find((c) => c['name'] === name && c['type'] === type);
      if (found) return found;
    }
    return undefined;
  }

  function guildOf(place: Place | undefined): string | undefined {
    if (place && 'dm' in place) return undefined;
    return place?.guildId ?? guilds[0]?.id;
  }

  /** Option type from the registered definition when there is one, else from the JS value. */
  function commandData(input: SlashInput, focused?: string): Record<string, unknown> {
    const guildId = guildOf(input.place);
    const registeredCmd = findCommand(input.name, ApplicationCommandType.ChatInput, guildId);
    let defs = (registeredCmd?.['options'] ?? []) as Record<string, unknown>[];
    const path: { name: string; type: ApplicationCommandOptionType }[] = [];
    if (input.subcommandGroup !== undefined) path.push({ name: input.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup });
    if (input.subcommand !== undefined) path.push({ name: input.subcommand, type: ApplicationCommandOptionType.Subcommand });
    for (const step of path) defs = (defs.find((d) => d['name'] === step.name)?.['options'] ?? []) as Record<string, unknown>[];

    const resolvedChannels: Record<string, unknown> = {};
    const entries = Object.entries(input.options ?? {});
    if (focused !== undefined && !entries.some(([n]) => n === focused)) entries.push([focused, '']);
    let leaves: Record<string, unknown>[] = entries.map(([name, given]) => {
      const def = defs.find((d) => d['name'] === name);
      const value = typeof given === 'object' ? given.value : given;
      let type: ApplicationCommandOptionType;
      if (typeof given === 'object') type = given.type;
      else if (typeof def?.['type'] === 'number') type = def['type'] as ApplicationCommandOptionType;
      else if (typeof value === 'boolean') type = ApplicationCommandOptionType.Boolean;
      else if (typeof value === 'number') type = Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
      else type = ApplicationCommandOptionType.String;
      if (type === ApplicationCommandOptionType.Channel) {
        for (const g of guilds) {
          const c = g.channels.find((ch) => ch.id === value);
          if (c) resolvedChannels[c.id] = { id: c.id, name: c.name, type: c.type ?? ChannelType.GuildText, permissions: '1071698660929', guild_id: g.id };
        }
      }
      return { name, type, value, ...(name === focused ? { focused: true } : {}) };
    });
    for (const step of [...path].reverse()) leaves = [{ name: step.name, type: step.type, options: leaves }];
    return {
      id: registeredCmd?.['id'] ?? snowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      ...(leaves.length ? { options: leaves } : {}),
      ...(Object.keys(resolvedChannels).length ? { resolved: { channels: resolvedChannels } } : {}),
      ...(registeredCmd?.['guild_id'] ? { guild_id: registeredCmd['guild_id'] } : {}),
    };
  }

  return {
    sendSlashCommand(input) {
      return deliver(InteractionType.ApplicationCommand, commandData(input), input.user, input.place);
    },
    sendAutocomplete(input) {
      return deliver(InteractionType.ApplicationCommandAutocomplete, commandData(input, input.focused), input.user, input.place);
    },
    clickButton(input) {
      const msg = typeof input.message === 'string' ? messages.get(input.message) : input.message;
      if (!msg) throw new Error(`fake discord: no stored message ${String(input.message)}`);
      const exists = (msg.components ?? []).some((row) => 'components' in row && (row.components as { custom_id?: string }[]).some((c) => c.custom_id === input.customId));
      // A user can only click a button that is on the message.
      if (!exists) throw new Error(`fake discord: message ${msg.id} has no button ${input.customId}`);
      return deliver(InteractionType.MessageComponent, { custom_id: input.customId, component_type: ComponentType.Button }, input.user, input.place, { message: publicMessage(msg) });
    },
    sendMessageContextMenu(input) {
      const targetId = input.target.id ?? snowflake();
      const guildId = guildOf(input.place);
      const channelId = input.place && 'dm' in input.place ? undefined : (input.place?.channelId ?? guilds.find((g) => g.id === guildId)?.channels[0]?.id);
      const registeredCmd = findCommand(input.name, ApplicationCommandType.Message, guildId);
      const target: APIMessage = {
        id: targetId,
        channel_id: channelId ?? '0',
        author: apiUser(input.target.author ?? { id: '1200000000000000002', username: 'bob' }),
        content: input.target.content,
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        tts: false,
        mention_everyone: false,
        mentions: [],
        mention_roles: [],
        attachments: [],
        embeds: [],
        pinned: false,
        type: MessageType.Default,
        components: [],
      };
      return deliver(
        InteractionType.ApplicationCommand,
        { id: registeredCmd?.['id'] ?? snowflake(), name: input.name, type: ApplicationCommandType.Message, target_id: targetId, resolved: { messages: { [targetId]: target } } },
        input.user,
        input.place,
      );
    },
  };
}

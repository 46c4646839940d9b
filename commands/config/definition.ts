// /config's Discord definition: plain data, shared by registration and runtime (yuudachi keeps
// the definition apart from the handlers).
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  type APIApplicationCommandChannelOption,
  type APIApplicationCommandStringOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { MAX_COOLDOWN_SECONDS, MAX_OUTLET_LENGTH } from '../../src/core/policy.ts';

export const NAME = 'config';
/** Manage Server (1 << 5), as Discord wants it: a decimal string. */
const MANAGE_GUILD = '32';

// Channels where members can type a slash command (text, voice text chat, announcements, threads,
// stages), and forums and media channels, whose posts (threads) follow the forum's rule.
const TEXT_CHANNELS = [
  ChannelType.GuildText,
  ChannelType.GuildVoice,
  ChannelType.GuildAnnouncement,
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.GuildStageVoice,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
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
      options: [{ type: S.Integer, name: 'seconds', description: `0 turns it off; at most ${MAX_COOLDOWN_SECONDS}`, required: true, min_value: 0, max_value: MAX_COOLDOWN_SECONDS }],
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
    {
      type: S.Subcommand,
      name: 'timezone',
      description: "The server's time zone, for times such as a follow's daily digest.",
      options: [{ type: S.String, name: 'zone', description: 'An IANA name: Europe/Paris, America/New_York, UTC', required: true, autocomplete: true, max_length: 64 }],
    },
    { type: S.Subcommand, name: 'show', description: 'The current settings at a glance.' },
    { type: S.Subcommand, name: 'reset', description: 'Put every setting back to its default (asks for confirmation).' },
    { type: S.Subcommand, name: 'check', description: "Check Attaché's permissions in this channel and what to change." },
    { type: S.Subcommand, name: 'history', description: 'The last changes: who made them and when.' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

// /follow's Discord definition: plain data, shared by registration and runtime.
import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType, InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { MAX_TOPIC_LENGTH } from '../../src/core/follows/follow.ts';
import { MAX_OUTLET_LENGTH } from '../../src/core/policy.ts';

export const NAME = 'follow';
/** Manage Server (1 << 5), as for /config. */
const MANAGE_GUILD = '32';
const S = ApplicationCommandOptionType;

// Channels a bot can post a message in directly (forums and media channels need a new thread per post).
const POSTABLE = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.AnnouncementThread, ChannelType.PublicThread, ChannelType.PrivateThread] as const;

const idOption = (description: string) => ({ type: S.Integer, name: 'id', description, required: true, min_value: 1 }) as const;

export const data = {
  type: ApplicationCommandType.ChatInput,
  name: NAME,
  description: 'Post new articles about a topic in a channel (Manage Server permission).',
  default_member_permissions: MANAGE_GUILD,
  dm_permission: false,
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.Subcommand,
      name: 'add',
      description: 'Post new articles that answer a topic, once per story, in a channel.',
      options: [
        { type: S.String, name: 'topic', description: 'The words to follow, as you would ask them: sanctions on Russia', required: true, max_length: MAX_TOPIC_LENGTH },
        { type: S.Channel, name: 'channel', description: 'Where to post (default: this channel)', required: false, channel_types: [...POSTABLE] },
        { type: S.String, name: 'source', description: 'Only articles from this outlet', required: false, autocomplete: true, max_length: MAX_OUTLET_LENGTH },
        { type: S.String, name: 'digest', description: 'Post one daily digest at this time (HH:MM, server time zone) instead', required: false, max_length: 5 },
      ],
    },
    { type: S.Subcommand, name: 'list', description: "This server's follows: what they posted, what is waiting or failing." },
    { type: S.Subcommand, name: 'remove', description: 'Stop following a topic (its id is in /follow list).', options: [idOption('The follow to remove (see /follow list)')] },
    { type: S.Subcommand, name: 'pause', description: 'Stop posting for a follow until it is resumed.', options: [idOption('The follow to pause (see /follow list)')] },
    {
      type: S.Subcommand,
      name: 'digest',
      description: "Post a follow's stories as one daily digest at a time, or each as it comes (off).",
      options: [idOption('The follow (see /follow list)'), { type: S.String, name: 'time', description: 'HH:MM in the server time zone (/config timezone), or off', required: true, max_length: 5 }],
    },
    { type: S.Subcommand, name: 'resume', description: 'Post again for a paused follow.', options: [idOption('The follow to resume (see /follow list)')] },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

// /help: what each command does, with examples.
import { ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Args, CommandContext, CommandModule } from '../src/contract/command.ts';
import type { Answer } from '../src/core/answer.ts';

export const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'help',
  description: 'What Attaché can do, with examples.',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const HELP: readonly { name: string; value: string }[] = [
  { name: '/ask query', value: 'Quick fact lookups: the passages that answer, each cited.\nExample: `/ask query: how many diplomats were expelled in 2018`' },
  { name: '/timeline [topic] [from] [to] [source]', value: 'Dated events in order, relative dates ("last month") resolved.\nExample: `/timeline topic: diplomats from: 2017 to: 2018`' },
  { name: '/quote [speaker] [topic] [from] [to]', value: 'Who said what, verbatim, with the speaker.\nExample: `/quote speaker: Putin topic: Trump`' },
  { name: '/sources', value: 'The outlets and articles in the corpus, with counts and dates.' },
  { name: '/about', value: 'Version, corpus size, index age and uptime.' },
  { name: 'Find sources (message menu)', value: 'Right-click a message › Apps › Find sources: checks a claim against the corpus.' },
  { name: '/config (moderators)', value: 'Where and how Attaché answers in this server: channels, private replies, cooldown, sources, time zone.' },
  {
    name: '/follow (moderators)',
    value: 'Post new articles on a topic in a channel, once per story, cited, or as one daily digest at a local time: /follow add, list, digest, remove, pause, resume.',
  },
];

export function execute(_args: Args, _ctx: CommandContext): Answer {
  return {
    command: 'help',
    title: 'Attaché — cited answers on international relations',
    answered: true,
    body: 'Every answer is an exact excerpt from the corpus, with its title, outlet, date and link. When nothing in the corpus answers, Attaché says so. Add `private: True` to see an answer only yourself.',
    items: [],
    fields: HELP,
  };
}

export const command: CommandModule = { data, execute };

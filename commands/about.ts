// /about: version, corpus size, index age, uptime.
import { ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Args, CommandContext, CommandModule } from '../src/contract/command.ts';
import type { Answer } from '../src/core/answer.ts';

export const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'about',
  description: 'Version, corpus size, index age and uptime.',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** "3 d 4 h", "5 min", "12 s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function execute(_args: Args, ctx: CommandContext): Answer {
  const c = ctx.corpus;
  return {
    command: 'about',
    title: `Attaché ${ctx.version}`,
    answered: true,
    body: 'Answers questions about international relations from a corpus of articles and official documents, always with cited excerpts.',
    items: [],
    fields: [
      { name: 'Corpus', value: `${c.articles.length} articles · ${c.passages.length} passages · ${c.events.length} dated events · ${c.quotes.length} quotes` },
      { name: 'Index age', value: duration(ctx.now - c.builtAt) },
      { name: 'Uptime', value: duration(ctx.now - ctx.startedAt) },
    ],
  };
}

export const command: CommandModule = { data, execute };

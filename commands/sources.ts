// /sources: what the corpus holds: outlets with article counts and date ranges.
import { ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Args, CommandContext, CommandModule } from '../src/contract/command.ts';
import type { Answer } from '../src/core/answer.ts';
import { dateLabel } from '../src/core/events/labels.ts';

/** Outlet first/last dates are calendar days (`YYYY-MM-DD`). */
const dayLabel = (day: string): string => dateLabel(day, 'day');

export const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'sources',
  description: 'The outlets and articles in the corpus, with counts and date ranges.',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export function execute(_args: Args, ctx: CommandContext): Answer {
  const outlets = ctx.corpus.outlets().filter((o) => ctx.allowOutlet?.(o.outlet) ?? true);
  const articles = outlets.reduce((n, o) => n + o.articles, 0);
  const first = outlets.map((o) => o.first).sort()[0];
  const last = outlets
    .map((o) => o.last)
    .sort()
    .at(-1);
  const range = first !== undefined && last !== undefined ? `, ${dayLabel(first)} – ${dayLabel(last)}` : '';
  return {
    command: 'sources',
    title: 'Sources in the corpus',
    answered: outlets.length > 0,
    notice: `${articles} article${articles === 1 ? '' : 's'} from ${outlets.length} outlet${outlets.length === 1 ? '' : 's'}${range}.`,
    items: [],
    fields: outlets.map((o) => ({
      name: o.outlet,
      value: `${o.articles} article${o.articles === 1 ? '' : 's'} · ${o.first === o.last ? dayLabel(o.first) : `${dayLabel(o.first)} – ${dayLabel(o.last)}`}`,
    })),
  };
}

export const command: CommandModule = { data, execute };

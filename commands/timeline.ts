// /timeline: the dated events of the corpus in chronological order, each with its cited sentence,
// both the event's date and the article's publication date shown.
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { choices, str, type Args, type ArgsOf, type CommandContext, type CommandModule, type JsonView } from '../src/contract/command.ts';
import type { Answer } from '../src/core/answer.ts';
import { queryTimeline, timelineAnswer, timelineJson } from '../src/core/timeline-answer.ts';
import { suggestTopics } from '../src/core/topics.ts';

// Paging buttons carry every option in a 100-character custom id ("1|p|t|<page>|t=…|f=…|o=…|s=…":
// 20 characters of framing with a two-digit page), so the option lengths add up to 80.
export const TOPIC_MAX = 30;
/** "September 2018", "5 Sep 2018", "2018-09-05" fit. */
export const DATE_MAX = 14;
export const SOURCE_MAX = 22;
/** Entries per page: five embeds keep a Discord message readable. */
export const PAGE_SIZE = 5;

export const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'timeline',
  description: 'Dated events in chronological order, each with its cited sentence.',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'topic',
      description: 'What the events are about, e.g. "sanctions" (empty: every event in the range)',
      required: false,
      max_length: TOPIC_MAX,
      autocomplete: true,
    },
    { type: ApplicationCommandOptionType.String, name: 'from', description: 'Earliest date: 2018, 2018-03, March 2018 or 5 Mar 2018', required: false, max_length: DATE_MAX },
    { type: ApplicationCommandOptionType.String, name: 'to', description: 'Latest date: 2018, 2018-03, March 2018 or 5 Mar 2018', required: false, max_length: DATE_MAX },
    { type: ApplicationCommandOptionType.String, name: 'source', description: 'Only events reported by this outlet', required: false, max_length: SOURCE_MAX, autocomplete: true },
    { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Show the answer only to you', required: false },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The options as the definition types them. */
export type Options = ArgsOf<typeof data>;

function query(args: Options, ctx: CommandContext) {
  const topic = str(args, 'topic');
  const from = str(args, 'from');
  const to = str(args, 'to');
  const source = str(args, 'source');
  return queryTimeline(ctx.corpus, {
    ...(topic !== undefined && { topic }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(source !== undefined && { source }),
    ...(ctx.allowArticle && { allowArticle: ctx.allowArticle }),
  });
}

export function execute(args: Options, ctx: CommandContext): Answer {
  return timelineAnswer(ctx.corpus, query(args, ctx), ctx.page, ctx.limit ?? PAGE_SIZE);
}

/** Every entry unless `ctx.limit` is given (timelineJson's shape). */
export function json(args: Options, ctx: CommandContext): JsonView {
  const result = query(args, ctx);
  if (!result.ok) return { ok: false, message: result.message };
  return {
    ok: true,
    pages: ctx.limit === undefined ? Math.min(1, result.entries.length) : Math.ceil(result.entries.length / ctx.limit),
    value: timelineJson(ctx.corpus, result, { ...(ctx.limit !== undefined && { limit: ctx.limit }), page: ctx.page }),
  };
}

export function autocomplete(focused: { name: string; value: string }, _args: Args, ctx: CommandContext) {
  if (focused.name === 'source') {
    const typed = focused.value.trim().toLowerCase();
    return choices(
      ctx.corpus
        .outlets()
        .filter((o) => (ctx.allowOutlet?.(o.outlet) ?? true) && o.outlet.toLowerCase().includes(typed))
        // A name longer than the option allows goes as its first SOURCE_MAX characters, which
        // the command reads as a prefix of the outlet's name.
        .map((o) => ({ name: `${o.outlet} (${o.articles} article${o.articles === 1 ? '' : 's'})`, value: o.outlet.slice(0, SOURCE_MAX) })),
    );
  }
  if (focused.name === 'topic') {
    return choices(
      suggestTopics(ctx.corpus.topics, focused.value, 100)
        .filter((t) => t.name.length <= TOPIC_MAX)
        .map((t) => t.name),
    );
  }
  return [];
}

export const command: CommandModule = { data, execute, json, autocomplete };

// /ask: quick fact lookups. The best passages, each with its citation.
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { choices, str, type Args, type ArgsOf, type CommandContext, type CommandModule, type JsonView } from '../src/contract/command.ts';
import { errorAnswer, type Answer } from '../src/core/answer.ts';
import { ask, askAnswer, askJson } from '../src/core/ask.ts';
import { suggestTopics } from '../src/core/topics.ts';

/** Long enough for a real question, short enough that paging buttons can carry it in a custom id. */
export const QUERY_MAX = 80;
export const PAGE_SIZE = 3;

export const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'ask',
  description: 'Look up a fact in the corpus: the passages that answer it, with citations.',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'query',
      description: 'Your question or keywords, e.g. "how many diplomats were expelled in 2018"',
      required: true,
      max_length: QUERY_MAX,
      autocomplete: true,
    },
    { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Show the answer only to you', required: false },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The options as the definition types them. */
export type Options = ArgsOf<typeof data>;

export function execute(args: Options, ctx: CommandContext): Answer {
  const query = str(args, 'query');
  if (query === undefined) return errorAnswer('ask', 'Give a question or some keywords in `query`, e.g. `/ask query: expelled diplomats 2018`.');
  const limit = ctx.limit ?? PAGE_SIZE;
  const result = ask(ctx.corpus, query, { limit, page: ctx.page, ...(ctx.allowArticle && { allowArticle: ctx.allowArticle }) });
  return askAnswer(ctx.corpus, result, ctx.page, limit);
}

/** `{ query, answered, notice?, total, results }`, a page of `ctx.limit` (or PAGE_SIZE) results. */
export function json(args: Options, ctx: CommandContext): JsonView {
  const query = str(args, 'query');
  if (query === undefined) return { ok: false, message: 'Give a question or some keywords.' };
  const result = ask(ctx.corpus, query, { limit: ctx.limit ?? PAGE_SIZE, page: ctx.page, ...(ctx.allowArticle && { allowArticle: ctx.allowArticle }) });
  return {
    ok: true,
    pages: Math.ceil(result.total / (ctx.limit ?? PAGE_SIZE)),
    value: { query, answered: result.answered, ...(result.notice !== undefined && { notice: result.notice }), total: result.total, results: result.results.map((r) => askJson(ctx.corpus, r)) },
  };
}

export function autocomplete(focused: { name: string; value: string }, _args: Args, ctx: CommandContext) {
  return choices(suggestTopics(ctx.corpus.topics, focused.value, 25).map((t) => t.name));
}

export const command: CommandModule = { data, execute, json, autocomplete };

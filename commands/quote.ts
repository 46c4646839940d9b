// /quote: who said what. The speaker's quotes (or the best-matching quotes by anyone), verbatim,
// each with the sentence around it, the words that attribute it and its citation.
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { choices, str, type Args, type ArgsOf, type CommandContext, type CommandModule, type JsonView } from '../src/contract/command.ts';
import type { Answer } from '../src/core/answer.ts';
import { findQuotes, quoteAnswer, quoteJson, speakerChoiceValue, unknownSpeakerNotice } from '../src/core/quote-answer.ts';
import { suggestTopics } from '../src/core/topics.ts';

// Paging buttons carry every option in a 100-character custom id ("1|p|q|<page>|t=…|p=…|f=…|o=…|d=…":
// 23 characters of framing with a two-digit page), so the option lengths add up to 77.
export const TOPIC_MAX = 19;
export const SPEAKER_MAX = 24;
/** "September 2018", "5 Sep 2018", "2018-09-05" fit. */
export const DATE_MAX = 14;
export const PAGE_SIZE = 5;

export const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'quote',
  description: 'Who said what: quotes verbatim, with the speaker and the citation.',
  options: [
    // Topic first: bare text after /quote (console, CLI, benchmarks) is a topic.
    { type: ApplicationCommandOptionType.String, name: 'topic', description: 'What the quotes are about, e.g. "Trump" or "sanctions"', required: false, max_length: TOPIC_MAX, autocomplete: true },
    {
      type: ApplicationCommandOptionType.String,
      name: 'speaker',
      description: 'Who said it, e.g. Putin (the most quoted are suggested)',
      required: false,
      max_length: SPEAKER_MAX,
      autocomplete: true,
    },
    { type: ApplicationCommandOptionType.String, name: 'from', description: 'Published on or after: 2018, 2018-03, March 2018 or 5 Mar 2018', required: false, max_length: DATE_MAX },
    { type: ApplicationCommandOptionType.String, name: 'to', description: 'Published on or before: 2018, 2018-03, March 2018 or 5 Mar 2018', required: false, max_length: DATE_MAX },
    {
      type: ApplicationCommandOptionType.String,
      name: 'order',
      description: 'Newest first (the default) or oldest first',
      required: false,
      choices: [
        { name: 'newest first', value: 'newest' },
        { name: 'oldest first', value: 'oldest' },
      ],
    },
    { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Show the answer only to you', required: false },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The options as the definition types them. */
export type Options = ArgsOf<typeof data>;

function query(args: Options, ctx: CommandContext, all = false) {
  const speaker = str(args, 'speaker');
  const topic = str(args, 'topic');
  const from = str(args, 'from');
  const to = str(args, 'to');
  const order = str(args, 'order');
  return findQuotes(ctx.corpus, {
    ...(all && { all }),
    ...(speaker !== undefined && { speaker }),
    ...(topic !== undefined && { topic }),
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(order !== undefined && { order }),
    ...(ctx.allowArticle && { allowArticle: ctx.allowArticle }),
  });
}

export function execute(args: Options, ctx: CommandContext): Answer {
  return quoteAnswer(ctx.corpus, query(args, ctx), ctx.page, ctx.limit ?? PAGE_SIZE);
}

/** Every matching quote unless `ctx.limit` is given (quoteJson's shape); an unknown speaker names the closest ones. */
export function json(args: Options, ctx: CommandContext): JsonView {
  // Evaluation scripts need every quotation: with no speaker and no topic, --json lists them all.
  const result = query(args, ctx, true);
  if (result.kind === 'error') return { ok: false, message: result.message };
  if (result.kind === 'unknown-speaker') {
    const topic = str(args, 'topic') ?? null;
    return {
      ok: true,
      value: { speaker: result.name, topic, total: 0, notice: unknownSpeakerNotice(result.name, result.suggestions), suggestions: result.suggestions.map((s) => s.name), quotes: [] },
    };
  }
  return {
    ok: true,
    pages: ctx.limit === undefined ? Math.min(1, result.quotes.length) : Math.ceil(result.quotes.length / ctx.limit),
    value: quoteJson(ctx.corpus, result, { ...(ctx.limit !== undefined && { limit: ctx.limit }), page: ctx.page }),
  };
}

export function autocomplete(focused: { name: string; value: string }, _args: Args, ctx: CommandContext) {
  if (focused.name === 'speaker') {
    const out: { name: string; value: string }[] = [];
    // Most quoted first (the index's order); a few spare in case a long name has no short form.
    for (const s of ctx.corpus.speakers.suggest(focused.value, 40)) {
      const value = speakerChoiceValue(ctx.corpus, s, SPEAKER_MAX);
      if (value === undefined) continue;
      out.push({ name: `${s.name} (${s.count} quote${s.count === 1 ? '' : 's'})`, value });
      if (out.length === 25) break;
    }
    return choices(out);
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

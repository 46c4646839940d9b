// "Find sources": a message context-menu command that checks the selected message against the
// corpus, as `/ask` would with the message's text.
import { ApplicationCommandType, type RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { str, type Args, type CommandContext, type CommandModule } from '../src/app/command.ts';
import { errorAnswer, type Answer } from '../src/core/answer.ts';
import { ask, askAnswer } from '../src/core/ask.ts';
import { PAGE_SIZE } from './ask.ts';

export const data = {
  type: ApplicationCommandType.Message,
  name: 'Find sources',
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** A chat message can be long; the first 60 words carry the claim. */
export function claimOf(text: string): string {
  return text.replace(/<a?:\w+:\d+>|<[@#][!&]?\d+>|https?:\/\/\S+/g, ' ').split(/\s+/).filter(Boolean).slice(0, 60).join(' ');
}

export function execute(args: Args, ctx: CommandContext): Answer {
  const text = str(args, 'text');
  if (text === undefined) return errorAnswer('Find sources', 'That message has no text to check (only attachments or embeds).');
  const query = claimOf(text);
  const result = ask(ctx.corpus, query, { limit: PAGE_SIZE, page: 0, ...(ctx.allowArticle && { allowArticle: ctx.allowArticle }) });
  const answer = askAnswer(ctx.corpus, result, 0, PAGE_SIZE);
  const shown = query.length > 80 ? `${query.slice(0, 79)}…` : query;
  return { ...answer, command: 'Find sources', title: `Sources for “${shown}”` };
}

export const command: CommandModule = { data, execute };

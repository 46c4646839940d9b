// "Find sources": a message context-menu command that checks the selected message against the
// corpus, as `/ask` would with the message's key words.
import { ApplicationCommandType, type RESTPostAPIContextMenuApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { str, type Args, type CommandContext, type CommandModule } from '../src/contract/command.ts';
import { errorAnswer, type Answer } from '../src/core/answer.ts';
import { ask, askAnswer } from '../src/core/ask.ts';
import { requiredCoverage } from '../src/core/search/topic.ts';
import { normaliseTerm, tokensWithOffsets } from '../src/core/search/tokenize.ts';
import { PAGE_SIZE, QUERY_MAX } from './ask.ts';

export const data = {
  type: ApplicationCommandType.Message,
  name: 'Find sources',
} as const satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;

/** Words of chat that carry no claim ("Honestly I think…"); not stop words for search in general. */
const CHATTER = new Set(
  `honestly think thought really actually basically literally like pretty sure guess believe lol lmao yeah yep okay ok right well
  totally seem seems seemed apparently heard read saw people someone somebody everyone anyone something anything guys remember
  back even still kind sort stuff anyway mean wait look gonna wanna gotta`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The claim of a chat message as a search query: its distinct content words in order, without
 * mentions, links, emoji and chatter, cut at a word to fit a paging button. Idempotent, so a button
 * that carries the claim rebuilds the same answer.
 */
export function claimOf(text: string): string {
  const cleaned = text.replace(/<a?:\w+:\d+>|<[@#][!&]?\d+>|<t:\d+(?::\w)?>|https?:\/\/\S+/g, ' ');
  const seen = new Set<string>();
  let out = '';
  for (const { raw } of tokensWithOffsets(cleaned)) {
    const term = normaliseTerm(raw);
    if (term === null || seen.has(term) || CHATTER.has(raw.toLowerCase())) continue;
    if (out.length + raw.length + 1 > QUERY_MAX) break;
    seen.add(term);
    out = out === '' ? raw : `${out} ${raw}`;
  }
  return out;
}

/** A claim has many words: a passage that shares two fifths of them (at least three) is a source. */
export function claimCoverage(groups: number): number {
  return groups <= 3 ? requiredCoverage(groups) : Math.max(3 / groups, 0.4);
}

export function execute(args: Args, ctx: CommandContext): Answer {
  const text = str(args, 'text');
  if (text === undefined) return errorAnswer('Find sources', 'That message has no text to check (only attachments or embeds).');
  const query = claimOf(text);
  if (query === '') return errorAnswer('Find sources', 'That message has no words to check against the corpus (only links, mentions or emoji).');
  const limit = ctx.limit ?? PAGE_SIZE;
  const result = ask(ctx.corpus, query, { limit, page: ctx.page, coverage: claimCoverage, ...(ctx.allowArticle && { allowArticle: ctx.allowArticle }) });
  const answer = askAnswer(ctx.corpus, result, ctx.page, limit);
  return { ...answer, command: 'Find sources', title: `Sources for “${query}”` };
}

export const command: CommandModule = { data, execute, stateArgs: (args) => ({ text: claimOf(str(args, 'text') ?? '') }) };

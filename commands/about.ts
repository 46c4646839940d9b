// /about: version, corpus size, index age, uptime.
import { ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Args, CommandContext, CommandModule } from '../src/contract/command.ts';
import type { Answer } from '../src/core/answer.ts';
import type { FeedRecord } from '../src/store/feeds.ts';

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

/** Feeds shown by name in /about when they fail; the rest are counted. */
const NAMED = 3;

/** What /about says about the feeds: how many, and each failing or disabled one with why (undefined with no feeds). */
export function feedsLine(feeds: readonly Pick<FeedRecord, 'url' | 'status' | 'reason'>[]): string | undefined {
  if (feeds.length === 0) return undefined;
  const bad = feeds.filter((f) => f.status !== 'ok').sort((a, b) => (a.status === b.status ? 0 : a.status === 'disabled' ? -1 : 1));
  const failing = feeds.filter((f) => f.status === 'failing').length;
  const disabled = feeds.filter((f) => f.status === 'disabled').length;
  const head = `${feeds.length} feed${feeds.length === 1 ? '' : 's'}: ${feeds.length - bad.length} polling${failing > 0 ? `, ${failing} failing` : ''}${disabled > 0 ? `, ${disabled} disabled` : ''}`;
  const lines = bad.slice(0, NAMED).map((f) => `${f.status}: ${f.url} (${f.reason ?? 'no reason recorded'})`);
  if (bad.length > NAMED) lines.push(`and ${bad.length - NAMED} more: see attache feeds status`);
  return [head, ...lines].join('\n');
}

export async function execute(_args: Args, ctx: CommandContext): Promise<Answer> {
  const c = ctx.corpus;
  let feeds: string | undefined;
  try {
    feeds = ctx.feeds === undefined ? undefined : feedsLine(await ctx.feeds.list());
  } catch (err) {
    ctx.log.warn({ err }, '/about: feed state unavailable');
    feeds = 'the feed state cannot be read right now';
  }
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
      ...(feeds === undefined ? [] : [{ name: 'Feeds', value: feeds }]),
    ],
  };
}

export const command: CommandModule = { data, execute };

// /follow: moderators ask for new articles on a topic to be posted in a channel. Like /config,
// every reply is private and the Manage Server permission is checked here again (Discord's
// default can be overridden by a server). The work happens in src/app/follow-service.ts.
import type { Args, CommandContext, CommandModule } from '../src/contract/command.ts';
import { choices, num, str } from '../src/contract/command.ts';
import { errorAnswer, type Answer } from '../src/core/answer.ts';
import { FollowError, MAX_FOLLOWS_PER_GUILD, topicProblem, type Follow } from '../src/core/follows/follow.ts';
import { formatDigestTime, nextDigestAt, parseDigestTime } from '../src/core/follows/daily.ts';
import { tooBroad } from '../src/core/follows/noise.ts';
import { isModerator, missingBotPermissions, outletKey } from '../src/core/policy.ts';
import type { FollowStore, FollowSummary } from '../src/store/follows.ts';
import { StoreUnavailableError } from '../src/store/unavailable.ts';
import { data, NAME } from './follow/definition.ts';

export { data } from './follow/definition.ts';

export const MESSAGES = {
  console: 'Follows post to Discord channels, so they are set up in Discord with /follow; the console has none.',
  dm: '/follow posts new articles in a channel of a server, so it only works inside one.',
  denied: 'Only members with the Manage Server permission can use /follow.',
  storeUnavailable: "Attaché's settings database is not answering right now, so this could not be done or confirmed. Check with /follow list in a minute.",
  noId: 'Give the id of a follow, as /follow list shows it.',
  unknownId: (id: number) => `This server has no follow #${id}. /follow list shows the ids.`,
  commonWords: 'This topic has only common words, so it would match nothing. Use words that matter: names, places, events.',
  unknown: (path: string) => `Unknown /follow subcommand “${path}”. Try /follow list.`,
} as const;

/** What a channel post needs (Read Message History does not). */
const POSTING = new Set(['View Channel', 'Send Messages', 'Embed Links']);

interface Scope {
  readonly ctx: CommandContext;
  readonly guildId: string;
  readonly userId: string;
  readonly store: FollowStore;
}

function scopeOf(ctx: CommandContext): Scope | Answer {
  const inv = ctx.invocation;
  if (inv === undefined || ctx.follows === undefined) return errorAnswer(NAME, MESSAGES.console);
  if (inv.guildId === undefined) return errorAnswer(NAME, MESSAGES.dm);
  if (!isModerator(inv.memberPermissions)) return errorAnswer(NAME, MESSAGES.denied);
  return { ctx, guildId: inv.guildId, userId: inv.userId, store: ctx.follows };
}

function info(title: string, body: string, fields: { name: string; value: string }[] = []): Answer {
  return { command: NAME, title, answered: true, body, items: [], fields, ephemeral: true };
}

/** Runs a store call; a store that cannot answer becomes the moderator's message. */
async function stored<T>(scope: Scope, work: () => Promise<T>): Promise<T | Answer> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof FollowError) return errorAnswer(NAME, err.message);
    if (!(err instanceof StoreUnavailableError)) throw err;
    scope.ctx.log.warn({ err, guildId: scope.guildId }, 'follow store unavailable');
    return errorAnswer(NAME, MESSAGES.storeUnavailable);
  }
}

const isAnswer = (x: unknown): x is Answer => typeof x === 'object' && x !== null && 'command' in x && 'items' in x;

function describe(f: Follow): string {
  const digest = f.digestMinute === undefined ? '' : `, daily digest at ${formatDigestTime(f.digestMinute)}`;
  return `#${f.id} “${f.topic}” in <#${f.channelId}>${f.source === undefined ? '' : ` from ${f.source}`}${digest}${f.paused ? ' (paused)' : ''}`;
}

/** The server's time zone for the digest wording; UTC when the settings cannot say. */
async function serverZone(scope: Scope): Promise<string> {
  try {
    return (await scope.ctx.settings?.get(scope.guildId))?.timeZone ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

/** "The digest is posted daily at 08:00 Europe/Paris (next <t:…:R>)." */
function digestSentence(minute: number, zone: string, now: number): string {
  return `One digest of its new stories is posted daily at ${formatDigestTime(minute)} ${zone} (next ${when(nextDigestAt(now, zone, minute))}); change the zone with /config timezone.`;
}

const BAD_TIME = 'Give the digest time as HH:MM on a 24-hour clock (such as 08:00 or 18:30), or off.';

const when = (ms: number): string => `<t:${Math.floor(ms / 1000)}:R>`;

/** What /follow list says about one follow. */
export function followStatus(f: FollowSummary): string {
  const parts: string[] = [];
  parts.push(f.posted === 0 ? 'nothing posted yet' : `${f.posted} posted, the last ${when(f.lastPostMs ?? 0)}`);
  if (f.waiting > 0) parts.push(`${f.waiting} waiting to be posted`);
  if (f.failing > 0) parts.push(`${f.failing} failing, retried ${f.nextRetryMs === undefined ? 'soon' : when(f.nextRetryMs)}`);
  if (f.failed > 0) parts.push(`${f.failed} given up after a day of failures`);
  if (f.unknown > 0) parts.push(`${f.unknown} interrupted by a restart (may be missing)`);
  if (f.collected > 0) parts.push(`${f.collected} ${f.collected === 1 ? 'story' : 'stories'} for the next daily digest`);
  let text = `${parts.join(' · ')}.`;
  if ((f.failing > 0 || f.failed > 0 || f.unknown > 0) && f.lastError !== undefined) text += `\nLast error: ${f.lastError}.`;
  const broad = tooBroad(f.window);
  if (broad !== undefined) {
    text += `\nThis topic matches ${Math.round(broad * 100)}% of new articles (${f.window.matched} of ${f.window.considered}): narrow it with more precise words or a source.`;
  }
  return text;
}

async function add(scope: Scope, args: Args): Promise<Answer> {
  const { ctx } = scope;
  const inv = ctx.invocation;
  const typed = str(args, 'topic');
  const problem = topicProblem(typed);
  if (problem !== undefined || typed === undefined) return errorAnswer(NAME, problem ?? MESSAGES.commonWords);
  if (ctx.corpus.search.queryGroups(typed).length === 0) return errorAnswer(NAME, MESSAGES.commonWords);
  const channelId = str(args, 'channel') ?? inv?.channelId;
  if (channelId === undefined) return errorAnswer(NAME, 'Pick the channel to post in with the `channel` option.');
  // Discord tells the bot's permissions for the channel the command is used in; for another
  // channel the first post tells, and /follow list shows it if it fails.
  if (channelId === inv?.channelId && inv.appPermissions !== undefined) {
    // A post is a message of its own, not a reply: Send Messages matters here too.
    const blocking = missingBotPermissions(inv.appPermissions).filter((m) => POSTING.has(m.name));
    if (blocking.length > 0) return errorAnswer(NAME, `Attaché cannot post in <#${channelId}>: it lacks ${blocking.map((m) => m.name).join(' and ')} there. ${blocking[0]?.fix ?? ''}`.trim());
  }
  const digestTyped = str(args, 'digest');
  const digestMinute = digestTyped === undefined ? undefined : parseDigestTime(digestTyped);
  if (digestTyped !== undefined && digestMinute === undefined) return errorAnswer(NAME, BAD_TIME);
  const sourceTyped = str(args, 'source');
  let source: string | undefined;
  let note = '';
  if (sourceTyped !== undefined) {
    const found = ctx.corpus.outlets().find((o) => outletKey(o.outlet) === outletKey(sourceTyped));
    source = found?.outlet ?? sourceTyped;
    if (found === undefined) note = ` No article in the corpus comes from “${sourceTyped}” yet; the follow applies when one arrives.`;
  }
  const result = await stored(scope, () =>
    scope.store.add(
      { guildId: scope.guildId, channelId, topic: typed, ...(source !== undefined && { source }), ...(digestMinute !== undefined && { digestMinute }), createdBy: scope.userId, createdAt: ctx.now },
      MAX_FOLLOWS_PER_GUILD,
    ),
  );
  if (isAnswer(result)) return result;
  ctx.log.info({ guildId: scope.guildId, userId: scope.userId, follow: result.id, topic: result.topic, channelId }, `follow #${result.id} added in server ${scope.guildId} by ${scope.userId}`);
  const how =
    digestMinute === undefined
      ? 'New articles that answer it are posted there once per story, with the passage cited; copies from other outlets show as “also reported by”.'
      : `New articles that answer it are grouped by story (copies from other outlets as “also reported by”). ${digestSentence(digestMinute, await serverZone(scope), ctx.now)}`;
  return info('Follow added', `${describe(result)}. ${how} Articles already in the corpus are not posted.${note}`);
}

async function list(scope: Scope): Promise<Answer> {
  const result = await stored(scope, () => scope.store.list(scope.guildId));
  if (isAnswer(result)) return result;
  if (result.length === 0) return info('Follows', 'This server follows no topic. Add one with /follow add topic: sanctions on Russia.');
  return info(
    'Follows',
    `${result.length} follow${result.length === 1 ? '' : 's'} (at most ${MAX_FOLLOWS_PER_GUILD}). Remove one with /follow remove, pause it with /follow pause.`,
    result.map((f) => ({ name: describe(f).replace(/<#(\d+)>/, '#$1'), value: `In <#${f.channelId}>. ${followStatus(f)}` })),
  );
}

async function byId(scope: Scope, args: Args, act: (id: number) => Promise<Follow | boolean | undefined>, done: (f: Follow | undefined, id: number, before: Follow) => Answer): Promise<Answer> {
  const id = num(args, 'id');
  if (id === undefined) return errorAnswer(NAME, MESSAGES.noId);
  const before = await stored(scope, () => scope.store.get(scope.guildId, id));
  if (isAnswer(before)) return before;
  if (before === undefined) return errorAnswer(NAME, MESSAGES.unknownId(id));
  const result = await stored(scope, () => act(id));
  if (isAnswer(result)) return result;
  if (result === undefined || result === false) return errorAnswer(NAME, MESSAGES.unknownId(id));
  return done(typeof result === 'object' ? result : before, id, before);
}

export async function execute(args: Args, ctx: CommandContext): Promise<Answer> {
  const scope = scopeOf(ctx);
  if (!('guildId' in scope)) return scope;
  const path = (ctx.invocation?.subcommand ?? []).join(' ');
  const log = (what: string, id: number): void => ctx.log.info({ guildId: scope.guildId, userId: scope.userId, follow: id }, `follow #${id} ${what} in server ${scope.guildId} by ${scope.userId}`);
  switch (path) {
    case 'add':
      return add(scope, args);
    case 'list':
      return list(scope);
    case 'remove':
      return byId(
        scope,
        args,
        (id) => scope.store.remove(scope.guildId, id),
        (f, id) => {
          log('removed', id);
          return info('Follow removed', `${f ? describe(f) : `#${id}`} is removed: nothing more is posted for it.`);
        },
      );
    case 'pause':
    case 'resume': {
      const paused = path === 'pause';
      return byId(
        scope,
        args,
        (id) => scope.store.setPaused(scope.guildId, id, paused),
        (f, id) => {
          log(paused ? 'paused' : 'resumed', id);
          return info(paused ? 'Follow paused' : 'Follow resumed', `${f ? describe(f) : `#${id}`}. ${paused ? 'Nothing is posted for it until /follow resume.' : 'New articles are posted again.'}`);
        },
      );
    }
    case 'digest': {
      const typed = (str(args, 'time') ?? '').trim();
      const off = typed.toLowerCase() === 'off';
      const minute = off ? undefined : parseDigestTime(typed);
      if (!off && minute === undefined) return errorAnswer(NAME, BAD_TIME);
      const zone = await serverZone(scope);
      return byId(
        scope,
        args,
        (id) => scope.store.setDigest(scope.guildId, id, minute),
        (f, id, before) => {
          log(minute === undefined ? 'digest off' : `digest at ${formatDigestTime(minute)}`, id);
          const what = f ? describe(f) : `#${id}`;
          if (minute === undefined && before.digestMinute === undefined) return info('No daily digest', `${what} had no daily digest: its new stories are posted one by one.`);
          return minute === undefined
            ? info('Daily digest off', `${what}. New stories are posted one by one again; stories waiting for the digest are posted together in one last digest.`)
            : info('Daily digest', `${what}. ${digestSentence(minute, zone, ctx.now)}`);
        },
      );
    }
    default:
      return errorAnswer(NAME, MESSAGES.unknown(path));
  }
}

/** Outlets of the corpus matching what is typed (as /config sources). */
export function autocomplete(focused: { name: string; value: string }, _args: Args, ctx: CommandContext) {
  if (focused.name !== 'source') return [];
  const typed = outletKey(focused.value);
  const outlets = ctx.corpus.outlets().filter((o) => outletKey(o.outlet).includes(typed));
  return choices(outlets.map((o) => ({ name: `${o.outlet} (${o.articles} article${o.articles === 1 ? '' : 's'})`, value: o.outlet })));
}

export const command: CommandModule = { data, execute, autocomplete, moderator: true };

// Who may configure a server (checked again on every use, whatever Discord showed), and the one
// way a change is made: stored with its history entry in one transaction, then logged.
import type { CommandContext } from '../../src/contract/command.ts';
import { errorAnswer, type Answer } from '../../src/core/answer.ts';
import { isModerator, SettingsError, summarizeChange, type GuildSettings, type SettingsChange } from '../../src/core/policy.ts';
import { StoreUnavailableError } from '../../src/store/unavailable.ts';
import { NAME } from './definition.ts';
import { MESSAGES } from './wording.ts';

export interface Scope {
  readonly ctx: CommandContext;
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string | undefined;
  readonly store: NonNullable<CommandContext['settings']>;
}

/** Reads the server's settings for /config; a store that cannot answer becomes the moderator's message. */
export async function current(scope: Scope): Promise<GuildSettings | Answer> {
  try {
    return await scope.store.get(scope.guildId);
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    scope.ctx.log.warn({ err, guildId: scope.guildId }, 'settings store unavailable');
    return errorAnswer(NAME, MESSAGES.storeUnavailable);
  }
}

/** Who may configure, or the refusal to show. */
export function scopeOf(ctx: CommandContext): Scope | Answer {
  const inv = ctx.invocation;
  if (inv === undefined || ctx.settings === undefined) return errorAnswer(NAME, MESSAGES.console);
  if (inv.guildId === undefined) return errorAnswer(NAME, MESSAGES.dm);
  if (!isModerator(inv.memberPermissions)) return errorAnswer(NAME, MESSAGES.denied);
  return { ctx, guildId: inv.guildId, userId: inv.userId, channelId: inv.channelId, store: ctx.settings };
}

/**
 * Stores and logs one change; a SettingsError becomes the moderator's error message. Writes fail
 * closed: a store that is down or too slow gets a clear refusal, never a change assumed stored.
 */
export async function change(scope: Scope, what: SettingsChange, describe: (next: GuildSettings) => Answer): Promise<Answer> {
  let next: GuildSettings;
  try {
    next = await scope.store.update(scope.guildId, what, { userId: scope.userId, at: scope.ctx.now });
  } catch (err) {
    if (err instanceof SettingsError) return errorAnswer(NAME, err.message);
    if (err instanceof StoreUnavailableError) {
      scope.ctx.log.warn({ err, guildId: scope.guildId, change: what }, 'settings store unavailable; change refused');
      return errorAnswer(NAME, MESSAGES.storeUnavailable);
    }
    throw err;
  }
  const summary = summarizeChange(what);
  scope.ctx.log.info({ guildId: scope.guildId, userId: scope.userId, change: what }, `settings of server ${scope.guildId} changed by ${scope.userId}: ${summary}`);
  return describe(next);
}

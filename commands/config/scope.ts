// Who may configure a server (checked again on every use, whatever Discord showed), and the one
// way a change is made: stored with its history entry in one transaction, then logged.
import type { CommandContext } from '../../src/contract/command.ts';
import { errorAnswer, type Answer } from '../../src/core/answer.ts';
import { isModerator, SettingsError, summarizeChange, type GuildSettings, type SettingsChange } from '../../src/core/policy.ts';
import { NAME } from './definition.ts';
import { MESSAGES } from './wording.ts';

export interface Scope {
  readonly ctx: CommandContext;
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string | undefined;
  readonly store: NonNullable<CommandContext['settings']>;
}

/** Who may configure, or the refusal to show. */
export function scopeOf(ctx: CommandContext): Scope | Answer {
  const inv = ctx.invocation;
  if (inv === undefined || ctx.settings === undefined) return errorAnswer(NAME, MESSAGES.console);
  if (inv.guildId === undefined) return errorAnswer(NAME, MESSAGES.dm);
  if (!isModerator(inv.memberPermissions)) return errorAnswer(NAME, MESSAGES.denied);
  return { ctx, guildId: inv.guildId, userId: inv.userId, channelId: inv.channelId, store: ctx.settings };
}

/** Stores and logs one change; a SettingsError becomes the moderator's error message. */
export function change(scope: Scope, what: SettingsChange, describe: (next: GuildSettings) => Answer): Answer {
  let next: GuildSettings;
  try {
    next = scope.store.update(scope.guildId, what, { userId: scope.userId, at: scope.ctx.now });
  } catch (err) {
    if (err instanceof SettingsError) return errorAnswer(NAME, err.message);
    throw err;
  }
  const summary = summarizeChange(what);
  scope.ctx.log.info({ guildId: scope.guildId, userId: scope.userId, change: what }, `settings of server ${scope.guildId} changed by ${scope.userId}: ${summary}`);
  return describe(next);
}

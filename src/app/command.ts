// What a command module is: its Discord definition (plain data, shared by registration and
// runtime) and functions of plain data that return an Answer.
import type { APIApplicationCommandOptionChoice, APIButtonComponent, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Answer } from '../core/answer.ts';
import type { Corpus } from '../core/corpus.ts';
import type { Logger } from '../log.ts';
import type { ButtonState } from '../render/custom-id.ts';
import type { SettingsStore } from '../store/settings.ts';
import type { Choice, Invocation, OptionValue, Reply } from './interaction.ts';

export type Args = Readonly<Record<string, OptionValue>>;

/** What every command may use. The corpus is read through a getter: a reload swaps it. */
export interface CommandContext {
  readonly corpus: Corpus;
  readonly log: Logger;
  readonly now: number;
  readonly startedAt: number;
  readonly version: string;
  /** 0-based page requested (paging buttons, `--page`). */
  readonly page: number;
  /** Results per page (the CLI may ask for more). */
  readonly limit?: number;
  /** Articles this server's settings let answers cite. */
  readonly allowArticle?: (articleId: string) => boolean;
  /** Outlets this server may cite (for autocomplete). */
  readonly allowOutlet?: (outlet: string) => boolean;
  /** The interaction itself (who, where, with which permissions). */
  readonly invocation?: Invocation;
  /** Server settings, for /config. Absent in the console. */
  readonly settings?: SettingsStore;
}

export interface CommandModule {
  readonly data: RESTPostAPIApplicationCommandsJSONBody;
  /** Heavy commands get deferred at once rather than raced against the 3-second deadline. */
  readonly slow?: boolean;
  execute(args: Args, ctx: CommandContext): Answer | Promise<Answer>;
  /**
   * The answer as data for scripts (`--json` on the command line), where it differs from the
   * Answer: every result unless `ctx.limit` is given, fields named for a program, not a reader.
   */
  json?(args: Args, ctx: CommandContext): JsonView;
  autocomplete?(focused: { name: string; value: string }, args: Args, ctx: CommandContext): readonly Choice[];
  /** What a paging button must carry to rebuild this answer, when not the options as given (a long message's key words). */
  stateArgs?(args: Args): Record<string, string>;
  /** Moderator commands skip the channel allow-list and cooldown (they check permissions themselves). */
  readonly moderator?: boolean;
  /** Buttons of this command other than paging and sharing (e.g. a confirmation). */
  button?(state: ButtonState, ctx: CommandContext): Promise<Reply> | Reply;
  /** Buttons of its own under an answer (e.g. a confirmation), in a row after paging and sharing. */
  buttons?(answer: Answer, ctx: CommandContext): readonly APIButtonComponent[];
}

/** A command's JSON answer, or the one-line reason it cannot give one (a bad date). */
export type JsonView =
  | { readonly ok: true; readonly value: unknown; /** Pages of results when paged (0: none): asking past the last is an error. */ readonly pages?: number }
  | { readonly ok: false; readonly message: string };

export function str(args: Args, name: string): string | undefined {
  const v = args[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function num(args: Args, name: string): number | undefined {
  const v = args[name];
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Discord caps choices at 25 and their names and values at 100 characters. */
export function choices(values: readonly (string | { name: string; value: string })[]): Choice[] {
  const cut = (s: string): string => (s.length <= 100 ? s : `${s.slice(0, 99)}…`);
  return values.slice(0, 25).map((v) => (typeof v === 'string' ? { name: cut(v), value: v.slice(0, 100) } : { name: cut(v.name), value: v.value.slice(0, 100) }));
}

export type { APIApplicationCommandOptionChoice };

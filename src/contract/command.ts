// What a command module is: its Discord definition (plain data, shared by registration and
// runtime) and functions of plain data that return an Answer.
import type { APIApplicationCommandOptionChoice, APIButtonComponent, ApplicationCommandOptionType, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Answer } from '../core/answer.ts';
import type { Corpus } from '../core/corpus.ts';
import type { Logger } from '../log.ts';
import type { ButtonState } from '../render/custom-id.ts';
import type { FeedStore } from '../store/feeds.ts';
import type { FollowStore } from '../store/follows.ts';
import type { SettingsStore } from '../store/settings.ts';
import type { Choice, Invocation, OptionValue } from './interaction.ts';

export type Args = Readonly<Record<string, OptionValue>>;

/** What an option of this type holds once a door has read it (the console and CLI coerce typed text to it). */
type ValueOfType<T> = T extends ApplicationCommandOptionType.Boolean ? boolean : T extends ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number ? number : string;

/**
 * The arguments a command's definition declares, by name and type (yuudachi's `ArgsParam<typeof
 * Command>`): `ArgsOf<typeof data>` for /ask is `{ query?: string; private?: boolean }`. Every one is
 * optional, because the command checks: a paging button replays them, a console line may omit them.
 * Reading an option the definition lacks (`str(args, 'limit')`) does not compile.
 */
export type ArgsOf<D> = D extends { readonly options: readonly (infer O)[] }
  ? { readonly [K in O as K extends { readonly name: infer N extends string } ? N : never]?: K extends { readonly type: infer T } ? ValueOfType<T> : never }
  : Readonly<Record<never, never>>;

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
  /** Follows, for /follow. Absent in the console. */
  readonly follows?: FollowStore;
  /** The feed poller's state, for /about (absent where there is no store). */
  readonly feeds?: Pick<FeedStore, 'list'>;
}

/** What a command's own button produced: a private message, or the clicked message replaced (its buttons gone). */
export interface ButtonOutcome {
  readonly answer: Answer;
  readonly replace: boolean;
}

export interface CommandModule {
  readonly data: RESTPostAPIApplicationCommandsJSONBody;
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
  /** Buttons of this command other than paging and sharing (e.g. a confirmation); dispatch renders the outcome. */
  button?(state: ButtonState, ctx: CommandContext): Promise<ButtonOutcome> | ButtonOutcome;
  /** Buttons of its own under an answer (e.g. a confirmation), in a row after paging and sharing. */
  buttons?(answer: Answer, ctx: CommandContext): readonly APIButtonComponent[];
}

/** A command's JSON answer, or the one-line reason it cannot give one (a bad date). */
export type JsonView =
  | { readonly ok: true; readonly value: unknown /** Pages of results when paged (0: none): asking past the last is an error. */; readonly pages?: number }
  | { readonly ok: false; readonly message: string };

/** A text option, trimmed; undefined when absent or blank. `name` must be one of the command's options. */
export function str<A extends object>(args: A, name: keyof A & string): string | undefined {
  const v = (args as Args)[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** A number option (a paging button carries it as digits). `name` must be one of the command's options. */
export function num<A extends object>(args: A, name: keyof A & string): number | undefined {
  const v = (args as Args)[name];
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Discord caps choices at 25 and their names and values at 100 characters. */
export function choices(values: readonly (string | { name: string; value: string })[]): Choice[] {
  const cut = (s: string): string => (s.length <= 100 ? s : `${s.slice(0, 99)}…`);
  return values.slice(0, 25).map((v) => (typeof v === 'string' ? { name: cut(v), value: v.slice(0, 100) } : { name: cut(v.name), value: v.value.slice(0, 100) }));
}

export type { APIApplicationCommandOptionChoice };

// The command line's one argument parser, for every one-shot command. Flags come from each
// command's own option definitions (names and types), plus the few every lookup takes (--corpus,
// --json, --limit, --page); bare words fill the command's main text option, by the rule the
// console uses too. A pure function: bad input is a one-line message, never an exception.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandModule } from '../contract/command.ts';
import { coerceOption, hasSubcommands, optionDefs, positiveWhole, textOption, typedName, type OptionDef } from '../app/command-options.ts';
import type { OptionValue } from '../contract/interaction.ts';

/** A listing that is not a Discord command: the quoted speakers, for whoever maintains the alias file. */
export const SPEAKERS = 'speakers';

/** Options that only mean something in Discord. */
const DISCORD_ONLY = new Set(['private']);

export interface CliRequest {
  /** The typed name: `ask`, `find-sources`, `speakers`. */
  readonly name: string;
  /** Undefined for `speakers`. */
  readonly command?: CommandModule;
  /** The command's options given as flags, typed (text included when given as a flag). */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** The bare words, joined; undefined when there were none. */
  readonly text?: string;
  /** The option the text fills (`query`, `topic`, `text` for a message command). */
  readonly textOption?: string;
  /** One text per line of standard input, one JSON answer per line (JSON Lines). */
  readonly fromStdin: boolean;
  readonly json: boolean;
  readonly corpus: readonly string[];
  /** 0-based. */
  readonly page: number;
  readonly limit?: number;
  readonly help: boolean;
}

export type CliParse = { readonly ok: true; readonly request: CliRequest } | { readonly ok: false; readonly message: string };

type FlagKind = 'switch' | 'corpus' | 'limit' | 'page' | { readonly option: OptionDef };

interface Flag {
  readonly name: string;
  readonly kind: FlagKind;
  /** `--limit N`, `--order newest|oldest`. */
  readonly form: string;
}

const PLACEHOLDER: Readonly<Record<string, string>> = { from: 'D', to: 'D', source: 'S', speaker: 'NAME', query: 'TEXT', topic: 'TEXT' };

/**
 * The commands the command line runs: every command but moderators' and those with subcommands
 * (`/config`), and `help`, which on the command line is the usage text.
 */
export function cliCommands(all: readonly CommandModule[]): readonly CommandModule[] {
  return all.filter((c) => c.moderator !== true && !hasSubcommands(c) && c.data.name !== 'help');
}

/** The flags a command takes, in the order usage shows them. */
export function flagsOf(command: CommandModule | undefined): readonly Flag[] {
  const flags: Flag[] = [];
  const text = command && textOption(command);
  if (command) {
    for (const def of optionDefs(command)) {
      if (DISCORD_ONLY.has(def.name) || def.name === text?.name) continue;
      const choices = (def as { choices?: readonly { value: string | number }[] }).choices;
      const form =
        def.type === ApplicationCommandOptionType.Boolean
          ? `--${def.name}`
          : `--${def.name} ${choices ? choices.map((c) => String(c.value)).join('|') : (PLACEHOLDER[def.name] ?? def.name.toUpperCase())}`;
      flags.push({ name: def.name, kind: { option: def }, form });
    }
    if (text) {
      flags.push({ name: 'limit', kind: 'limit', form: '--limit N' }, { name: 'page', kind: 'page', form: '--page N' });
    }
  }
  flags.push({ name: 'corpus', kind: 'corpus', form: '--corpus DIR' }, { name: 'json', kind: 'switch', form: '--json' }, { name: 'help', kind: 'switch', form: '--help' });
  // The text option as a flag too (`--topic sanctions`), not shown in usage.
  if (text && !DISCORD_ONLY.has(text.name)) flags.push({ name: text.name, kind: { option: text }, form: `--${text.name} ${PLACEHOLDER[text.name] ?? 'TEXT'}` });
  return flags;
}

function accepted(name: string, flags: readonly Flag[]): string {
  return `\`${name}\` takes ${flags
    .filter((f) => f.name !== 'help')
    .map((f) => f.form)
    .join(', ')}`;
}

/** Parses the arguments after the command name. `commands` are the command line's (cliCommands). */
export function parseCli(name: string, argv: readonly string[], commands: readonly CommandModule[]): CliParse {
  const typed = name.toLowerCase();
  const command = commands.find((c) => typedName(c) === typed);
  if (!command && typed !== SPEAKERS) {
    return { ok: false, message: `Unknown command “${name}”. Commands: ${[...commands.map(typedName), SPEAKERS].join(', ')} (attache help).` };
  }
  const flags = flagsOf(command);
  const text = command && textOption(command);
  const options: Record<string, OptionValue> = {};
  const words: string[] = [];
  const corpus: string[] = [];
  let json = false;
  let help = false;
  let dash = false;
  let page = 0;
  let limit: number | undefined;
  let rest = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (rest || token === '-' || !token.startsWith('-')) {
      if (token === '-' && !rest) dash = true;
      else words.push(token);
      continue;
    }
    if (token === '--') {
      rest = true;
      continue;
    }
    if (token === '-h') {
      help = true;
      continue;
    }
    if (!token.startsWith('--')) return { ok: false, message: `Unknown option ${oneLine(token)}: options are spelled out (${accepted(typed, flags)}).` };
    const eq = token.indexOf('=');
    const flagName = token.slice(2, eq < 0 ? undefined : eq);
    const flag = flags.find((f) => f.name === flagName);
    if (!flag) return { ok: false, message: `Unknown option --${oneLine(flagName)}: ${accepted(typed, flags)}.` };
    const isSwitch = flag.kind === 'switch' || (typeof flag.kind === 'object' && flag.kind.option.type === ApplicationCommandOptionType.Boolean);
    if (isSwitch) {
      if (eq >= 0) return { ok: false, message: `--${flag.name} takes no value (got “${oneLine(token.slice(eq + 1))}”)` };
      if (flag.name === 'json') json = true;
      else if (flag.name === 'help') help = true;
      else options[flag.name] = true;
      continue;
    }
    let value: string;
    if (eq >= 0) value = token.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // A value may start with one dash (`--limit -1` is refused as a number, not as an option).
      if (next === undefined || next.startsWith('--')) return { ok: false, message: `${flag.form.split(' ')[0]} needs a value: ${flag.form}` };
      value = next;
      i++;
    }
    if (flag.kind === 'corpus') {
      if (value.trim() === '') return { ok: false, message: '--corpus needs a folder: --corpus DIR' };
      corpus.push(value);
    } else if (flag.kind === 'limit' || flag.kind === 'page') {
      const n = positiveWhole(value);
      if (n === undefined) return { ok: false, message: `--${flag.kind} must be a whole number of 1 or more, e.g. --${flag.kind} ${flag.kind === 'limit' ? 5 : 2} (got “${oneLine(value)}”)` };
      if (flag.kind === 'limit') limit = n;
      else page = n - 1;
    } else if (typeof flag.kind === 'object') {
      const coerced = coerceOption(flag.kind.option, value, `--${flag.name}`);
      if (!coerced.ok) return { ok: false, message: oneLine(coerced.message) };
      options[flag.name] = coerced.value;
    }
  }
  const joined = words.join(' ');
  if (words.length > 0 && !text) return { ok: false, message: `\`${typed}\` takes no text (got “${oneLine(joined)}”); ${accepted(typed, flags)}.` };
  if (text && words.length > 0 && options[text.name] !== undefined) return { ok: false, message: `Give the ${text.name} once: as words or as --${text.name}, not both.` };
  if (dash && (words.length > 0 || (text && options[text.name] !== undefined)))
    return { ok: false, message: `“-” reads each ${text?.name ?? 'text'} from standard input: give no ${text?.name ?? 'text'} with it.` };
  // With --json and no query, a command that needs one reads one per line (JSON Lines).
  const fromStdin = dash || (json && text?.required === true && words.length === 0 && options[text.name] === undefined);
  if (fromStdin && !text) return { ok: false, message: `\`${typed}\` takes no text, so nothing to read from standard input.` };
  if (fromStdin && !json) return { ok: false, message: `Reading one ${text?.name ?? 'text'} per line from standard input (-) needs --json (JSON Lines out).` };
  if (!fromStdin && !help && text?.required === true && words.length === 0 && options[text.name] === undefined) {
    return {
      ok: false,
      message: `\`${typed}\` needs a ${text.name}: attache ${typed} "${text.name === 'query' ? 'expelled diplomats' : 'your text'}" (or --json with one ${text.name} per line on standard input).`,
    };
  }
  const request: CliRequest = {
    name: typed,
    ...(command && { command }),
    options,
    ...(words.length > 0 && { text: joined }),
    ...(text && { textOption: text.name }),
    fromStdin,
    json,
    corpus,
    page,
    ...(limit !== undefined && { limit }),
    help,
  };
  return { ok: true, request };
}

/** A message stays on one line whatever the user typed into it. */
function oneLine(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this flattens to spaces
  const flat = s.replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

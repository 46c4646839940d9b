// Parses a console line typed as in Discord (`/ask query: how many diplomats were expelled`) into
// an Invocation. Option names are the command's own; a value runs until the next known option.
// Bare text after a command fills its main text option (`/ask expelled diplomats`), by the rule the
// command line shares (app/command-options.ts).
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { CommandModule } from '../contract/command.ts';
import { coerceOption, optionDefs, positiveWhole, textOption, typedName, type OptionDef } from '../app/command-options.ts';
import type { Invocation, OptionValue } from '../contract/interaction.ts';

export type Parsed = { ok: true; invocation: Invocation; page: number } | { ok: false; message: string };

/** The commands a console line can name, and how to find one by its typed name. */
export interface Commands {
  readonly list: readonly CommandModule[];
  readonly find: (typed: string) => CommandModule | undefined;
}

export function parseConsoleLine(line: string, commands: Commands, id: string): Parsed {
  const text = line.trim().replace(/^\//, '');
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
  if (!m) return { ok: false, message: 'Type a command, e.g. /ask query: expelled diplomats' };
  const name = (m[1] as string).toLowerCase();
  const rest = m[2] as string;
  const command = commands.find(name);
  if (!command) return { ok: false, message: `Unknown command “${name}”. Commands: ${commands.list.map(typedName).join(', ')}; “next” turns the page of the last answer.` };
  if (command.data.type === ApplicationCommandType.Message) {
    return { ok: true, page: 0, invocation: { kind: 'message-context', id, name: command.data.name, subcommand: [], options: {}, targetText: rest, userId: 'console' } };
  }
  const own = optionDefs(command);
  const defs: readonly OptionDef[] = [...own, { name: 'page', type: ApplicationCommandOptionType.Integer }];
  const names = defs.map((d) => d.name).join('|');
  const re = new RegExp(`(?:^|\\s)(${names}):\\s*`, 'gi');
  const marks = [...rest.matchAll(re)];
  const options: Record<string, OptionValue> = {};
  const lead = (marks[0]?.index ?? rest.length) > 0 ? rest.slice(0, marks[0]?.index ?? rest.length).trim() : '';
  if (lead !== '') {
    const first = textOption(command);
    if (!first) return { ok: false, message: `/${name} takes no text; options: ${own.map((d) => `${d.name}:`).join(' ') || 'none'}` };
    options[first.name] = lead;
  }
  let page = 0;
  for (const [i, mark] of marks.entries()) {
    const key = (mark[1] as string).toLowerCase();
    const start = (mark.index ?? 0) + mark[0].length;
    const end = marks[i + 1]?.index ?? rest.length;
    const raw = rest.slice(start, end).trim();
    if (key === 'page') {
      const n = positiveWhole(raw);
      if (n === undefined) return { ok: false, message: `page: must be a whole number of 1 or more, e.g. page: 2 (got “${raw}”)` };
      page = n - 1;
      continue;
    }
    const def = defs.find((d) => d.name === key) as OptionDef;
    const coerced = coerceOption(def, raw, `${def.name}:`);
    if (!coerced.ok) return coerced;
    options[key] = coerced.value;
  }
  const missing = own.filter((d) => d.required && options[d.name] === undefined);
  if (missing.length > 0) return { ok: false, message: `/${name} needs ${missing.map((d) => `${d.name}:`).join(', ')} (e.g. /${name} ${missing[0]?.name}: …)` };
  return { ok: true, page, invocation: { kind: 'command', id, name: command.data.name, subcommand: [], options, userId: 'console' } };
}

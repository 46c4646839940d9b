// Parses a console line typed as in Discord (`/ask query: how many diplomats were expelled`) into
// an Invocation. Option names are the command's own; a value runs until the next known option.
// Bare text after a command fills its first required text option (`/ask expelled diplomats`).
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { CommandModule } from '../app/command.ts';
import type { Invocation, OptionValue } from '../app/interaction.ts';

export type Parsed = { ok: true; invocation: Invocation; page: number } | { ok: false; message: string };

interface OptionDef {
  readonly name: string;
  readonly type: number;
  readonly required?: boolean;
}

function optionDefs(command: CommandModule): readonly OptionDef[] {
  const data = command.data as { options?: readonly OptionDef[] };
  return (data.options ?? []).filter((o) => o.type !== ApplicationCommandOptionType.Subcommand && o.type !== ApplicationCommandOptionType.SubcommandGroup);
}

function coerce(def: OptionDef, raw: string): OptionValue | { error: string } {
  if (def.type === ApplicationCommandOptionType.Boolean) {
    if (/^(true|yes|1)$/i.test(raw)) return true;
    if (/^(false|no|0)$/i.test(raw)) return false;
    return { error: `${def.name} must be true or false (got “${raw}”)` };
  }
  if (def.type === ApplicationCommandOptionType.Integer || def.type === ApplicationCommandOptionType.Number) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : { error: `${def.name} must be a number (got “${raw}”)` };
  }
  return raw;
}

export function parseConsoleLine(line: string, find: (name: string) => CommandModule | undefined, id: string): Parsed {
  const text = line.trim().replace(/^\//, '');
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
  if (!m) return { ok: false, message: 'Type a command, e.g. /ask query: expelled diplomats' };
  const name = (m[1] as string).toLowerCase();
  const rest = m[2] as string;
  const command = find(name) ?? (name === 'find-sources' ? find('Find sources') : undefined);
  if (!command) return { ok: false, message: `Unknown command “${name}”. Commands: ask, timeline, quote, sources, about, help.` };
  if (command.data.type === ApplicationCommandType.Message) {
    return { ok: true, page: 0, invocation: { kind: 'message-context', id, name: command.data.name, subcommand: [], options: {}, targetText: rest, userId: 'console' } };
  }
  const defs = [...optionDefs(command), { name: 'page', type: ApplicationCommandOptionType.Integer }];
  const names = defs.map((d) => d.name).join('|');
  const re = new RegExp(`(?:^|\\s)(${names}):\\s*`, 'gi');
  const marks = [...rest.matchAll(re)];
  const options: Record<string, OptionValue> = {};
  const lead = (marks[0]?.index ?? rest.length) > 0 ? rest.slice(0, marks[0]?.index ?? rest.length).trim() : '';
  if (lead !== '') {
    const first = defs.find((d) => d.type === ApplicationCommandOptionType.String && d.required) ?? defs.find((d) => d.type === ApplicationCommandOptionType.String);
    if (!first) return { ok: false, message: `/${name} takes no text; options: ${optionDefs(command).map((d) => `${d.name}:`).join(' ') || 'none'}` };
    options[first.name] = lead;
  }
  let page = 0;
  for (const [i, mark] of marks.entries()) {
    const key = (mark[1] as string).toLowerCase();
    const start = (mark.index ?? 0) + mark[0].length;
    const end = marks[i + 1]?.index ?? rest.length;
    const raw = rest.slice(start, end).trim();
    const def = defs.find((d) => d.name === key) as OptionDef;
    const value = coerce(def, raw);
    if (typeof value === 'object') return { ok: false, message: value.error };
    if (key === 'page') page = Math.max(0, Number(value) - 1);
    else options[key] = value;
  }
  const missing = optionDefs(command).filter((d) => d.required && options[d.name] === undefined);
  if (missing.length > 0) return { ok: false, message: `/${name} needs ${missing.map((d) => `${d.name}:`).join(', ')} (e.g. /${name} ${missing[0]?.name}: …)` };
  return { ok: true, page, invocation: { kind: 'command', id, name: command.data.name, subcommand: [], options, userId: 'console' } };
}

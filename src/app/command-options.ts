// The rules the text doors (the console and the command line) share for reading a command's
// options out of typed text: which commands can be typed and by what name, which option bare text
// fills, and how a typed value becomes an option value. One place, so the two doors cannot drift.
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { CommandModule } from '../contract/command.ts';
import type { OptionValue } from '../contract/interaction.ts';

export interface OptionDef {
  readonly name: string;
  readonly type: number;
  readonly required?: boolean;
}

/** The command's own options (not subcommands), as its Discord definition lists them. */
export function optionDefs(command: CommandModule): readonly OptionDef[] {
  const data = command.data as { options?: readonly OptionDef[] };
  return (data.options ?? []).filter((o) => o.type !== ApplicationCommandOptionType.Subcommand && o.type !== ApplicationCommandOptionType.SubcommandGroup);
}

export function hasSubcommands(command: CommandModule): boolean {
  const data = command.data as { options?: readonly OptionDef[] };
  return (data.options ?? []).some((o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup);
}

/**
 * The option bare text fills: the first required text option, else the first text option
 * (`/ask expelled diplomats` is a query, `/timeline sanctions` a topic). A message command takes
 * the text as the message it checks; `undefined` when the command takes no text.
 */
export function textOption(command: CommandModule): OptionDef | undefined {
  if (command.data.type === ApplicationCommandType.Message) return { name: 'text', type: ApplicationCommandOptionType.String, required: true };
  const defs = optionDefs(command);
  return defs.find((d) => d.type === ApplicationCommandOptionType.String && d.required === true) ?? defs.find((d) => d.type === ApplicationCommandOptionType.String);
}

/** The name a command is typed by: its own, lower case, spaces as hyphens ("Find sources" → `find-sources`). */
export function typedName(command: CommandModule): string {
  return command.data.name.toLowerCase().replace(/\s+/g, '-');
}

export function findTyped(commands: readonly CommandModule[], name: string): CommandModule | undefined {
  const typed = name.toLowerCase();
  return commands.find((c) => typedName(c) === typed);
}

/** "1", "20": a whole number of 1 or more, in plain decimal ("0x10", "1e3", "-5", "2.5" are not). */
export function positiveWhole(raw: string): number | undefined {
  if (!/^[0-9]{1,9}$/.test(raw.trim())) return undefined;
  const n = Number(raw.trim());
  return n >= 1 ? n : undefined;
}

export type CoercedOption = { readonly ok: true; readonly value: OptionValue } | { readonly ok: false; readonly message: string };

/** A typed value as the option's type, or why it cannot be. `label` names the option as typed (`page:`, `--page`). */
export function coerceOption(def: OptionDef, raw: string, label: string): CoercedOption {
  const value = raw.trim();
  if (def.type === ApplicationCommandOptionType.Boolean) {
    if (/^(true|yes|1)$/i.test(value)) return { ok: true, value: true };
    if (/^(false|no|0)$/i.test(value)) return { ok: true, value: false };
    return { ok: false, message: `${label} must be true or false (got “${value}”)` };
  }
  if (def.type === ApplicationCommandOptionType.Integer || def.type === ApplicationCommandOptionType.Number) {
    const n = /^-?[0-9]{1,15}(\.[0-9]+)?$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isFinite(n) || (def.type === ApplicationCommandOptionType.Integer && !Number.isInteger(n))) {
      return { ok: false, message: `${label} must be a ${def.type === ApplicationCommandOptionType.Integer ? 'whole number' : 'number'} (got “${value}”)` };
    }
    return { ok: true, value: n };
  }
  // Choices (quote's order) are the command's to check: it names the accepted values in its own words.
  return { ok: true, value: raw };
}

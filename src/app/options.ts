// Option values checked against the command's own definition, for what arrives from outside:
// Discord's JSON (a forged or stale client can send any type under any name) and the option values
// a button carries in its custom id (always text). A wrong type is refused naming the option; an
// option the command does not define is dropped, so no command reads a value it never offered.
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type { CommandModule } from '../contract/command.ts';
import type { OptionValue } from '../contract/interaction.ts';

interface OptionDef {
  readonly name: string;
  readonly type: number;
  readonly options?: readonly OptionDef[];
}

export type CheckedOptions = { readonly ok: true; readonly args: Record<string, OptionValue> } | { readonly ok: false; readonly message: string };

const T = ApplicationCommandOptionType;
/** What the message context menu hands its command (the selected message's text). */
const MESSAGE_TEXT: readonly OptionDef[] = [{ name: 'text', type: T.String }];

/** The leaf options of `command` under `subcommand` (`['channels', 'allow']`). */
function leafOptions(command: CommandModule, subcommand: readonly string[]): readonly OptionDef[] {
  if (command.data.type === ApplicationCommandType.Message) return MESSAGE_TEXT;
  let level = (command.data as { options?: readonly OptionDef[] }).options ?? [];
  for (const name of subcommand) {
    const next = level.find((o) => o.name === name && (o.type === T.SubcommandGroup || o.type === T.Subcommand));
    level = next?.options ?? [];
  }
  return level.filter((o) => o.type !== T.SubcommandGroup && o.type !== T.Subcommand);
}

function expected(type: number): string {
  switch (type) {
    case T.Boolean:
      return 'true or false';
    case T.Integer:
    case T.Number:
      return 'a number';
    case T.Channel:
      return 'a channel';
    case T.User:
    case T.Role:
    case T.Mentionable:
      return 'a member or role';
    case T.Attachment:
      return 'a file';
    default:
      return 'text';
  }
}

function typed(def: OptionDef, value: OptionValue): boolean {
  switch (def.type) {
    case T.Boolean:
      return typeof value === 'boolean';
    case T.Integer:
    case T.Number:
      // Range and whole-number rules are the command's, with its own words.
      return typeof value === 'number' && Number.isFinite(value);
    case T.String:
      return typeof value === 'string';
    default:
      // Channels, users, roles, mentionables and attachments arrive as their ids; whether an id
      // is well formed is the command's to say (settings refuse a malformed channel in its words).
      return typeof value === 'string';
  }
}

export function wrongTypeMessage(name: string, type: number): string {
  return `The option \`${name}\` must be ${expected(type)}.`;
}

/** Options as Discord sent them: each of the type the definition gives, unknown ones dropped. */
export function checkOptions(command: CommandModule, subcommand: readonly string[], options: Readonly<Record<string, OptionValue>>): CheckedOptions {
  const defs = leafOptions(command, subcommand);
  const args: Record<string, OptionValue> = {};
  for (const [name, value] of Object.entries(options)) {
    const def = defs.find((d) => d.name === name);
    if (def === undefined) continue;
    if (!typed(def, value)) return { ok: false, message: wrongTypeMessage(name, def.type) };
    args[name] = value;
  }
  return { ok: true, args };
}

/**
 * A button's option values (text in the custom id) back to the types of the definition. A name
 * the command does not define, or a value that does not parse, makes the whole button invalid:
 * Attaché never wrote it.
 */
export function optionsFromButton(command: CommandModule, values: Readonly<Record<string, string>>): CheckedOptions {
  const defs = leafOptions(command, []);
  const args: Record<string, OptionValue> = {};
  for (const [name, text] of Object.entries(values)) {
    const def = defs.find((d) => d.name === name);
    if (def === undefined) return { ok: false, message: `option “${name}” is not one of /${command.data.name}'s` };
    let value: OptionValue;
    if (def.type === T.Boolean) {
      if (text !== 'true' && text !== 'false') return { ok: false, message: `option “${name}” is not true or false` };
      value = text === 'true';
    } else if (def.type === T.Integer || def.type === T.Number) {
      if (!/^-?\d{1,15}(\.\d{1,15})?$/.test(text)) return { ok: false, message: `option “${name}” is not a number` };
      value = Number(text);
    } else {
      value = text;
    }
    if (!typed(def, value)) return { ok: false, message: wrongTypeMessage(name, def.type) };
    args[name] = value;
  }
  return { ok: true, args };
}

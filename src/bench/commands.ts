// How the benchmark drives the bot's own commands: through `runCommand` and the Discord renderer
// (what `handle` does), for whichever of ask / timeline / quote exist in `commands/index.ts`.
import { findCommand } from '../../commands/index.ts';
import { handle, runCommand, type AppDeps } from '../app/dispatch.ts';
import type { Invocation } from '../contract/interaction.ts';
import { renderDiscord } from '../render/discord.ts';

export const BENCH_COMMANDS = ['ask', 'timeline', 'quote'] as const;

interface OptionDef {
  readonly name: string;
  readonly type: number;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
}

const STRING = 3;

function optionsOf(name: string): readonly OptionDef[] | undefined {
  const c = findCommand(name);
  if (!c) return undefined;
  return ((c.data as { options?: readonly OptionDef[] }).options ?? []).filter((o) => o.type === STRING);
}

/** The option a free-text query goes into: the first required string option, else the first string option. */
export function queryOption(name: string): string | undefined {
  const opts = optionsOf(name);
  if (!opts) return undefined;
  return (opts.find((o) => o.required === true) ?? opts[0])?.name;
}

/** Every (command, option) pair with autocomplete. */
export function autocompleteOptions(): { command: string; option: string }[] {
  const out: { command: string; option: string }[] = [];
  for (const command of BENCH_COMMANDS) for (const o of optionsOf(command) ?? []) if (o.autocomplete === true) out.push({ command, option: o.name });
  return out;
}

let seq = 0;
const invocation = (name: string, options: Record<string, string>, focused?: { name: string; value: string }): Invocation => ({
  kind: focused ? 'autocomplete' : 'command',
  id: `bench-${++seq}`,
  name,
  subcommand: [],
  options,
  userId: '80351110224678912',
  ...(focused && { focused }),
});

/** One command as a user would run it, rendered for Discord; resolves to whether it answered. */
export async function runOne(deps: AppDeps, command: string, option: string, text: string): Promise<boolean> {
  const outcome = await runCommand(invocation(command, { [option]: text }), deps);
  renderDiscord(outcome.answer, { ephemeral: outcome.ephemeral, ...(outcome.state && { state: outcome.state }) });
  return outcome.answer.answered === true;
}

/** One autocomplete keystroke through `handle`; resolves to the number of choices. */
export async function autocompleteOne(deps: AppDeps, command: string, option: string, typed: string): Promise<number> {
  const reply = await handle(invocation(command, { [option]: typed }, { name: option, value: typed }), deps);
  return reply.type === 'autocomplete' ? reply.choices.length : 0;
}

// Every command, in one static list: the same definitions feed registration and dispatch.
import type { CommandModule } from '../src/contract/command.ts';
import { command as about } from './about.ts';
import { command as ask } from './ask.ts';
import { command as config } from './config.ts';
import { command as findSources } from './find-sources.ts';
import { command as follow } from './follow.ts';
import { command as help } from './help.ts';
import { command as quote } from './quote.ts';
import { command as sources } from './sources.ts';
import { command as timeline } from './timeline.ts';

export const COMMANDS: readonly CommandModule[] = [ask, timeline, quote, sources, help, about, findSources, config, follow];

export function findCommand(name: string): CommandModule | undefined {
  return COMMANDS.find((c) => c.data.name === name);
}

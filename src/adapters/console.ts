// The local console: the same commands as in Discord, typed in a terminal or piped on standard
// input, answered as text. No Discord account needed.
import readline from 'node:readline';
import { findCommand } from '../../commands/index.ts';
import { runCommand, type AppDeps } from '../app/dispatch.ts';
import { renderText } from '../render/text.ts';
import { parseConsoleLine } from './console-parse.ts';

export interface ConsoleOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly interactive: boolean;
}

const HELP = `Type commands as in Discord, for example:
  /ask query: how many diplomats were expelled in 2018
  /timeline topic: sanctions from: 2017 to: 2018
  /quote speaker: Putin topic: Trump
  /sources   /about   /help
Add "page: 2" for the next page, or type "next" after an answer. "exit" quits.`;

export async function runConsole(deps: AppDeps, opts: ConsoleOptions): Promise<void> {
  const write = (s: string): void => {
    opts.output.write(s.endsWith('\n') ? s : `${s}\n`);
  };
  const rl = readline.createInterface({ input: opts.input, ...(opts.interactive && { output: opts.output, prompt: 'attaché> ' }), terminal: opts.interactive });
  if (opts.interactive) {
    write(HELP);
    rl.prompt();
  }
  let last: { line: string; page: number } | undefined;
  let n = 0;
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      if (opts.interactive) rl.prompt();
      continue;
    }
    if (/^(exit|quit|\.exit)$/i.test(line)) break;
    let text = line;
    let page: number | undefined;
    if (/^(next|more|prev|previous)$/i.test(line) && last) {
      page = Math.max(0, last.page + (/^(next|more)$/i.test(line) ? 1 : -1));
      text = last.line;
    } else if (/^(help|\?)$/i.test(line)) {
      write(HELP);
      if (opts.interactive) rl.prompt();
      continue;
    }
    const parsed = parseConsoleLine(text, findCommand, `console-${++n}`);
    if (!parsed.ok) write(`Error: ${parsed.message}`);
    else {
      try {
        const p = page ?? parsed.page;
        const outcome = await runCommand(parsed.invocation, deps, p);
        write(renderText(outcome.answer, { moreHint: (n) => `Type "next" (or add page: ${n}) for more.` }));
        last = { line: text, page: p };
      } catch (err) {
        deps.log.error({ err }, 'command failed');
        write(`Error: something went wrong (${err instanceof Error ? err.message : String(err)}).`);
      }
    }
    if (opts.interactive) rl.prompt();
  }
  rl.close();
}

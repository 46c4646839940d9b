// The local console: the same commands as in Discord, typed in a terminal or piped on standard
// input, answered as text. No Discord account needed.
import readline from 'node:readline';
import { COMMANDS } from '../../commands/index.ts';
import { findTyped } from '../app/command-options.ts';
import { runCommand, type AppDeps } from '../app/dispatch.ts';
import { terminalSafe } from '../cli/terminal.ts';
import { renderText } from '../render/text.ts';
import { parseConsoleLine, type Commands } from './console-parse.ts';

export interface ConsoleOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly interactive: boolean;
}

/** Shown to a newcomer; each answers on the bundled corpus (tests/cli-examples.test.ts). */
export const CONSOLE_EXAMPLES: readonly string[] = ['/ask query: how many diplomats were expelled in 2018', '/timeline topic: diplomats from: 2017 to: 2018', '/quote speaker: Putin topic: Trump'];

const HELP = `Type commands as in Discord, for example:
${CONSOLE_EXAMPLES.map((e) => `  ${e}`).join('\n')}
  /sources   /about   /help
Add "page: 2" for the next page, or type "next" after an answer. "exit" quits.`;

const COMMAND_LIST: Commands = { list: COMMANDS, find: (typed) => findTyped(COMMANDS, typed) };

export async function runConsole(deps: AppDeps, opts: ConsoleOptions): Promise<void> {
  // Corpus text can hold terminal controls (a title from the web): shown escaped, never obeyed.
  const write = (s: string): void => {
    const safe = terminalSafe(s);
    opts.output.write(safe.endsWith('\n') ? safe : `${safe}\n`);
  };
  const rl = readline.createInterface({ input: opts.input, ...(opts.interactive && { output: opts.output, prompt: 'attaché> ' }), terminal: opts.interactive });
  if (opts.interactive) {
    write(HELP);
    rl.prompt();
  }
  let last: { line: string; page: number; pageCount: number } | undefined;
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
    const turn = /^(next|more|prev|previous)$/i.exec(line);
    if (turn) {
      const forward = /^(next|more)$/i.test(line);
      if (!last) write(`Nothing to page through yet: “${line}” turns the page of the last answer. Ask something first, e.g. ${CONSOLE_EXAMPLES[0]}`);
      else if (forward && last.page + 1 >= last.pageCount) write(`That was the last page (${last.pageCount} of ${last.pageCount}).`);
      else if (!forward && last.page === 0) write('That was the first page.');
      else {
        page = last.page + (forward ? 1 : -1);
        text = last.line;
      }
      if (page === undefined) {
        if (opts.interactive) rl.prompt();
        continue;
      }
    } else if (/^(help|\?)$/i.test(line)) {
      write(HELP);
      if (opts.interactive) rl.prompt();
      continue;
    }
    const parsed = parseConsoleLine(text, COMMAND_LIST, `console-${++n}`);
    if (!parsed.ok) write(`Error: ${parsed.message}`);
    else {
      try {
        const p = page ?? parsed.page;
        const outcome = await runCommand(parsed.invocation, deps, p);
        const paging = outcome.answer.paging;
        if (paging !== undefined && paging.total > 0 && p > paging.pageCount - 1) {
          write(`Error: page ${p + 1} is past the last page: there ${paging.pageCount === 1 ? 'is 1 page' : `are ${paging.pageCount} pages`}.`);
        } else {
          write(renderText(outcome.answer, { moreHint: (n) => `Type "next" (or add page: ${n}) for more.` }));
          last = { line: text, page: p, pageCount: paging?.pageCount ?? 1 };
        }
      } catch (err) {
        deps.log.error({ err }, 'command failed');
        write(`Error: something went wrong (${err instanceof Error ? err.message : String(err)}).`);
      }
    }
    if (opts.interactive) rl.prompt();
  }
  rl.close();
}

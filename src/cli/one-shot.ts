// Runs one parsed command line: one answer, or (JSON Lines) one answer per line of standard input,
// all from the one corpus already loaded. Any command with a JSON view prints it under --json;
// the others print their Answer as data. Text is made safe for a terminal; errors go to stderr.
import readline from 'node:readline';
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { CommandContext } from '../contract/command.ts';
import { runCommand, type AppDeps } from '../app/dispatch.ts';
import type { Invocation, OptionValue } from '../contract/interaction.ts';
import { speakersJson, speakersText } from '../core/quote-answer.ts';
import { renderText } from '../render/text.ts';
import { SPEAKERS, type CliRequest } from './args.ts';
import { jsonSafe, terminalSafe } from './terminal.ts';

export interface CliIO {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

type Result = { readonly ok: true; readonly json?: unknown; readonly text?: string } | { readonly ok: false; readonly message: string };

/** Resolves once the stream has taken the text: main ends in process.exit, which drops what a pipe has not. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

function pastLastPage(page: number, pages: number): Result {
  return { ok: false, message: `--page ${page + 1} is past the last page: there ${pages === 1 ? 'is 1 page' : `are ${pages} pages`} of results.` };
}

/** One answer to the request, with `text` (a line of standard input, or the words) in its text option. */
export async function answer(request: CliRequest, deps: AppDeps, text: string | undefined): Promise<Result> {
  const corpus = deps.corpus();
  if (request.name === SPEAKERS || !request.command) return request.json ? { ok: true, json: speakersJson(corpus) } : { ok: true, text: speakersText(corpus) };
  const command = request.command;
  const options: Record<string, OptionValue> = { ...request.options };
  if (text !== undefined && request.textOption !== undefined) options[request.textOption] = text;
  if (request.json && command.json) {
    const ctx: CommandContext = {
      corpus,
      log: deps.log,
      now: deps.now(),
      startedAt: deps.startedAt,
      version: deps.version,
      page: request.page,
      ...(request.limit !== undefined && { limit: request.limit }),
    };
    const view = command.json(options, ctx);
    if (!view.ok) return { ok: false, message: view.message };
    if (view.pages !== undefined && view.pages > 0 && request.page >= view.pages) return pastLastPage(request.page, view.pages);
    return { ok: true, json: view.value };
  }
  // A message command (Find sources) takes the text as the message it checks.
  const inv: Invocation =
    command.data.type === ApplicationCommandType.Message
      ? { kind: 'message-context', id: 'cli', name: command.data.name, subcommand: [], options: {}, targetText: String(options.text ?? ''), userId: 'cli' }
      : { kind: 'command', id: 'cli', name: command.data.name, subcommand: [], options, userId: 'cli' };
  const outcome = await runCommand(inv, deps, request.page, request.limit);
  const a = outcome.answer;
  if (a.error === true) return { ok: false, message: a.notice ?? a.title };
  if (a.paging !== undefined && a.paging.total > 0 && request.page > a.paging.pageCount - 1) return pastLastPage(request.page, a.paging.pageCount);
  return request.json ? { ok: true, json: a } : { ok: true, text: renderText(a) };
}

async function* lines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  const rl = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
  }
}

/** Exit code: 0 answered, 1 a request that cannot be answered (message on stderr). */
export async function runOneShot(request: CliRequest, deps: AppDeps, io: CliIO): Promise<number> {
  if (!request.fromStdin) {
    const r = await answer(request, deps, request.text);
    if (!r.ok) {
      await write(io.stderr, `${terminalSafe(r.message)}\n`);
      return 1;
    }
    await write(io.stdout, r.json !== undefined ? `${jsonSafe(JSON.stringify(r.json, null, 2))}\n` : terminalSafe(r.text ?? ''));
    return 0;
  }
  // JSON Lines: one object per input line, in order; a failed line is an object too, so output
  // line n always answers input line n.
  let code = 0;
  for await (const line of lines(io.stdin)) {
    const input = line.trim();
    let r: Result;
    try {
      r = await answer(request, deps, input === '' ? undefined : input);
    } catch (err) {
      deps.log.error({ err }, 'command failed');
      r = { ok: false, message: `something went wrong (${err instanceof Error ? err.message : String(err)})` };
    }
    if (!r.ok) code = 1;
    await write(io.stdout, `${jsonSafe(JSON.stringify(r.ok ? (r.json ?? { text: r.text }) : { input, error: r.message }))}\n`);
  }
  return code;
}

// Every example shown to a newcomer (console banner, /help, `attache help`, the README's quick
// start) answers something on the bundled corpus: a first try that says "No dated events" teaches
// the wrong lesson.
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.ts';
import { HELP } from '../commands/help.ts';
import { CONSOLE_EXAMPLES, runConsole } from '../src/adapters/console.ts';
import { parseConsoleLine } from '../src/adapters/console-parse.ts';
import { findTyped } from '../src/app/command-options.ts';
import { runCommand, type AppDeps } from '../src/app/dispatch.ts';
import { cliCommands, parseCli } from '../src/cli/args.ts';
import { runOneShot } from '../src/cli/one-shot.ts';
import { CLI_EXAMPLES } from '../src/cli/usage.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { silentLogger } from '../src/log.ts';
import { REPO } from './support/paths.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';

let deps: AppDeps;
beforeAll(() => {
  const corpus: Corpus = openSeedCorpus();
  deps = { corpus: () => corpus, log: silentLogger(), now: () => 0, startedAt: 0, version: 'test' };
});

const readme = fs.readFileSync(`${REPO}README.md`, 'utf8');
const README_CONSOLE = [...readme.matchAll(/^attaché> (.+)$/gm)].map((m) => m[1] as string);
const HELP_EXAMPLES = HELP.flatMap((f) => [...f.value.matchAll(/Example: `([^`]+)`/g)].map((m) => m[1] as string));

describe('examples typed in the console', () => {
  it('are shown somewhere', () => {
    expect(CONSOLE_EXAMPLES.length).toBeGreaterThanOrEqual(3);
    expect(HELP_EXAMPLES.length).toBeGreaterThanOrEqual(3);
    expect(README_CONSOLE.length).toBeGreaterThanOrEqual(3);
  });

  it.each([...new Set([...CONSOLE_EXAMPLES, ...HELP_EXAMPLES, ...README_CONSOLE])])('%s answers on the bundled corpus', async (line) => {
    const parsed = parseConsoleLine(line, { list: COMMANDS, find: (t) => findTyped(COMMANDS, t) }, 'test');
    if (!parsed.ok) throw new Error(parsed.message);
    const { answer } = await runCommand(parsed.invocation, deps, parsed.page);
    expect(answer.error, answer.notice).not.toBe(true);
    expect(answer.answered, answer.notice).toBe(true);
    expect(answer.items.length).toBeGreaterThan(0);
  });
});

describe('examples on the command line', () => {
  it.each(CLI_EXAMPLES.map((e) => [e.argv.join(' '), e] as const))('attache %s answers on the bundled corpus', async (_, example) => {
    const [name = '', ...argv] = example.argv;
    const parsed = parseCli(name, argv, cliCommands(COMMANDS));
    if (!parsed.ok) throw new Error(parsed.message);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await runOneShot(parsed.request, deps, { stdin: PassThroughOf(example.stdin ?? []), stdout, stderr });
    expect(code).toBe(0);
    if (example.stdin) {
      const lines = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { answered: boolean; total: number });
      expect(lines).toHaveLength(example.stdin.length);
      for (const l of lines) expect(l).toMatchObject({ answered: true });
    } else {
      expect(out).toMatch(/^1\. /m);
      expect(out).not.toMatch(/Nothing in the corpus|No dated events|No quotes/);
    }
  });
});

function PassThroughOf(lines: readonly string[]): PassThrough {
  const s = new PassThrough();
  s.end(lines.map((l) => `${l}\n`).join(''));
  return s;
}

describe('the console before any answer', () => {
  it('says what "next" does instead of "Unknown command"', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    input.end('next\n/ask query: Steele dossier\nnext\n/ask query: diplomats page: 99\n/nonsense\n');
    await runConsole(deps, { input, output, interactive: false });
    expect(out).toContain('Nothing to page through yet: “next” turns the page of the last answer. Ask something first, e.g. /ask query:');
    expect(out).toContain('That was the last page (1 of 1).');
    expect(out).toContain('Error: page 99 is past the last page: there is 1 page.');
    expect(out).toContain('Error: Unknown command “nonsense”. Commands: ask, timeline, quote, sources, help, about, find-sources, config, follow;');
    expect(out).not.toContain('Unknown command “next”');
  });
});

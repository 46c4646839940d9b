// `attache help`: the modes, and each one-shot command with the flags its definition gives it
// (derived, so usage cannot promise a flag the parser refuses, or miss one it takes).
import type { CommandModule } from '../contract/command.ts';
import { textOption, typedName } from '../app/command-options.ts';
import { flagsOf, SPEAKERS } from './args.ts';

const SUMMARY: Readonly<Record<string, string>> = {
  ask: 'One-shot lookup',
  timeline: 'Dated events in order',
  quote: 'Who said what',
  sources: 'The corpus’s outlets',
  about: 'Version and corpus size',
  'find-sources': 'Check a claim against the corpus',
  [SPEAKERS]: 'Quoted speakers, aliases and counts',
};

export interface CliExample {
  readonly argv: readonly string[];
  /** Lines piped on standard input (JSON Lines). */
  readonly stdin?: readonly string[];
}

/** Examples a newcomer may copy; each answers on the bundled corpus (tests/cli-examples.test.ts). */
export const CLI_EXAMPLES: readonly CliExample[] = [
  { argv: ['ask', 'how many diplomats were expelled in 2018'] },
  { argv: ['timeline', 'diplomats', '--from', '2017', '--to', '2018'] },
  { argv: ['quote', 'Trump', '--speaker', 'Putin'] },
  { argv: ['ask', '--json'], stdin: ['Steele dossier', 'sanctions'] },
];

function shell(example: CliExample): string {
  const words = example.argv.map((w) => (/^[\w./-]+$/.test(w) ? w : `"${w}"`)).join(' ');
  return example.stdin ? `printf '${example.stdin.join('\\n')}\\n' | attache ${words}` : `attache ${words}`;
}

function line(name: string, command: CommandModule | undefined): string {
  const text = command && textOption(command);
  const head = text ? `${name} ${text.required ? `<${text.name}>` : `[${text.name}]`}` : name;
  const flags = flagsOf(command)
    .filter((f) => f.name !== 'help' && f.name !== text?.name)
    .map((f) => (f.name === 'corpus' ? `[${f.form}]...` : `[${f.form}]`))
    .join(' ');
  return `  ${head.padEnd(21)} ${(SUMMARY[name] ?? '').padEnd(35)} ${flags}`.trimEnd();
}

export function usage(commands: readonly CommandModule[]): string {
  return `Usage: attache [command]

  start                 Run the bot: the Discord gateway when DISCORD_TOKEN is set, else the local console
  console               The local console (commands typed as in Discord, or piped on stdin)
  serve                 The HTTP-interactions endpoint (needs DISCORD_PUBLIC_KEY)
  deploy                Register the slash commands (needs DISCORD_TOKEN and DISCORD_APPLICATION_ID)
${[...commands.map((c) => line(typedName(c), c)), line(SPEAKERS, undefined)].join('\n')}
  import <file|folder|url>...  Add articles to the corpus [--into DIR] [--dry-run] [--force] [--outlet NAME] (import --help)
  feeds <command>       Follow RSS, Atom and JSON feeds into the corpus: add, list, remove, check, status, import-opml, run (feeds --help)
  index rebuild         Build the index from the files, ignoring the cache and its change log, and cache it
  index build --out DIR  Build the index once, for replicas that load it with INDEX_DIR [--corpus DIR]...
  help                  This text (also: attache <command> --help)

  Dates (D): 2018, 2018-03, 2018-03-05, March 2018, Mar 2018, 5 March 2018 or March 5, 2018.
  --corpus may be repeated and replaces CORPUS_DIRS. With --json, timeline and quote print every
  result unless --limit is given; ask prints a page of 3 unless --limit is given.
  JSON Lines: with --json and no query, ask reads one query per line on standard input and prints
  one JSON object per line, in order, from one loaded corpus; "-" in place of the text does the same
  for every command that takes text (timeline, quote: one topic per line). A line that fails prints
  {"input": …, "error": …} and the exit code is 1.
  Errors go to standard error: 2 for a bad command line, 1 for a request that cannot be answered
  (a bad date, a page past the last one, a missing corpus folder).

Examples (on the bundled corpus):
${CLI_EXAMPLES.map((e) => `  ${shell(e)}`).join('\n')}`;
}

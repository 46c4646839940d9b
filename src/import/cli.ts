// `attache import <file|folder|url> ... [--into DIR] [--dry-run] [--force] [--outlet NAME] ...`
import { parseArgs } from 'node:util';
import type { Overrides } from './draft.ts';
import { progressBar, type Progress } from './progress.ts';
import { formatSummary, importSources, ImportUsageError } from './run.ts';

export const IMPORT_USAGE = `Usage: attache import <file|folder|url> ... [options]

  Turns HTML pages (files or http(s) addresses), plain-text articles and Markdown files into
  corpus files named <date>-<title>.md. Duplicates (same address or same text) are skipped.

  --into DIR          Corpus folder to write into (default: the first of CORPUS_DIRS)
  --dry-run           Show what would be written; write nothing
  --force             Overwrite existing files, and replace articles the inputs duplicate
  --outlet NAME       The outlet, when the input does not name it (plain text) or names it wrongly
  --language CODE     The language (en, fr, …)
  --tags a,b,c        Tags for every imported article
  --title TEXT        The title (one input only)
  --published DATE    The publication date, YYYY-MM-DD (one input only)
  --timeout SECONDS   Per address, redirects and body included (default 15)
  --max-bytes N       Largest page or file accepted (default 5000000)`;

export interface ImportCliEnv {
  readonly corpusDirs: readonly string[];
  /** FEEDS_ALLOW_LOOPBACK=1: addresses on this machine may be imported (tests, local development). */
  readonly allowLoopback?: boolean;
  readonly stdout: { write(s: string): boolean };
  readonly stderr: NodeJS.WriteStream | { isTTY?: boolean; columns?: number; write(s: string): boolean };
}

/** The import command's options (parseArgs infers the parsed values' types from them). */
function parseImportArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      into: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      outlet: { type: 'string' },
      language: { type: 'string' },
      tags: { type: 'string' },
      title: { type: 'string' },
      published: { type: 'string' },
      timeout: { type: 'string' },
      'max-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

export async function runImportCli(argv: readonly string[], env: ImportCliEnv): Promise<number> {
  let parsed: ReturnType<typeof parseImportArgs>;
  try {
    parsed = parseImportArgs(argv);
  } catch (err) {
    env.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${IMPORT_USAGE}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    env.stdout.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    env.stderr.write(`Nothing to import.\n\n${IMPORT_USAGE}\n`);
    return 2;
  }
  const into = v.into ?? env.corpusDirs[0];
  if (into === undefined) {
    env.stderr.write('No corpus folder: pass --into DIR or set CORPUS_DIRS.\n');
    return 2;
  }
  const timeout = v.timeout === undefined ? undefined : Number(v.timeout);
  const maxBytes = v['max-bytes'] === undefined ? undefined : Number(v['max-bytes']);
  if (timeout !== undefined && !(timeout > 0)) return usage(env, `--timeout must be a number of seconds above 0 (got “${v.timeout}”)`);
  if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes > 0)) return usage(env, `--max-bytes must be a whole number above 0 (got “${v['max-bytes']}”)`);
  if (v.published !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(v.published)) return usage(env, `--published must be a date like 2025-02-13 (got “${v.published}”)`);
  const overrides: Overrides = {
    ...(v.title !== undefined && { title: v.title }),
    ...(v.outlet !== undefined && { outlet: v.outlet }),
    ...(v.published !== undefined && { published: v.published }),
    ...(v.language !== undefined && { language: v.language }),
    ...(v.tags !== undefined && {
      tags: v.tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    }),
  };
  // Created at the first input, when the count of files in folders is known.
  let bar: Progress | undefined;
  try {
    const outcomes = await importSources(positionals, {
      into,
      dryRun: v['dry-run'],
      force: v.force,
      overrides,
      fetch: { ...(timeout !== undefined && { timeoutMs: timeout * 1000 }), ...(maxBytes !== undefined && { maxBytes }), ...(env.allowLoopback === true && { allowLoopback: true }) },
      onProgress: (_done, total, input) => {
        bar ??= progressBar(env.stderr, total);
        bar.tick(input);
      },
    });
    bar?.done();
    env.stdout.write(formatSummary(outcomes, v['dry-run']));
    return outcomes.some((r) => r.status === 'failed') ? 1 : 0;
  } catch (err) {
    bar?.done();
    if (err instanceof ImportUsageError) return usage(env, err.message);
    throw err;
  }
}

function usage(env: ImportCliEnv, message: string): number {
  env.stderr.write(`${message}\n`);
  return 2;
}

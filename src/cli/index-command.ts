// `attache index build --out DIR [--corpus DIR]...`: the index built once, as an artifact replicas
// load with INDEX_DIR=DIR (see src/app/index-artifact.ts for the layout); and `attache index rebuild`:
// this machine's cache built again from the files, its change log emptied.
import path from 'node:path';
import { buildIndexArtifact } from '../app/index-artifact.ts';
import { openCorpus } from '../app/open-corpus.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { write } from './one-shot.ts';
import { checkCorpusDirs } from './wiring.ts';

const USAGE = [
  'Usage: attache index build --out DIR [--corpus DIR]...  (builds the index of CORPUS_DIRS, or of the --corpus folders, into DIR/<version> and makes it current)',
  '       attache index rebuild  (builds the index from the corpus files and caches it in DATA_DIR)',
].join('\n');

export interface IndexCommandIo {
  readonly config: Config;
  readonly log: Logger;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export async function runIndexCommand(argv: readonly string[], io: IndexCommandIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    await write(io.stdout, `${USAGE}\n`);
    return 0;
  }
  if (sub === 'rebuild') return rebuild(rest, io);
  if (sub !== 'build') {
    await write(io.stderr, `${sub === undefined ? 'attache index needs a subcommand' : `Unknown index subcommand “${sub}”`}.\n${USAGE}\n`);
    return 2;
  }
  let out: string | undefined;
  const corpus: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag !== '--out' && flag !== '--corpus') {
      await write(io.stderr, `Unknown option ${arg.slice(0, 80)}.\n${USAGE}\n`);
      return 2;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || value.trim() === '' || (inline === undefined && value.startsWith('--'))) {
      await write(io.stderr, `${flag} needs a folder.\n${USAGE}\n`);
      return 2;
    }
    if (flag === '--out') out = value;
    else corpus.push(value);
  }
  if (out === undefined) {
    await write(io.stderr, `--out DIR is required: the folder replicas read as INDEX_DIR.\n${USAGE}\n`);
    return 2;
  }
  const dirs = checkCorpusDirs(corpus.length > 0 ? corpus : io.config.corpusDirs);
  const outDir = path.resolve(out);
  let built: ReturnType<typeof buildIndexArtifact>;
  try {
    built = buildIndexArtifact({ dirs, log: io.log, now: Date.now, maxBytes: io.config.maxFileBytes }, outDir);
  } catch (err) {
    await write(io.stderr, `Could not build the index into ${outDir}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const m = built.manifest;
  const what = `${m.articles} articles, ${m.passages} passages`;
  await write(
    io.stdout,
    built.reused
      ? `Index ${built.version} (${what}) was already built in ${built.dir}; it is current.\n`
      : `Built index ${built.version} (${what}) in ${built.dir} in ${(built.ms / 1000).toFixed(1)} s; it is current.\n`,
  );
  return 0;
}

/** `attache index rebuild`: a full build from the files, written as the cache (its change log emptied). */
async function rebuild(rest: readonly string[], io: IndexCommandIo): Promise<number> {
  if (rest.length > 0) {
    await write(io.stderr, `attache index rebuild takes no arguments.\n${USAGE}\n`);
    return 2;
  }
  const { config } = io;
  const dirs = checkCorpusDirs(config.corpusDirs);
  const opened = openCorpus({ dirs, dataDir: config.dataDir, log: io.log, now: Date.now, maxBytes: config.maxFileBytes, rebuild: true });
  const c = opened.corpus;
  await write(
    io.stdout,
    `Rebuilt: ${c.articles.length} articles, ${c.passages.length} passages in ${Math.round(opened.ms)} ms; cache in ${config.dataDir}. Restart a running bot to answer from it.\n`,
  );
  return 0;
}

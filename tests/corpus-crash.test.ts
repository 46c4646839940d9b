// kill -9 in the middle of updates and compactions: a child process keeps adding and removing
// files and applying them (change log, update, every third time a compaction that writes the
// cache); it is killed with SIGKILL at a different point each round. The next start must load,
// and hold what a fresh build of the files on disk holds (in the order the updates left).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeExtractors } from '../src/app/extractors.ts';
import { loadSynonyms, openCorpus } from '../src/app/open-corpus.ts';
import { buildCorpus, type Corpus } from '../src/core/corpus.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { REPO, wikinewsSample } from './support/paths.ts';

const log = silentLogger();
let root: string;
let dir: string;
let dataDir: string;
let pool: string[];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-crash-'));
  dir = path.join(root, 'corpus');
  dataDir = path.join(root, 'data');
  fs.mkdirSync(dir);
  const all = wikinewsSample(12);
  for (const f of all.slice(0, 16)) fs.copyFileSync(f, path.join(dir, path.basename(f)));
  pool = all.slice(16, 24);
  // The first build, and its cache, before the child starts.
  openCorpus({ dirs: [dir], dataDir, log, now: () => 0 });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Runs the child until it has printed `lines` lines plus `ms` more, then kills it with SIGKILL. */
function runAndKill(lines: number, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/journal-child.ts', dir, dataDir, ...pool], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d) => {
      out += String(d);
      if (timer === undefined && out.split('\n').length > lines) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(out.split('\n').length - 1) : reject(new Error(`child exited (${code}): ${err}`))));
  });
}

async function expectFresh(corpus: Corpus): Promise<void> {
  const { articles } = await loadArticles([dir], { log });
  const at = new Map(corpus.articles.map((a, i) => [a.id, i]));
  expect(articles.map((a) => a.id).sort()).toEqual([...at.keys()].sort());
  articles.sort((a, b) => (at.get(a.id) as number) - (at.get(b.id) as number));
  const fresh = buildCorpus({ articles, synonyms: loadSynonyms([dir], log).table, extractors: makeExtractors(EMPTY_ALIASES), builtAt: 0, aliases: EMPTY_ALIASES });
  expect({ ...corpus.data }).toEqual({ ...fresh.data });
  for (const q of ['police', 'election', 'government']) expect(corpus.search.search(q, { limit: 100 }).hits).toEqual(fresh.search.search(q, { limit: 100 }).hits);
}

describe('kill -9 during updates and compactions', () => {
  it.each([
    [1, 0],
    [2, 37],
    [4, 120],
    [5, 260],
  ])('after %i applied changes and %i ms more, the next start loads what a fresh build holds', async (lines, ms) => {
    await runAndKill(lines, ms);
    const reopened = openCorpus({ dirs: [dir], dataDir, log, now: () => 0, autoCompact: false });
    expect(reopened.fromCache).toBe(true);
    await expectFresh(reopened.corpus);
  });
});

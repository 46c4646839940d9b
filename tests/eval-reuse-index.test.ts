// `npm run eval -- --reuse-index` (a developer option) loads an index cache whatever code built
// it; a normal open must never take such a cache for one built by the current code, and the eval
// keeps the two in separate folders so neither replaces the other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCorpus } from '../src/app/open-corpus.ts';
import { settingDataDir } from '../src/eval/run.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS } from './support/paths.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-reuse-index-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const open = (reuse: boolean) => openCorpus({ dirs: [CORPUS], dataDir, log: silentLogger(), now: () => 0, ...(reuse && { reuseIndexAcrossCode: true }) });

describe('eval --reuse-index', () => {
  it('loads its own cache, and a normal open rebuilds rather than load it', () => {
    expect(open(true).fromCache).toBe(false);
    const reused = open(true);
    expect(reused.fromCache).toBe(true);
    const normal = open(false);
    expect(normal.fromCache).toBe(false);
    // The same files give the same passages either way.
    expect(normal.corpus.passages.map((p) => p.text)).toEqual(reused.corpus.passages.map((p) => p.text));
    expect(open(false).fromCache).toBe(true);
  });

  it('keeps its caches apart from the normal ones', () => {
    const setting = { name: 'seeds' } as const;
    expect(settingDataDir(setting, '/data/eval')).toBe(path.join('/data/eval', 'seeds'));
    expect(settingDataDir(setting, '/data/eval', true)).not.toBe(settingDataDir(setting, '/data/eval'));
  });
});

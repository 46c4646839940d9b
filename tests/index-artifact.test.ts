// The index artifact on its own: what `attache index build --out` writes, what a replica reads
// back, and the clear errors for a pointer or a version that is not what it should be.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndexArtifact, currentVersion, loadIndexArtifact, publish } from '../src/app/index-artifact.ts';
import { indexVersion, versionOfKey } from '../src/app/index-version.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS } from './support/paths.ts';

const log = silentLogger();
const ids0 = (c: Corpus) => c.search.search('diplomats expelled').hits.map((h) => c.passages[h.idx]?.id);
let out: string;

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-artifact-'));
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('index build --out', () => {
  it('writes a content-addressed version and points current at it; an unchanged corpus reuses it', async () => {
    expect(await currentVersion(out)).toBeUndefined();
    const first = buildIndexArtifact({ dirs: [CORPUS], log, now: () => 0 }, out);
    expect(first.reused).toBe(false);
    expect(first.version).toMatch(/^[0-9a-f]{16}$/);
    expect(first.manifest).toMatchObject({ version: first.version, articles: 2, passages: 16, folders: 1 });
    expect(first.manifest.key.startsWith(first.version)).toBe(true);
    expect(fs.readdirSync(first.dir).sort()).toEqual(['corpus-0', 'index.v8', 'manifest.json']);
    // The bundled corpus's alias file travels with the index: quotes need it to name speakers.
    expect(fs.readdirSync(path.join(first.dir, 'corpus-0'))).toEqual(['aliases.yml']);
    expect(await currentVersion(out)).toBe(first.version);
    // No staging folder or temporary pointer is left behind.
    expect(fs.readdirSync(out).sort()).toEqual([first.version, 'current'].sort());

    const again = buildIndexArtifact({ dirs: [CORPUS], log, now: () => 0 }, out);
    expect(again).toMatchObject({ reused: true, version: first.version });
  });

  it('loads back into a corpus that answers as the built one, tagged with its version', async () => {
    const version = (await currentVersion(out)) as string;
    const loaded = await loadIndexArtifact(out, version, log);
    expect(loaded.corpus.articles).toHaveLength(2);
    expect(loaded.corpus.passages).toHaveLength(16);
    expect(indexVersion(loaded.corpus)).toBe(version);
    const built = openCorpus({ dirs: [CORPUS], dataDir: fs.mkdtempSync(path.join(out, 'fresh-')), log, now: () => 0, noCache: true }).corpus;
    for (const query of ['diplomats expelled', 'Putin summit', 'sanctions']) {
      const ids = (c: typeof built) => c.search.search(query).hits.map((h) => c.passages[h.idx]?.id);
      expect(ids(loaded.corpus), query).toEqual(ids(built));
    }
    expect(ids0(loaded.corpus)).not.toEqual([]);
  });
});

describe('the index version', () => {
  it('names the files: a cache brought up to date has the version of an artifact of the same files', () => {
    const dirs = [fs.mkdtempSync(path.join(out, 'corpus-'))];
    fs.cpSync(CORPUS, dirs[0] as string, { recursive: true });
    const dataDir = fs.mkdtempSync(path.join(out, 'data-'));
    const fresh = openCorpus({ dirs, dataDir, log, now: () => 0 });
    expect(fresh.fromCache).toBe(false);
    const artifacts = fs.mkdtempSync(path.join(out, 'versions-'));
    expect(buildIndexArtifact({ dirs, log, now: () => 0 }, artifacts).version).toBe(versionOfKey(fresh.version));

    // An edited article: the cache key is unchanged (code and options), the version is not.
    const file = fs.readdirSync(dirs[0] as string).find((name) => name.endsWith('.md')) as string;
    fs.appendFileSync(path.join(dirs[0] as string, file), '\nThe delegation met again the following week to review the agreement.\n');
    const updated = openCorpus({ dirs, dataDir, log, now: () => 0 });
    expect(updated.fromCache).toBe(true);
    expect(updated.version).not.toBe(fresh.version);
    expect(buildIndexArtifact({ dirs, log, now: () => 0 }, artifacts).version).toBe(versionOfKey(updated.version));
  });
});

describe('what a replica refuses', () => {
  it('a pointer that names no version', async () => {
    const dir = fs.mkdtempSync(path.join(out, 'bad-pointer-'));
    fs.writeFileSync(path.join(dir, 'current'), '../../etc\n');
    await expect(currentVersion(dir)).rejects.toThrow(/current does not name an index version \(got “\.\.\/\.\.\/etc”\)/);
  });

  it('a version without a manifest, and an index file cut short', async () => {
    const version = (await currentVersion(out)) as string;
    await expect(loadIndexArtifact(out, 'ffffffffffffffff', log)).rejects.toThrow(/ffffffffffffffff is not a published index/);
    const copy = fs.mkdtempSync(path.join(out, 'cut-'));
    fs.cpSync(path.join(out, version), path.join(copy, version), { recursive: true });
    const file = path.join(copy, version, 'index.v8');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    publish(copy, version);
    await expect(loadIndexArtifact(copy, version, log)).rejects.toThrow(/truncated|corpus part/);
  });
});

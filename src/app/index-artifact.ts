// The index as an artifact: built once (`attache index build --out DIR`), loaded by every replica
// (`INDEX_DIR=DIR`). Layout:
//
//   DIR/<version>/index.v8        the corpus and its search index, in the index-cache format
//   DIR/<version>/manifest.json   version key, build time, sizes, and the format and code it was built by
//   DIR/<version>/corpus-N/       each corpus folder's synonyms.yml and aliases.yml (queries need them)
//   DIR/current                   the version to serve, one line, replaced atomically (rename)
//
// The version is a hash of the index cache key (code, options, synonyms, aliases) and of every
// corpus file's path and bytes (indexVersionKey in open-corpus.ts), so building an unchanged corpus twice reuses the first folder, and
// a folder's contents never change once published: replicas may read it while the next is written.
import fs from 'node:fs';
import path from 'node:path';
import type { Corpus } from '../core/corpus.ts';
import { restoreCorpus } from '../core/corpus-codec.ts';
import { loadAliasesSync, ALIAS_FILE } from '../load/aliases.ts';
import type { Logger } from '../log.ts';
import { readIndexFile, writeIndexFile } from '../store/index-cache.ts';
import { tagIndexVersion, versionOfKey } from './index-version.ts';
import { type CorpusSource, corpusInputs, indexCodeFingerprint, loadSynonyms, openCorpus } from './open-corpus.ts';

export const CURRENT_FILE = 'current';
const INDEX_FILE = 'index.v8';
const MANIFEST_FILE = 'manifest.json';
const SYNONYMS_FILE = 'synonyms.yml';

export interface Manifest {
  readonly version: string;
  /** The whole version hash (indexVersionKey); index.v8's header carries it. */
  readonly key: string;
  readonly builtAt: number;
  readonly articles: number;
  readonly passages: number;
  /** How many corpus folders it was built from (corpus-0 … corpus-N-1 hold their synonyms and aliases). */
  readonly folders: number;
  /** The indexing code's fingerprint; a replica running other code warns. */
  readonly code: string;
}

export interface BuiltArtifact {
  readonly version: string;
  readonly dir: string;
  /** True when this version was already there and was only made current. */
  readonly reused: boolean;
  readonly manifest: Manifest;
  readonly ms: number;
}

/** Builds the index of `source.dirs` into `outDir` (unless that version is there) and makes it current. */
export function buildIndexArtifact(source: Omit<CorpusSource, 'dataDir'>, outDir: string): BuiltArtifact {
  const started = performance.now();
  fs.mkdirSync(outDir, { recursive: true });
  const { version: key } = corpusInputs({ ...source, dataDir: outDir });
  const version = versionOfKey(key);
  let dir = path.join(outDir, version);
  let manifest = readManifest(dir);
  const reused = manifest?.key === key;
  if (!reused) {
    // Built in a hidden folder and renamed into place: a replica never sees half of a version.
    const staging = fs.mkdtempSync(path.join(outDir, `.build-${version}-`));
    fs.chmodSync(staging, 0o755); // replicas may run as another user
    try {
      const opened = openCorpus({ ...source, dataDir: staging, noCache: true });
      const c = opened.corpus;
      if (c.articles.length === 0) throw new Error(`no articles in ${source.dirs.join(', ')}: nothing to index`);
      writeIndexFile(path.join(staging, INDEX_FILE), { key: opened.version, builtAt: c.builtAt, data: c.data, index: c.search.serialize(), warnings: opened.warnings });
      source.dirs.forEach((from, i) => {
        const to = path.join(staging, `corpus-${i}`);
        fs.mkdirSync(to);
        for (const name of [SYNONYMS_FILE, ALIAS_FILE]) if (fs.existsSync(path.join(from, name))) fs.copyFileSync(path.join(from, name), path.join(to, name));
      });
      manifest = {
        version: versionOfKey(opened.version),
        key: opened.version,
        builtAt: c.builtAt,
        articles: c.articles.length,
        passages: c.passages.length,
        folders: source.dirs.length,
        code: indexCodeFingerprint(),
      };
      fs.writeFileSync(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      // Named by what was read (a file changed since the key above was taken, it differs).
      dir = path.join(outDir, manifest.version);
      fs.rmSync(dir, { recursive: true, force: true }); // a damaged folder of this version, if any
      fs.renameSync(staging, dir);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  if (!manifest) throw new Error(`${dir}: the manifest was not written`);
  publish(outDir, manifest.version);
  return { version: manifest.version, dir, reused, manifest, ms: performance.now() - started };
}

/** Points `current` at `version`: written beside it and renamed over it, so readers see the old or the new line. */
export function publish(indexDir: string, version: string): void {
  const tmp = path.join(indexDir, `.${CURRENT_FILE}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${version}\n`);
  fs.renameSync(tmp, path.join(indexDir, CURRENT_FILE));
}

/** The version `current` names, or undefined when nothing is published yet. */
export async function currentVersion(indexDir: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(indexDir, CURRENT_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const version = text.trim();
  if (!/^[0-9a-f]{16}$/.test(version)) throw new Error(`${path.join(indexDir, CURRENT_FILE)} does not name an index version (got “${version.slice(0, 40)}”)`);
  return version;
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
    return typeof m.key === 'string' && typeof m.version === 'string' && typeof m.folders === 'number' ? m : undefined;
  } catch {
    return undefined;
  }
}

export interface LoadedArtifact {
  readonly corpus: Corpus;
  readonly manifest: Manifest;
  readonly ms: number;
}

/** Loads one published version without blocking the event loop for long (see readIndexFile). */
export async function loadIndexArtifact(indexDir: string, version: string, log: Logger): Promise<LoadedArtifact> {
  const started = performance.now();
  const dir = path.join(indexDir, version);
  const manifest = readManifest(dir);
  if (!manifest || manifest.version !== version) throw new Error(`${dir} is not a published index (no readable ${MANIFEST_FILE})`);
  if (manifest.code !== indexCodeFingerprint()) {
    log.warn({ version }, `index ${version} was built by other indexing code than this replica runs; rebuild it with this version (attache index build) if answers look wrong`);
  }
  const stored = await readIndexFile(path.join(dir, INDEX_FILE), manifest.key);
  const folders = Array.from({ length: manifest.folders }, (_, i) => path.join(dir, `corpus-${i}`));
  const corpus = restoreCorpus(stored, { synonyms: loadSynonyms(folders, log).table, aliases: loadAliasesSync(folders).table });
  tagIndexVersion(corpus, manifest.key);
  return { corpus, manifest, ms: performance.now() - started };
}

export interface IndexWatcher {
  close(): void;
}

/**
 * Polls `current` and calls `onVersion` when it names another version. Polling, not fs.watch: the
 * index folder is often a network or container volume, where change events do not arrive.
 */
export function watchCurrent(indexDir: string, from: string, onVersion: (version: string) => void, log: Logger, intervalMs = 2000): IndexWatcher {
  let seen = from;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    currentVersion(indexDir)
      .then((v) => {
        if (v !== undefined && v !== seen) {
          seen = v;
          onVersion(v);
        }
      })
      .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot read the published index version'))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}

// The built corpus cached on disk, keyed by the corpus contents and the index options. An
// unchanged corpus loads the cache; a changed file or option rebuilds; a corrupt cache is rebuilt
// with a warning, never a crash. Writes go to a temporary file renamed into place, so a crash
// mid-write leaves the old cache or none, never half of one.
import fs from 'node:fs';
import path from 'node:path';
import type { CorpusData } from '../core/corpus.ts';
import type { Logger } from '../log.ts';

export interface CachedCorpus {
  readonly key: string;
  readonly builtAt: number;
  readonly data: CorpusData;
  /** minisearch's serialised index. */
  readonly index: string;
}

const FILE_PREFIX = 'index-';

export function cacheFile(dataDir: string, key: string): string {
  return path.join(dataDir, `${FILE_PREFIX}${key.slice(0, 16)}.json`);
}

export function readCache(dataDir: string, key: string, log: Logger): CachedCorpus | undefined {
  const file = cacheFile(dataDir, key);
  if (!fs.existsSync(file)) return undefined;
  try {
    const raw = fs.readFileSync(file, 'utf8');
    // The index is stored as a string inside the JSON so minisearch can parse it itself.
    const parsed = JSON.parse(raw) as Partial<CachedCorpus>;
    if (parsed.key !== key || typeof parsed.index !== 'string' || !parsed.data || typeof parsed.builtAt !== 'number') {
      log.warn({ file }, 'index cache does not match this corpus; rebuilding');
      return undefined;
    }
    return parsed as CachedCorpus;
  } catch (err) {
    log.warn({ file, err: err instanceof Error ? err.message : String(err) }, 'index cache is corrupt; rebuilding');
    return undefined;
  }
}

export function writeCache(dataDir: string, cached: CachedCorpus, log: Logger): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = cacheFile(dataDir, cached.key);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(cached));
    fs.renameSync(tmp, file);
    // Older caches of other corpus versions are dead weight.
    for (const name of fs.readdirSync(dataDir)) {
      if (name.startsWith(FILE_PREFIX) && path.join(dataDir, name) !== file && name.endsWith('.json')) fs.rmSync(path.join(dataDir, name), { force: true });
    }
  } catch (err) {
    log.warn({ dataDir, err: err instanceof Error ? err.message : String(err) }, 'could not write the index cache; the next start will rebuild');
  }
}

// The built corpus cached on disk, keyed by the corpus contents and the index options. An
// unchanged corpus loads the cache; a changed file or option rebuilds; a corrupt cache is rebuilt
// with a warning, never a crash. Writes go to a temporary file renamed into place, so a crash
// mid-write leaves the old cache or none, never half of one.
//
// Format: a short header line (magic and key), then the corpus in V8's structured-clone format
// (`v8.serialize`). At 200,000 passages JSON was the bottleneck twice over: stringifying the
// index ran out of heap, and parsing hundreds of MB took seconds; typed arrays serialise as raw
// bytes. Passage texts are not stored: they are slices of their article's text, cut again on load.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { CorpusData } from '../core/corpus.ts';
import type { SerializedIndex } from '../core/search/engine.ts';
import type { Passage } from '../core/types.ts';
import type { Logger } from '../log.ts';

export interface CachedCorpus {
  readonly key: string;
  readonly builtAt: number;
  readonly data: CorpusData;
  readonly index: SerializedIndex;
}

const FILE_PREFIX = 'index-';
const FILE_SUFFIX = '.v8';
const MAGIC = 'attache-index-v2';

export function cacheFile(dataDir: string, key: string): string {
  return path.join(dataDir, `${FILE_PREFIX}${key.slice(0, 16)}${FILE_SUFFIX}`);
}

type StoredPassage = Omit<Passage, 'text'>;

export function readCache(dataDir: string, key: string, log: Logger): CachedCorpus | undefined {
  const file = cacheFile(dataDir, key);
  if (!fs.existsSync(file)) return undefined;
  try {
    const buf = fs.readFileSync(file);
    const nl = buf.indexOf(10);
    const header = nl < 0 ? '' : buf.subarray(0, nl).toString('utf8');
    if (header !== `${MAGIC} ${key}`) {
      log.warn({ file }, 'index cache does not match this corpus; rebuilding');
      return undefined;
    }
    const stored = v8.deserialize(buf.subarray(nl + 1)) as { builtAt: number; data: Omit<CorpusData, 'passages'> & { passages: StoredPassage[] }; index: SerializedIndex };
    if (typeof stored.builtAt !== 'number' || !stored.data || !Array.isArray(stored.data.passages) || !stored.index) throw new Error('missing parts');
    const texts = new Map(stored.data.articles.map((a) => [a.id, a.text]));
    const passages: Passage[] = stored.data.passages.map((p) => {
      const text = texts.get(p.articleId);
      if (text === undefined) throw new Error(`passage ${p.id} of an unknown article`);
      return { ...p, text: text.slice(p.start, p.end) };
    });
    return { key, builtAt: stored.builtAt, data: { ...stored.data, passages }, index: stored.index };
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
    const passages: StoredPassage[] = cached.data.passages.map(({ text: _text, ...rest }) => rest);
    const body = v8.serialize({ builtAt: cached.builtAt, data: { ...cached.data, passages }, index: cached.index });
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC} ${cached.key}\n`, 'utf8'), body]));
    fs.renameSync(tmp, file);
    // Older caches of other corpus versions (and the former JSON format) are dead weight.
    for (const name of fs.readdirSync(dataDir)) {
      const full = path.join(dataDir, name);
      if (name.startsWith(FILE_PREFIX) && full !== file && (name.endsWith(FILE_SUFFIX) || name.endsWith('.json'))) fs.rmSync(full, { force: true });
    }
  } catch (err) {
    log.warn({ dataDir, err: err instanceof Error ? err.message : String(err) }, 'could not write the index cache; the next start will rebuild');
  }
}

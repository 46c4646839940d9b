// Loads the corpus folders into a searchable Corpus, from the on-disk cache when it matches.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildCorpus, type Corpus, type Extractors } from '../core/corpus.ts';
import { restoreCorpus } from '../core/corpus-codec.ts';
import { INDEX_OPTIONS } from '../core/search/engine.ts';
import { buildSynonyms, type SynonymTable } from '../core/search/synonyms.ts';
import type { Warning } from '../core/types.ts';
import { parseCorpusFiles, readCorpusFiles } from '../load/loader.ts';
import type { Logger } from '../log.ts';
import { readCache, writeCache } from '../store/index-cache.ts';
import { loadAliasesSync } from '../load/aliases.ts';
import { EXTRACTOR_VERSION, makeExtractors } from './extractors.ts';
import { buildCorpusOnTwoThreads } from './parallel-build.ts';

/** Bumped whenever what the index holds changes shape; part of the cache key. */
const INDEX_FORMAT = 4;

/**
 * A hash of the code that decides what the index holds (cleaning, passages, extraction, topics,
 * search): a cached index built by other code is rebuilt, so an upgrade never serves stale
 * passages or events. Computed once per process; reading ~100 small files takes a few ms.
 */
let codeHash: string | undefined;
export function indexCodeFingerprint(): string {
  if (codeHash !== undefined) return codeHash;
  const root = fileURLToPath(new URL('../', import.meta.url));
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|yml)$/.test(entry.name)) hash.update(path.relative(root, full)).update(fs.readFileSync(full));
    }
  };
  for (const dir of ['core', 'load', 'data']) walk(path.join(root, dir));
  codeHash = hash.digest('hex');
  return codeHash;
}
export const DEFAULT_SYNONYMS = fileURLToPath(new URL('../data/synonyms.yml', import.meta.url));

/** Where a corpus comes from and how it is read: what opening, rebuilding and reloading share. */
export interface CorpusSource {
  readonly dirs: readonly string[];
  readonly dataDir: string;
  readonly log: Logger;
  readonly now: () => number;
  readonly maxBytes?: number;
}

export interface OpenOptions extends CorpusSource {
  /** Skip the disk cache (benchmarks of a fresh build; tests). */
  readonly noCache?: boolean;
  readonly extractors?: Extractors;
}

export interface Opened {
  readonly corpus: Corpus;
  /** The content hash of what the index was built from and how (corpusInputs); its version. */
  readonly key: string;
  readonly fromCache: boolean;
  readonly ms: number;
  readonly warnings: readonly Warning[];
}

/** The default synonym table plus every `synonyms.yml` at the top of a corpus folder. */
export function loadSynonyms(dirs: readonly string[], log: Logger): { table: SynonymTable; text: string } {
  const files = [DEFAULT_SYNONYMS, ...dirs.map((d) => path.join(d, 'synonyms.yml')).filter((f) => fs.existsSync(f))];
  const groups: unknown[] = [];
  let text = '';
  for (const file of files) {
    try {
      const raw = fs.readFileSync(file, 'utf8');
      text += raw;
      const parsed: unknown = parseYaml(raw, { logLevel: 'error' });
      if (Array.isArray(parsed)) groups.push(...parsed);
      else log.warn({ file }, `ignored ${file}: not a list of synonym groups`);
    } catch (err) {
      log.warn({ file, err: err instanceof Error ? err.message : String(err) }, `ignored ${file}: unreadable`);
    }
  }
  const { table, problems } = buildSynonyms(groups);
  for (const p of problems) log.warn({ problem: p }, `synonyms: ${p}`);
  return { table, text };
}

/**
 * The corpus files, synonyms and aliases of `opts.dirs`, and the key an index of them has: a hash
 * of their contents, the index options and format, and the indexing code.
 */
export function corpusInputs(opts: CorpusSource) {
  const aliases = loadAliasesSync(opts.dirs);
  for (const w of aliases.warnings) opts.log.warn(w, `aliases: ${w.file}: ${w.reason}`);
  const read = readCorpusFiles(opts.dirs, { log: opts.log, ...(opts.maxBytes !== undefined && { maxBytes: opts.maxBytes }) });
  const synonyms = loadSynonyms(opts.dirs, opts.log);
  const key = createHash('sha256')
    .update(JSON.stringify({ INDEX_FORMAT, INDEX_OPTIONS, EXTRACTOR_VERSION, code: indexCodeFingerprint(), fingerprint: read.fingerprint, synonyms: synonyms.text, aliases: aliases.text }))
    .digest('hex');
  return { aliases, read, synonyms, key };
}

export function openCorpus(opts: OpenOptions): Opened {
  const started = performance.now();
  const { aliases, read, synonyms, key } = corpusInputs(opts);
  const extractors = opts.extractors ?? makeExtractors(aliases.table);
  if (!opts.noCache) {
    const cached = readCache(opts.dataDir, key, opts.log);
    if (cached) {
      const corpus = restoreCorpus(cached, { synonyms: synonyms.table, aliases: aliases.table });
      // The files the build skipped are named on every start, not only the first.
      const skipped = cached.warnings ?? [];
      for (const w of skipped) opts.log.warn(w, `skipped ${w.file}: ${w.reason}`);
      return { corpus, key, fromCache: true, ms: performance.now() - started, warnings: [...read.warnings, ...skipped] };
    }
  }
  const parsed = parseCorpusFiles(read.files, { log: opts.log });
  // The default extractors run on two threads (the same corpus, sooner); injected ones here.
  const corpus = opts.extractors
    ? buildCorpus({ articles: parsed.articles, synonyms: synonyms.table, extractors, builtAt: opts.now(), aliases: aliases.table })
    : buildCorpusOnTwoThreads({ articles: parsed.articles, synonyms: synonyms.table, aliases: aliases.table, builtAt: opts.now() });
  if (!opts.noCache) writeCache(opts.dataDir, { key, builtAt: corpus.builtAt, data: corpus.data, index: corpus.search.serialize(), warnings: parsed.warnings }, opts.log);
  return { corpus, key, fromCache: false, ms: performance.now() - started, warnings: [...read.warnings, ...parsed.warnings] };
}

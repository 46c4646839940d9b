// Loads the corpus folders into a searchable Corpus, from the on-disk cache when it matches.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { buildCorpus, Corpus, type Extractors } from '../core/corpus.ts';
import { restoreCorpus } from '../core/corpus-codec.ts';
import { restoreUpdateState, saveUpdateState } from '../core/corpus-update.ts';
import { INDEX_OPTIONS, PassageSearch } from '../core/search/engine.ts';
import { buildSynonyms, type SynonymTable } from '../core/search/synonyms.ts';
import type { Article, Warning } from '../core/types.ts';
import { type CorpusFile, parseCorpusFiles, readCorpusFiles } from '../load/loader.ts';
import type { Logger } from '../log.ts';
import { type CachedCorpus, type FileState, readCache, writeCache } from '../store/index-cache.ts';
import { removeStaleTemporaryFiles } from '../store/stale-temporary-files.ts';
import { CorpusJournal } from './corpus-journal.ts';
import { loadAliasesSync } from '../load/aliases.ts';
import { EXTRACTOR_VERSION, makeExtractors, makeUpdateExtractors } from './extractors.ts';
import { buildCorpusOnTwoThreads } from './parallel-build.ts';

/** Bumped whenever what the index holds changes shape; part of the cache key. */
const INDEX_FORMAT = 6;

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
/** Word forms the stemmer keeps apart (irregular verbs, -ion nouns, demonyms): synonym groups too. */
export const DEFAULT_LEMMAS = fileURLToPath(new URL('../data/lemmas.yml', import.meta.url));

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
  /** Build from the files even when a cache exists, and write it (`attache index rebuild`). */
  readonly rebuild?: boolean;
  /** Fold a long change log into a new cache on opening (default true; tests look at the log). */
  readonly autoCompact?: boolean;
  /** Bring a cache up to date in memory only, writing nothing (one-shot commands: a running bot owns the cache and its log). */
  readonly readOnly?: boolean;
  readonly extractors?: Extractors;
  /**
   * Developer option (`npm run eval -- --reuse-index`): load a cache built by other code, so a
   * ranking experiment does not rebuild the index. Only safe when the change is query-time only
   * (ranking, answerability); after a change to what the index holds, delete that cache. Give it
   * its own dataDir: its key marks it, so a normal open never loads it, but it replaces the cache.
   */
  readonly reuseIndexAcrossCode?: boolean;
}

export interface Opened {
  readonly corpus: Corpus;
  /** What the index holds and how it was made (indexVersionKey); its version is the first 16 hex digits. */
  readonly version: string;
  readonly fromCache: boolean;
  readonly ms: number;
  readonly warnings: readonly Warning[];
  /** Keeps the corpus in step with its files (absent without a cache, or with injected extractors). */
  readonly journal?: CorpusJournal;
}

function synonymFiles(dirs: readonly string[]): string[] {
  return [DEFAULT_SYNONYMS, DEFAULT_LEMMAS, ...dirs.map((d) => path.join(d, 'synonyms.yml')).filter((f) => fs.existsSync(f))];
}

/**
 * The synonym files' text as `loadSynonyms` reads it, without parsing: the cache key of every
 * update needs only this (parsing and building the table cost 40–130 ms a call under load).
 */
export function synonymsText(dirs: readonly string[]): string {
  let text = '';
  for (const file of synonymFiles(dirs)) {
    try {
      text += fs.readFileSync(file, 'utf8');
    } catch {
      // Unreadable: loadSynonyms warns and leaves it out of the text too.
    }
  }
  return text;
}

/** The default synonym table and lemmas plus every `synonyms.yml` at the top of a corpus folder. */
export function loadSynonyms(dirs: readonly string[], log: Logger): { table: SynonymTable; text: string } {
  const groups: unknown[] = [];
  let text = '';
  for (const file of synonymFiles(dirs)) {
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

/** The index cache's key: the code and options that decide what the index holds (and the files, when given). */
export function cacheKey(parts: { synonyms: string; aliases: string; fingerprint: string | null; ignoreCode?: boolean }): string {
  // `ignoreCode` (a developer option, OpenOptions.reuseIndexAcrossCode) leaves the code out, under
  // a marker of its own, so such a cache is never taken for one built by the current code.
  const code = parts.ignoreCode === true ? 'developer: code not checked' : indexCodeFingerprint();
  return createHash('sha256')
    .update(JSON.stringify({ INDEX_FORMAT, INDEX_OPTIONS, EXTRACTOR_VERSION, code, fingerprint: parts.fingerprint, synonyms: parts.synonyms, aliases: parts.aliases }))
    .digest('hex');
}

/**
 * The version of an index of the files read (`fingerprint`: every file's path and bytes) under the
 * cache key `key`, for /healthz, /metrics and index artifacts. The cache key alone no longer says
 * which files an index holds (a cache is brought up to date file by file), so the version hashes
 * both: the same files indexed by the same code and options have one version, whether built,
 * loaded from the cache and updated, or loaded from an artifact.
 */
export function indexVersionKey(key: string, fingerprint: string): string {
  return createHash('sha256').update(`${key}\n${fingerprint}`).digest('hex');
}

/** Each read file's content hash and the article it gave (null: skipped), by file key. */
function fileStates(files: readonly CorpusFile[], articles: readonly Article[]): Record<string, FileState> {
  // An article knows the path it was read from (`source`); the file, that path and its key.
  const idOf = new Map(articles.map((a) => [a.source, a.id]));
  return Object.fromEntries(files.map((f) => [f.key, { hash: f.hash ?? '', id: idOf.get(f.source) ?? null, ...(f.stat && { stat: f.stat }) }]));
}

/**
 * The corpus files, synonyms and aliases of `opts.dirs`, the cache key of an index of them, and
 * its version (indexVersionKey). With the default extractors (`incremental`) a cache of other
 * files is brought up to date by applying the changed files (`CorpusJournal`): the key is the code
 * and options. Injected extractors have no per-article form: their cache is keyed by the files
 * too, and any change rebuilds.
 */
export function corpusInputs(opts: CorpusSource, incremental = true, ignoreCode = false, known?: (key: string) => CachedCorpus | undefined) {
  const aliases = loadAliasesSync(opts.dirs);
  for (const w of aliases.warnings) opts.log.warn(w, `aliases: ${w.file}: ${w.reason}`);
  const synonyms = loadSynonyms(opts.dirs, opts.log);
  const readOpts = { log: opts.log, ...(opts.maxBytes !== undefined && { maxBytes: opts.maxBytes }) };
  if (!incremental) {
    const read = readCorpusFiles(opts.dirs, readOpts);
    const key = cacheKey({ synonyms: synonyms.text, aliases: aliases.text, fingerprint: read.fingerprint, ignoreCode });
    return { aliases, read, synonyms, key, version: indexVersionKey(key, read.fingerprint), cached: known?.(key) };
  }
  // The key does not depend on the files: the cache is read first, so that files whose stat it
  // recorded unchanged are not read nor hashed (`LoadOptions.known`).
  const key = cacheKey({ synonyms: synonyms.text, aliases: aliases.text, fingerprint: null, ignoreCode });
  const cached = known?.(key);
  const files = cached?.files;
  const read = readCorpusFiles(opts.dirs, { ...readOpts, ...(files && { known: (k: string) => files[k] }) });
  return { aliases, read, synonyms, key, version: indexVersionKey(key, read.fingerprint), cached };
}

export function openCorpus(opts: OpenOptions): Opened {
  const started = performance.now();
  const incremental = !opts.extractors;
  const useCache = !opts.noCache && !opts.rebuild;
  // Not read-only: a one-shot command beside a running bot leaves the bot's folder alone.
  if (!opts.noCache && opts.readOnly !== true) removeStaleTemporaryFiles(opts.dataDir, opts.log);
  const { aliases, read, synonyms, key, version, cached } = corpusInputs(opts, incremental, opts.reuseIndexAcrossCode === true, useCache ? (k) => readCache(opts.dataDir, k, opts.log) : undefined);
  const extractors = opts.extractors ?? makeExtractors(aliases.table);
  const journalOptions = { dataDir: opts.dataDir, log: opts.log, extractors: makeUpdateExtractors(aliases.table), now: opts.now, readOnly: opts.readOnly === true };
  if (useCache) {
    if (cached) {
      let corpus = restoreCorpus(cached, { synonyms: synonyms.table, aliases: aliases.table });
      // The files the build skipped are named on every start, not only the first.
      const skipped = cached.warnings ?? [];
      for (const w of skipped) opts.log.warn(w, `skipped ${w.file}: ${w.reason}`);
      if (!incremental) return { corpus, version, fromCache: true, ms: performance.now() - started, warnings: [...read.warnings, ...skipped] };
      try {
        // What the replay and the first update need from the whole corpus, saved with it: not prepared again.
        if (cached.updates) restoreUpdateState(corpus, cached.updates, journalOptions.extractors);
        const journal = new CorpusJournal(key, { seq: cached.seq ?? 0, files: cached.files ?? {}, skipped }, journalOptions);
        corpus = journal.replay(corpus);
        const synced = journal.sync(corpus, read.files);
        corpus = synced.corpus;
        if (synced.files > 0) opts.log.info({ files: synced.files }, `applied ${synced.files} changed corpus files to the cached index`);
        if (opts.autoCompact !== false && journal.shouldCompact(corpus) && journal.compact(corpus)) corpus = compacted(corpus);
        return { corpus, version, fromCache: true, ms: performance.now() - started, warnings: [...read.warnings, ...skipped, ...synced.warnings], journal };
      } catch (err) {
        opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'the change log cannot be applied; rebuilding');
      }
    }
  }
  const parsed = parseCorpusFiles(read.files, { log: opts.log });
  // The default extractors run on two threads (the same corpus, sooner); injected ones here.
  const corpus = opts.extractors
    ? buildCorpus({ articles: parsed.articles, synonyms: synonyms.table, extractors, builtAt: opts.now(), aliases: aliases.table })
    : buildCorpusOnTwoThreads({ articles: parsed.articles, synonyms: synonyms.table, aliases: aliases.table, builtAt: opts.now() });
  let journal: CorpusJournal | undefined;
  if (!opts.noCache) {
    const files = fileStates(read.files, parsed.articles);
    journal = incremental ? new CorpusJournal(key, { seq: 0, files, skipped: parsed.warnings }, journalOptions) : undefined;
    // The old log goes first: a crash before the new cache is written leaves the old cache, which
    // the comparison with the files brings up to date; never the new cache with the old log.
    journal?.compactLog();
    const updates = incremental ? saveUpdateState(corpus, journalOptions.extractors) : undefined;
    writeCache(opts.dataDir, { key, builtAt: corpus.builtAt, data: corpus.data, index: corpus.search.serialize(), warnings: parsed.warnings, seq: 0, files, ...(updates && { updates }) }, opts.log);
  }
  return { corpus, version, fromCache: false, ms: performance.now() - started, warnings: [...read.warnings, ...parsed.warnings], ...(journal && { journal }) };
}

/** The corpus with its search index in one segment (after a compaction wrote it so). */
export function compacted(corpus: Corpus): Corpus {
  return new Corpus({ data: corpus.data, search: PassageSearch.deserialize(corpus.search.serialize(), corpus.search.synonyms), builtAt: corpus.builtAt, aliases: corpus.aliasTable });
}

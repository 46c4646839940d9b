// `attache import`: inputs (files, folders, URLs) become corpus files. Inputs are read and
// fetched a few at a time; then, in input order, each is composed, checked against the corpus
// folder and the batch for duplicates, and written. One failure never stops the rest.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { folderDefaultsSchema, type FolderDefaults } from '../core/article-file.ts';
import type { Article } from '../core/types.ts';
import { CONFIG_FILES, parseCorpusFiles, readCorpusFiles } from '../load/loader.ts';
import { silentLogger } from '../log.ts';
import { composeArticle } from './compose.ts';
import type { Extracted, Overrides } from './draft.ts';
import { DuplicateIndex } from './duplicates.ts';
import { decodeHtml, fetchPage, FETCH_DEFAULTS, type FetchOptions } from './fetch.ts';
import { extractHtml } from './html.ts';
import { extractMarkdown } from './markdown-input.ts';
import { extractText } from './text.ts';
import { FileRefused, kindOf, readBounded, readSmallText } from '../load/read-file.ts';
import { visible } from '../load/sanitize.ts';

export type SourceKind = 'url' | 'html' | 'text' | 'markdown';
export interface Source {
  readonly input: string;
  readonly kind: SourceKind;
}

export interface ImportOptions {
  /** The corpus folder to write into (created when missing). */
  readonly into: string;
  readonly dryRun?: boolean;
  /** Overwrite an existing file, and replace an article this input duplicates. */
  readonly force?: boolean;
  readonly overrides?: Overrides;
  readonly fetch?: FetchOptions;
  /** Inputs read or fetched at once. Default 4. */
  readonly concurrency?: number;
  /** Called after each input, in order. */
  readonly onProgress?: (done: number, total: number, input: string) => void;
  /**
   * The folder's articles, already indexed (FolderDuplicates): skips reading and parsing every
   * file of the folder, which costs ~7 ms a file (20 s for 2,635 files).
   */
  readonly duplicates?: DuplicateIndex;
}

export type ImportStatus = 'imported' | 'skipped' | 'failed';

export interface ImportOutcome {
  readonly input: string;
  readonly status: ImportStatus;
  /** The file written (or, in a dry run, that would be). */
  readonly file?: string;
  /** Why it was skipped or failed. */
  readonly reason?: string;
  /** Guesses worth checking ("title taken from the lede"). */
  readonly notes: readonly string[];
  /** The article as the bot will load it. */
  readonly article?: Article;
  /** The file replaced an existing one (`--force`). */
  readonly replaced?: boolean;
}

export class ImportUsageError extends Error {}

const EXT_KIND: Record<string, SourceKind> = { '.html': 'html', '.htm': 'html', '.xhtml': 'html', '.txt': 'text', '.md': 'markdown', '.markdown': 'markdown' };
const SYMLINK_REASON = 'a symbolic link: links inside folders are not followed (import the file it points to by name)';

/** Article files under `dir`, and the symbolic links found there (never followed: no loops). */
function walk(dir: string, out: string[], links: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isSymbolicLink()) links.push(full);
    else if (e.isDirectory()) walk(full, out, links);
    else if (e.isFile() && EXT_KIND[path.extname(e.name).toLowerCase()] !== undefined && !CONFIG_FILES.has(e.name) && e.name !== 'corpus.yml') out.push(full);
  }
}

const NOT_A_FILE = 'import reads files, folders and http(s) addresses';
const reasonOf = (err: unknown): string =>
  err instanceof FileRefused && err.message.startsWith('not a regular file') ? `${err.message}; ${NOT_A_FILE}` : err instanceof Error ? err.message : String(err);
const TOO_LARGE = '--max-bytes raises the limit';

/**
 * Folders become their article files; anything unreadable becomes a failure to report, and a
 * symbolic link inside a folder a skip that says so. Nothing is read here but the first bytes of a
 * file without a known extension (to tell HTML from text).
 */
export function expandInputs(inputs: readonly string[]): { sources: Source[]; failures: ImportOutcome[] } {
  const sources: Source[] = [];
  const failures: ImportOutcome[] = [];
  for (const input of inputs) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
      sources.push({ input, kind: 'url' });
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      failures.push({ input, status: 'failed', reason: 'no such file or folder', notes: [] });
      continue;
    }
    try {
      if (stat.isDirectory()) {
        const files: string[] = [];
        const links: string[] = [];
        walk(input, files, links);
        if (files.length === 0) failures.push({ input, status: 'failed', reason: 'the folder holds no .html, .txt or .md files', notes: [] });
        for (const f of files) sources.push({ input: f, kind: EXT_KIND[path.extname(f).toLowerCase()] as SourceKind });
        for (const l of links) failures.push({ input: l, status: 'skipped', reason: SYMLINK_REASON, notes: [] });
      } else if (!stat.isFile()) {
        failures.push({ input, status: 'failed', reason: `not a regular file (${kindOf(stat)}); ${NOT_A_FILE}`, notes: [] });
      } else {
        const kind = EXT_KIND[path.extname(input).toLowerCase()];
        sources.push({ input, kind: kind ?? (/^\s*</.test(readBounded(input, 512, { prefix: true }).toString('latin1')) ? 'html' : 'text') });
      }
    } catch (err) {
      failures.push({ input, status: 'failed', reason: reasonOf(err), notes: [] });
    }
  }
  return { sources, failures };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function extract(source: Source, opts: ImportOptions, defaults: FolderDefaults | undefined): Promise<Extracted> {
  if (source.kind === 'url') {
    const page = await fetchPage(source.input, opts.fetch);
    if (!page.ok) return page;
    return extractHtml(page.html, page.url);
  }
  let bytes: Buffer;
  try {
    bytes = readBounded(source.input, opts.fetch?.maxBytes ?? FETCH_DEFAULTS.maxBytes, { tooLarge: TOO_LARGE });
  } catch (err) {
    return { ok: false, reason: reasonOf(err) };
  }
  if (source.kind === 'html') return extractHtml(decodeHtml(bytes));
  let content: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL');
    content = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not UTF-8 text' };
  }
  return source.kind === 'text' ? extractText(content) : extractMarkdown(content, source.input, opts.overrides, defaults);
}

/** A corpus folder that is a file (or inside one) would fail at every write: say so before anything. */
function checkInto(into: string): void {
  for (let at = path.resolve(into); ; at = path.dirname(at)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(at);
    } catch {
      stat = undefined;
    }
    if (stat !== undefined) {
      if (stat.isDirectory()) return;
      const what = at === path.resolve(into) ? 'it is' : `${at} is`;
      throw new ImportUsageError(`cannot import into ${into}: ${what} ${stat.isFile() ? 'a file' : kindOf(stat)}, not a folder`);
    }
    if (path.dirname(at) === at) return;
  }
}

/** The folder's `corpus.yml` defaults, as the loader will apply them. */
export function folderDefaults(dir: string): FolderDefaults | undefined {
  const file = path.join(dir, 'corpus.yml');
  let raw: unknown;
  try {
    const text = readSmallText(file);
    if (text === undefined) return undefined;
    raw = parseYaml(text, { logLevel: 'error' });
  } catch (err) {
    // Every input would be written with the wrong defaults: stop before any, saying which file.
    throw new ImportUsageError(`cannot read ${file}: ${reasonOf(err).split('\n')[0] ?? ''}`);
  }
  const parsed = folderDefaultsSchema.safeParse(raw ?? {});
  return parsed.success ? (parsed.data as FolderDefaults) : undefined;
}

/** Writes via a hidden temporary file, so a reader (or the bot's watcher) never sees half a file. */
function writeAtomically(target: string, content: string, overwrite: boolean): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, content);
  try {
    if (overwrite) fs.renameSync(tmp, target);
    else fs.linkSync(tmp, target); // fails with EEXIST rather than overwrite
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function importSources(inputs: readonly string[], opts: ImportOptions): Promise<ImportOutcome[]> {
  const { sources, failures } = expandInputs(inputs);
  const o = opts.overrides ?? {};
  const count = Math.max(inputs.length, sources.length);
  if ((o.title !== undefined || o.published !== undefined) && count > 1) {
    throw new ImportUsageError(`--title and --published describe one article; ${count} inputs were given`);
  }
  checkInto(opts.into);
  const defaults = fs.existsSync(opts.into) ? folderDefaults(opts.into) : undefined;
  const extracted = await pool(sources, opts.concurrency ?? 4, (s) =>
    extract(s, opts, defaults).catch((err: unknown): Extracted => ({ ok: false, reason: err instanceof Error ? err.message : String(err) })),
  );
  const written = importExtracted(
    sources.map((s, i) => ({ input: s.input, extracted: extracted[i] as Extracted })),
    opts,
  );
  return [...failures, ...written];
}

/** One input already read and extracted (a feed item, say), ready to be composed and written. */
export interface Prepared {
  readonly input: string;
  readonly extracted: Extracted;
  /**
   * The file this input became before (a feed item changed at its source): it is rewritten under
   * its own name, so the article id stays valid, rather than written again as a duplicate.
   */
  readonly replaces?: string;
}

/**
 * The second half of import, for inputs already extracted: in order, each is composed, checked
 * against the corpus folder and the batch for duplicates, and written. One failure never stops
 * the rest.
 */
export function importExtracted(prepared: readonly Prepared[], opts: ImportOptions): ImportOutcome[] {
  const steps = importSteps(prepared, opts);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * `importExtracted`, giving the event loop a turn whenever `step` says so between inputs: the
 * feed poller's import of a 2,000-item feed composed every article in one block.
 */
export async function importExtractedInSlices(prepared: readonly Prepared[], opts: ImportOptions, step: () => Promise<void>): Promise<ImportOutcome[]> {
  const steps = importSteps(prepared, opts);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await step();
  }
}

/** The work of `importExtracted`, pausing (yield) after each input. */
function* importSteps(prepared: readonly Prepared[], opts: ImportOptions): Generator<void, ImportOutcome[]> {
  const o = opts.overrides ?? {};
  const into = opts.into;
  checkInto(into);
  const defaults = fs.existsSync(into) ? folderDefaults(into) : undefined;
  const dups = opts.duplicates ?? new DuplicateIndex();
  const fileOf = new Map<string, string>(); // article id -> absolute path of the existing file
  if (opts.duplicates === undefined && fs.existsSync(into)) {
    const log = silentLogger();
    const read = readCorpusFiles([into], { log });
    for (const f of read.files) fileOf.set(f.id, f.absPath);
    for (const a of parseCorpusFiles(read.files, { log }).articles) dups.add(a, fileOf.get(a.id) ?? a.source, true);
  }

  const outcomes: ImportOutcome[] = [];
  const claimed = new Set<string>();
  for (const [i, p] of prepared.entries()) {
    // One input's surprise is that input's failure, never the batch's.
    let outcome: ImportOutcome;
    try {
      outcome = finish(p);
    } catch (err) {
      outcome = { input: p.input, status: 'failed', reason: reasonOf(err), notes: [] };
    }
    outcomes.push(outcome);
    opts.onProgress?.(i + 1, prepared.length, p.input);
    yield;
  }
  return outcomes;

  function finish({ input, extracted: ex, replaces }: Prepared): ImportOutcome {
    if (!ex.ok) return { input, status: 'failed', reason: ex.reason, notes: [] };
    let composed = composeArticle(ex.draft, { overrides: o, ...(defaults !== undefined && { defaults }) });
    // Two different articles of the batch with the same date and title get -2, -3 …
    for (let n = 2; composed.ok && claimed.has(composed.fileName); n++) {
      composed = composeArticle(ex.draft, { overrides: o, ...(defaults !== undefined && { defaults }), suffix: `-${n}` });
    }
    if (!composed.ok) return { input, status: 'failed', reason: composed.reason, notes: ex.draft.notes ?? [] };
    const { article, notes } = composed;
    const base = { input, notes, article };
    const previous = replaces !== undefined && fs.existsSync(replaces) ? path.resolve(replaces) : undefined;
    const dup = dups.find(article);
    let target = path.join(into, composed.fileName);
    let replaced = false;
    if (dup && !(previous !== undefined && dup.existing && path.resolve(dup.of) === previous)) {
      const what = dup.by === 'url' ? 'same address' : 'same text';
      if (!dup.existing) return { ...base, status: 'skipped', reason: `duplicate of ${dup.of} in this batch (${what})` };
      if (!opts.force) return { ...base, status: 'skipped', reason: `already in the corpus as ${dup.of} (${what}; --force replaces it)` };
      // Replacing keeps the old file name, so the article id (and buttons citing it) stays valid.
      target = dup.of;
      replaced = true;
    } else if (previous !== undefined) {
      target = previous;
      replaced = true;
    } else if (fs.existsSync(target)) {
      if (!opts.force) return { ...base, status: 'skipped', reason: `${target} already exists with a different article (--force overwrites it)` };
      replaced = true;
    }
    claimed.add(composed.fileName);
    dups.add(article, input, false);
    if (!opts.dryRun) {
      try {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        writeAtomically(target, composed.content, replaced);
      } catch (err) {
        return { ...base, status: 'failed', reason: `could not write ${target}: ${err instanceof Error ? err.message : String(err)}` };
      }
    }
    return { ...base, status: 'imported', file: target, ...(replaced && { replaced }) };
  }
}

/** The summary printed at the end: one line per input, notes indented, then the counts. */
export function formatSummary(outcomes: readonly ImportOutcome[], dryRun = false): string {
  const lines: string[] = [];
  // Inputs and reasons can quote what a file or page held: control characters are shown, inert.
  for (const r of outcomes) {
    if (r.status === 'imported') lines.push(visible(`${dryRun ? 'would import' : r.replaced ? 'replaced' : 'imported'}  ${r.input} -> ${r.file ?? ''}`));
    else lines.push(visible(`${r.status}  ${r.input}: ${r.reason ?? ''}`));
    if (r.status === 'imported') for (const n of r.notes) lines.push(visible(`    note: ${n}`));
  }
  const count = (s: ImportStatus): number => outcomes.filter((r) => r.status === s).length;
  lines.push(`${count('imported')} ${dryRun ? 'would be imported' : 'imported'}, ${count('skipped')} skipped, ${count('failed')} failed`);
  return `${lines.join('\n')}\n`;
}

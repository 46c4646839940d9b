// Reads corpus folders from disk. Bad files are skipped with a warning naming the file and the
// reason; the rest loads. Parsing and cleaning are the core's (article-file.ts); this only reads.
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { folderDefaultsSchema, parseArticleFile, type FolderDefaults } from '../core/article-file.ts';
import type { Article, Warning } from '../core/types.ts';
import type { Logger } from '../log.ts';
import { readSmallText } from './read-file.ts';
import { cleanArticle, visible } from './sanitize.ts';

const ARTICLE_EXT = new Set(['.md', '.markdown', '.txt']);
/** Files in a corpus folder that configure it rather than being articles. */
export const CONFIG_FILES = new Set(['corpus.yml', 'aliases.yml', 'synonyms.yml', 'README.md']);
export const DEFAULT_MAX_BYTES = 2_000_000;

export interface CorpusFile {
  readonly id: string;
  /** Path as shown in warnings (relative to the working folder). */
  readonly source: string;
  /**
   * The file's identity in the index cache and its change log (`fileKey`): relative to its corpus
   * folder, so the same files are the same files whichever folder the bot was started from.
   */
  readonly key: string;
  readonly absPath: string;
  readonly content: string;
  readonly defaults?: FolderDefaults;
  /** sha256 of the file's bytes and folder defaults: what corpus updates compare (read files have it). */
  readonly hash?: string;
  /** What `stat` said of it when it was read, when that is safe to compare later (`FileStat`). */
  readonly stat?: FileStat;
}

/**
 * A file's size, modification time, inode and folder defaults (a hash of them), recorded with its
 * content hash in the index cache: on the next start a file whose stat still equals it is taken as
 * unchanged without being read or hashed (as git's index does). Recorded only for a file last
 * modified more than `RACY_MS` before it was read: a file edited again within the clock's
 * granularity of its read could keep its size and time, so such a file is hashed next time too.
 * A file rewritten with the same size, inode and modification time (a tool that sets the time
 * back) is not seen as changed: `kill -HUP` reads and hashes every file whatever its stat.
 */
export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly defaults: string;
}

/** Modification times this close to the read (ms) are not trusted to show a later edit (coarse clocks: FAT's 2 s). */
export const RACY_MS = 3000;

export function sameStat(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.defaults === b.defaults;
}

export interface ReadResult {
  readonly files: CorpusFile[];
  readonly warnings: Warning[];
  /** sha256 over every file's path and content hash (`fingerprintOf`): the corpus's identity. */
  readonly fingerprint: string;
}

export interface LoadOptions {
  readonly log: Logger;
  readonly maxBytes?: number;
  /**
   * What the index cache knows of each file (by `fileKey`): a file whose stat equals the recorded
   * one is not read; its recorded hash stands for its content (read on first use of `content`).
   */
  readonly known?: (key: string) => { readonly hash: string; readonly stat?: FileStat } | undefined;
}

/**
 * Article files under `dir`. Symbolic links are not followed (a link can loop, or reach outside
 * the corpus); those to folders or to article files are collected so each can be named.
 */
function walk(dir: string, out: string[], links: string[], unreadable: (dir: string, err: unknown) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    unreadable(dir, err);
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      if (ARTICLE_EXT.has(path.extname(entry.name).toLowerCase()) || isFolder(full)) links.push(full);
    } else if (entry.isDirectory()) walk(full, out, links, unreadable);
    else if (entry.isFile() && ARTICLE_EXT.has(path.extname(entry.name).toLowerCase()) && !CONFIG_FILES.has(entry.name)) out.push(full);
  }
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A read file whose text is decoded on first use: an unchanged corpus is only hashed (its index
 * comes from the cache), and decoding 170 MB of articles took 0.4 s of every start.
 */
class ReadFile implements CorpusFile {
  private text: string | undefined;
  private sha: string | undefined;
  readonly defaults?: FolderDefaults;
  readonly stat?: FileStat;
  constructor(
    readonly id: string,
    readonly source: string,
    readonly key: string,
    readonly absPath: string,
    private readonly bytes: Buffer,
    defaults: FolderDefaults | undefined,
    stat: FileStat | undefined,
  ) {
    if (defaults !== undefined) this.defaults = defaults;
    if (stat !== undefined) this.stat = stat;
  }
  get hash(): string {
    this.sha ??= createHash('sha256')
      .update(this.bytes)
      .update(JSON.stringify(this.defaults ?? null))
      .digest('hex');
    return this.sha;
  }
  get content(): string {
    // Valid UTF-8 was checked on reading; a byte-order mark is not part of the text.
    this.text ??= this.bytes.toString('utf8').replace(/^\uFEFF/, '');
    return this.text;
  }
}

/**
 * A file whose stat equals the one the cache recorded: its recorded hash stands for it, and it is
 * read only if its text is asked for (it is not, unless something else changed).
 */
class KnownFile implements CorpusFile {
  private text: string | undefined;
  readonly defaults?: FolderDefaults;
  constructor(
    readonly id: string,
    readonly source: string,
    readonly key: string,
    readonly absPath: string,
    readonly hash: string,
    defaults: FolderDefaults | undefined,
    readonly stat: FileStat,
  ) {
    if (defaults !== undefined) this.defaults = defaults;
  }
  get content(): string {
    this.text ??= fs.readFileSync(this.absPath, 'utf8').replace(/^\uFEFF/, '');
    return this.text;
  }
}

/** A short hash of a folder's defaults (part of a file's stat: a changed corpus.yml changes every file's hash). */
const defaultsHashes = new WeakMap<object, string>();
function defaultsHash(defaults: FolderDefaults | undefined): string {
  if (defaults === undefined) return '';
  let h = defaultsHashes.get(defaults);
  if (h === undefined) {
    h = createHash('sha256').update(JSON.stringify(defaults)).digest('hex').slice(0, 16);
    defaultsHashes.set(defaults, h);
  }
  return h;
}

/**
 * The corpus's identity from each file's path and content hash (`CorpusFile.hash`, which covers
 * its folder defaults), in path order: what a fresh read computes, and what an update computes
 * from the hashes it keeps without reading every file again.
 */
export function fingerprintOf(files: Iterable<readonly [source: string, hash: string]>): string {
  const hash = createHash('sha256');
  for (const [source, h] of [...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) hash.update(source).update('\0').update(h).update('\n');
  return hash.digest('hex');
}

type Warn = (file: string, reason: string) => void;

function warner(warnings: Warning[], log: Logger): Warn {
  return (rawFile, rawReason) => {
    // A reason may quote the file ("unparseable publication date …"): never raw to a terminal.
    const file = visible(rawFile);
    const reason = visible(rawReason);
    warnings.push({ file, reason });
    log.warn({ file, reason }, `skipped ${file}: ${reason}`);
  };
}

/** The nearest corpus.yml between a file's folder and the corpus root (memoised per folder). */
function defaultsReader(warn: Warn): (dir: string, root: string) => FolderDefaults | undefined {
  const cache = new Map<string, FolderDefaults | undefined>();
  const defaultsFor = (dir: string, root: string): FolderDefaults | undefined => {
    if (cache.has(dir)) return cache.get(dir);
    let found: FolderDefaults | undefined;
    const file = path.join(dir, 'corpus.yml');
    if (fs.existsSync(file)) {
      try {
        const text = readSmallText(file) ?? '';
        const parsed = folderDefaultsSchema.safeParse(parseYaml(text, { logLevel: 'error' }) ?? {});
        if (parsed.success) found = parsed.data as FolderDefaults;
        else warn(file, `ignored: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
      } catch (err) {
        warn(file, `ignored: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
      }
    }
    if (found === undefined && path.resolve(dir) !== path.resolve(root) && path.dirname(dir) !== dir) found = defaultsFor(path.dirname(dir), root);
    cache.set(dir, found);
    return found;
  };
  return defaultsFor;
}

/**
 * A file's identity in the cache: the number of its corpus folder in `dirs` and its path inside
 * it, with forward slashes. Not the path from the working folder: a bot started from another
 * folder would see every file as removed and added again, and apply them one by one (35-50 s on
 * whitehouse-russia instead of a 2-3 s cache hit). The folder's number keeps two folders'
 * `a.md` apart; reordering CORPUS_DIRS changes the keys, and costs an update file by file.
 */
export function fileKey(dirIndex: number, dir: string, abs: string): string {
  return `${dirIndex}/${path.relative(path.resolve(dir), path.resolve(abs)).split(path.sep).join('/')}`;
}

/** One article file, read (undefined, with a warning, when it cannot be), or not read when `known` says it is unchanged. */
function readOne(
  abs: string,
  key: string,
  root: string,
  maxBytes: number,
  warn: Warn,
  defaultsFor: (dir: string, root: string) => FolderDefaults | undefined,
  known?: LoadOptions['known'],
): CorpusFile | undefined {
  const source = path.relative(process.cwd(), abs) || abs;
  const id = path.basename(abs).replace(/\.[^.]+$/, '');
  let bytes: Buffer;
  let stat: FileStat | undefined;
  let defaults: FolderDefaults | undefined;
  try {
    const st = fs.statSync(abs);
    const size = st.size;
    if (size > maxBytes) {
      warn(source, `too large (${size} bytes; the limit is ${maxBytes})`);
      return undefined;
    }
    defaults = defaultsFor(path.dirname(abs), root);
    const now: FileStat = { size, mtimeMs: st.mtimeMs, ino: st.ino, defaults: defaultsHash(defaults) };
    const before = known?.(key);
    if (before?.stat && sameStat(before.stat, now)) return new KnownFile(id, source, key, abs, before.hash, defaults, now);
    if (Date.now() - st.mtimeMs > RACY_MS) stat = now;
    bytes = fs.readFileSync(abs);
  } catch (err) {
    // Unreadable, or gone since the folder was listed: this file's problem, not the corpus's.
    warn(source, `unreadable (${codeOf(err)})`);
    return undefined;
  }
  if (bytes.includes(0) || !isUtf8(bytes)) {
    warn(source, 'binary content (not UTF-8 text)');
    return undefined;
  }
  return new ReadFile(id, source, key, abs, bytes, defaults, stat);
}

/** Reads every article file under `dirs`, with folder defaults, without parsing them. */
export function readCorpusFiles(dirs: readonly string[], opts: LoadOptions): ReadResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const warnings: Warning[] = [];
  const files: CorpusFile[] = [];
  const warn = warner(warnings, opts.log);
  const defaultsFor = defaultsReader(warn);
  for (const [i, dir] of dirs.entries()) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      warn(dir, 'corpus folder does not exist');
      continue;
    }
    const paths: string[] = [];
    const links: string[] = [];
    walk(dir, paths, links, (d, err) => warn(path.relative(process.cwd(), d) || d, `unreadable folder (${codeOf(err)})`));
    for (const link of links) warn(path.relative(process.cwd(), link) || link, 'a symbolic link: not followed (add its target to CORPUS_DIRS, or copy the files in)');
    for (const abs of paths) {
      const file = readOne(abs, fileKey(i, dir, abs), dir, maxBytes, warn, defaultsFor, opts.known);
      if (file) files.push(file);
    }
  }
  return { files, warnings, fingerprint: fingerprintOf(files.map((f) => [f.key, f.hash ?? ''] as const)) };
}

/**
 * The article files among `paths` (absolute; what a folder watcher named), read as
 * `readCorpusFiles` reads them, or undefined when one of them needs the whole corpus read
 * (a folder, a folder setting such as corpus.yml, a symbolic link, a path outside `dirs`).
 * `sources`: the key (`fileKey`) of each path, whether it exists or not (a missing one was removed).
 */
export function readNamedFiles(dirs: readonly string[], paths: Iterable<string>, opts: LoadOptions): { files: CorpusFile[]; sources: Set<string>; warnings: Warning[] } | undefined {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const warnings: Warning[] = [];
  const files: CorpusFile[] = [];
  const sources = new Set<string>();
  const warn = warner(warnings, opts.log);
  const defaultsFor = defaultsReader(warn);
  for (const raw of paths) {
    const abs = path.resolve(raw);
    const root = dirs.map((d) => path.resolve(d)).find((d) => abs.startsWith(`${d}${path.sep}`));
    const name = path.basename(abs);
    if (
      root === undefined ||
      name.startsWith('.') ||
      path
        .relative(root, abs)
        .split(path.sep)
        .some((p) => p.startsWith('.'))
    ) {
      if (root === undefined) return undefined;
      continue;
    }
    if (!ARTICLE_EXT.has(path.extname(name).toLowerCase())) {
      // Not an article's name: a folder (created, renamed, removed) or a setting; anything else is ignored.
      if (path.extname(name) === '' || name.endsWith('.yml') || name.endsWith('.yaml')) return undefined;
      continue;
    }
    if (CONFIG_FILES.has(name)) continue;
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat && !stat.isFile()) return undefined;
    // The names a full read gives it (as `readCorpusFiles`).
    const dirIndex = dirs.findIndex((d) => path.resolve(d) === root);
    const dirOf = dirs[dirIndex] as string;
    const asRead = path.join(dirOf, path.relative(root, abs));
    const key = fileKey(dirIndex, dirOf, asRead);
    sources.add(key);
    if (!stat) continue;
    const file = readOne(asRead, key, dirOf, maxBytes, warn, defaultsFor);
    if (file) files.push(file);
  }
  return { files, sources, warnings };
}

/** Parses and cleans read files; duplicates (same id or same URL) keep the first and warn. */
export function parseCorpusFiles(files: readonly CorpusFile[], opts: LoadOptions): { articles: Article[]; warnings: Warning[] } {
  const articles: Article[] = [];
  const warnings: Warning[] = [];
  const byId = new Map<string, string>();
  const byUrl = new Map<string, string>();
  const warn = warner(warnings, opts.log);
  for (const file of files) {
    const format = path.extname(file.absPath).toLowerCase() === '.txt' ? 'text' : 'markdown';
    const result = parseArticleFile({ id: file.id, source: file.source, content: file.content, format, ...(file.defaults !== undefined && { defaults: file.defaults }) });
    if (!result.ok) {
      warn(file.source, result.reason);
      continue;
    }
    const article = cleanArticle(result.article);
    if (article.title === '' || article.outlet === '' || article.text.trim() === '') {
      const what = article.title === '' ? 'no title (front matter `title`)' : article.outlet === '' ? 'no outlet' : 'no body';
      warn(file.source, `${what} once control characters are removed`);
      continue;
    }
    const sameId = byId.get(article.id);
    if (sameId !== undefined) {
      warn(file.source, `duplicate article id ${article.id} (already loaded from ${sameId})`);
      continue;
    }
    const sameUrl = article.url === undefined ? undefined : byUrl.get(article.url);
    if (sameUrl !== undefined) {
      warn(file.source, `duplicate url ${article.url} (already loaded from ${sameUrl})`);
      continue;
    }
    byId.set(article.id, file.source);
    if (article.url !== undefined) byUrl.set(article.url, file.source);
    articles.push(article);
  }
  return { articles, warnings };
}

/** Reads, parses and cleans every article under `dirs`. */
export async function loadArticles(dirs: readonly string[], opts: LoadOptions): Promise<{ articles: Article[]; warnings: Warning[] }> {
  const read = readCorpusFiles(dirs, opts);
  const parsed = parseCorpusFiles(read.files, opts);
  return { articles: parsed.articles, warnings: [...read.warnings, ...parsed.warnings] };
}

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
  /** Path as shown in warnings. */
  readonly source: string;
  readonly absPath: string;
  readonly content: string;
  readonly defaults?: FolderDefaults;
  /** sha256 of the file's bytes and folder defaults: what corpus updates compare (read files have it). */
  readonly hash?: string;
}

export interface ReadResult {
  readonly files: CorpusFile[];
  readonly warnings: Warning[];
  /** sha256 over every file's path and bytes (and folder defaults): the corpus's identity. */
  readonly fingerprint: string;
}

export interface LoadOptions {
  readonly log: Logger;
  readonly maxBytes?: number;
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
  readonly defaults?: FolderDefaults;
  constructor(
    readonly id: string,
    readonly source: string,
    readonly absPath: string,
    private readonly bytes: Buffer,
    defaults: FolderDefaults | undefined,
  ) {
    if (defaults !== undefined) this.defaults = defaults;
  }
  get hash(): string {
    return createHash('sha256')
      .update(this.bytes)
      .update(JSON.stringify(this.defaults ?? null))
      .digest('hex');
  }
  get content(): string {
    // Valid UTF-8 was checked on reading; a byte-order mark is not part of the text.
    this.text ??= this.bytes.toString('utf8').replace(/^\uFEFF/, '');
    return this.text;
  }
}

/** Reads every article file under `dirs`, with folder defaults, without parsing them. */
export function readCorpusFiles(dirs: readonly string[], opts: LoadOptions): ReadResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const warnings: Warning[] = [];
  const files: CorpusFile[] = [];
  const hash = createHash('sha256');
  const defaultsCache = new Map<string, FolderDefaults | undefined>();
  const warn = (rawFile: string, rawReason: string): void => {
    // A reason may quote the file ("unparseable publication date …"): never raw to a terminal.
    const file = visible(rawFile);
    const reason = visible(rawReason);
    warnings.push({ file, reason });
    opts.log.warn({ file, reason }, `skipped ${file}: ${reason}`);
  };

  /** The nearest corpus.yml between the file's folder and the corpus root. */
  const defaultsFor = (dir: string, root: string): FolderDefaults | undefined => {
    if (defaultsCache.has(dir)) return defaultsCache.get(dir);
    let found: FolderDefaults | undefined;
    const file = path.join(dir, 'corpus.yml');
    if (fs.existsSync(file)) {
      try {
        const text = readSmallText(file) ?? '';
        hash.update(file).update(text);
        const parsed = folderDefaultsSchema.safeParse(parseYaml(text, { logLevel: 'error' }) ?? {});
        if (parsed.success) found = parsed.data as FolderDefaults;
        else warn(file, `ignored: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
      } catch (err) {
        warn(file, `ignored: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
      }
    }
    if (found === undefined && path.resolve(dir) !== path.resolve(root) && path.dirname(dir) !== dir) found = defaultsFor(path.dirname(dir), root);
    defaultsCache.set(dir, found);
    return found;
  };

  for (const dir of dirs) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      warn(dir, 'corpus folder does not exist');
      continue;
    }
    const paths: string[] = [];
    const links: string[] = [];
    walk(dir, paths, links, (d, err) => warn(path.relative(process.cwd(), d) || d, `unreadable folder (${codeOf(err)})`));
    for (const link of links) warn(path.relative(process.cwd(), link) || link, 'a symbolic link: not followed (add its target to CORPUS_DIRS, or copy the files in)');
    for (const abs of paths) {
      const source = path.relative(process.cwd(), abs) || abs;
      let bytes: Buffer;
      try {
        const size = fs.statSync(abs).size;
        if (size > maxBytes) {
          warn(source, `too large (${size} bytes; the limit is ${maxBytes})`);
          continue;
        }
        bytes = fs.readFileSync(abs);
      } catch (err) {
        // Unreadable, or gone since the folder was listed: this file's problem, not the corpus's.
        warn(source, `unreadable (${codeOf(err)})`);
        continue;
      }
      if (bytes.includes(0) || !isUtf8(bytes)) {
        warn(source, 'binary content (not UTF-8 text)');
        continue;
      }
      hash.update(source).update('\0').update(bytes).update('\0');
      const id = path.basename(abs).replace(/\.[^.]+$/, '');
      files.push(new ReadFile(id, source, abs, bytes, defaultsFor(path.dirname(abs), dir)));
    }
  }
  return { files, warnings, fingerprint: hash.digest('hex') };
}

/** Parses and cleans read files; duplicates (same id or same URL) keep the first and warn. */
export function parseCorpusFiles(files: readonly CorpusFile[], opts: LoadOptions): { articles: Article[]; warnings: Warning[] } {
  const articles: Article[] = [];
  const warnings: Warning[] = [];
  const byId = new Map<string, string>();
  const byUrl = new Map<string, string>();
  const warn = (rawFile: string, rawReason: string): void => {
    // A reason may quote the file ("unparseable publication date …"): never raw to a terminal.
    const file = visible(rawFile);
    const reason = visible(rawReason);
    warnings.push({ file, reason });
    opts.log.warn({ file, reason }, `skipped ${file}: ${reason}`);
  };
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

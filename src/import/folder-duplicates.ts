// The duplicate keys (address, text) of a corpus folder's articles, kept between imports by a
// long-running process (the feed poller). Parsing is what costs (~7 ms a file; 20 s for the 2,635
// files of whitehouse-russia), and reading every file each poll held the event loop for hundreds of
// milliseconds: so only files new or changed since the last call (size, mtime, ctime) are read
// and parsed, and listing, stat and parsing give the event loop a turn every few milliseconds. What counts as a duplicate is what a full read finds.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILES, parseCorpusFiles, readNamedFiles } from '../load/loader.ts';
import { silentLogger } from '../log.ts';
import { DuplicateIndex, textKey, urlKey } from './duplicates.ts';

const ARTICLE_EXT = new Set(['.md', '.markdown', '.txt']);
/** Work done between two turns of the event loop. */
const SLICE_MS = 8;

interface Keys {
  /** Size, mtime and ctime when the keys were taken: a file with another stamp is read again. */
  readonly stamp: string;
  readonly url?: string;
  readonly text?: string;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs sync steps, giving the event loop a turn each time SLICE_MS have gone. */
export class Slicer {
  private start = performance.now();
  async step(): Promise<void> {
    if (performance.now() - this.start < SLICE_MS) return;
    await turn();
    this.start = performance.now();
  }
}

/** The article files under `dir`, as the loader's walk finds them (no dot names, no links). */
async function listArticles(dir: string, out: string[], slicer: Slicer): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // an unreadable folder holds no keys, as in a full read
  }
  await slicer.step();
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.isSymbolicLink()) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await listArticles(full, out, slicer);
    else if (entry.isFile() && ARTICLE_EXT.has(path.extname(entry.name).toLowerCase()) && !CONFIG_FILES.has(entry.name)) out.push(full);
  }
}

function indexOf(keys: ReadonlyMap<string, Keys>): DuplicateIndex {
  const out = new DuplicateIndex();
  for (const [abs, k] of keys) if (k.text !== undefined) out.addKeys(k.url, k.text, abs, true);
  return out;
}

export class FolderDuplicates {
  private readonly byFolder = new Map<string, Map<string, Keys>>();
  /** One refresh per folder at a time: concurrent polls into one folder share it. */
  private readonly refreshing = new Map<string, Promise<Map<string, Keys>>>();

  /** The folder's duplicate index as it is now on disk. */
  async index(into: string): Promise<DuplicateIndex> {
    const dir = path.resolve(into);
    let pending = this.refreshing.get(dir);
    if (pending === undefined) {
      pending = this.refresh(dir).finally(() => this.refreshing.delete(dir));
      this.refreshing.set(dir, pending);
    }
    return indexOf(await pending);
  }

  /** The index as the last `index(into)` found the folder, without looking again. */
  again(into: string): DuplicateIndex {
    return indexOf(this.byFolder.get(path.resolve(into)) ?? new Map());
  }

  private async refresh(dir: string): Promise<Map<string, Keys>> {
    const known = this.byFolder.get(dir) ?? new Map<string, Keys>();
    const next = new Map<string, Keys>();
    const paths: string[] = [];
    // Sync calls in slices: a stat is a few microseconds, far less main-thread time than a promise's.
    const slicer = new Slicer();
    if (fs.existsSync(dir)) await listArticles(dir, paths, slicer);
    const fresh: { abs: string; stamp: string }[] = [];
    for (const abs of paths) {
      let s: fs.Stats;
      try {
        s = fs.statSync(abs);
      } catch {
        continue; // gone since it was listed
      }
      const stamp = `${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
      const before = known.get(abs);
      // Set in the walk's order (a later set keeps the place): the first of two copies wins, as in a full read.
      if (before?.stamp === stamp) next.set(abs, before);
      else {
        next.set(abs, { stamp }); // a file that does not parse keeps no keys
        fresh.push({ abs, stamp });
      }
      await slicer.step();
    }
    const log = silentLogger();
    for (const { abs, stamp } of fresh) {
      const read = readNamedFiles([dir], [abs], { log });
      for (const a of read === undefined ? [] : parseCorpusFiles(read.files, { log }).articles) {
        next.set(abs, { stamp, ...(a.url !== undefined && { url: urlKey(a.url) }), text: textKey(a.text) });
      }
      await slicer.step();
    }
    this.byFolder.set(dir, next);
    return next;
  }
}

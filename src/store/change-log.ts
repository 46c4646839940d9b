// The log of corpus changes applied since the cached index was written: one JSON line per change,
// appended and fsynced before the change is answered from, replayed on start (cache + log, not a
// rebuild), emptied once compaction has written a new cache. Each line carries a sequence number
// (the cache records the last one it holds, so a crash between writing the cache and emptying the
// log replays nothing twice) and the content hash of the file it came from. A line torn by a crash
// (the last one, unterminated or unparseable) is ignored: its change was never acknowledged, and
// the start's comparison with the files on disk applies it again.
import fs from 'node:fs';
import path from 'node:path';
import type { CorpusChange } from '../core/corpus-update.ts';
import type { Article } from '../core/types.ts';
import type { FileStat } from '../load/loader.ts';
import { writeWhole } from './write-whole.ts';

export interface LoggedChange {
  readonly seq: number;
  /** The corpus file (its source path), and the sha256 of its bytes; `null` when it was removed. */
  readonly file: string;
  readonly hash: string | null;
  readonly change: CorpusChange;
  /** The file's stat when it was hashed, if safe to compare later (`FileStat`; absent in logs written before 2026-12-01 afternoon). */
  readonly stat?: FileStat;
}

export function logFile(dataDir: string, key: string): string {
  return path.join(dataDir, `changes-${key.slice(0, 16)}.jsonl`);
}

const isArticle = (a: unknown): a is Article => typeof a === 'object' && a !== null && typeof (a as Article).id === 'string' && typeof (a as Article).text === 'string';

function parseLine(line: string): LoggedChange | undefined {
  try {
    const v = JSON.parse(line) as Partial<LoggedChange>;
    const c = v.change as Partial<CorpusChange> | undefined;
    const change = c?.kind === 'upsert' && isArticle((c as { article?: unknown }).article) ? c : c?.kind === 'remove' && typeof (c as { id?: unknown }).id === 'string' ? c : undefined;
    if (typeof v.seq !== 'number' || typeof v.file !== 'string' || (v.hash !== null && typeof v.hash !== 'string') || !change) return undefined;
    return v as LoggedChange;
  } catch {
    return undefined;
  }
}

/** The logged changes after sequence number `after`, in order. A torn or unreadable last line is dropped; a bad line before it is an error. */
export function readLog(file: string, after = 0): LoggedChange[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n');
  // The text after the last newline was never fully written.
  lines.pop();
  const out: LoggedChange[] = [];
  lines.forEach((line, i) => {
    const entry = parseLine(line);
    if (!entry) {
      if (i === lines.length - 1) return;
      throw new Error(`change log ${file}: line ${i + 1} is unreadable`);
    }
    if (entry.seq > after) out.push(entry);
  });
  return out;
}

export class ChangeLog {
  private fd: number | undefined;

  constructor(readonly file: string) {}

  /** Appends the changes and waits for them to reach the disk. */
  append(entries: readonly LoggedChange[]): void {
    if (entries.length === 0) return;
    const fd = this.write(entries);
    try {
      fs.fsyncSync(fd);
    } catch (err) {
      throw this.failed(entries, err);
    }
  }

  /**
   * Appends the changes now (into the page cache: a later `readLog` sees them) and resolves once
   * they reached the disk, the fsync running on libuv's pool rather than blocking the event loop.
   */
  appendAsync(entries: readonly LoggedChange[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const fd = this.write(entries);
    this.syncing++;
    return new Promise<void>((resolve, reject) =>
      fs.fsync(fd, (err) => {
        this.syncing--;
        const failure = err ? this.failed(entries, err) : undefined;
        // A log closed (replaced, truncated) meanwhile: its descriptor is closed once no fsync uses it.
        if (this.syncing === 0) for (const orphan of this.orphans.splice(0)) fs.closeSync(orphan);
        if (failure) reject(failure);
        else resolve();
      }),
    );
  }

  private syncing = 0;
  private readonly orphans: number[] = [];

  /**
   * An append whose fsync failed: its update is refused (and reported), so its entries are taken
   * back out of the log — wherever a replace during the fsync copied them — lest a start or a
   * compaction apply a change the bot never applied, and lest the retry's entries, which take the
   * same sequence numbers, be in the log twice. (A rare path: the rewrite's fsync blocks.)
   */
  private failed(entries: readonly LoggedChange[], err: unknown): Error {
    const error = err instanceof Error ? err : new Error(String(err));
    const seqs = new Set(entries.map((e) => e.seq));
    try {
      this.replace(readLog(this.file).filter((e) => !seqs.has(e.seq)));
    } catch (dropErr) {
      error.message += `; its changes stay in ${this.file} (${dropErr instanceof Error ? dropErr.message : String(dropErr)})`;
    }
    return error;
  }

  private write(entries: readonly LoggedChange[]): number {
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = fs.openSync(this.file, 'a');
      // A torn last line from a crash: end it, so the next entry starts a line of its own.
      const size = fs.fstatSync(this.fd).size;
      if (size > 0) {
        const last = Buffer.alloc(1);
        const rd = fs.openSync(this.file, 'r');
        try {
          fs.readSync(rd, last, 0, 1, size - 1);
        } finally {
          fs.closeSync(rd);
        }
        if (last[0] !== 10) fs.writeSync(this.fd, '\n');
      }
    }
    fs.writeSync(this.fd, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return this.fd;
  }

  /**
   * Replaces the log by `entries` (those a compaction's cache does not hold): a temporary file,
   * synced and renamed into place, so a crash leaves the old log or the new one (the cache's
   * sequence number makes replaying the old one skip what the cache holds).
   */
  replace(entries: readonly LoggedChange[]): void {
    this.close();
    if (entries.length === 0) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    writeWhole(this.file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }

  /** Empties the log (after a compaction wrote a cache holding every change in it). */
  truncate(): void {
    this.close();
    fs.rmSync(this.file, { force: true });
  }

  close(): void {
    if (this.fd !== undefined) {
      if (this.syncing > 0) this.orphans.push(this.fd);
      else fs.closeSync(this.fd);
    }
    this.fd = undefined;
  }
}

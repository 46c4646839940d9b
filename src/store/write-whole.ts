// Writes a file whole or not at all: into a temporary file (`temporaryFile`, which a later start
// removes if this process dies mid-write), synced, then renamed over the file, so that the name
// points at the old file or the new one, never a torn one, even after a power cut.
import fs from 'node:fs';
import path from 'node:path';
import { temporaryFile } from './stale-temporary-files.ts';

/**
 * Replaces `file` by `data` through a synced temporary file renamed into place. `data` may be
 * pieces, each written as it comes: a cache of hundreds of megabytes is then never one buffer
 * (nor two, with its header) in memory.
 */
export function writeWhole(file: string, data: string | Uint8Array | Iterable<Uint8Array>): void {
  const pieces: Iterable<Uint8Array> = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
  const tmp = temporaryFile(file);
  const fd = fs.openSync(tmp, 'w');
  let open = true;
  try {
    // One write(2) may write less than asked (Linux stops at about 2 GB): write until all is out.
    for (const bytes of pieces) for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
    fs.fsyncSync(fd);
    open = false;
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (err) {
    // Pieces made as they are written may fail half-way (an encoding error), or the rename may be
    // refused: no torn file stays behind, and the error said is the first one.
    try {
      if (open) fs.closeSync(fd);
    } catch {
      // The first error is the one to report.
    }
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDirectory(path.dirname(file));
}

/** The rename itself lasts through a power cut only once the folder's entry is on disk. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse to sync a folder; the file's own data is already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

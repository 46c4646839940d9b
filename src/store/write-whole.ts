// Writes a file whole or not at all: into a temporary file (`temporaryFile`, which a later start
// removes if this process dies mid-write), synced, then renamed over the file, so that the name
// points at the old file or the new one, never a torn one, even after a power cut.
import fs from 'node:fs';
import { temporaryFile } from './stale-temporary-files.ts';

/** Replaces `file` by `data` through a synced temporary file renamed into place. */
export function writeWhole(file: string, data: string | Uint8Array): void {
  const tmp = temporaryFile(file);
  const fd = fs.openSync(tmp, 'w');
  try {
    if (typeof data === 'string') fs.writeSync(fd, data);
    else fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

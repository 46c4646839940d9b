// Reading a file someone else put in a folder: its kind and size are checked on the open
// descriptor before a byte is read. A named pipe would wait forever for a writer, a device such as
// /dev/zero never ends, and a huge file would be read whole into memory.
import fs from 'node:fs';

/** The file could not be read as asked; the message says why, in a form fit for a warning. */
export class FileRefused extends Error {}

/** What a path that is neither a file nor a folder is. */
export function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'neither a file nor a folder';
}

/**
 * Reads a regular file of at most `limit` bytes (or, with `prefix`, its first `limit` bytes).
 * Opened non-blocking, so a path swapped for a pipe after it was listed cannot hang either.
 */
export function readBounded(file: string, limit: number, opts: { prefix?: boolean; tooLarge?: string } = {}): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new FileRefused(`not a regular file (${kindOf(stat)})`);
    const whole = opts.prefix !== true;
    const hint = opts.tooLarge === undefined ? '' : `; ${opts.tooLarge}`;
    if (whole && stat.size > limit) throw new FileRefused(`larger than ${limit} bytes (${stat.size} bytes${hint})`);
    // One byte more than allowed, to notice a file that grew since fstat.
    const buf = Buffer.alloc(whole ? Math.min(limit, stat.size) + 1 : limit);
    let got = 0;
    for (let n = 1; n > 0 && got < buf.length; got += n) n = fs.readSync(fd, buf, got, buf.length - got, null);
    if (whole && got > limit) throw new FileRefused(`larger than ${limit} bytes (it grew while being read${hint})`);
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}

/** A small text file (a folder's corpus.yml or aliases.yml), or undefined when there is none. */
export function readSmallText(file: string, limit = 1_000_000): string | undefined {
  try {
    return readBounded(file, limit).toString('utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}

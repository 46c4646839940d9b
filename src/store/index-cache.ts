// The built corpus cached on disk, keyed by the corpus contents and the index options. An
// unchanged corpus loads the cache; a changed file or option rebuilds; a corrupt cache is rebuilt
// with a warning, never a crash. Writes go to a temporary file renamed into place, so a crash
// mid-write leaves the old cache or none, never half of one.
//
// Format: a short header line (magic and key), a line of JSON with the files the build skipped
// (so a start from the cache names them again, as the first build did), then the corpus as length-prefixed parts, each in
// V8's structured-clone format (`v8.serialize`): see `src/core/corpus-codec.ts`. Passages, events
// and quotes are typed arrays of offsets into their article's text, cut again on load; JSON, and
// then 500,000 stored event and quote objects, each with strings of its own, took seconds to
// parse. Parts let the reload load a corpus a slice at a time while the bot keeps answering.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { CorpusData, CorpusLookups } from '../core/corpus.ts';
import { ARTICLE_TEXT_PER_PART, decodeCorpus, decodeCorpusSync, encodeCorpus, type CorpusPart, type DecodedCorpus } from '../core/corpus-codec.ts';
import type { Article } from '../core/types.ts';
import type { SavedUpdateState } from '../core/corpus-update.ts';
import type { SerializedIndex } from '../core/search/engine.ts';
import { type IndexLists, listAt } from '../core/index-lists.ts';
import type { Warning } from '../core/types.ts';
import type { FileStat } from '../load/loader.ts';
import type { Logger } from '../log.ts';
import { writeWhole } from './write-whole.ts';

export interface CachedCorpus {
  readonly key: string;
  readonly builtAt: number;
  readonly data: CorpusData;
  readonly index: SerializedIndex;
  /** Built while loading, for `restoreCorpus`. */
  readonly lookups?: CorpusLookups;
  /** Files the build skipped (bad front matter, duplicates), to name again on every start. */
  readonly warnings?: readonly Warning[];
  /** The last change-log entry this cache holds (0: none): replay starts after it. */
  readonly seq?: number;
  /** The corpus files it was built from: source → content hash and article id (null: skipped). */
  readonly files?: Readonly<Record<string, FileState>>;
  /** What the first incremental update needs from the whole corpus (absent: that update prepares it). */
  readonly updates?: SavedUpdateState;
}

export interface FileState {
  readonly hash: string;
  readonly id: string | null;
  /** Its stat when hashed, if safe to compare (`FileStat`): an equal stat on start skips reading it. */
  readonly stat?: FileStat;
}

const FILE_PREFIX = 'index-';
const FILE_SUFFIX = '.v8';
// v6: a meta line (skipped files, change-log position, file hashes); v7: each part's articles as one text, the update state's lists packed.
const MAGIC = 'attache-index-v7';

/** Whether `dataDir` holds an index cache of any corpus (a restart, not a first start). */
export function hasAnyCache(dataDir: string): boolean {
  try {
    return fs.readdirSync(dataDir).some((name) => name.startsWith(FILE_PREFIX) && name.endsWith(FILE_SUFFIX));
  } catch {
    return false;
  }
}

export function cacheFile(dataDir: string, key: string): string {
  return path.join(dataDir, `${FILE_PREFIX}${key.slice(0, 16)}${FILE_SUFFIX}`);
}

/** The corpus as one buffer of length-prefixed parts (what follows the header line in the file). */
export function encodeCorpusBuffer(cached: Omit<CachedCorpus, 'key' | 'lookups' | 'warnings'>): Buffer {
  return Buffer.concat([...encodeCorpusChunks(cached)]);
}

/**
 * The articles parts of a cache file that a new cache replaces (`readCacheToReplace`): the runs
 * of articles decoded from each, so that the write copies the part of a run the new corpus holds
 * unchanged, in order (`StoredPart`), instead of encoding it again.
 */
export interface StoredArticles {
  /** The file, open: what it reads stays the old file's even once the new one is renamed over it. */
  readonly fd: number;
  readonly runs: readonly { readonly articles: readonly Article[]; readonly at: number; readonly size: number }[];
}

/**
 * The same bytes as `encodeCorpusBuffer`, a part at a time (its length, then its body), each
 * part encoded and serialised only when asked for: a writer holds one part, not the whole cache.
 * With `stored`, runs of articles it holds unchanged are copied from the file being replaced.
 */
export function* encodeCorpusChunks(cached: Omit<CachedCorpus, 'key' | 'lookups' | 'warnings'>, stored?: StoredArticles): Generator<Buffer> {
  const runs = stored?.runs ?? [];
  for (const part of encodeCorpus(
    cached.builtAt,
    cached.data,
    cached.index,
    runs.map((r) => r.articles),
  )) {
    if (part.kind !== 'stored') yield* chunksOf(part);
    else if (stored) yield storedPart(stored, part.run);
  }
  if (cached.updates) yield* chunksOf(packUpdates(cached.updates));
}

/** A stored part's bytes (its length, then its body), read again from the file being replaced. */
function storedPart(stored: StoredArticles, run: number): Buffer {
  const r = stored.runs[run];
  if (!r) throw new Error(`Attaché: no stored part ${run}`);
  const bytes = Buffer.allocUnsafeSlow(r.size);
  for (let read = 0; read < r.size; ) {
    const n = fs.readSync(stored.fd, bytes, read, Math.min(r.size - read, READ_STEP), r.at + read);
    if (n === 0) throw new Error('the index cache being replaced is truncated');
    read += n;
  }
  if (bytes.readUInt32LE(0) !== r.size - 4) throw new Error('the index cache being replaced changed');
  return bytes;
}

function chunksOf(part: CorpusPart | UpdatesPart): Buffer[] {
  const body = v8.serialize(part);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  return [len, body];
}

/**
 * The last part, after the corpus's: the update state (`saveUpdateState`), its long lists of
 * short strings joined (200,000 topic names deserialised one by one took 0.2–0.3 s of a start;
 * one string split, a third of that) and each article's words in one flat list.
 */
interface UpdatesPart {
  readonly kind: 'updates';
  readonly updates: Omit<SavedUpdateState, 'topicNames' | 'words'>;
  readonly topicNames: PackedStrings;
  readonly words?: { readonly vocabulary: PackedStrings; readonly lists: IndexLists };
}

/** Strings joined by line breaks with their count, or the list itself when one holds a line break. */
type PackedStrings = { readonly joined: string; readonly count: number } | readonly string[];

function packStrings(list: readonly string[]): PackedStrings {
  return list.some((s) => s.includes('\n')) ? list : { joined: list.join('\n'), count: list.length };
}

function unpackStrings(p: PackedStrings): readonly string[] {
  if (!('joined' in p)) return p;
  const list = p.count === 0 ? [] : p.joined.split('\n');
  if (list.length !== p.count) throw new Error('unreadable list of strings');
  return list;
}

function packUpdates(u: SavedUpdateState): UpdatesPart {
  const { topicNames, words, ...rest } = u;
  if (!words) return { kind: 'updates', updates: rest, topicNames: packStrings(topicNames) };
  const starts = new Uint32Array(words.of.length + 1);
  words.of.forEach((w, i) => {
    starts[i + 1] = (starts[i] as number) + w.length;
  });
  const items = new Uint32Array(starts[words.of.length] as number);
  words.of.forEach((w, i) => {
    items.set(w, starts[i]);
  });
  return { kind: 'updates', updates: rest, topicNames: packStrings(topicNames), words: { vocabulary: packStrings(words.vocabulary), lists: { starts, items } } };
}

function unpackUpdates(part: UpdatesPart): SavedUpdateState {
  const topicNames = unpackStrings(part.topicNames);
  if (!part.words) return { ...part.updates, topicNames };
  const { lists } = part.words;
  const of = Array.from({ length: Math.max(0, lists.starts.length - 1) }, (_, i) => listAt(lists, i));
  return { ...part.updates, topicNames, words: { vocabulary: unpackStrings(part.words.vocabulary), of } };
}

export type DecodedWithUpdates = DecodedCorpus & { readonly updates?: SavedUpdateState };

/** The next part's serialised bytes, or undefined after the last part. */
type PartBodies = () => Buffer | undefined;

/**
 * Node's deserialiser makes typed arrays views of the bytes it reads (when they are aligned, else
 * copies): the postings of a part read in place kept the whole buffer they came from (the whole
 * cache file: 477 MB of whitehouse-all's) in memory as long as the corpus lived. This one copies
 * each typed array out, so nothing decoded refers to the bytes, and a start reads every part into
 * one reused buffer: a fresh buffer per part (the cache's size, in pieces, faulted in page by page
 * and counted as external memory, which made V8 collect its growing heap again and again) was
 * about a third of decoding a start's cache.
 */
class CopyingDeserializer extends v8.DefaultDeserializer {
  _readHostObject(): ArrayBufferView {
    const read = (v8.DefaultDeserializer.prototype as unknown as { _readHostObject(this: v8.Deserializer): ArrayBufferView })._readHostObject.call(this);
    const from = (this as unknown as { buffer: Uint8Array }).buffer;
    if (read.buffer !== from.buffer) return read;
    const Ctor = read.constructor as new (buffer: ArrayBufferLike) => ArrayBufferView;
    return new Ctor(read.buffer.slice(read.byteOffset, read.byteOffset + read.byteLength));
  }
}

/** `v8.deserialize`, with typed arrays that do not share `bytes` (which may then be reused). */
function deserializePart(bytes: Uint8Array): unknown {
  const d = new CopyingDeserializer(bytes);
  d.readHeader();
  return d.readValue();
}

/** The parts of a buffer, each a view of it (decoded values copy what they keep: `CopyingDeserializer`). */
function bodiesOf(buf: Uint8Array): PartBodies {
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  return () => {
    if (at >= view.length) return undefined;
    if (at + 4 > view.length) throw new Error('truncated');
    const len = view.readUInt32LE(at);
    if (at + 4 + len > view.length) throw new Error('truncated');
    const body = view.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    return body;
  };
}

/** The most one read(2) of a part asks for. */
const READ_STEP = 1 << 30;

/**
 * The parts of an open cache file from `from` on, read one at a time into one buffer (grown to the
 * largest part): the file is never in memory whole. A part's bytes are good until the next is read.
 */
function bodiesOfFile(fd: number, from: number, onPart?: (at: number, size: number) => void): PartBodies {
  let at = from;
  const head = Buffer.alloc(4);
  const size = fs.fstatSync(fd).size;
  let scratch = Buffer.allocUnsafeSlow(0);
  return () => {
    const got = fs.readSync(fd, head, 0, 4, at);
    if (got === 0) return undefined;
    if (got < 4) throw new Error('truncated');
    const len = head.readUInt32LE(0);
    // A damaged length is refused before anything that size is allocated.
    if (at + 4 + len > size) throw new Error('truncated');
    if (scratch.length < len) scratch = Buffer.allocUnsafeSlow(Math.max(len, Math.ceil(scratch.length * 1.5)));
    const body = scratch.subarray(0, len);
    for (let read = 0; read < len; ) {
      // Node 20's readSync takes a length below 2 GiB: a larger part is read in steps.
      const n = fs.readSync(fd, body, read, Math.min(len - read, READ_STEP), at + 4 + read);
      if (n === 0) throw new Error('truncated');
      read += n;
    }
    onPart?.(at, 4 + len);
    at += 4 + len;
    return body;
  };
}

/** Reads the parts one at a time, each deserialised when asked for; the update state is put aside (`got`). */
function partReader(bodies: PartBodies, got: (updates: SavedUpdateState) => void, seen?: (part: CorpusPart) => void): () => CorpusPart | undefined {
  const next = (): CorpusPart | undefined => {
    const body = bodies();
    if (body === undefined) return undefined;
    const part = deserializePart(body) as CorpusPart | UpdatesPart;
    if (part.kind !== 'updates') {
      seen?.(part);
      return part;
    }
    got(unpackUpdates(part));
    return next();
  };
  return next;
}

/** Decodes parts at once, the update state beside the corpus when they hold one. */
function decodeBodies(bodies: PartBodies, seen?: (part: CorpusPart) => void): DecodedWithUpdates {
  let updates: SavedUpdateState | undefined;
  const decoded = decodeCorpusSync(partReader(bodies, (u) => (updates = u), seen));
  return updates ? { ...decoded, updates } : decoded;
}

/** Decodes a buffer of parts at once. */
export function decodeCorpusBuffer(buf: Uint8Array): DecodedWithUpdates {
  return decodeBodies(bodiesOf(buf));
}

/**
 * Decodes a buffer of parts in slices of about `sliceMs`, yielding to the event loop between
 * them (`setImmediate`), so that a large corpus loads while the process keeps answering.
 */
export async function decodeCorpusBufferInSlices(buf: Uint8Array, sliceMs = 15): Promise<DecodedWithUpdates> {
  let updates: SavedUpdateState | undefined;
  const it = decodeCorpus(partReader(bodiesOf(buf), (u) => (updates = u)));
  for (;;) {
    const sliceStart = performance.now();
    for (;;) {
      const r = it.next();
      if (r.done) return updates ? { ...r.value, updates } : r.value;
      if (performance.now() - sliceStart >= sliceMs) break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function readCache(dataDir: string, key: string, log: Logger): CachedCorpus | undefined {
  return readCacheFile(dataDir, key, log, false)?.cached;
}

/**
 * `readCache` for a writer of the cache that replaces it (a compaction): with the file left open
 * and where each run of articles was stored (`StoredArticles`). Close `stored.fd` after the write.
 * A run whose text is under `minRunText` characters (half a part) is left out, to be encoded again
 * with its neighbours: arrivals copied run by run would leave a small part per compaction.
 */
export function readCacheToReplace(dataDir: string, key: string, log: Logger, minRunText = ARTICLE_TEXT_PER_PART / 2): { cached: CachedCorpus; stored: StoredArticles } | undefined {
  const read = readCacheFile(dataDir, key, log, true);
  if (!read?.stored) return undefined;
  const { fd, runs } = read.stored;
  return { cached: read.cached, stored: { fd, runs: runs.filter((r) => r.articles.reduce((n, a) => n + a.text.length, 0) >= minRunText) } };
}

function readCacheFile(dataDir: string, key: string, log: Logger, keep: boolean): { cached: CachedCorpus; stored?: StoredArticles } | undefined {
  const file = cacheFile(dataDir, key);
  if (!fs.existsSync(file)) return undefined;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const { header, meta: metaLine, body } = readHead(fd);
    if (header !== `${MAGIC} ${key}`) {
      log.warn({ file }, 'index cache does not match this corpus; rebuilding');
      return undefined;
    }
    const meta = parseMeta(metaLine);
    // Where each articles part starts and its size (its length included), in reading order.
    const parts: { at: number; size: number; count: number }[] = [];
    const last = { at: 0, size: 0 };
    const onPart = (at: number, size: number): void => {
      last.at = at;
      last.size = size;
    };
    const seen = (part: CorpusPart): void => {
      if (part.kind === 'articles') parts.push({ at: last.at, size: last.size, count: part.a.meta.length });
    };
    const cached: CachedCorpus = keep ? { key, ...decodeBodies(bodiesOfFile(fd, body, onPart), seen), ...meta } : { key, ...decodeBodies(bodiesOfFile(fd, body)), ...meta };
    if (!keep) return { cached };
    let from = 0;
    const runs = parts.map((p) => {
      const articles = cached.data.articles.slice(from, from + p.count);
      from += p.count;
      return { articles, at: p.at, size: p.size };
    });
    const stored = { fd, runs };
    fd = undefined; // the caller's to close
    return { cached, stored };
  } catch (err) {
    log.warn({ file, err: err instanceof Error ? err.message : String(err) }, 'index cache is corrupt; rebuilding');
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The header line and the meta line of an open cache file, and where its parts start. */
function readHead(fd: number): { header: string; meta: string; body: number } {
  const chunks: Buffer[] = [];
  let size = 0;
  let firstLine = -1;
  let second = -1;
  for (;;) {
    const chunk = Buffer.alloc(1 << 20);
    const n = fs.readSync(fd, chunk, 0, chunk.length, size);
    const read = chunk.subarray(0, n);
    // Only the new chunk is searched (the meta line of whitehouse-all is 5.5 MB: six chunks).
    const nl = (from: number): number => {
      const i = read.indexOf(10, Math.max(0, from - size));
      return i < 0 ? -1 : size + i;
    };
    if (firstLine < 0) firstLine = nl(0);
    if (firstLine >= 0 && second < 0) second = nl(firstLine + 1);
    if (firstLine >= 0 || second >= 0 || n === 0) {
      const head = Buffer.concat([...chunks, read]);
      // A file that is not a cache of this version: its first line is enough to say so.
      if (firstLine >= 0 && !head.subarray(0, firstLine).toString('utf8').startsWith(`${MAGIC} `)) return { header: head.subarray(0, firstLine).toString('utf8'), meta: '', body: 0 };
      if (second >= 0) return { header: head.subarray(0, firstLine).toString('utf8'), meta: head.subarray(firstLine + 1, second).toString('utf8'), body: second + 1 };
      if (n === 0 && firstLine < 0) return { header: head.toString('utf8'), meta: '', body: 0 };
    }
    if (n === 0) throw new Error('truncated');
    chunks.push(read);
    size += n;
  }
}

function parseMeta(line: string): { warnings: Warning[]; seq: number; files: Record<string, FileState> } {
  const meta = JSON.parse(line) as { warnings?: unknown; seq?: unknown; files?: unknown };
  const files = meta.files ?? {};
  const okFile = (f: unknown): f is FileState =>
    typeof f === 'object' && f !== null && typeof (f as FileState).hash === 'string' && ((f as FileState).id === null || typeof (f as FileState).id === 'string');
  if (typeof meta.seq !== 'number' || typeof files !== 'object' || files === null || !Object.values(files).every(okFile)) throw new Error('unreadable meta line');
  return { warnings: parseWarnings(meta.warnings), seq: meta.seq, files: files as Record<string, FileState> };
}

function parseWarnings(parsed: unknown): Warning[] {
  const ok = (w: unknown): w is Warning => typeof w === 'object' && w !== null && typeof (w as Warning).file === 'string' && typeof (w as Warning).reason === 'string';
  if (!Array.isArray(parsed) || !parsed.every(ok)) throw new Error('unreadable list of skipped files');
  return parsed.map((w) => ({ file: w.file, reason: w.reason }));
}

/**
 * Writes `cached` to `file` in the cache format, through a temporary file written, synced and
 * renamed into place, so the name points at a whole file even after a power cut.
 */
export function writeIndexFile(file: string, cached: CachedCorpus, stored?: StoredArticles): void {
  // JSON escapes every line break, so the meta is one line.
  const meta = JSON.stringify({ warnings: cached.warnings ?? [], seq: cached.seq ?? 0, files: cached.files ?? {} });
  // Written a part at a time: the whole file in one buffer, then again with its header, was twice its size in memory.
  writeWhole(file, withHeader(Buffer.from(`${MAGIC} ${cached.key}\n${meta}\n`, 'utf8'), encodeCorpusChunks(cached, stored)));
}

function* withHeader(header: Buffer, body: Iterable<Buffer>): Generator<Buffer> {
  yield header;
  yield* body;
}

/**
 * Reads an index file written by `writeIndexFile` without blocking: the file is read
 * asynchronously and decoded in slices, so a serving process keeps answering (or answering 503)
 * meanwhile. Throws when the file is not an index of `key` or is damaged.
 */
export async function readIndexFile(file: string, key: string): Promise<CachedCorpus> {
  const buf = await fs.promises.readFile(file);
  const nl = buf.indexOf(10);
  const header = nl < 0 ? '' : buf.subarray(0, nl).toString('utf8');
  if (header !== `${MAGIC} ${key}`) {
    throw new Error(
      header.startsWith(`${MAGIC} `) ? `${file} holds another index than its manifest says` : `${file} is not an index this version of Attaché reads (${header.split(' ')[0] || 'no header'})`,
    );
  }
  const nl2 = buf.indexOf(10, nl + 1);
  if (nl2 < 0) throw new Error(`${file} is truncated`);
  const meta = parseMeta(buf.subarray(nl + 1, nl2).toString('utf8'));
  const decoded = await decodeCorpusBufferInSlices(buf.subarray(nl2 + 1));
  return { key, ...decoded, ...meta };
}

/** Writes the cache (copying from `stored` the runs of articles it holds unchanged); false (with a warning) when it could not. */
export function writeCache(dataDir: string, cached: CachedCorpus, log: Logger, stored?: StoredArticles): boolean {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = cacheFile(dataDir, cached.key);
    writeIndexFile(file, cached, stored);
    // Older caches of other corpus versions (and the former JSON format) are dead weight.
    for (const name of fs.readdirSync(dataDir)) {
      const full = path.join(dataDir, name);
      if (name.startsWith(FILE_PREFIX) && full !== file && (name.endsWith(FILE_SUFFIX) || name.endsWith('.json'))) fs.rmSync(full, { force: true });
      // And the change logs of other caches.
      if (name.startsWith('changes-') && name.endsWith('.jsonl') && !name.startsWith(`changes-${cached.key.slice(0, 16)}`)) fs.rmSync(full, { force: true });
    }
    return true;
  } catch (err) {
    log.warn({ dataDir, err: err instanceof Error ? err.message : String(err) }, 'could not write the index cache; the next start will rebuild');
    return false;
  }
}

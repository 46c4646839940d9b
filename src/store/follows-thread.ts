// The SQLite follows store in a worker thread of its own. Its writes are fully synced (every
// commit fsynced, as settings are: a delivery recorded `sending` or `sent` survives a power cut,
// so a post is never made twice after a restart), and on a busy disk one fsync held the bot's
// event loop for 20–130 ms (`npm run bench -- --feeds 300`). Here the statements and the fsync run
// on the worker; the event loop only hands over each call and takes its answer. Each store call
// is one message, so a transaction begins and commits inside the worker: the main thread never
// waits for a lock the worker holds across messages.
import { isMainThread, parentPort, type Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { startTsWorker } from '../app/worker-boot.ts';
import { FollowError } from '../core/follows/follow.ts';
import { type FollowStore, SqlFollowStore, SqliteRunner } from './follows.ts';

/** Every method of FollowStore, by name: each is forwarded to the worker as it is called. */
const METHODS = [
  'add',
  'list',
  'get',
  'remove',
  'setPaused',
  'setDigest',
  'awaitingDigest',
  'recordDaily',
  'active',
  'enqueue',
  'inbox',
  'dequeue',
  'recent',
  'postedSince',
  'record',
  'due',
  'inDoubt',
  'begin',
  'sent',
  'failed',
  'unknown',
  'follow',
] as const satisfies readonly (keyof FollowStore)[];
type Method = (typeof METHODS)[number];
// A method added to FollowStore and not listed above fails to compile here.
const allListed: Exclude<keyof FollowStore, Method> extends never ? true : false = true;
void allListed;

type Request = { readonly id: number; readonly method: Method; readonly args: readonly unknown[] };
type Reply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly value: unknown }
  | { readonly type: 'failed'; readonly id: number; readonly name: string; readonly message: string; readonly code?: string };

interface Call {
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

/** How long a write waits for another process's transaction (as openDatabase's default). */
const BUSY_TIMEOUT_MS = 5000;

export type ClosableFollowStore = FollowStore & {
  /** Waits for the calls under way, then ends the worker (its connection closes with it). */
  close(): Promise<void>;
};

/** The follows store of the SQLite database `file` (opened and migrated by `openDatabase` first), answered by a worker thread. */
export function sqliteFollowStore(file: string): ClosableFollowStore {
  const thread = new FollowStoreThread(file);
  const methods = Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => thread.call(m, args)]));
  return { ...(methods as unknown as FollowStore), close: () => thread.close() };
}

class FollowStoreThread {
  private worker: Worker | undefined;
  private readonly calls = new Map<number, Call>();
  private nextId = 1;
  private closed = false;
  private drained: (() => void) | undefined;

  constructor(private readonly file: string) {}

  call(method: Method, args: readonly unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the follows store is closed'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.calls.set(id, { resolve, reject });
      try {
        const worker = this.worker ?? this.spawn();
        // Held while it has calls, so that their answers are heard; let go when idle.
        worker.ref();
        worker.postMessage({ id, method, args } satisfies Request);
      } catch (err) {
        this.settled(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private settled(id: number): void {
    this.calls.delete(id);
    if (this.calls.size > 0) return;
    this.worker?.unref();
    this.drained?.();
  }

  private spawn(): Worker {
    const worker = startTsWorker(import.meta.url, 'followStoreWorkerMain', { file: this.file, busyTimeoutMs: BUSY_TIMEOUT_MS });
    this.worker = worker;
    worker.on('message', (msg: Reply) => {
      if (msg.type === 'ready') return;
      const call = this.calls.get(msg.id);
      if (call === undefined) return;
      this.settled(msg.id);
      if (msg.type === 'done') call.resolve(msg.value);
      else call.reject(errorOf(msg));
    });
    // A worker lost (it crashed, or could not load) fails the calls it had; the next call starts another.
    const lost = (err: Error): void => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const calls = [...this.calls.entries()];
      for (const [id, c] of calls) {
        this.settled(id);
        c.reject(err);
      }
    };
    worker.on('error', (err) => lost(new Error(`the follows store stopped (${err.message})`)));
    worker.on('exit', (code) => lost(new Error(`the follows store stopped (exit code ${code})`)));
    return worker;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.calls.size > 0) await new Promise<void>((done) => (this.drained = done));
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }
}

/** The error the worker reported, as the caller would have seen it on this thread (FollowError stays one). */
function errorOf(msg: Extract<Reply, { type: 'failed' }>): Error {
  if (msg.name === 'FollowError') return new FollowError(msg.message);
  const err = new Error(msg.message);
  if (msg.code !== undefined) Object.assign(err, { code: msg.code });
  return err;
}

/** Entry point inside the worker (started by `startTsWorker`): one connection, the shared SQL, one call per message. */
export function followStoreWorkerMain(input: { file: string; busyTimeoutMs: number }): void {
  if (isMainThread || !parentPort) throw new Error('Attaché: followStoreWorkerMain runs only in a worker thread');
  const port = parentPort;
  const db = new Database(input.file, { timeout: input.busyTimeoutMs });
  // The file is in WAL mode already (openDatabase); every commit fsynced, as the settings' are.
  db.pragma('synchronous = FULL');
  const store = new SqlFollowStore(new SqliteRunner(db));
  port.on('message', (req: Request) => {
    const fn = store[req.method] as (...args: readonly unknown[]) => Promise<unknown>;
    fn.apply(store, [...req.args]).then(
      (value) => port.postMessage({ type: 'done', id: req.id, value } satisfies Reply),
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        const code = (e as { code?: unknown }).code;
        port.postMessage({ type: 'failed', id: req.id, name: e.name, message: e.message, ...(typeof code === 'string' && { code }) } satisfies Reply);
      },
    );
  });
  port.postMessage({ type: 'ready' } satisfies Reply);
}

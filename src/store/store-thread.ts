// The SQLite follows, feed and cooldown stores, and the settings' writes, in worker threads of
// their own, so that no statement or commit of theirs, nor a wait for another writer's lock, runs
// on the bot's event loop. Follows' writes are fully synced (every commit
// fsynced, as settings are: a delivery recorded `sending` or `sent` survives a power cut, so a
// post is never made twice after a restart), and on a busy disk one fsync held the event loop for
// 20–130 ms (`npm run bench -- --feeds 300`). The poller's store commits without fsync, but with
// follows on a thread, its writes on the event loop waited for follows' lock during their fsync.
// Each store call is one message, so a transaction begins and commits inside its worker: the main
// thread never waits for a lock a worker holds across messages.
import { isMainThread, parentPort, type Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { startTsWorker } from '../app/worker-boot.ts';
import { FollowError } from '../core/follows/follow.ts';
import { SettingsError } from '../core/policy.ts';
import { type CooldownStore, openCooldownConnection, SqliteCooldownStore } from './cooldowns.ts';
import { type FeedStore, openFeedDatabase, SqliteFeedStore } from './feeds.ts';
import type { Db } from './db.ts';
import { type FollowStore, SqlFollowStore, SqliteRunner } from './follows.ts';
import { type SettingsStore, SqliteSettingsStore } from './settings.ts';

/** Every method of each store, by name: each is forwarded to the worker as it is called. */
const FOLLOW_METHODS = [
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
const FEED_METHODS = [
  'upsert',
  'remove',
  'get',
  'list',
  'due',
  'nextDue',
  'claim',
  'release',
  'recordPoll',
  'items',
  'markPending',
  'pending',
  'clearPending',
] as const satisfies readonly (keyof FeedStore)[];
const COOLDOWN_METHODS = ['hit'] as const satisfies readonly (keyof CooldownStore)[];
/** The settings' writes only: reads stay on the caller's thread (see sqliteSettingsStore). */
const SETTINGS_WRITE_METHODS = ['update', 'reset'] as const satisfies readonly (keyof SettingsStore)[];
type SettingsWrites = Pick<SettingsStore, (typeof SETTINGS_WRITE_METHODS)[number]>;
// A method added to a store and not listed above fails to compile here.
const allListed: [
  Exclude<keyof FollowStore, (typeof FOLLOW_METHODS)[number]>,
  Exclude<keyof FeedStore, (typeof FEED_METHODS)[number]>,
  Exclude<keyof CooldownStore, (typeof COOLDOWN_METHODS)[number]>,
] extends [never, never, never]
  ? true
  : false = true;
void allListed;
type Method = (typeof FOLLOW_METHODS)[number] | (typeof FEED_METHODS)[number] | (typeof COOLDOWN_METHODS)[number] | (typeof SETTINGS_WRITE_METHODS)[number];

/** What the worker opens: the follows, cooldowns or settings store of a database file, or the poller's store of a DATA_DIR. */
type Target = { readonly kind: 'follows' | 'cooldowns' | 'settings'; readonly file: string } | { readonly kind: 'feeds'; readonly dataDir: string };

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

/**
 * A store whose worker is ended by close(), after the calls under way (its connection closes with
 * it). Its thread starts at the first call, or at start(): a thread takes 250–360 ms to boot (the
 * TypeScript loader, better-sqlite3, the connection), which the first call would otherwise wait.
 */
export type Closable<S> = S & {
  close(): Promise<void>;
  /** Boots the thread now, without holding the process; resolves once it is up or has stopped (a call then says why). */
  start(): Promise<void>;
};

function threaded<S>(target: Target, methods: readonly Method[]): Closable<S> {
  const thread = new StoreThread(target);
  const calls = Object.fromEntries(methods.map((m) => [m, (...args: unknown[]) => thread.call(m, args)]));
  return { ...(calls as unknown as S), close: () => thread.close(), start: () => thread.start() };
}

/** The follows store of the SQLite database `file` (opened and migrated by `openDatabase` first), answered by a worker thread. */
export function sqliteFollowStore(file: string): Closable<FollowStore> {
  return threaded<FollowStore>({ kind: 'follows', file }, FOLLOW_METHODS);
}

/** The cooldowns of the SQLite database `file` (opened and migrated by `openDatabase` first), answered by a worker thread (`openCooldownConnection`: commits without fsync). */
export function sqliteCooldownStore(file: string): Closable<CooldownStore> {
  return threaded<CooldownStore>({ kind: 'cooldowns', file }, COOLDOWN_METHODS);
}

/**
 * The server settings of the SQLite database `db` (opened and migrated by `openDatabase`): read on
 * this thread, on `db` (a primary-key lookup; in WAL mode a reader waits for no writer), and
 * changed in a worker thread on a fully synced connection of its own. A change resolves only once
 * it is committed and fsynced, as before, but neither the fsync nor a wait for another writer's
 * lock holds the event loop.
 */
export function sqliteSettingsStore(db: Db): Closable<SettingsStore> {
  const here = new SqliteSettingsStore(db);
  const writes = threaded<SettingsWrites>({ kind: 'settings', file: db.name }, SETTINGS_WRITE_METHODS);
  return {
    get: (guildId) => here.get(guildId),
    history: (guildId, limit) => here.history(guildId, limit),
    update: (guildId, change, actor) => writes.update(guildId, change, actor),
    reset: (guildId, actor) => writes.reset(guildId, actor),
    close: () => writes.close(),
    start: () => writes.start(),
  };
}

/** The feed poller's store on the SQLite database in `dataDir` (`openFeedDatabase`: commits without fsync), answered by a worker thread. */
export function sqliteFeedStoreThread(dataDir: string): Closable<FeedStore> {
  return threaded<FeedStore>({ kind: 'feeds', dataDir }, FEED_METHODS);
}

class StoreThread {
  private worker: Worker | undefined;
  /** Resolved when the current worker says it is ready, or is lost. */
  private up: Promise<void> | undefined;
  private readonly calls = new Map<number, Call>();
  private nextId = 1;
  private closed = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(private readonly target: Target) {}

  call(method: Method, args: readonly unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`the ${this.target.kind} store is closed`));
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

  start(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.worker === undefined) {
      const worker = this.spawn();
      // Held until it is up (an awaited start() needs its answer), then, with nothing to answer, let
      // go: a process done with its work ends without waiting for this thread.
      void this.up?.then(() => {
        if (this.worker === worker && this.calls.size === 0) worker.unref();
      });
    }
    return this.up ?? Promise.resolve();
  }

  private settled(id: number): void {
    this.calls.delete(id);
    if (this.calls.size > 0) return;
    this.worker?.unref();
    this.drained?.();
  }

  private spawn(): Worker {
    const worker = startTsWorker(import.meta.url, 'storeWorkerMain', { target: this.target, busyTimeoutMs: BUSY_TIMEOUT_MS });
    this.worker = worker;
    let isUp = (): void => {};
    this.up = new Promise((resolve) => (isUp = resolve));
    worker.on('message', (msg: Reply) => {
      if (msg.type === 'ready') return isUp();
      const call = this.calls.get(msg.id);
      if (call === undefined) return;
      this.settled(msg.id);
      if (msg.type === 'done') call.resolve(msg.value);
      else call.reject(errorOf(msg));
    });
    // A worker lost (it crashed, or could not load) fails the calls it had; the next call starts another.
    const lost = (err: Error): void => {
      isUp();
      if (this.worker !== worker) return;
      this.worker = undefined;
      const calls = [...this.calls.entries()];
      for (const [id, c] of calls) {
        this.settled(id);
        c.reject(err);
      }
    };
    worker.on('error', (err) => lost(new Error(`the ${this.target.kind} store stopped (${err.message})`)));
    worker.on('exit', (code) => lost(new Error(`the ${this.target.kind} store stopped (exit code ${code})`)));
    return worker;
  }

  /** Every caller waits for the same end: a second close() (an error path closing again) must not return while calls are still under way. */
  close(): Promise<void> {
    this.closing ??= this.end();
    return this.closing;
  }

  private async end(): Promise<void> {
    this.closed = true;
    if (this.calls.size > 0) await new Promise<void>((done) => (this.drained = done));
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }
}

/** The error the worker reported, as the caller would have seen it on this thread (FollowError and SettingsError stay so). */
function errorOf(msg: Extract<Reply, { type: 'failed' }>): Error {
  if (msg.name === 'FollowError') return new FollowError(msg.message);
  if (msg.name === 'SettingsError') return new SettingsError(msg.message);
  const err = new Error(msg.message);
  if (msg.code !== undefined) Object.assign(err, { code: msg.code });
  return err;
}

/** The store a worker answers for, on a connection of its own. */
function openTarget(target: Target, busyTimeoutMs: number): Record<string, unknown> {
  if (target.kind === 'feeds') return new SqliteFeedStore(openFeedDatabase(target.dataDir)) as unknown as Record<string, unknown>;
  if (target.kind === 'cooldowns') return new SqliteCooldownStore(openCooldownConnection(target.file, busyTimeoutMs)) as unknown as Record<string, unknown>;
  const db = new Database(target.file, { timeout: busyTimeoutMs });
  // The file is in WAL mode already (openDatabase); every commit fsynced, as openDatabase's are.
  db.pragma('synchronous = FULL');
  if (target.kind === 'settings') return new SqliteSettingsStore(db) as unknown as Record<string, unknown>;
  return new SqlFollowStore(new SqliteRunner(db)) as unknown as Record<string, unknown>;
}

/** Entry point inside the worker (started by `startTsWorker`): one connection, one store, one call per message. */
export function storeWorkerMain(input: { target: Target; busyTimeoutMs: number }): void {
  if (isMainThread || !parentPort) throw new Error('Attaché: storeWorkerMain runs only in a worker thread');
  const port = parentPort;
  const store = openTarget(input.target, input.busyTimeoutMs);
  port.on('message', (req: Request) => {
    const fn = store[req.method] as (...args: readonly unknown[]) => Promise<unknown>;
    // A method that throws at once rejects like one that fails later.
    Promise.resolve()
      .then(() => fn.apply(store, [...req.args]))
      .then(
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

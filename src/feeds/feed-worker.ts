// The poller's CPU work off the main thread: parsing a feed body into items (a 4 MB feed of 2,000
// items held the event loop for 0.3–1.0 s), reading an item's HTML into paragraphs, and reading a
// fetched page with Readability. One long-lived worker thread does them one at a time; messages
// carry strings and bytes in, plain objects out. A job that outlasts its time limit, or a worker
// that crashes (out of memory, say), ends that job with a reason — the feed's status says it —
// and the next job gets a fresh worker: the poller never waits on a dead thread.
import { isMainThread, parentPort, type Worker } from 'node:worker_threads';
import { BACKGROUND_NICE, startTsWorker } from '../app/worker-boot.ts';
import type { Extracted } from '../import/draft.ts';
import { extractHtml } from '../import/html.ts';
import { fullText } from './items.ts';
import { type FeedItem, type ParseResult, parseFeedBody } from './parse.ts';
import { decodeFeed } from './plan.ts';

/** What the poller asks of a parser: the same answers whether on this thread or a worker. */
export interface FeedParser {
  /** The body as received (decoded here by its charset). Never rejects: a failure is `{ ok: false }`. */
  parse(bytes: Uint8Array, contentType?: string): Promise<ParseResult>;
  /** `fullText(item)`: the item's own article text, if it carries enough. Rejects with the reason the worker failed. */
  fullText(item: FeedItem): Promise<ReturnType<typeof fullText>>;
  /** `extractHtml(html, url)`: a fetched page read with Readability. Never rejects. */
  page(html: string, url: string): Promise<Extracted>;
  close(): Promise<void>;
}

/** The operations the worker runs, by name: the same functions the in-thread parser calls. */
const OPS = {
  parse: (bytes: Uint8Array, contentType?: string): ParseResult => parseFeedBody(decodeFeed(bytes, contentType)),
  fullText: (item: FeedItem) => fullText(item),
  page: (html: string, url: string): Extracted => extractHtml(html, url),
};
type Op = keyof typeof OPS;

/** On this thread: the reference the tests compare the worker with, for a caller that wants no thread. */
export const inThreadParser: FeedParser = {
  parse: async (bytes, contentType) => OPS.parse(bytes, contentType),
  fullText: async (item) => OPS.fullText(item),
  page: async (html, url) => OPS.page(html, url),
  close: async () => undefined,
};

type Request = { readonly id: number; readonly op: Op; readonly args: readonly unknown[] };
type Reply = { readonly type: 'ready' } | { readonly type: 'done'; readonly id: number; readonly value: unknown } | { readonly type: 'failed'; readonly id: number; readonly message: string };

export interface WorkerParserOptions {
  /** Longest one job may run in the worker (not counting its wait in the queue). Default 20 s. */
  readonly timeoutMs?: number;
  /** The worker is ended after this long without work (it costs ~40 MB). Default 2 min. */
  readonly idleMs?: number;
  /** The worker's heap limit: a feed that needs more ends as "out of memory", not the bot. Default 512 MB. */
  readonly maxHeapMb?: number;
  /** The worker's module and entry (tests point these at a worker that crashes or hangs). */
  readonly entry?: { readonly moduleUrl: string; readonly name: string };
}

interface Job {
  readonly request: Request;
  readonly transfer: readonly ArrayBuffer[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

export const PARSER_DEFAULTS = { timeoutMs: 20_000, idleMs: 120_000, maxHeapMb: 512, startMs: 60_000 } as const;

export class WorkerFeedParser implements FeedParser {
  private worker: Worker | undefined;
  private ready = false;
  private readonly queue: Job[] = [];
  private current: Job | undefined;
  private jobTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private closed = false;
  /** Workers started so far (the tests check that one serves many jobs, and that a crash starts another). */
  started = 0;

  constructor(private readonly o: WorkerParserOptions = {}) {}

  parse(bytes: Uint8Array, contentType?: string): Promise<ParseResult> {
    // A copy of its own, moved rather than cloned (a Buffer may be a view of a larger pool).
    const copy = new Uint8Array(bytes);
    return (this.run('parse', [copy, contentType], [copy.buffer]) as Promise<ParseResult>).catch((err: Error) => ({ ok: false as const, reason: err.message }));
  }

  fullText(item: FeedItem): Promise<ReturnType<typeof fullText>> {
    return this.run('fullText', [item]) as Promise<ReturnType<typeof fullText>>;
  }

  page(html: string, url: string): Promise<Extracted> {
    return (this.run('page', [html, url]) as Promise<Extracted>).catch((err: Error) => ({ ok: false as const, reason: err.message }));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const waiting = [...(this.current ? [this.current] : []), ...this.queue.splice(0)];
    this.current = undefined;
    for (const job of waiting) job.reject(new Error('the feed poller stopped'));
    await this.end();
  }

  private run(op: Op, args: readonly unknown[], transfer: readonly ArrayBuffer[] = []): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the feed poller stopped'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, op, args }, transfer, resolve, reject });
      this.pump();
    });
  }

  /** Sends the next job if the worker is free, starting a worker if there is none. */
  private pump(): void {
    if (this.current !== undefined || this.closed) return;
    const job = this.queue.shift();
    if (job === undefined) {
      this.worker?.unref();
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => void this.end(), this.o.idleMs ?? PARSER_DEFAULTS.idleMs).unref();
      return;
    }
    clearTimeout(this.idleTimer);
    this.current = job;
    try {
      const worker = this.worker ?? this.spawn();
      // Held while it has work, so that its answer (or its death) is heard even in a process with nothing else to do.
      worker.ref();
      worker.postMessage(job.request, [...job.transfer]);
    } catch (err) {
      // A worker that cannot start or a message that cannot be sent fails this job, not the parser:
      // left as `current`, it would hold every later job back forever.
      this.current = undefined;
      job.reject(new Error(`the feed reader could not take the feed (${err instanceof Error ? err.message : String(err)})`));
      this.pump();
      return;
    }
    this.armTimer();
  }

  /**
   * The job's clock. It starts once the worker has loaded (loading tsx and the parsers takes a
   * while); until then a longer limit covers a worker that never finishes loading.
   */
  private armTimer(): void {
    const job = this.current;
    if (job === undefined) return;
    const ms = this.o.timeoutMs ?? PARSER_DEFAULTS.timeoutMs;
    clearTimeout(this.jobTimer);
    this.jobTimer = setTimeout(
      () => this.fail(job, this.ready ? `gave up after ${ms / 1000} s (the feed took too long to read)` : 'the feed reader did not start'),
      this.ready ? ms : ms + PARSER_DEFAULTS.startMs,
    );
  }

  private spawn(): Worker {
    const entry = this.o.entry ?? { moduleUrl: import.meta.url, name: 'feedWorkerMain' };
    const worker = startTsWorker(entry.moduleUrl, entry.name, null, { nice: BACKGROUND_NICE, resourceLimits: { maxOldGenerationSizeMb: this.o.maxHeapMb ?? PARSER_DEFAULTS.maxHeapMb } });
    this.started++;
    this.worker = worker;
    this.ready = false;
    worker.on('message', (msg: Reply) => {
      if (worker !== this.worker) return;
      if (msg.type === 'ready') {
        this.ready = true;
        this.armTimer();
        return;
      }
      const job = this.current;
      if (job === undefined || job.request.id !== msg.id) return;
      clearTimeout(this.jobTimer);
      this.current = undefined;
      if (msg.type === 'done') job.resolve(msg.value);
      else job.reject(new Error(`the feed could not be read (${msg.message})`));
      this.pump();
    });
    const lost = (why: string): void => {
      if (worker !== this.worker) return;
      this.worker = undefined;
      if (this.current !== undefined) this.fail(this.current, why);
    };
    worker.on('error', (err) => lost(`the feed reader crashed (${err.message})`));
    worker.on('exit', (code) => lost(`the feed reader stopped (exit code ${code})`));
    return worker;
  }

  /** Ends `job` with `why`, drops its worker (it may be stuck in the job), and goes on with the next. */
  private fail(job: Job, why: string): void {
    if (this.current !== job) return;
    clearTimeout(this.jobTimer);
    this.current = undefined;
    job.reject(new Error(why));
    void this.end();
    this.pump();
  }

  private async end(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = false;
    clearTimeout(this.jobTimer);
    if (worker !== undefined) await worker.terminate();
  }
}

/** Entry point inside the worker thread (started by `startTsWorker`): answers jobs until ended. */
export function feedWorkerMain(): void {
  if (isMainThread || !parentPort) throw new Error('Attaché: feedWorkerMain runs only in a worker thread');
  const port = parentPort;
  port.on('message', (req: Request) => {
    try {
      const fn = OPS[req.op] as (...args: readonly unknown[]) => unknown;
      port.postMessage({ type: 'done', id: req.id, value: fn(...req.args) } satisfies Reply);
    } catch (err) {
      port.postMessage({ type: 'failed', id: req.id, message: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
  port.postMessage({ type: 'ready' } satisfies Reply);
}

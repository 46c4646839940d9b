// Keeps Discord's 3-second deadline real while command handlers run synchronously. Handlers run
// one per event-loop turn, so between two of them new requests are read, PINGs answered and
// deferrals sent; and whenever the answer is predicted to come later than the budget (from how
// long the work queued ahead of it and its own last runs blocked the loop), the interaction is
// deferred *before* the wait, not by a timer that cannot fire while the loop is blocked.
// Shared by the HTTP endpoint and the gateway; they say how to defer, this says when.

export interface DeadlineOptions {
  /** A predicted first answer later than this after arrival is deferred first (ms). */
  readonly budgetMs: number;
  /** What a handler never seen before is assumed to block (ms). Default 10. */
  readonly firstGuessMs?: number;
  /** Longest the queue waits for first responses already on their way before the next job. Default 1000. */
  readonly ackWaitMs?: number;
  readonly now?: () => number;
}

export interface Job<T> {
  /** Handlers with the same key cost alike (e.g. `command:ask`). */
  readonly key: string;
  /** When the interaction reached us (see `arrivedAt`). */
  readonly arrivedAt: number;
  /** Sends the deferral; resolves once it is out. Absent: the interaction cannot be deferred (autocomplete). */
  readonly defer?: () => Promise<void>;
  /** Runs before every non-urgent job (autocomplete: cannot be deferred, must be cheap). */
  readonly urgent?: boolean;
  readonly work: () => Promise<T>;
}

interface Entry {
  readonly job: Job<unknown>;
  deferred: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface DeadlineQueue {
  /** Queues `job.work`; resolves or rejects as it does. */
  submit<T>(job: Job<T>): Promise<T>;
  /**
   * A first response on its way, or a request still being read: no job starts until it is done
   * or `maxMs` (default `ackWaitMs`) has passed.
   */
  hold(sending: Promise<unknown>, maxMs?: number): void;
  /**
   * When an interaction seen now may really have arrived: a request that came in while a job
   * blocked the loop is only seen after it, so it is dated from that job's start.
   */
  arrivedAt(): number;
  /** Jobs waiting to start. */
  readonly depth: number;
}

/** A job predicted to block the loop at least this long first lets reads, deferrals and replies out. */
const HOLD_FOR_MS = 50;

/** A job's blocking time ends where the loop got a turn: later waiting (I/O) does not block. */
const SEEN_JUST_AFTER_MS = 20;

export function deadlineQueue(opts: DeadlineOptions): DeadlineQueue {
  const now = opts.now ?? (() => performance.timeOrigin + performance.now());
  const firstGuessMs = opts.firstGuessMs ?? 10;
  const ackWaitMs = opts.ackWaitMs ?? 1000;
  const queue: Entry[] = [];
  const holds = new Set<Promise<unknown>>();
  /** Per key, how long its last runs blocked the loop (rises at once, falls slowly). */
  const blocking = new Map<string, number>();
  let lastJob = { start: -Infinity, end: -Infinity };
  let scheduled = false;

  const estimate = (key: string): number => blocking.get(key) ?? firstGuessMs;

  function record(key: string, ms: number): void {
    const old = blocking.get(key);
    blocking.set(key, old === undefined || ms > old ? ms : old * 0.8 + ms * 0.2);
  }

  function hold(sending: Promise<unknown>, maxMs = ackWaitMs): void {
    let timer: NodeJS.Timeout | undefined;
    const settled = Promise.race([sending, new Promise((r) => (timer = setTimeout(r, maxMs)))]).then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
    holds.add(settled);
    void settled.then(() => holds.delete(settled));
  }

  function defer(entry: Entry): void {
    const send = entry.job.defer;
    if (entry.deferred || send === undefined) return;
    entry.deferred = true;
    hold(send());
  }

  /** Defers every queued interaction whose predicted answer would come too late. */
  function review(): void {
    const t = now();
    let ahead = 0;
    for (const entry of queue) {
      const own = estimate(entry.job.key);
      if (!entry.deferred && t - entry.job.arrivedAt + ahead + own > opts.budgetMs) defer(entry);
      ahead += own;
    }
  }

  function schedule(): void {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => void pump());
  }

  async function pump(): Promise<void> {
    const next = queue[0];
    // Waiting for every read and reply in flight costs a loop turn or more per job: under steady
    // concurrent load that starved cheap handlers (HTTP 1,392 -> 265 req/s at 50 connections).
    // Only a job that blocks long enough to matter waits; a cheap one runs between them.
    if (holds.size > 0 && next !== undefined && estimate(next.job.key) >= HOLD_FOR_MS) {
      // Deferrals and answers still on their way go out before the loop is blocked again.
      await Promise.all([...holds]);
      scheduled = false;
      schedule();
      return;
    }
    scheduled = false;
    const entry = queue.shift();
    if (entry === undefined) return;
    run(entry);
    review();
    schedule();
  }

  function run(entry: Entry): void {
    const start = now();
    let measured = false;
    // What the handler did before the loop got its next turn blocked it; after that it only waits.
    const measure = (): void => {
      if (measured) return;
      measured = true;
      lastJob = { start, end: now() };
      record(entry.job.key, lastJob.end - start);
      // What this job cost may make the answers queued behind it late: defer those now.
      review();
    };
    setImmediate(measure);
    let result: Promise<unknown>;
    try {
      result = entry.job.work();
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => {
        measure();
        entry.resolve(value);
      },
      (error: unknown) => {
        measure();
        entry.reject(error);
      },
    );
  }

  return {
    submit<T>(job: Job<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const entry: Entry = { job: job as Job<unknown>, deferred: false, resolve: resolve as (v: unknown) => void, reject };
        if (job.urgent === true) {
          const firstOrdinary = queue.findIndex((e) => e.job.urgent !== true);
          queue.splice(firstOrdinary === -1 ? queue.length : firstOrdinary, 0, entry);
        } else queue.push(entry);
        review();
        schedule();
      });
    },
    hold,
    arrivedAt(): number {
      const t = now();
      return t - lastJob.end <= SEEN_JUST_AFTER_MS ? Math.min(t, lastJob.start) : t;
    },
    get depth() {
      return queue.length;
    },
  };
}

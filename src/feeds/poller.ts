// The poller: polls each due feed (claimed in the store, so two processes never poll one feed at
// once), imports new and changed items through the import pipeline, records everything, and
// reports the files it wrote, so that follows can announce them. One request per host at a time.
import fs from 'node:fs';
import path from 'node:path';
import { fetchPage } from '../import/fetch.ts';
import type { Extracted } from '../import/draft.ts';
import { FolderDuplicates, Slicer } from '../import/folder-duplicates.ts';
import { type ImportOutcome, importExtractedInSlices, type Prepared } from '../import/run.ts';
import type { Logger } from '../log.ts';
import { type GetResult, httpGet } from '../net/http-get.ts';
import type { FeedRecord, FeedStore, ItemRecord } from '../store/feeds.ts';
import { HostGate } from './host-gate.ts';
import { type FeedParser, WorkerFeedParser } from './feed-worker.ts';
import { feedDraft, mergePage } from './items.ts';
import type { ParsedFeed } from './parse.ts';
import { bodyToParse, type ItemWork, type ParsedBody, planPoll, requestHeaders, userAgent } from './plan.ts';
import { RobotsCache } from './robots.ts';
import { POLL_POLICY, type PollPolicy, type Random } from './schedule.ts';

export interface PollerOptions {
  readonly store: FeedStore;
  /** Where items go when a feed names no folder: the first of CORPUS_DIRS. */
  readonly defaultInto: string;
  readonly log: Logger;
  readonly now: () => number;
  readonly random: Random;
  readonly version: string;
  /** FEEDS_CONTACT: how a site's operator reaches ours, in the User-Agent. */
  readonly contact?: string | undefined;
  /** FEEDS_ALLOW_LOOPBACK=1: the tests' local feed server. */
  readonly allowLoopback?: boolean;
  readonly policy?: PollPolicy;
  /** Largest feed body, after decompression. Default 5 MB. */
  readonly feedMaxBytes?: number;
  /** Per request, redirects and body included. Default 20 s. */
  readonly timeoutMs?: number;
  /** Feeds polled at once (each host still one request at a time). Default 8. */
  readonly concurrency?: number;
  /** Called with what each poll wrote (for follows). */
  readonly onWritten?: (items: readonly WrittenItem[]) => void;
  /** Called with each poll's outcome (for `attache_feed_polls_total`). */
  readonly onPolled?: (outcome: PollOutcome) => void;
  /** Longest sleep between looks at the store (default a minute): a feed another process adds or makes due waits at most this. */
  readonly recheckMs?: number;
  /** Parses feeds and reads items' HTML. Default: a worker thread of the poller's own, ended by `start().stop()` (one given here is the caller's to close). */
  readonly parser?: FeedParser;
}

/** A poll's outcome in a few words a metric can carry as a label (the log has the details). */
export type PollOutcome = 'failed' | 'not_modified' | 'unchanged' | 'new_items' | 'no_new_items';

export function pollOutcome(failures: number, httpStatus: number | undefined, parsed: boolean, written: number): PollOutcome {
  if (failures > 0) return 'failed';
  if (httpStatus === 304) return 'not_modified';
  if (!parsed) return 'unchanged';
  return written > 0 ? 'new_items' : 'no_new_items';
}

/** A corpus file a poll wrote or rewrote. */
export interface WrittenItem {
  readonly feedUrl: string;
  readonly identity: string;
  readonly file: string;
  /** False for a first poll's items and for updates of items already there. */
  readonly announce: boolean;
  readonly updated: boolean;
}

export interface PollReport {
  readonly url: string;
  readonly status: FeedRecord['status'];
  readonly outcome: string;
  readonly reason?: string;
  readonly nextPollMs: number;
  readonly written: readonly WrittenItem[];
  readonly failed: readonly { readonly identity: string; readonly reason: string }[];
}

/** A poll cut short by the poller's stop: nothing of it is recorded, and its feed is due again. */
class Stopped extends Error {
  constructor() {
    super('the feed poller stopped');
  }
}

/**
 * `work()`, unless the poller stops first: then a Stopped at once, whatever `work` still waits for.
 * Stopped already, `work` is not started: a fetch or parse begun then would be waited for by no
 * one, and its failure (the parser's worker ended by stop()) would be an unhandled rejection.
 */
function untilStopped<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  if (signal === undefined) return work();
  if (signal.aborted) return Promise.reject(new Stopped());
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(new Stopped());
    signal.addEventListener('abort', stop, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', stop));
  });
}

export const FEED_DEFAULTS = { feedMaxBytes: 5_000_000, timeoutMs: 20_000, concurrency: 8, maxRedirects: 5 } as const;
/** How long a claimed poll is this process's; after it, a crashed poller's feed is polled again. */
const LEASE_MS = 10 * 60_000;

export class FeedPoller {
  private readonly gate = new HostGate();
  private readonly folders = new FolderDuplicates();
  /** Imports into one folder, one at a time: a poll's dry run and its writes see the same folder. */
  private readonly folderTurn = new Map<string, Promise<unknown>>();
  private readonly robots: RobotsCache;
  private readonly ua: string;
  private parser: FeedParser;
  /** start() was called before: a later start() (of a poller with its own worker) takes a new worker. */
  private startedBefore = false;
  /** Aborted by the stop of the running start(): fetches end, waits on the parser end, the round gives back what it had not polled. */
  private stopping: AbortSignal | undefined;

  constructor(private readonly o: PollerOptions) {
    this.ua = userAgent(o.version, o.contact);
    this.parser = o.parser ?? new WorkerFeedParser();
    this.robots = new RobotsCache((url) => this.gate.run(url, () => this.get(url, {}, 500_000)), o.now);
  }

  private get(url: string, headers: Record<string, string>, maxBytes: number): Promise<GetResult> {
    return httpGet(url, {
      timeoutMs: this.o.timeoutMs ?? FEED_DEFAULTS.timeoutMs,
      maxBytes,
      maxRedirects: FEED_DEFAULTS.maxRedirects,
      headers: { 'user-agent': this.ua, ...headers },
      allowLoopback: this.o.allowLoopback === true,
      ...(this.stopping && { signal: this.stopping }),
    });
  }

  /** Fetches a feed once and plans, writing nothing: `attache feeds check`. */
  async check(feed: FeedRecord): Promise<{ plan: ReturnType<typeof planPoll>; fetched: GetResult }> {
    const fetched = await this.gate.run(feed.url, () => this.get(feed.url, requestHeaders({}, this.ua), this.o.feedMaxBytes ?? FEED_DEFAULTS.feedMaxBytes));
    // Unconditional, and the body always parsed: the operator asked to see what is there.
    const { bodyHash: _ignored, ...fresh } = feed;
    const parsed = await this.parseBody(undefined, fetched);
    return {
      fetched,
      plan: planPoll(fresh, fetched, await this.o.store.items(feed.url), { nowMs: this.o.now(), random: this.o.random, ...(this.o.policy && { policy: this.o.policy }) }, parsed),
    };
  }

  /** The body `planPoll` would parse, parsed by the parser (a worker thread) instead. */
  private async parseBody(lastBodyHash: string | undefined, fetched: GetResult): Promise<ParsedBody | undefined> {
    const body = bodyToParse(lastBodyHash, fetched);
    return body && { bodyHash: body.bodyHash, result: await this.parser.parse(body.bytes, body.contentType) };
  }

  /** Polls every feed due now that this process can claim. */
  async pollDue(): Promise<PollReport[]> {
    const now = this.o.now();
    const leaseUntil = now + LEASE_MS;
    const signal = this.stopping;
    const claimed: FeedRecord[] = [];
    // SQLite answers at once, so without a turn now and then, claiming hundreds of due feeds is one long task.
    const slicer = new Slicer();
    for (const f of await this.o.store.due(now)) {
      if (signal?.aborted) break;
      if (await this.o.store.claim(f, leaseUntil)) claimed.push(f);
      await slicer.step();
    }
    const reports: PollReport[] = [];
    const unpolled = new Set(claimed);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < claimed.length && signal?.aborted !== true) {
        const feed = claimed[next++] as FeedRecord;
        try {
          reports.push(await this.pollFeed(feed));
          unpolled.delete(feed);
        } catch (err) {
          if (err instanceof Stopped) continue;
          // A poll that failed (the store failing) was made, perhaps its files written: it keeps its
          // lease, as a crashed poller's would, rather than being polled again at once, round after round.
          unpolled.delete(feed);
          throw err;
        }
      }
    };
    // A round ends when all its polls have: one that throws (the store failing) fails the round,
    // but only after the others, so none goes on writing in the background into the next round.
    const settled = await Promise.allSettled(Array.from({ length: Math.min(this.o.concurrency ?? FEED_DEFAULTS.concurrency, claimed.length) }, worker));
    // Stopped: the polls not made, or cut short before they wrote anything, are due again at once
    // for the next poller (this process restarted, or another), not after the lease.
    for (const f of unpolled) await this.o.store.release(f, leaseUntil).catch((err: unknown) => this.o.log.warn({ err, feed: f.url }, 'feed poller: could not give back a poll'));
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return reports;
  }

  /**
   * One poll of one feed: fetch, plan, import, record. Never throws for the feed's sake; stopped
   * before its files are written, it throws Stopped and records nothing (the next poll does it all).
   */
  async pollFeed(feed: FeedRecord): Promise<PollReport> {
    const { store, log } = this.o;
    const policy = this.o.policy ?? POLL_POLICY;
    const signal = this.stopping;
    const fetched = await untilStopped(signal, () => this.gate.run(feed.url, () => this.get(feed.url, requestHeaders(feed, this.ua), this.o.feedMaxBytes ?? FEED_DEFAULTS.feedMaxBytes)));
    const parsed = await untilStopped(signal, () => this.parseBody(feed.bodyHash, fetched));
    const seen = await store.items(feed.url);
    const plan = planPoll(feed, fetched, seen, { nowMs: this.o.now(), random: this.o.random, policy }, parsed);
    const records: ItemRecord[] = [...plan.skipped];
    const written: WrittenItem[] = [];
    const failed: { identity: string; reason: string }[] = [];
    if (plan.feed !== undefined && plan.work.length > 0) {
      const outcomes = await this.importItems(feed, plan.feed, plan.work);
      plan.work.forEach((w, i) => {
        const out = outcomes[i] as ImportOutcome;
        const nowMs = this.o.now();
        const file = out.file === undefined ? undefined : path.resolve(out.file);
        const status = out.status === 'imported' ? (w.replaces !== undefined ? 'updated' : 'imported') : out.status;
        records.push({
          feedUrl: feed.url,
          identity: w.item.identity,
          contentHash: w.item.contentHash,
          status,
          ...(file !== undefined && { file }),
          ...(out.reason !== undefined && { reason: out.reason }),
          attempts: w.attempts,
          announce: w.announce,
          firstSeenMs: w.firstSeenMs,
          changedMs: nowMs,
        });
        if (out.status === 'imported' && file !== undefined)
          written.push({ feedUrl: feed.url, identity: w.item.identity, file, announce: w.announce && w.replaces === undefined, updated: w.replaces !== undefined });
        if (out.status === 'failed') failed.push({ identity: w.item.identity, reason: out.reason ?? 'failed' });
      });
    }
    const outcome =
      plan.work.length > 0 ? `${plan.state.outcome}: ${written.length} written, ${failed.length} failed, ${plan.work.length - written.length - failed.length} duplicates` : (plan.state.outcome ?? '');
    const state = { ...plan.state, outcome };
    await store.recordPoll(feed.url, state, records, written.length);
    const fields = { feed: feed.url, status: state.status, written: written.length, failed: failed.length, nextPoll: new Date(state.nextPollMs).toISOString() };
    if (state.status !== 'ok' && state.status !== feed.status) log.warn({ ...fields, reason: state.reason }, `feed ${feed.url} is now ${state.status}: ${state.reason ?? ''}`);
    else if (state.failures > 0) log.warn({ ...fields, reason: state.reason }, `feed ${feed.url}: ${outcome}`);
    else log.info(fields, `feed ${feed.url}: ${outcome}`);
    for (const f of failed) log.debug({ feed: feed.url, item: f.identity, reason: f.reason }, 'feed item not imported');
    this.o.onPolled?.(pollOutcome(state.failures, fetched.ok ? fetched.status : undefined, plan.feed !== undefined, written.length));
    if (written.length > 0) this.o.onWritten?.(written);
    return {
      url: feed.url,
      status: state.status,
      outcome,
      ...(state.reason !== undefined && { reason: state.reason }),
      nextPollMs: state.nextPollMs,
      written,
      failed,
    };
  }

  private async importItems(feed: FeedRecord, parsed: ParsedFeed, work: readonly ItemWork[]): Promise<ImportOutcome[]> {
    const prepared: Prepared[] = [];
    // Each item's reading is in the worker, but its draft is built here: a turn every 8 ms.
    const slicer = new Slicer();
    for (const w of work) {
      prepared.push({ input: w.item.link ?? w.item.identity, extracted: await this.extract(w, parsed), ...(w.replaces !== undefined && { replaces: w.replaces }) });
      await slicer.step();
    }
    // The last point a stop cuts the poll short: from here its files are written and recorded whole.
    if (this.stopping?.aborted) throw new Stopped();
    const into = feed.into ?? this.o.defaultInto;
    return this.inFolder(into, async () => {
      try {
        const opts = {
          into,
          overrides: {
            ...(feed.outlet !== undefined && { outlet: feed.outlet }),
            ...(feed.language !== undefined && { language: feed.language }),
            ...(feed.tags.length > 0 && { tags: feed.tags }),
          },
        };
        // A dry run names each new item's file, so the ones to announce are recorded as pending
        // before they are written: a process that dies before the poll's record announces them
        // on its next start (`recoverPending`) instead of never.
        const planned = await importExtractedInSlices(prepared, { ...opts, dryRun: true, duplicates: await this.folders.index(into) }, () => slicer.step());
        const writtenMs = this.o.now();
        const pending = planned.flatMap((out, i) => {
          const w = work[i] as ItemWork;
          return out.status === 'imported' && out.file !== undefined && w.announce && w.replaces === undefined
            ? [{ feedUrl: feed.url, identity: w.item.identity, file: path.resolve(out.file), writtenMs }]
            : [];
        });
        if (pending.length > 0) await this.o.store.markPending(pending);
        // The folder is as the dry run saw it: no other import into it runs in between.
        return await importExtractedInSlices(prepared, { ...opts, duplicates: this.folders.again(into) }, () => slicer.step());
      } catch (err) {
        // The folder itself is unusable (a file, say), or the store is: every item fails with that reason.
        const reason = err instanceof Error ? err.message : String(err);
        return prepared.map((p) => ({ input: p.input, status: 'failed' as const, reason, notes: [] }));
      }
    });
  }

  private inFolder<T>(into: string, work: () => Promise<T>): Promise<T> {
    const key = path.resolve(into);
    const done = (this.folderTurn.get(key) ?? Promise.resolve()).then(work, work);
    const settled = done.catch(() => undefined);
    this.folderTurn.set(key, settled);
    void settled.then(() => {
      if (this.folderTurn.get(key) === settled) this.folderTurn.delete(key);
    });
    return done;
  }

  /**
   * Hands to follows, once, the new items a process that died mid-poll wrote but never recorded
   * (their poll, redone, finds the file already there and announces nothing). A second announce
   * of one file, should this process die before forgetting them, posts nothing twice: follows
   * deliver each (follow, story) once.
   */
  async recoverPending(): Promise<WrittenItem[]> {
    const pending = await this.o.store.pending();
    if (pending.length === 0) return [];
    // A file missing was never written: its item is not recorded either, so its next poll imports it.
    const written = pending.filter((p) => fs.existsSync(p.file)).map((p) => ({ feedUrl: p.feedUrl, identity: p.identity, file: p.file, announce: true, updated: false }));
    this.o.log.info({ items: written.length, pending: pending.length }, `feed poller: announcing ${written.length} items written by a poll that did not finish`);
    if (written.length > 0) this.o.onWritten?.(written);
    await this.o.store.clearPending(pending);
    return written;
  }

  private async extract(w: ItemWork, parsed: ParsedFeed): Promise<Extracted> {
    const item = w.item;
    const signal = this.stopping;
    let full: Awaited<ReturnType<FeedParser['fullText']>>;
    try {
      full = await untilStopped(signal, () => this.parser.fullText(item));
    } catch (err) {
      if (err instanceof Stopped) throw err;
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
    if (full !== undefined) return { ok: true, draft: feedDraft(item, parsed, w.firstSeenMs, full.paragraphs, full.headings) };
    const link = item.link;
    if (link === undefined) return { ok: false, reason: 'the item has neither the article text nor a link to it' };
    try {
      const refusal = await untilStopped(signal, () => this.robots.refusal(link));
      if (refusal !== undefined) return { ok: false, reason: refusal };
      const page = await untilStopped(signal, () =>
        this.gate.run(link, () =>
          fetchPage(link, { userAgent: this.ua, allowLoopback: this.o.allowLoopback === true, timeoutMs: this.o.timeoutMs ?? FEED_DEFAULTS.timeoutMs, ...(signal && { signal }) }),
        ),
      );
      if (!page.ok) return page;
      return mergePage(await untilStopped(signal, () => this.parser.page(page.html, page.url)), feedDraft(item, parsed, w.firstSeenMs));
    } catch (err) {
      if (err instanceof Stopped) throw err;
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * Polls whenever a feed is due, until stopped: sleeps until the next due time (checked at least
   * every minute, so feeds added by `attache feeds add` in another process are seen).
   */
  start(): { stop(): Promise<void> } {
    // `feeds run` on PostgreSQL starts and stops one poller as it loses and retakes the lease: a
    // closed worker parser refuses every job, which would fail every feed after the first loss.
    // Each start gets a worker of its own, which its stop() ends (even if a stop still runs).
    if (this.o.parser === undefined && this.startedBefore) this.parser = new WorkerFeedParser();
    this.startedBefore = true;
    const parser = this.parser;
    const abort = new AbortController();
    this.stopping = abort.signal;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const schedule = async (): Promise<void> => {
      if (stopped) return;
      // A store that cannot answer now is asked again in a minute, like a round that failed.
      const next = await this.o.store.nextDue().catch((err: unknown) => {
        this.o.log.error({ err }, 'feed poller: cannot read when the next feed is due');
        return undefined;
      });
      if (stopped) return;
      const recheck = this.o.recheckMs ?? 60_000;
      const wait = next === undefined ? recheck : Math.min(recheck, Math.max(1000, next - this.o.now()));
      timer = setTimeout(tick, wait);
    };
    const tick = (): void => {
      if (stopped) return;
      running = this.pollDue()
        .catch((err: unknown) => this.o.log.error({ err }, 'feed poller: a poll round failed'))
        .then(schedule);
    };
    timer = setTimeout(() => {
      running = this.recoverPending()
        .catch((err: unknown) => this.o.log.error({ err }, 'feed poller: cannot announce the items of an unfinished poll'))
        .then(tick);
    }, 0);
    return {
      // Prompt, whatever a poll waits for (a server that never answers, a parse stuck in the
      // worker): fetches end, the round stops waiting on the parser, polls not yet writing are
      // left whole for the next one; polls writing their files finish them and record.
      stop: async () => {
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        abort.abort();
        await running;
        // Only the poller's own worker (ended even if stuck): one passed in belongs to the caller.
        if (this.o.parser === undefined) await parser.close();
      },
    };
  }
}

// One poll's decisions, given the feed's record, what the fetch returned and the items already
// seen: the request headers to send, then what to import, what to record, and when to come back.
// Nothing here fetches or writes; the poller (poller.ts) does, so every rule is tested on data.
import { createHash } from 'node:crypto';
import type { GetResult } from '../net/http-get.ts';
import type { FeedPollState, FeedRecord, FeedStatus, ItemRecord } from '../store/feeds.ts';
import { type FeedItem, type ParsedFeed, type ParseResult, parseFeedBody } from './parse.ts';
import { maxAgeS, nextAfterFailure, nextAfterSuccess, POLL_POLICY, type PollPolicy, type Random, retryAfterMs } from './schedule.ts';

/** An item to import: new, changed at its source (`replaces` is the file it became), or a failed one retried. */
export interface ItemWork {
  readonly item: FeedItem;
  readonly replaces?: string;
  readonly announce: boolean;
  readonly attempts: number;
  readonly firstSeenMs: number;
}

export interface PollPlan {
  readonly state: FeedPollState;
  readonly work: readonly ItemWork[];
  /** Items recorded without importing (too old). */
  readonly skipped: readonly ItemRecord[];
  readonly feed?: ParsedFeed;
}

export interface PlanContext {
  readonly nowMs: number;
  readonly random: Random;
  readonly policy?: PollPolicy;
}

/** A failed item is tried again at most this many times in all (when the feed changes). */
export const MAX_ITEM_ATTEMPTS = 3;

/** The User-Agent: the bot, its version, and how to reach whoever runs it (FEEDS_CONTACT). */
export function userAgent(version: string, contact: string | undefined): string {
  return `Attache/${version} (Discord bot citing news articles; feed reader${contact ? `; contact: ${contact}` : ''})`;
}

/** GET headers for a poll: the validators exactly as received, only those the server sent. */
export function requestHeaders(feed: Pick<FeedRecord, 'etag' | 'lastModified'>, ua: string): Record<string, string> {
  return {
    'user-agent': ua,
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
    ...(feed.etag !== undefined && feed.etag !== '' && { 'if-none-match': feed.etag }),
    ...(feed.lastModified !== undefined && feed.lastModified !== '' && { 'if-modified-since': feed.lastModified }),
  };
}

/** The charset from the header, else the XML declaration's encoding, else UTF-8 (JSON Feed is UTF-8). */
export function decodeFeed(bytes: Uint8Array, contentType = ''): string {
  let label = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  if (label === undefined) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    label = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  }
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const present = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

function statusAfter(failures: number, p: PollPolicy): FeedStatus {
  return failures >= p.disableAfter ? 'disabled' : failures >= p.failingAfter ? 'failing' : 'ok';
}

function failure(feed: FeedRecord, why: string, retryAfter: number | undefined, ctx: PlanContext, p: PollPolicy): PollPlan {
  const failures = feed.failures + 1;
  const status = statusAfter(failures, p);
  const reason = status === 'disabled' ? `disabled after ${failures} failed polls in a row; the last: ${why} (feeds add enables it again)` : why;
  return {
    state: {
      ...(feed.etag !== undefined && { etag: feed.etag }),
      ...(feed.lastModified !== undefined && { lastModified: feed.lastModified }),
      ...(feed.bodyHash !== undefined && { bodyHash: feed.bodyHash }),
      lastPollMs: ctx.nowMs,
      outcome: `failed: ${why}`,
      nextPollMs: nextAfterFailure(failures, retryAfter, ctx.nowMs, ctx.random, p),
      failures,
      status,
      reason,
    },
    work: [],
    skipped: [],
  };
}

/** A body parsed ahead of `planPoll` (the poller parses in a worker thread): its hash and what parsing gave. */
export interface ParsedBody {
  readonly bodyHash: string;
  readonly result: ParseResult;
}

const hashBody = (body: Uint8Array): string => createHash('sha256').update(body).digest('hex');

/**
 * The body `planPoll` would parse — a 200 whose body differs from the last one parsed (its hash
 * `lastBodyHash`) — with its
 * hash and content type; undefined when there is nothing to parse.
 */
export function bodyToParse(lastBodyHash: string | undefined, fetched: GetResult): { bytes: Uint8Array; contentType?: string; bodyHash: string } | undefined {
  if (!fetched.ok || fetched.status !== 200) return undefined;
  const bodyHash = hashBody(fetched.body);
  if (bodyHash === lastBodyHash) return undefined;
  const contentType = fetched.headers['content-type'];
  return { bytes: fetched.body, bodyHash, ...(contentType !== undefined && { contentType }) };
}

/** The poll's plan; `parsed` is the body as `bodyToParse` named it, parsed elsewhere (else it is parsed here). */
export function planPoll(feed: FeedRecord, fetched: GetResult, seen: ReadonlyMap<string, ItemRecord>, ctx: PlanContext, parsedBody?: ParsedBody): PollPlan {
  const p = ctx.policy ?? POLL_POLICY;
  if (!fetched.ok) return failure(feed, fetched.reason, undefined, ctx, p);
  const h = fetched.headers;
  if (fetched.status !== 200 && fetched.status !== 304) {
    const retry = fetched.status === 429 || fetched.status === 503 ? retryAfterMs(h['retry-after'], ctx.nowMs) : undefined;
    return failure(feed, `HTTP ${fetched.status}`, retry, ctx, p);
  }
  const hints = { intervalS: feed.intervalS, maxAgeS: maxAgeS(h['cache-control']) };
  const ok = (outcome: string, extra: Partial<FeedPollState>, parsed?: ParsedFeed): FeedPollState => ({
    lastPollMs: ctx.nowMs,
    outcome,
    nextPollMs: nextAfterSuccess({ ...hints, ...(parsed && { ttlMinutes: parsed.ttlMinutes, skipHours: parsed.skipHours, skipDays: parsed.skipDays }) }, ctx.nowMs, ctx.random, p),
    failures: 0,
    status: 'ok',
    ...extra,
  });
  if (fetched.status === 304) {
    // A 304 may repeat or renew the validators; without them, the stored ones still hold.
    const etag = present(h.etag) ?? feed.etag;
    const lastModified = present(h['last-modified']) ?? feed.lastModified;
    return {
      state: ok('not modified', { ...(etag !== undefined && { etag }), ...(lastModified !== undefined && { lastModified }), ...(feed.bodyHash !== undefined && { bodyHash: feed.bodyHash }) }),
      work: [],
      skipped: [],
    };
  }
  // A 200 replaces the validators: one the server no longer sends is no longer sent back.
  const etag = present(h.etag);
  const lastModified = present(h['last-modified']);
  const bodyHash = parsedBody?.bodyHash ?? hashBody(fetched.body);
  const validators = { ...(etag !== undefined && { etag }), ...(lastModified !== undefined && { lastModified }), bodyHash };
  if (bodyHash === feed.bodyHash) return { state: ok('unchanged (same body, not parsed)', validators), work: [], skipped: [] };

  const parsed = parsedBody?.result ?? parseFeedBody(decodeFeed(fetched.body, h['content-type']));
  if (!parsed.ok) return failure(feed, parsed.reason, undefined, ctx, p);
  const firstPoll = seen.size === 0 && feed.bodyHash === undefined;
  const oldest = ctx.nowMs - p.maxItemAgeDays * 86_400_000;
  const work: ItemWork[] = [];
  const skipped: ItemRecord[] = [];
  const taken = new Set<string>();
  for (const item of parsed.feed.items) {
    if (taken.has(item.identity)) continue; // the same item listed twice
    taken.add(item.identity);
    const before = seen.get(item.identity);
    if (before === undefined) {
      const published = item.published === undefined ? Number.NaN : Date.parse(item.published);
      if (!Number.isNaN(published) && published < oldest) {
        skipped.push({
          feedUrl: feed.url,
          identity: item.identity,
          contentHash: item.contentHash,
          status: 'skipped',
          reason: `published more than ${p.maxItemAgeDays} days ago`,
          attempts: 1,
          announce: false,
          firstSeenMs: ctx.nowMs,
          changedMs: ctx.nowMs,
        });
        continue;
      }
      work.push({ item, announce: !firstPoll, attempts: 1, firstSeenMs: ctx.nowMs });
    } else if (before.contentHash !== item.contentHash && before.status !== 'skipped') {
      // Changed at the source: rewrite the file it became (if any) rather than add a second one.
      work.push({ item, ...(before.file !== undefined && { replaces: before.file }), announce: before.announce, attempts: 1, firstSeenMs: before.firstSeenMs });
    } else if (before.status === 'failed' && before.attempts < MAX_ITEM_ATTEMPTS) {
      work.push({ item, announce: before.announce, attempts: before.attempts + 1, firstSeenMs: before.firstSeenMs });
    }
  }
  const outcome = `${parsed.feed.items.length} items, ${work.length} to import${skipped.length > 0 ? `, ${skipped.length} too old` : ''}`;
  return { state: ok(outcome, validators, parsed.feed), work, skipped, feed: parsed.feed };
}

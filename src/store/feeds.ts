// Feeds and the items seen in them: the store interface every backend implements, and the SQLite
// one, beside the settings in DATA_DIR (PostgreSQL's is postgres/feeds.ts), so `attache feeds …`,
// the bot's poller and `attache feeds run` in another process all see one state. Polls are claimed
// by moving `next_poll_ms` forward in one statement, so two pollers never fetch the same feed at once.
import type { Statement } from 'better-sqlite3';
import { databaseFile, type Db, openDatabase } from './db.ts';

export type FeedStatus = 'ok' | 'failing' | 'disabled';
export type FeedOrigin = 'cli' | 'file' | 'opml';

/** What an operator says about a feed (`feeds add`, feeds.yml, OPML). */
export interface FeedSettings {
  readonly url: string;
  readonly outlet?: string;
  /** Corpus folder the items are written into; default the first of CORPUS_DIRS. */
  readonly into?: string;
  readonly intervalS: number;
  readonly language?: string;
  readonly tags: readonly string[];
  readonly origin: FeedOrigin;
}

/** What the poller keeps between polls. */
export interface FeedPollState {
  /** Exactly as received; undefined when the server sent none (never sent back empty). */
  readonly etag?: string;
  readonly lastModified?: string;
  readonly bodyHash?: string;
  readonly lastPollMs?: number;
  readonly outcome?: string;
  readonly nextPollMs: number;
  readonly failures: number;
  readonly status: FeedStatus;
  readonly reason?: string;
}

export interface FeedRecord extends FeedSettings, FeedPollState {
  readonly addedMs: number;
  readonly polls: number;
  readonly imported: number;
}

export type ItemStatus = 'imported' | 'updated' | 'skipped' | 'failed';

export interface ItemRecord {
  readonly feedUrl: string;
  readonly identity: string;
  readonly contentHash: string;
  readonly status: ItemStatus;
  /** Absolute path of the corpus file written for it. */
  readonly file?: string;
  readonly reason?: string;
  readonly attempts: number;
  /** False for what the first poll of a feed found: it was there before anyone followed it. */
  readonly announce: boolean;
  readonly firstSeenMs: number;
  readonly changedMs: number;
}

/**
 * A new item's file about to be written, to be announced: recorded before the write and removed
 * with the poll's record, so a process that dies in between leaves it for the next start.
 */
export interface PendingItem {
  readonly feedUrl: string;
  readonly identity: string;
  /** Absolute path of the corpus file. */
  readonly file: string;
  readonly writtenMs: number;
}

interface FeedRow {
  url: string;
  outlet: string | null;
  into_dir: string | null;
  interval_s: number;
  language: string | null;
  tags: string;
  origin: FeedOrigin;
  added_ms: number;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  last_poll_ms: number | null;
  outcome: string | null;
  next_poll_ms: number;
  failures: number;
  status: FeedStatus;
  reason: string | null;
  polls: number;
  imported: number;
}

interface ItemRow {
  feed_url: string;
  identity: string;
  content_hash: string;
  status: ItemStatus;
  file: string | null;
  reason: string | null;
  attempts: number;
  announce: number;
  first_seen_ms: number;
  changed_ms: number;
}

const opt = <K extends string, V>(key: K, v: V | null): { [P in K]?: V } => (v === null ? {} : ({ [key]: v } as { [P in K]: V }));

function toRecord(r: FeedRow): FeedRecord {
  return {
    url: r.url,
    ...opt('outlet', r.outlet),
    ...opt('into', r.into_dir),
    intervalS: r.interval_s,
    ...opt('language', r.language),
    tags: JSON.parse(r.tags) as string[],
    origin: r.origin,
    addedMs: r.added_ms,
    ...opt('etag', r.etag),
    ...opt('lastModified', r.last_modified),
    ...opt('bodyHash', r.body_hash),
    ...opt('lastPollMs', r.last_poll_ms),
    ...opt('outcome', r.outcome),
    nextPollMs: r.next_poll_ms,
    failures: r.failures,
    status: r.status,
    ...opt('reason', r.reason),
    polls: r.polls,
    imported: r.imported,
  };
}

function toItem(r: ItemRow): ItemRecord {
  return {
    feedUrl: r.feed_url,
    identity: r.identity,
    contentHash: r.content_hash,
    status: r.status,
    ...opt('file', r.file),
    ...opt('reason', r.reason),
    attempts: r.attempts,
    announce: r.announce === 1,
    firstSeenMs: r.first_seen_ms,
    changedMs: r.changed_ms,
  };
}

/** Feed state, wherever it is kept (SQLite in DATA_DIR, or PostgreSQL with DATABASE_URL). */
export interface FeedStore {
  /**
   * Adds a feed, or changes the settings of one already there. Re-adding also re-enables a
   * disabled feed and polls it at once: it is how an operator says "try again".
   */
  upsert(s: FeedSettings, nowMs: number): Promise<void>;
  /** Removes a feed and what it remembers of its items (the corpus files stay). */
  remove(url: string): Promise<boolean>;
  get(url: string): Promise<FeedRecord | undefined>;
  /** Every feed, by address. */
  list(): Promise<FeedRecord[]>;
  /** Feeds due at `nowMs`, soonest first; disabled ones never. */
  due(nowMs: number): Promise<FeedRecord[]>;
  /** When the next feed is due (undefined: none to poll). */
  nextDue(): Promise<number | undefined>;
  /**
   * Takes the poll of `feed` for this process until `leaseUntilMs`, if no other poller took it
   * since it was read: true when this process should poll it.
   */
  claim(feed: FeedRecord, leaseUntilMs: number): Promise<boolean>;
  /** Gives back a claimed poll that was not made (the poller stopped): the feed is due again as it was, unless another poller took it meanwhile. */
  release(feed: FeedRecord, leaseUntilMs: number): Promise<void>;
  /** Records a poll's outcome and the items it wrote, in one transaction. */
  recordPoll(url: string, state: FeedPollState, items: readonly ItemRecord[], imported: number): Promise<void>;
  /** The items already seen in `url`, by identity. */
  items(url: string): Promise<Map<string, ItemRecord>>;
  /** Records files about to be written for new items to announce (removed by `recordPoll` of their feed). */
  markPending(items: readonly PendingItem[]): Promise<void>;
  /** What a process that died mid-poll left: files written (or about to be) whose poll was never recorded. */
  pending(): Promise<PendingItem[]>;
  /** Forgets pending items once handed to follows. */
  clearPending(items: readonly PendingItem[]): Promise<void>;
}

/**
 * The poller's own connection to the database in DATA_DIR, with `synchronous = NORMAL`: in WAL
 * mode a commit then waits for no fsync (checkpoints still do). A poll commits twice per feed
 * (claim, record), hundreds of times a minute with a few hundred feeds, and on a busy disk each
 * fsync held the event loop for tens to hundreds of milliseconds (`npm run bench -- --feeds 300`).
 * A killed process loses nothing; a power cut may lose the last polls' state, which the next poll
 * redoes (an item written again meets the duplicate check of its folder). Settings and follows
 * keep their fully synced connections.
 */
export function openFeedDatabase(dataDir: string): Db {
  const db = openDatabase(databaseFile(dataDir));
  db.pragma('synchronous = NORMAL');
  return db;
}

export class SqliteFeedStore implements FeedStore {
  /** Statements prepared once: preparing one per call cost the poller ~0.5 s of main thread per bench run. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private sql<P extends unknown[] | object = unknown[], R = unknown>(text: string): Statement<P, R> {
    let st = this.statements.get(text);
    if (st === undefined) {
      st = this.db.prepare(text);
      this.statements.set(text, st);
    }
    return st as unknown as Statement<P, R>;
  }

  /**
   * Adds a feed, or changes the settings of one already there. Re-adding also re-enables a
   * disabled feed and polls it at once: it is how an operator says "try again".
   */
  async upsert(s: FeedSettings, nowMs: number): Promise<void> {
    this.sql(
      `INSERT INTO feeds (url, outlet, into_dir, interval_s, language, tags, origin, added_ms, next_poll_ms)
         VALUES (:url, :outlet, :into, :interval, :language, :tags, :origin, :now, :now)
         ON CONFLICT (url) DO UPDATE SET outlet = excluded.outlet, into_dir = excluded.into_dir, interval_s = excluded.interval_s,
           language = excluded.language, tags = excluded.tags, origin = excluded.origin,
           status = CASE WHEN feeds.status = 'disabled' THEN 'ok' ELSE feeds.status END,
           failures = CASE WHEN feeds.status = 'disabled' THEN 0 ELSE feeds.failures END,
           next_poll_ms = CASE WHEN feeds.status = 'disabled' THEN :now ELSE feeds.next_poll_ms END`,
    ).run({
      url: s.url,
      outlet: s.outlet ?? null,
      into: s.into ?? null,
      interval: s.intervalS,
      language: s.language ?? null,
      tags: JSON.stringify(s.tags),
      origin: s.origin,
      now: nowMs,
    });
  }

  /** Removes a feed and what it remembers of its items (the corpus files stay). */
  async remove(url: string): Promise<boolean> {
    return this.db.transaction(() => {
      this.sql('DELETE FROM feed_items WHERE feed_url = ?').run(url);
      this.sql('DELETE FROM feed_pending WHERE feed_url = ?').run(url);
      return this.sql('DELETE FROM feeds WHERE url = ?').run(url).changes > 0;
    })();
  }

  async get(url: string): Promise<FeedRecord | undefined> {
    const row = this.sql<[string], FeedRow>('SELECT * FROM feeds WHERE url = ?').get(url);
    return row === undefined ? undefined : toRecord(row);
  }

  async list(): Promise<FeedRecord[]> {
    return this.sql<[], FeedRow>('SELECT * FROM feeds ORDER BY url').all().map(toRecord);
  }

  /** Feeds due at `nowMs`, soonest first; disabled ones never. */
  async due(nowMs: number): Promise<FeedRecord[]> {
    return this.sql<[number], FeedRow>("SELECT * FROM feeds WHERE status != 'disabled' AND next_poll_ms <= ? ORDER BY next_poll_ms").all(nowMs).map(toRecord);
  }

  /** When the next feed is due (undefined: none to poll). */
  async nextDue(): Promise<number | undefined> {
    const row = this.sql<[], { at: number | null }>("SELECT min(next_poll_ms) AS at FROM feeds WHERE status != 'disabled'").get();
    return row?.at ?? undefined;
  }

  /**
   * Takes the poll of `feed` for this process until `leaseUntilMs`, if no other poller took it
   * since it was read: true when this process should poll it.
   */
  async claim(feed: FeedRecord, leaseUntilMs: number): Promise<boolean> {
    return this.sql("UPDATE feeds SET next_poll_ms = ? WHERE url = ? AND next_poll_ms = ? AND status != 'disabled'").run(leaseUntilMs, feed.url, feed.nextPollMs).changes === 1;
  }

  async release(feed: FeedRecord, leaseUntilMs: number): Promise<void> {
    this.sql('UPDATE feeds SET next_poll_ms = ? WHERE url = ? AND next_poll_ms = ?').run(feed.nextPollMs, feed.url, leaseUntilMs);
  }

  /** Records a poll's outcome and the items it wrote, in one transaction. */
  async recordPoll(url: string, state: FeedPollState, items: readonly ItemRecord[], imported: number): Promise<void> {
    const putItem = this.sql(
      `INSERT INTO feed_items (feed_url, identity, content_hash, status, file, reason, attempts, announce, first_seen_ms, changed_ms)
       VALUES (:feed, :identity, :hash, :status, :file, :reason, :attempts, :announce, :first, :changed)
       ON CONFLICT (feed_url, identity) DO UPDATE SET content_hash = excluded.content_hash, status = excluded.status,
         file = coalesce(excluded.file, feed_items.file), reason = excluded.reason, attempts = excluded.attempts, changed_ms = excluded.changed_ms`,
    );
    this.db.transaction(() => {
      this.sql(
        `UPDATE feeds SET etag = :etag, last_modified = :lastModified, body_hash = :bodyHash, last_poll_ms = :lastPoll, outcome = :outcome,
             next_poll_ms = :next, failures = :failures, status = :status, reason = :reason, polls = polls + 1, imported = imported + :imported
           WHERE url = :url`,
      ).run({
        url,
        etag: state.etag ?? null,
        lastModified: state.lastModified ?? null,
        bodyHash: state.bodyHash ?? null,
        lastPoll: state.lastPollMs ?? null,
        outcome: state.outcome ?? null,
        next: state.nextPollMs,
        failures: state.failures,
        status: state.status,
        reason: state.reason ?? null,
        imported,
      });
      this.sql('DELETE FROM feed_pending WHERE feed_url = ?').run(url);
      for (const i of items) {
        putItem.run({
          feed: url,
          identity: i.identity,
          hash: i.contentHash,
          status: i.status,
          file: i.file ?? null,
          reason: i.reason ?? null,
          attempts: i.attempts,
          announce: i.announce ? 1 : 0,
          first: i.firstSeenMs,
          changed: i.changedMs,
        });
      }
    })();
  }

  /** The items already seen in `url`, by identity. */
  async items(url: string): Promise<Map<string, ItemRecord>> {
    const rows = this.sql<[string], ItemRow>('SELECT * FROM feed_items WHERE feed_url = ?').all(url);
    return new Map(rows.map((r) => [r.identity, toItem(r)]));
  }

  async markPending(items: readonly PendingItem[]): Promise<void> {
    const put = this.sql('INSERT OR REPLACE INTO feed_pending (feed_url, identity, file, written_ms) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const i of items) put.run(i.feedUrl, i.identity, i.file, i.writtenMs);
    })();
  }

  async pending(): Promise<PendingItem[]> {
    const rows = this.sql<[], { feed_url: string; identity: string; file: string; written_ms: number }>('SELECT * FROM feed_pending ORDER BY written_ms, feed_url, identity').all();
    return rows.map((r) => ({ feedUrl: r.feed_url, identity: r.identity, file: r.file, writtenMs: r.written_ms }));
  }

  async clearPending(items: readonly PendingItem[]): Promise<void> {
    const del = this.sql('DELETE FROM feed_pending WHERE feed_url = ? AND identity = ?');
    this.db.transaction(() => {
      for (const i of items) del.run(i.feedUrl, i.identity);
    })();
  }
}

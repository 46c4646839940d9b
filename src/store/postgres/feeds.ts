// Feed state in PostgreSQL (DATABASE_URL), the same semantics as SQLite (../feeds.ts): every
// replica and `attache feeds …` see one feed list, and whichever process takes over the feed
// lease continues from the poll state its predecessor left. A poll is claimed by a conditional
// UPDATE (compare-and-set on `next_poll_ms`); PostgreSQL re-checks the condition on the row
// version a concurrent claim committed, so of two claims of one read exactly one succeeds.
import type pg from 'pg';
import type { FeedPollState, FeedRecord, FeedSettings, FeedStore, ItemRecord, PendingItem } from '../feeds.ts';
import { inTransaction, type PgDatabase } from './db.ts';

interface FeedRow {
  url: string;
  outlet: string | null;
  into_dir: string | null;
  interval_s: number;
  language: string | null;
  tags: string[];
  origin: FeedRecord['origin'];
  added_ms: string;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  last_poll_ms: string | null;
  outcome: string | null;
  next_poll_ms: string;
  failures: number;
  status: FeedRecord['status'];
  reason: string | null;
  polls: number;
  imported: number;
}

interface ItemRow {
  feed_url: string;
  identity: string;
  content_hash: string;
  status: ItemRecord['status'];
  file: string | null;
  reason: string | null;
  attempts: number;
  announce: boolean;
  first_seen_ms: string;
  changed_ms: string;
}

const opt = <K extends string, V>(key: K, v: V | null): { [P in K]?: V } => (v === null ? {} : ({ [key]: v } as { [P in K]: V }));

// bigint columns come back as strings (node-pg does not guess at precision); ms fit a double.
function toRecord(r: FeedRow): FeedRecord {
  return {
    url: r.url,
    ...opt('outlet', r.outlet),
    ...opt('into', r.into_dir),
    intervalS: r.interval_s,
    ...opt('language', r.language),
    tags: r.tags,
    origin: r.origin,
    addedMs: Number(r.added_ms),
    ...opt('etag', r.etag),
    ...opt('lastModified', r.last_modified),
    ...opt('bodyHash', r.body_hash),
    ...opt('lastPollMs', r.last_poll_ms === null ? null : Number(r.last_poll_ms)),
    ...opt('outcome', r.outcome),
    nextPollMs: Number(r.next_poll_ms),
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
    announce: r.announce,
    firstSeenMs: Number(r.first_seen_ms),
    changedMs: Number(r.changed_ms),
  };
}

export class PgFeedStore implements FeedStore {
  constructor(private readonly db: PgDatabase) {}

  async upsert(s: FeedSettings, nowMs: number): Promise<void> {
    await this.db.pool.query(
      `INSERT INTO feeds (url, outlet, into_dir, interval_s, language, tags, origin, added_ms, next_poll_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (url) DO UPDATE SET outlet = excluded.outlet, into_dir = excluded.into_dir, interval_s = excluded.interval_s,
         language = excluded.language, tags = excluded.tags, origin = excluded.origin,
         status = CASE WHEN feeds.status = 'disabled' THEN 'ok' ELSE feeds.status END,
         failures = CASE WHEN feeds.status = 'disabled' THEN 0 ELSE feeds.failures END,
         next_poll_ms = CASE WHEN feeds.status = 'disabled' THEN $8 ELSE feeds.next_poll_ms END`,
      [s.url, s.outlet ?? null, s.into ?? null, s.intervalS, s.language ?? null, JSON.stringify(s.tags), s.origin, nowMs],
    );
  }

  remove(url: string): Promise<boolean> {
    return this.transaction(async (c) => {
      await c.query('DELETE FROM feed_items WHERE feed_url = $1', [url]);
      await c.query('DELETE FROM feed_pending WHERE feed_url = $1', [url]);
      return ((await c.query('DELETE FROM feeds WHERE url = $1', [url])).rowCount ?? 0) > 0;
    });
  }

  async get(url: string): Promise<FeedRecord | undefined> {
    const { rows } = await this.db.pool.query<FeedRow>('SELECT * FROM feeds WHERE url = $1', [url]);
    const row = rows[0];
    return row === undefined ? undefined : toRecord(row);
  }

  async list(): Promise<FeedRecord[]> {
    // COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.
    const { rows } = await this.db.pool.query<FeedRow>('SELECT * FROM feeds ORDER BY url COLLATE "C"');
    return rows.map(toRecord);
  }

  async due(nowMs: number): Promise<FeedRecord[]> {
    const { rows } = await this.db.pool.query<FeedRow>("SELECT * FROM feeds WHERE status <> 'disabled' AND next_poll_ms <= $1 ORDER BY next_poll_ms", [nowMs]);
    return rows.map(toRecord);
  }

  async nextDue(): Promise<number | undefined> {
    const { rows } = await this.db.pool.query<{ at: string | null }>("SELECT min(next_poll_ms) AS at FROM feeds WHERE status <> 'disabled'");
    const at = rows[0]?.at;
    return at === null || at === undefined ? undefined : Number(at);
  }

  async claim(feed: FeedRecord, leaseUntilMs: number): Promise<boolean> {
    const { rowCount } = await this.db.pool.query("UPDATE feeds SET next_poll_ms = $1 WHERE url = $2 AND next_poll_ms = $3 AND status <> 'disabled'", [leaseUntilMs, feed.url, feed.nextPollMs]);
    return rowCount === 1;
  }

  async release(feed: FeedRecord, leaseUntilMs: number): Promise<void> {
    await this.db.pool.query('UPDATE feeds SET next_poll_ms = $1 WHERE url = $2 AND next_poll_ms = $3', [feed.nextPollMs, feed.url, leaseUntilMs]);
  }

  recordPoll(url: string, state: FeedPollState, items: readonly ItemRecord[], imported: number): Promise<void> {
    return this.transaction(async (c) => {
      await c.query(
        `UPDATE feeds SET etag = $2, last_modified = $3, body_hash = $4, last_poll_ms = $5, outcome = $6,
           next_poll_ms = $7, failures = $8, status = $9, reason = $10, polls = polls + 1, imported = imported + $11
         WHERE url = $1`,
        [
          url,
          state.etag ?? null,
          state.lastModified ?? null,
          state.bodyHash ?? null,
          state.lastPollMs ?? null,
          state.outcome ?? null,
          state.nextPollMs,
          state.failures,
          state.status,
          state.reason ?? null,
          imported,
        ],
      );
      await c.query('DELETE FROM feed_pending WHERE feed_url = $1', [url]);
      for (const i of items) {
        await c.query(
          `INSERT INTO feed_items (feed_url, identity, content_hash, status, file, reason, attempts, announce, first_seen_ms, changed_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (feed_url, identity) DO UPDATE SET content_hash = excluded.content_hash, status = excluded.status,
             file = coalesce(excluded.file, feed_items.file), reason = excluded.reason, attempts = excluded.attempts, changed_ms = excluded.changed_ms`,
          [url, i.identity, i.contentHash, i.status, i.file ?? null, i.reason ?? null, i.attempts, i.announce, i.firstSeenMs, i.changedMs],
        );
      }
    });
  }

  async items(url: string): Promise<Map<string, ItemRecord>> {
    const { rows } = await this.db.pool.query<ItemRow>('SELECT * FROM feed_items WHERE feed_url = $1', [url]);
    return new Map(rows.map((r) => [r.identity, toItem(r)]));
  }

  markPending(items: readonly PendingItem[]): Promise<void> {
    return this.transaction(async (c) => {
      for (const i of items) {
        await c.query(
          `INSERT INTO feed_pending (feed_url, identity, file, written_ms) VALUES ($1, $2, $3, $4)
           ON CONFLICT (feed_url, identity) DO UPDATE SET file = excluded.file, written_ms = excluded.written_ms`,
          [i.feedUrl, i.identity, i.file, i.writtenMs],
        );
      }
    });
  }

  async pending(): Promise<PendingItem[]> {
    const { rows } = await this.db.pool.query<{ feed_url: string; identity: string; file: string; written_ms: string }>(
      'SELECT * FROM feed_pending ORDER BY written_ms, feed_url COLLATE "C", identity COLLATE "C"',
    );
    return rows.map((r) => ({ feedUrl: r.feed_url, identity: r.identity, file: r.file, writtenMs: Number(r.written_ms) }));
  }

  clearPending(items: readonly PendingItem[]): Promise<void> {
    return this.transaction(async (c) => {
      for (const i of items) await c.query('DELETE FROM feed_pending WHERE feed_url = $1 AND identity = $2', [i.feedUrl, i.identity]);
    });
  }

  private transaction<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.db.pool, work);
  }
}

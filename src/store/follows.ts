// Follows and their deliveries, behind one async interface for both backends: the SQL is written
// once (PostgreSQL's `$n` parameters; the SQLite adapter rewrites them) and run through a small
// `SqlRunner` that each backend provides. Delivery is recorded around every send: `sending`
// before the request, `sent` with the message id after, so a crash in between is known (see
// src/app/follows.ts), and a (follow, story) is one row: it can never be posted twice.
import path from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import type { Follow, NewFollow } from '../core/follows/follow.ts';
import { FollowError } from '../core/follows/follow.ts';
import type { StoryJoin } from '../core/follows/match.ts';
import type { PostData } from '../core/follows/post.ts';

export type DeliveryKind = 'post' | 'digest' | 'digested';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'digested';

/** What a digest lists: the heads of the stories over the quota, or the day's stories of a daily digest. */
export interface DigestData {
  readonly topic: string;
  readonly heads: readonly string[];
  /** A daily digest: its local date ("2026-03-29"), and each story's articles (head first). */
  readonly day?: string;
  readonly stories?: readonly (readonly string[])[];
}

export interface Delivery {
  readonly followId: number;
  readonly storyKey: string;
  readonly kind: DeliveryKind;
  readonly status: DeliveryStatus;
  readonly data: PostData | DigestData;
  readonly attempts: number;
  readonly firstAttemptMs?: number;
  readonly attemptMs?: number;
  readonly nextMs?: number;
  readonly lastError?: string;
  readonly messageId?: string;
  readonly createdMs: number;
}

/** A delivery to record: a post (with its articles), a digest, or a story listed in a digest. */
export interface NewDelivery {
  readonly followId: number;
  readonly storyKey: string;
  readonly kind: DeliveryKind;
  readonly data: PostData | DigestData;
  /** Articles that belong to it (none for a digest). */
  readonly articles: readonly string[];
  /** When to send it first (after the window in which copies may join). */
  readonly nextMs: number;
  /** A story listed in a digest (`digested`): that digest's key; absent, it waits for the follow's daily digest. */
  readonly digestKey?: string;
}

/** A follow with stories waiting for its daily digest, the oldest recorded at `waitingSinceMs`. */
export interface WaitingFollow extends Follow {
  readonly waitingSinceMs: number;
}

/** A follow with what /follow list tells about it. */
export interface FollowSummary extends Follow {
  readonly posted: number;
  readonly lastPostMs?: number;
  /** Waiting for their first send or a retry. */
  readonly waiting: number;
  /** Failing now (will be retried), given up, or of unknown outcome: with the last error. */
  readonly failing: number;
  readonly failed: number;
  readonly unknown: number;
  /** Stories waiting for the daily digest. */
  readonly collected: number;
  readonly lastError?: string;
  readonly nextRetryMs?: number;
  readonly window: { readonly startMs: number; readonly considered: number; readonly matched: number };
}

export interface RecordBatch {
  /** Inbox articles now matched (removed from the inbox). */
  readonly done: readonly string[];
  readonly deliveries: readonly NewDelivery[];
  readonly joins: readonly StoryJoin[];
  readonly counts: readonly { readonly followId: number; readonly considered: number; readonly matched: number }[];
  readonly nowMs: number;
  /** Counts older than this start again. */
  readonly windowMs: number;
}

export interface FollowStore {
  /** Adds a follow; rejects with FollowError when the server has `max` already. */
  add(follow: NewFollow, max: number): Promise<Follow>;
  list(guildId: string): Promise<FollowSummary[]>;
  get(guildId: string, id: number): Promise<Follow | undefined>;
  /** Removes a follow and its deliveries; false when the server has no such follow. */
  remove(guildId: string, id: number): Promise<boolean>;
  setPaused(guildId: string, id: number, paused: boolean): Promise<Follow | undefined>;
  /** Sets (minutes after local midnight) or clears (undefined) a follow's daily digest. */
  setDigest(guildId: string, id: number, minute: number | undefined): Promise<Follow | undefined>;
  /** Follows (not paused) with stories waiting for a daily digest, and when the oldest of those was recorded. */
  awaitingDigest(): Promise<WaitingFollow[]>;
  /**
   * Records the daily digest `key` of a follow, listing its waiting stories recorded before
   * `untilMs`, in one transaction: the number listed, 0 when there were none or `key` exists
   * already (a digest is recorded once, whatever process or restart asks).
   */
  recordDaily(followId: number, key: string, day: string, untilMs: number, nowMs: number): Promise<number>;
  /** Every follow not paused, of every server. */
  active(): Promise<Follow[]>;
  /** Articles to match once the corpus has them (kept across restarts). */
  enqueue(articleIds: readonly string[], nowMs: number): Promise<void>;
  inbox(): Promise<{ articleId: string; arrivedMs: number }[]>;
  /** Drops inbox articles that never reached the corpus. */
  dequeue(articleIds: readonly string[]): Promise<void>;
  /** Stories (posts) recorded for a follow since `sinceMs`, with the passage each shows. */
  recent(followId: number, sinceMs: number): Promise<{ storyKey: string; passageId: string }[]>;
  /** Posts recorded for a follow since `sinceMs` (the hourly quota). */
  postedSince(followId: number, sinceMs: number): Promise<number>;
  /** One batch of matching, in one transaction; a story whose article is already recorded for the follow joins that story. */
  record(batch: RecordBatch): Promise<void>;
  /** Posts and digests to send now (pending, or failed and due for a retry), of follows not paused. */
  due(nowMs: number, limit: number): Promise<Delivery[]>;
  /** Deliveries left `sending` by a process that stopped mid-send. */
  inDoubt(): Promise<Delivery[]>;
  /**
   * Marks a delivery as being sent, if it is still as read (`attempts` attempts so far, not sent):
   * false when another process took it meanwhile, so two processes never both send one post.
   */
  begin(followId: number, storyKey: string, attempts: number, nowMs: number): Promise<boolean>;
  sent(followId: number, storyKey: string, messageId: string, nowMs: number): Promise<void>;
  /** A failed attempt: retried at `nextMs`, or given up when undefined. */
  failed(followId: number, storyKey: string, error: string, nextMs: number | undefined): Promise<void>;
  /** A send whose outcome cannot be known any more: never sent again, reported. */
  unknown(followId: number, storyKey: string, error: string): Promise<void>;
  /** The channel a follow posts to (for the sender). */
  follow(id: number): Promise<Follow | undefined>;
}

/** The article id a corpus file becomes (its name without the extension, as the loader reads it). */
export function articleIdOfFile(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/, '');
}

/** The poller's report as the ids of the articles follows should look at (new ones, not updates or a feed's first poll). */
export function announcedArticles(items: readonly { file: string; announce: boolean }[]): string[] {
  return items.filter((i) => i.announce).map((i) => articleIdOfFile(i.file));
}

// ---------------------------------------------------------------------------------------------
// The SQL, shared

type Row = Record<string, unknown>;

/** What each backend runs the shared SQL with. `tx` runs `work` in one transaction, serialised. */
export interface SqlRunner {
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  tx<T>(work: (q: Pick<SqlRunner, 'all' | 'run'>) => Promise<T>): Promise<T>;
}

const num = (v: unknown): number => Number(v);
const opt = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function followOf(r: Row): Follow {
  return {
    id: num(r['id']),
    guildId: String(r['guild_id']),
    channelId: String(r['channel_id']),
    topic: String(r['topic']),
    ...(r['source'] !== null && r['source'] !== undefined && { source: String(r['source']) }),
    paused: num(r['paused']) === 1,
    ...(r['digest_minute'] !== null && r['digest_minute'] !== undefined && { digestMinute: num(r['digest_minute']) }),
    createdBy: String(r['created_by']),
    createdAt: num(r['created_ms']),
  };
}

function deliveryOf(r: Row): Delivery {
  const o = (k: string) => opt(r[k]);
  const first = o('first_attempt_ms');
  const at = o('attempt_ms');
  const next = o('next_ms');
  const err = optStr(r['last_error']);
  const msg = optStr(r['message_id']);
  return {
    followId: num(r['follow_id']),
    storyKey: String(r['story_key']),
    kind: String(r['kind']) as DeliveryKind,
    status: String(r['status']) as DeliveryStatus,
    data: JSON.parse(String(r['data'])) as PostData | DigestData,
    attempts: num(r['attempts']),
    ...(first !== undefined && { firstAttemptMs: first }),
    ...(at !== undefined && { attemptMs: at }),
    ...(next !== undefined && { nextMs: next }),
    ...(err !== undefined && { lastError: err }),
    ...(msg !== undefined && { messageId: msg }),
    createdMs: num(r['created_ms']),
  };
}

const FOLLOW_COLUMNS = 'id, guild_id, channel_id, topic, source, paused, digest_minute, created_by, created_ms';

/** A delivery `d` waiting for its follow's daily digest: collected for it, in none yet (the partial index `follow_deliveries_for_daily`). */
const WAITS_FOR_DAILY = "d.kind = 'digested' AND d.digest_key IS NULL";

export class SqlFollowStore implements FollowStore {
  constructor(private readonly sql: SqlRunner) {}

  add(f: NewFollow, max: number): Promise<Follow> {
    return this.sql.tx(async (q) => {
      const [count] = await q.all('SELECT count(*) AS n FROM follows WHERE guild_id = $1', [f.guildId]);
      if (num(count?.['n']) >= max) throw new FollowError(`This server follows ${max} topics already, the most it can; remove one with /follow remove first.`);
      const [row] = await q.all(
        `INSERT INTO follows (guild_id, channel_id, topic, source, paused, digest_minute, created_by, created_ms) VALUES ($1, $2, $3, $4, 0, $7, $5, $6) RETURNING ${FOLLOW_COLUMNS}`,
        [f.guildId, f.channelId, f.topic, f.source ?? null, f.createdBy, f.createdAt, f.digestMinute ?? null],
      );
      return followOf(row as Row);
    });
  }

  async list(guildId: string): Promise<FollowSummary[]> {
    const rows = await this.sql.all(
      `SELECT ${FOLLOW_COLUMNS}, window_start_ms, window_considered, window_matched,
         (SELECT count(*) FROM follow_deliveries d WHERE d.follow_id = f.id AND d.status = 'sent') AS posted,
         (SELECT max(sent_ms) FROM follow_deliveries d WHERE d.follow_id = f.id AND d.status = 'sent') AS last_post_ms,
         (SELECT count(*) FROM follow_deliveries d WHERE d.follow_id = f.id AND d.status IN ('pending', 'sending') AND d.attempts = 0) AS waiting,
         (SELECT count(*) FROM follow_deliveries d WHERE d.follow_id = f.id AND d.status IN ('pending', 'sending') AND d.attempts > 0) AS failing,
         (SELECT count(*) FROM follow_deliveries d WHERE d.follow_id = f.id AND d.status = 'failed') AS failed,
         (SELECT count(*) FROM follow_deliveries d WHERE d.follow_id = f.id AND d.status = 'unknown') AS unknown,
         (SELECT count(*) FROM follow_deliveries d WHERE d.follow_id = f.id AND ${WAITS_FOR_DAILY}) AS collected,
         (SELECT last_error FROM follow_deliveries d WHERE d.follow_id = f.id AND d.last_error IS NOT NULL AND d.status <> 'sent' ORDER BY attempt_ms DESC LIMIT 1) AS last_error,
         (SELECT min(next_ms) FROM follow_deliveries d WHERE d.follow_id = f.id AND d.status = 'pending' AND d.attempts > 0) AS next_retry_ms
       FROM follows f WHERE guild_id = $1 ORDER BY id`,
      [guildId],
    );
    return rows.map((r) => {
      const last = opt(r['last_post_ms']);
      const err = optStr(r['last_error']);
      const retry = opt(r['next_retry_ms']);
      return {
        ...followOf(r),
        posted: num(r['posted']),
        ...(last !== undefined && { lastPostMs: last }),
        waiting: num(r['waiting']),
        failing: num(r['failing']),
        failed: num(r['failed']),
        unknown: num(r['unknown']),
        collected: num(r['collected']),
        ...(err !== undefined && { lastError: err }),
        ...(retry !== undefined && { nextRetryMs: retry }),
        window: { startMs: num(r['window_start_ms']), considered: num(r['window_considered']), matched: num(r['window_matched']) },
      };
    });
  }

  async get(guildId: string, id: number): Promise<Follow | undefined> {
    const [row] = await this.sql.all(`SELECT ${FOLLOW_COLUMNS} FROM follows WHERE guild_id = $1 AND id = $2`, [guildId, id]);
    return row === undefined ? undefined : followOf(row);
  }

  async follow(id: number): Promise<Follow | undefined> {
    const [row] = await this.sql.all(`SELECT ${FOLLOW_COLUMNS} FROM follows WHERE id = $1`, [id]);
    return row === undefined ? undefined : followOf(row);
  }

  remove(guildId: string, id: number): Promise<boolean> {
    return this.sql.tx(async (q) => {
      const n = await q.run('DELETE FROM follows WHERE guild_id = $1 AND id = $2', [guildId, id]);
      if (n === 0) return false;
      await q.run('DELETE FROM follow_deliveries WHERE follow_id = $1', [id]);
      await q.run('DELETE FROM follow_articles WHERE follow_id = $1', [id]);
      return true;
    });
  }

  async setPaused(guildId: string, id: number, paused: boolean): Promise<Follow | undefined> {
    const [row] = await this.sql.all(`UPDATE follows SET paused = $3 WHERE guild_id = $1 AND id = $2 RETURNING ${FOLLOW_COLUMNS}`, [guildId, id, paused ? 1 : 0]);
    return row === undefined ? undefined : followOf(row);
  }

  async setDigest(guildId: string, id: number, minute: number | undefined): Promise<Follow | undefined> {
    const [row] = await this.sql.all(`UPDATE follows SET digest_minute = $3 WHERE guild_id = $1 AND id = $2 RETURNING ${FOLLOW_COLUMNS}`, [guildId, id, minute ?? null]);
    return row === undefined ? undefined : followOf(row);
  }

  async awaitingDigest(): Promise<WaitingFollow[]> {
    const rows = await this.sql.all(
      // A follow with none waiting has no oldest one (null).
      `SELECT * FROM (SELECT ${FOLLOW_COLUMNS}, (SELECT min(d.created_ms) FROM follow_deliveries d WHERE d.follow_id = f.id AND ${WAITS_FOR_DAILY}) AS waiting_since_ms
       FROM follows f WHERE paused = 0) w WHERE waiting_since_ms IS NOT NULL ORDER BY id`,
    );
    return rows.map((r) => ({ ...followOf(r), waitingSinceMs: num(r['waiting_since_ms']) }));
  }

  recordDaily(followId: number, key: string, day: string, untilMs: number, nowMs: number): Promise<number> {
    return this.sql.tx(async (q) => {
      const [exists] = await q.all('SELECT 1 AS x FROM follow_deliveries WHERE follow_id = $1 AND story_key = $2', [followId, key]);
      if (exists !== undefined) return 0;
      const rows = await q.all(
        `SELECT d.data, f.topic FROM follow_deliveries d JOIN follows f ON f.id = d.follow_id
         WHERE d.follow_id = $1 AND ${WAITS_FOR_DAILY} AND d.created_ms < $2 ORDER BY d.created_ms, d.story_key`,
        [followId, untilMs],
      );
      if (rows.length === 0) return 0;
      const stories = rows.map((r) => (JSON.parse(String(r['data'])) as PostData).articles);
      const data: DigestData = { topic: String(rows[0]?.['topic']), heads: stories.map((s) => s[0] ?? ''), day, stories };
      await q.run(`INSERT INTO follow_deliveries (follow_id, story_key, kind, status, data, next_ms, created_ms) VALUES ($1, $2, 'digest', 'pending', $3, $4, $4)`, [
        followId,
        key,
        JSON.stringify(data),
        nowMs,
      ]);
      // The same stories as listed above: those waiting, recorded before the digest's cut.
      await q.run(`UPDATE follow_deliveries AS d SET digest_key = $2 WHERE d.follow_id = $1 AND ${WAITS_FOR_DAILY} AND d.created_ms < $3`, [followId, key, untilMs]);
      return rows.length;
    });
  }

  async active(): Promise<Follow[]> {
    return (await this.sql.all(`SELECT ${FOLLOW_COLUMNS} FROM follows WHERE paused = 0 ORDER BY id`)).map(followOf);
  }

  async enqueue(articleIds: readonly string[], nowMs: number): Promise<void> {
    if (articleIds.length === 0) return;
    await this.sql.tx(async (q) => {
      for (const id of articleIds) await q.run('INSERT INTO follow_inbox (article_id, arrived_ms) VALUES ($1, $2) ON CONFLICT (article_id) DO NOTHING', [id, nowMs]);
    });
  }

  async inbox(): Promise<{ articleId: string; arrivedMs: number }[]> {
    return (await this.sql.all('SELECT article_id, arrived_ms FROM follow_inbox ORDER BY arrived_ms, article_id')).map((r) => ({
      articleId: String(r['article_id']),
      arrivedMs: num(r['arrived_ms']),
    }));
  }

  async dequeue(articleIds: readonly string[]): Promise<void> {
    if (articleIds.length === 0) return;
    await this.sql.tx(async (q) => {
      for (const id of articleIds) await q.run('DELETE FROM follow_inbox WHERE article_id = $1', [id]);
    });
  }

  async recent(followId: number, sinceMs: number): Promise<{ storyKey: string; passageId: string }[]> {
    // Stories listed in a digest count too: a late copy of one must not become a post of its own.
    const rows = await this.sql.all(`SELECT story_key, data FROM follow_deliveries WHERE follow_id = $1 AND kind IN ('post', 'digested') AND created_ms >= $2`, [followId, sinceMs]);
    return rows.map((r) => ({ storyKey: String(r['story_key']), passageId: (JSON.parse(String(r['data'])) as PostData).passageId }));
  }

  async postedSince(followId: number, sinceMs: number): Promise<number> {
    const [row] = await this.sql.all(`SELECT count(*) AS n FROM follow_deliveries WHERE follow_id = $1 AND kind = 'post' AND created_ms >= $2`, [followId, sinceMs]);
    return num(row?.['n']);
  }

  record(batch: RecordBatch): Promise<void> {
    return this.sql.tx(async (q) => {
      const joins: StoryJoin[] = [...batch.joins];
      for (const d of batch.deliveries) {
        // A story with an article already recorded for this follow (matched before a restart, or
        // a copy in an earlier batch) is that story: its other articles join it.
        let existing: string | undefined;
        for (const a of d.articles) {
          const [row] = await q.all('SELECT story_key FROM follow_articles WHERE follow_id = $1 AND article_id = $2', [d.followId, a]);
          if (row !== undefined) {
            existing = String(row['story_key']);
            break;
          }
        }
        if (existing !== undefined) {
          for (const a of d.articles) joins.push({ followId: d.followId, storyKey: existing, articleId: a });
          continue;
        }
        const status: DeliveryStatus = d.kind === 'digested' ? 'digested' : 'pending';
        const inserted = await q.run(
          `INSERT INTO follow_deliveries (follow_id, story_key, kind, status, data, next_ms, created_ms, digest_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (follow_id, story_key) DO NOTHING`,
          [d.followId, d.storyKey, d.kind, status, JSON.stringify(d.data), d.kind === 'digested' ? null : d.nextMs, batch.nowMs, d.digestKey ?? null],
        );
        if (inserted === 0) continue;
        for (const a of d.articles)
          await q.run('INSERT INTO follow_articles (follow_id, article_id, story_key) VALUES ($1, $2, $3) ON CONFLICT (follow_id, article_id) DO NOTHING', [d.followId, a, d.storyKey]);
      }
      for (const j of joins) {
        const added = await q.run('INSERT INTO follow_articles (follow_id, article_id, story_key) VALUES ($1, $2, $3) ON CONFLICT (follow_id, article_id) DO NOTHING', [
          j.followId,
          j.articleId,
          j.storyKey,
        ]);
        if (added === 0) continue;
        // A post not sent yet, or a story waiting for the daily digest, shows its copies as "also
        // reported by"; one already sent or listed stays as it was.
        const [row] = await q.all(
          `SELECT data FROM follow_deliveries WHERE follow_id = $1 AND story_key = $2
             AND ((kind = 'post' AND status = 'pending' AND attempts = 0) OR (kind = 'digested' AND digest_key IS NULL))`,
          [j.followId, j.storyKey],
        );
        if (row === undefined) continue;
        const data = JSON.parse(String(row['data'])) as PostData;
        if (data.articles.includes(j.articleId)) continue;
        await q.run('UPDATE follow_deliveries SET data = $3 WHERE follow_id = $1 AND story_key = $2', [j.followId, j.storyKey, JSON.stringify({ ...data, articles: [...data.articles, j.articleId] })]);
      }
      for (const c of batch.counts) {
        await q.run(
          `UPDATE follows SET
             window_considered = CASE WHEN window_start_ms = 0 OR window_start_ms < $2 THEN $3 ELSE window_considered + $3 END,
             window_matched = CASE WHEN window_start_ms = 0 OR window_start_ms < $2 THEN $4 ELSE window_matched + $4 END,
             window_start_ms = CASE WHEN window_start_ms = 0 OR window_start_ms < $2 THEN $5 ELSE window_start_ms END
           WHERE id = $1`,
          [c.followId, batch.nowMs - batch.windowMs, c.considered, c.matched, batch.nowMs],
        );
      }
      for (const id of batch.done) await q.run('DELETE FROM follow_inbox WHERE article_id = $1', [id]);
    });
  }

  async due(nowMs: number, limit: number): Promise<Delivery[]> {
    const rows = await this.sql.all(
      `SELECT d.* FROM follow_deliveries d JOIN follows f ON f.id = d.follow_id
       WHERE d.status = 'pending' AND d.next_ms <= $1 AND f.paused = 0 ORDER BY d.next_ms, d.created_ms LIMIT $2`,
      [nowMs, limit],
    );
    return rows.map(deliveryOf);
  }

  async inDoubt(): Promise<Delivery[]> {
    return (await this.sql.all(`SELECT * FROM follow_deliveries WHERE status = 'sending'`)).map(deliveryOf);
  }

  async begin(followId: number, storyKey: string, attempts: number, nowMs: number): Promise<boolean> {
    const n = await this.sql.run(
      `UPDATE follow_deliveries SET status = 'sending', attempts = attempts + 1, attempt_ms = $3, first_attempt_ms = coalesce(first_attempt_ms, $3)
       WHERE follow_id = $1 AND story_key = $2 AND status IN ('pending', 'sending') AND attempts = $4`,
      [followId, storyKey, nowMs, attempts],
    );
    return n === 1;
  }

  async sent(followId: number, storyKey: string, messageId: string, nowMs: number): Promise<void> {
    await this.sql.run(`UPDATE follow_deliveries SET status = 'sent', message_id = $3, sent_ms = $4, next_ms = NULL, last_error = NULL WHERE follow_id = $1 AND story_key = $2`, [
      followId,
      storyKey,
      messageId,
      nowMs,
    ]);
  }

  async failed(followId: number, storyKey: string, error: string, nextMs: number | undefined): Promise<void> {
    await this.sql.run(`UPDATE follow_deliveries SET status = $3, last_error = $4, next_ms = $5 WHERE follow_id = $1 AND story_key = $2`, [
      followId,
      storyKey,
      nextMs === undefined ? 'failed' : 'pending',
      error,
      nextMs ?? null,
    ]);
  }

  async unknown(followId: number, storyKey: string, error: string): Promise<void> {
    await this.sql.run(`UPDATE follow_deliveries SET status = 'unknown', last_error = $3, next_ms = NULL WHERE follow_id = $1 AND story_key = $2`, [followId, storyKey, error]);
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite

/**
 * The shared SQL on SQLite: `$n` parameters become `?` (better-sqlite3 has no numbered ones), each
 * statement prepared once, and transactions serialised in this process (a transaction's statements
 * run between awaits, so the store keeps its own connection: nothing else can run inside one of
 * its transactions). The bot runs it in a worker thread (`store-thread.ts`).
 */
export class SqliteRunner implements SqlRunner {
  private readonly statements = new Map<string, { stmt: Statement<unknown[]>; order: number[] }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Db) {}

  private args(sql: string, params: readonly unknown[]): { stmt: Statement<unknown[]>; values: unknown[] } {
    let p = this.statements.get(sql);
    if (p === undefined) {
      const order: number[] = [];
      const rewritten = sql.replace(/\$(\d+)/g, (_, n: string) => {
        order.push(Number(n) - 1);
        return '?';
      });
      p = { stmt: this.db.prepare<unknown[]>(rewritten), order };
      this.statements.set(sql, p);
    }
    return { stmt: p.stmt, values: p.order.map((i) => params[i]) };
  }

  private allNow(sql: string, params: readonly unknown[] = []): Row[] {
    const { stmt, values } = this.args(sql, params);
    if (stmt.reader) return stmt.all(...values) as Row[];
    stmt.run(...values);
    return [];
  }

  private runNow(sql: string, params: readonly unknown[] = []): number {
    const { stmt, values } = this.args(sql, params);
    return stmt.run(...values).changes;
  }

  async all(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    await this.queue.catch(() => undefined);
    return this.allNow(sql, params);
  }

  async run(sql: string, params?: readonly unknown[]): Promise<number> {
    await this.queue.catch(() => undefined);
    return this.runNow(sql, params);
  }

  tx<T>(work: (q: Pick<SqlRunner, 'all' | 'run'>) => Promise<T>): Promise<T> {
    const inner = { all: async (s: string, p?: readonly unknown[]) => this.allNow(s, p), run: async (s: string, p?: readonly unknown[]) => this.runNow(s, p) };
    const next = this.queue
      .catch(() => undefined)
      .then(async () => {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const out = await work(inner);
          this.db.exec('COMMIT');
          return out;
        } catch (err) {
          this.db.exec('ROLLBACK');
          throw err;
        }
      });
    this.queue = next;
    return next;
  }
}

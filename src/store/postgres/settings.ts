// Server settings in PostgreSQL, for replicas on several machines. Each replica caches settings
// in memory; a change is sent with NOTIFY inside the writing transaction (delivered on commit), and
// every replica's listener drops its copy at once. A lost listener connection means notifications
// may have been missed: until it is back (and then the cache is emptied, a full resync), every read
// goes to the database. A short TTL bounds what a missed notification could ever cost.
import pg from 'pg';
import { DEFAULT_SETTINGS, summarizeChange, type GuildSettings, type SettingsChange } from '../../core/policy.ts';
import type { Logger } from '../../log.ts';
import { type Actor, HISTORY_KEEP, type HistoryEntry, nextSettings, parseStoredSettings, type SettingsStore, storedChange } from '../settings.ts';
import { bounded, STORE_CALL_TIMEOUT_MS, StoreUnavailableError } from '../unavailable.ts';
import type { PgDatabase } from './db.ts';
import { isConnectionError } from './errors.ts';

export const SETTINGS_CHANNEL = 'attache_settings';

export interface PgSettingsOptions {
  readonly log: Logger;
  /** How long a cached entry is trusted while the listener is connected (default 5 s). */
  readonly ttlMs?: number;
  /** Per call (default STORE_CALL_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

interface Cached {
  readonly settings: GuildSettings;
  readonly at: number;
}

/** Reconnection waits double from this up to RECONNECT_MAX_MS. */
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

export class PgSettingsStore implements SettingsStore {
  private readonly cache = new Map<string, Cached>();
  /** Bumped by every invalidation: a read that started before one does not fill the cache. */
  private generation = 0;
  private listener: pg.Client | undefined;
  private listening = false;
  /** The schema this store's tables are in; notifications name it, so installations sharing a server stay apart. */
  private currentSchema: string | undefined;
  private closed = false;
  private reconnectMs = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly log: Logger;

  private constructor(
    private readonly db: PgDatabase,
    opts: PgSettingsOptions,
  ) {
    this.ttlMs = opts.ttlMs ?? 5000;
    this.timeoutMs = opts.timeoutMs ?? STORE_CALL_TIMEOUT_MS;
    this.now = opts.now ?? Date.now;
    this.log = opts.log.child({ component: 'settings-pg' });
  }

  /** The store with its listener connected (or reconnecting in the background if that failed). */
  static async open(db: PgDatabase, opts: PgSettingsOptions): Promise<PgSettingsStore> {
    const store = new PgSettingsStore(db, opts);
    await store.listen();
    return store;
  }

  /** Whether notifications are being received (the cache is used only then). */
  get connected(): boolean {
    return this.listening;
  }

  async get(guildId: string): Promise<GuildSettings> {
    const hit = this.cache.get(guildId);
    if (hit !== undefined && this.listening && this.now() - hit.at < this.ttlMs) return hit.settings;
    const generation = this.generation;
    try {
      const settings = await this.call('settings read', () => this.read(this.db.pool, guildId));
      if (generation === this.generation) this.cache.set(guildId, { settings, at: this.now() });
      return settings;
    } catch (err) {
      // The database is down: a copy we had is better than refusing every command; a change made
      // meanwhile could not have been stored anyway (writes fail closed).
      if (hit !== undefined && err instanceof StoreUnavailableError) {
        this.log.warn({ err, guildId }, 'settings database unavailable; answering with the last settings read');
        return hit.settings;
      }
      throw err;
    }
  }

  update(guildId: string, change: SettingsChange, actor: Actor): Promise<GuildSettings> {
    return this.call('settings write', async () => {
      const client = await this.db.pool.connect();
      let done = false;
      try {
        await client.query('BEGIN');
        // The server gives up waiting for a lock before the caller gives up waiting for us, so a
        // write reported unavailable was rolled back and can never commit later.
        await client.query(`SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)`, [`${Math.ceil(this.timeoutMs / 2)}ms`, `${this.timeoutMs}ms`]);
        // Serialises writers of one server, including its first write (no row to lock yet).
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('attache:guild:' || $1))`, [guildId]);
        const next = nextSettings(change.kind === 'reset' ? undefined : await this.read(client, guildId), change);
        if (change.kind === 'reset') await client.query('DELETE FROM guild_settings WHERE guild_id = $1', [guildId]);
        else {
          await client.query(
            `INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (guild_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
            [guildId, JSON.stringify(next), actor.at],
          );
        }
        await client.query('INSERT INTO settings_history (guild_id, user_id, at, change, summary) VALUES ($1, $2, $3, $4, $5)', [
          guildId,
          actor.userId,
          actor.at,
          JSON.stringify(change),
          summarizeChange(change),
        ]);
        await client.query(
          `DELETE FROM settings_history WHERE guild_id = $1 AND id < (
             SELECT id FROM settings_history WHERE guild_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)`,
          [guildId, HISTORY_KEEP - 1],
        );
        // Sent on commit, to every replica listening (this one included); the schema keeps
        // separate installations on one server apart.
        await client.query('SELECT pg_notify($1, json_build_object($2::text, current_schema(), $3::text, $4::text)::text)', [SETTINGS_CHANNEL, 'schema', 'guild', guildId]);
        await client.query('COMMIT');
        done = true;
        this.invalidate(guildId);
        return next;
      } finally {
        if (!done) await client.query('ROLLBACK').catch(() => {});
        client.release();
      }
    });
  }

  reset(guildId: string, actor: Actor): Promise<GuildSettings> {
    return this.update(guildId, { kind: 'reset' }, actor);
  }

  history(guildId: string, limit: number): Promise<HistoryEntry[]> {
    return this.call('settings history', async () => {
      const { rows } = await this.db.pool.query<{ user_id: string; at: string; change: unknown; summary: string }>(
        'SELECT user_id, at, change, summary FROM settings_history WHERE guild_id = $1 ORDER BY id DESC LIMIT $2',
        [guildId, limit],
      );
      return rows.map((row) => ({ userId: row.user_id, at: Number(row.at), change: storedChange.parse(row.change), summary: row.summary }));
    });
  }

  /** Stops listening; the pool belongs to the caller. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.listening = false;
    await this.listener?.end().catch(() => {});
  }

  private async read(q: pg.Pool | pg.PoolClient, guildId: string): Promise<GuildSettings> {
    const { rows } = await q.query<{ settings: unknown }>('SELECT settings FROM guild_settings WHERE guild_id = $1', [guildId]);
    const row = rows[0];
    return row === undefined ? DEFAULT_SETTINGS : parseStoredSettings(guildId, row.settings, 'PostgreSQL');
  }

  private call<T>(what: string, work: () => Promise<T>): Promise<T> {
    return bounded(`PostgreSQL (${what})`, this.timeoutMs, work, isConnectionError);
  }

  private invalidate(guildId?: string): void {
    this.generation++;
    if (guildId === undefined) this.cache.clear();
    else this.cache.delete(guildId);
  }

  /** Connects the listener; on any failure, retries in the background with a growing wait. */
  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ ...this.db.clientConfig, application_name: 'attache listener' });
    this.listener = client;
    let lost = false;
    const onLost = (err?: unknown): void => {
      if (lost) return;
      lost = true;
      this.listening = false;
      if (this.closed) return;
      this.log.warn({ err }, 'settings notifications lost; reading settings from the database until they are back');
      client.end().catch(() => {});
      this.reconnectTimer = setTimeout(() => void this.listen(), this.reconnectMs);
      this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MAX_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      if (msg.channel !== SETTINGS_CHANNEL || msg.payload === undefined) return;
      try {
        const { schema, guild } = JSON.parse(msg.payload) as { schema?: unknown; guild?: unknown };
        if (schema !== this.currentSchema || typeof guild !== 'string') return;
        this.invalidate(guild);
      } catch {
        this.invalidate();
      }
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      this.currentSchema = rows[0]?.schema;
      // Named with its schema (set by the schema option or by search_path in DATABASE_URL), so an
      // operator, or a test, can tell one installation's listeners apart in pg_stat_activity.
      await client.query(`SELECT set_config('application_name', $1, false)`, [`attache listener ${this.currentSchema ?? ''}`.trim()]);
      await client.query(`LISTEN ${SETTINGS_CHANNEL}`);
      // Whatever changed while no notification could arrive is read afresh: a full resync.
      this.invalidate();
      this.listening = !lost && !this.closed;
      this.reconnectMs = RECONNECT_MIN_MS;
      if (this.listening) this.log.info('listening for settings changes');
    } catch (err) {
      onLost(err);
    }
  }
}

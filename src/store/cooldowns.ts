// Per-user, per-command cooldowns: the interface every backend implements, and the SQLite one, so
// every process on the machine (gateway shards, HTTP replicas) agrees on who is cooling down. The row keeps the time of the last accepted use,
// not an expiry, so a moderator who shortens the cooldown sees it apply at once.
import Database from 'better-sqlite3';
import type { Db } from './db.ts';

export type CooldownResult = { readonly ok: true } | { readonly ok: false; readonly retryAt: number };

export interface CooldownStore {
  /**
   * Records a use of `command` at `nowMs` unless the user used it less than `seconds` ago.
   * Refused uses are not recorded, so retrying early does not push `retryAt` further.
   * `guildId` is any stable key; use the same one (e.g. "dm") for direct messages.
   */
  hit(guildId: string, userId: string, command: string, nowMs: number, seconds: number): Promise<CooldownResult>;
}

/**
 * The cooldowns' own connection to `file` (in WAL mode already: `openDatabase`), with
 * `synchronous = NORMAL`: a commit waits for no fsync (checkpoints still do). A killed process
 * loses nothing; a power cut may lose the last few stamps, which only lets those members in again
 * early. Settings and follows keep their fully synced connections. Used in a worker thread
 * (`sqliteCooldownStore`): a stamp is written on every command, and on a busy disk one fsynced
 * commit on the event loop took up to 70 ms, a wait for another writer's lock longer.
 */
export function openCooldownConnection(file: string, busyTimeoutMs: number): Db {
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.pragma('synchronous = NORMAL');
  return db;
}

export class SqliteCooldownStore implements CooldownStore {
  private readonly claim;
  private readonly lastUse;
  private readonly pruneOld;

  constructor(private readonly db: Db) {
    // Takes the slot only if the previous use is old enough (or in the future: the clock went back).
    this.claim = db.prepare<{ guild: string; user: string; command: string; now: number; ms: number }>(
      `INSERT INTO cooldowns (guild_id, user_id, command, last_ms) VALUES (:guild, :user, :command, :now)
       ON CONFLICT (guild_id, user_id, command) DO UPDATE SET last_ms = excluded.last_ms
       WHERE cooldowns.last_ms + :ms <= :now OR cooldowns.last_ms > :now`,
    );
    this.lastUse = db.prepare<[string, string, string], { last_ms: number }>('SELECT last_ms FROM cooldowns WHERE guild_id = ? AND user_id = ? AND command = ?');
    this.pruneOld = db.prepare<[number]>('DELETE FROM cooldowns WHERE last_ms < ?');
  }

  async hit(guildId: string, userId: string, command: string, nowMs: number, seconds: number): Promise<CooldownResult> {
    if (seconds <= 0) return { ok: true };
    const ms = seconds * 1000;
    return this.db
      .transaction((): CooldownResult => {
        const { changes } = this.claim.run({ guild: guildId, user: userId, command, now: nowMs, ms });
        if (changes > 0) return { ok: true };
        const row = this.lastUse.get(guildId, userId, command);
        // The row exists (the insert conflicted and was not updated); guard anyway.
        return row === undefined ? { ok: true } : { ok: false, retryAt: row.last_ms + ms };
      })
      .immediate();
  }

  /** Forgets uses older than `olderThanMs` (call with now minus the longest cooldown). */
  prune(olderThanMs: number): number {
    return this.pruneOld.run(olderThanMs).changes;
  }
}

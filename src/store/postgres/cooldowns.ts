// Cooldowns and the replay guard in PostgreSQL, for replicas without Redis. The same semantics as
// SQLite: the row keeps the last accepted use, so a shortened cooldown applies at once.
import type { CooldownResult, CooldownStore } from '../cooldowns.ts';
import type { ReplayGuard } from '../replay.ts';
import { bounded, STORE_CALL_TIMEOUT_MS } from '../unavailable.ts';
import type { PgDatabase } from './db.ts';
import { isConnectionError } from './errors.ts';

export class PgCooldownStore implements CooldownStore {
  constructor(
    private readonly db: PgDatabase,
    private readonly timeoutMs = STORE_CALL_TIMEOUT_MS,
  ) {}

  hit(guildId: string, userId: string, command: string, nowMs: number, seconds: number): Promise<CooldownResult> {
    if (seconds <= 0) return Promise.resolve({ ok: true });
    const ms = seconds * 1000;
    return bounded(
      'PostgreSQL (cooldown)',
      this.timeoutMs,
      async (): Promise<CooldownResult> => {
        // Takes the slot only if the previous use is old enough (or in the future: the clock went
        // back). A refused claim returns nothing; the use that holds the slot is read by a second
        // statement, whose snapshot sees a row another replica inserted at the same moment (one
        // statement's snapshot would not, and took the slot twice under concurrent uses).
        const claimed = await this.db.pool.query(
          `INSERT INTO cooldowns (guild_id, user_id, command, last_ms) VALUES ($1, $2, $3, $4)
           ON CONFLICT (guild_id, user_id, command) DO UPDATE SET last_ms = excluded.last_ms
           WHERE cooldowns.last_ms + $5 <= $4 OR cooldowns.last_ms > $4`,
          [guildId, userId, command, nowMs, ms],
        );
        if (claimed.rowCount === 1) return { ok: true };
        const { rows } = await this.db.pool.query<{ last_ms: string }>('SELECT last_ms FROM cooldowns WHERE guild_id = $1 AND user_id = $2 AND command = $3', [guildId, userId, command]);
        const row = rows[0];
        return row === undefined ? { ok: true } : { ok: false, retryAt: Number(row.last_ms) + ms };
      },
      isConnectionError,
    );
  }
}

/** Keys expire with their window; one call in PRUNE_EVERY also deletes the expired ones. */
const PRUNE_EVERY = 200;

export class PgReplayGuard implements ReplayGuard {
  private calls = 0;

  constructor(
    private readonly db: PgDatabase,
    private readonly timeoutMs = STORE_CALL_TIMEOUT_MS,
  ) {}

  firstSeen(key: string, nowMs: number, ttlMs: number): Promise<boolean> {
    return bounded(
      'PostgreSQL (replay guard)',
      this.timeoutMs,
      async () => {
        if (++this.calls % PRUNE_EVERY === 0) await this.db.pool.query('DELETE FROM interaction_replay WHERE expires_ms <= $1', [nowMs]);
        const { rowCount } = await this.db.pool.query(
          `INSERT INTO interaction_replay (key, expires_ms) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET expires_ms = excluded.expires_ms WHERE interaction_replay.expires_ms <= $3`,
          [key, nowMs + ttlMs, nowMs],
        );
        return rowCount === 1;
      },
      isConnectionError,
    );
  }
}

// Follows in PostgreSQL: the shared SQL of ../follows.ts on the pool, every call bounded (a
// server that does not answer is StoreUnavailableError, as for settings), each transaction on one
// client with a lock timeout so a stuck writer gives up before the caller does.
import { SqlFollowStore, type SqlRunner } from '../follows.ts';
import { bounded, STORE_CALL_TIMEOUT_MS } from '../unavailable.ts';
import { inTransaction, type PgDatabase } from './db.ts';
import { isConnectionError } from './errors.ts';

type Row = Record<string, unknown>;

class PgRunner implements SqlRunner {
  constructor(
    private readonly db: PgDatabase,
    private readonly timeoutMs: number,
  ) {}

  private call<T>(what: string, work: () => Promise<T>): Promise<T> {
    return bounded(`PostgreSQL (${what})`, this.timeoutMs, work, isConnectionError);
  }

  all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.call('follows read', async () => (await this.db.pool.query<Row>(sql, [...params])).rows);
  }

  run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.call('follows write', async () => (await this.db.pool.query(sql, [...params])).rowCount ?? 0);
  }

  tx<T>(work: (q: Pick<SqlRunner, 'all' | 'run'>) => Promise<T>): Promise<T> {
    return this.call('follows write', () =>
      inTransaction(this.db.pool, async (client) => {
        await client.query(`SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)`, [`${Math.ceil(this.timeoutMs / 2)}ms`, `${this.timeoutMs}ms`]);
        // One writer of follows at a time: the checks (follows per server, articles of a story) read then write.
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('attache:follows'))`);
        return work({
          all: async (s, p = []) => (await client.query<Row>(s, [...p])).rows,
          run: async (s, p = []) => (await client.query(s, [...p])).rowCount ?? 0,
        });
      }),
    );
  }
}

/** The follow store on PostgreSQL (tables from migration 2). */
export function pgFollowStore(db: PgDatabase, timeoutMs = 3 * STORE_CALL_TIMEOUT_MS): SqlFollowStore {
  return new SqlFollowStore(new PgRunner(db, timeoutMs));
}

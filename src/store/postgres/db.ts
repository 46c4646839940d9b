// Opens Attaché's PostgreSQL database (DATABASE_URL): a connection pool, and the schema brought up
// to date once, even when several replicas start together, refusing a database newer than the code.
import pg from 'pg';
import { StartupError } from '../../startup-error.ts';
import type { Migration } from '../migrations.ts';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './migrations.ts';

export interface PgOptions {
  /** postgres://user:pass@host:port/db */
  readonly url: string;
  /**
   * The schema Attaché's tables live in (search_path); default the server's (usually public).
   * Tests use a fresh one per run so runs never collide.
   */
  readonly schema?: string;
  /** Connections per replica (default 10). */
  readonly max?: number;
  readonly onMigrate?: (migration: Migration) => void;
  /** The steps to apply (tests pass a longer list to exercise an upgrade). */
  readonly migrations?: readonly Migration[];
}

export interface PgDatabase {
  readonly pool: pg.Pool;
  /** Pool settings for another connection (the notification listener). */
  readonly clientConfig: pg.ClientConfig;
  readonly schema: string | undefined;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Connection settings shared by the pool and the listener; the password is never logged. */
export function clientConfig(opts: PgOptions): pg.ClientConfig {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) throw new StartupError(`invalid PostgreSQL schema name ${JSON.stringify(opts.schema)}`);
  return {
    connectionString: opts.url,
    // A server that does not accept a connection within 2 s is treated as down (see unavailable.ts).
    connectionTimeoutMillis: 2000,
    // A statement stuck on a lock is abandoned by the server, freeing its connection.
    statement_timeout: 5000,
    ...(opts.schema !== undefined && { options: `-c search_path=${opts.schema}` }),
  };
}

/** Opens the pool and migrates; a StartupError names what is wrong (never the password). */
export async function openPostgres(opts: PgOptions): Promise<PgDatabase> {
  const config = clientConfig(opts);
  const pool = new pg.Pool({ ...config, max: opts.max ?? 10, application_name: 'attache' });
  // An idle connection that drops (server restart) is replaced on the next query; without a
  // listener the pool would crash the process with an unhandled 'error'.
  pool.on('error', () => {});
  try {
    await migrate(pool, opts.migrations ?? PG_MIGRATIONS, opts.onMigrate);
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof StartupError) throw err;
    throw new StartupError(`cannot use the PostgreSQL database at ${redact(opts.url)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return { pool, clientConfig: config, schema: opts.schema, close: () => pool.end() };
}

/**
 * Applies the pending steps, each in its own transaction, under a session advisory lock: replicas
 * starting together queue on the lock, and each finds the steps the first one applied already
 * recorded. A crash mid-step rolls that step back and releases the lock with the session.
 */
async function migrate(pool: pg.Pool, migrations: readonly Migration[], onMigrate: ((m: Migration) => void) | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    // Waiting for another replica's migration, or a long step, is not a stuck statement.
    await client.query('SET statement_timeout = 0');
    // Keyed by schema, so separate schemas (test runs) do not wait on each other.
    await client.query(`SELECT pg_advisory_lock(hashtext('attache:migrate:' || current_schema()))`);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS attache_schema (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM attache_schema');
      const current = rows[0]?.version ?? 0;
      if (current > migrations.length) {
        throw new StartupError(
          `the PostgreSQL database was written by a newer version of Attaché (schema ${current}, this version knows ${migrations.length}); refusing to use it. Run the newer version, or point DATABASE_URL at another database.`,
        );
      }
      for (const m of migrations.slice(current)) {
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO attache_schema (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new StartupError(`PostgreSQL migration ${m.version} (${m.name}) failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        onMigrate?.(m);
      }
    } finally {
      // A lost connection released the lock already; its error must not hide the first one.
      await client.query(`SELECT pg_advisory_unlock(hashtext('attache:migrate:' || current_schema()))`).catch(() => {});
    }
  } finally {
    // Closed rather than returned: it has no statement timeout, which pool queries must keep.
    client.release(true);
  }
}

/** The address without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.href;
  } catch {
    return '(an unreadable address)';
  }
}

export { PG_SCHEMA_VERSION };

/** Runs `work` on one pooled connection inside BEGIN … COMMIT; rolls back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let done = false;
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    done = true;
    return out;
  } finally {
    if (!done) await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

// A lease for work exactly one process may do at a time (polling feeds and writing the corpus):
// a PostgreSQL session advisory lock, held on a connection of its own for as long as that
// connection lives. When the holder dies (kill -9, a lost machine), PostgreSQL ends its session
// and frees the lock, and another process's next try takes it. Keyed by schema and name, so
// separate schemas (test runs) never contend.
import pg from 'pg';
import type { Logger } from '../../log.ts';

export interface LeaseOptions {
  readonly clientConfig: pg.ClientConfig;
  /** What the lease is for, e.g. "feeds". */
  readonly name: string;
  readonly log: Logger;
  /** How often a waiting process tries again (default 5 s); the holder checks its session twice as often. */
  readonly retryMs?: number;
  /** Called once the lease is taken; the work starts here. */
  readonly onAcquired: () => void;
  /** Called when a held lease is lost (the session ended); the work must stop before it resolves. */
  readonly onLost: () => Promise<void>;
}

export interface Lease {
  readonly held: boolean;
  /** Stops trying, and gives the lease up if held (after the caller stopped its work). */
  release(): Promise<void>;
}

const KEY = `hashtext('attache:lease:' || current_schema() || ':' || $1)`;

export function holdLease(opts: LeaseOptions): Lease {
  const retryMs = opts.retryMs ?? 5000;
  const log = opts.log.child({ component: 'lease', lease: opts.name });
  let client: pg.Client | undefined;
  let held = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let said = false;

  // The holder checks its session twice as often as the others try to take the lease.
  const checkMs = Math.max(50, Math.floor(retryMs / 2));
  const later = (fn: () => Promise<void>, ms = retryMs): void => {
    if (stopped) return;
    timer = setTimeout(() => void fn(), ms);
  };

  const drop = async (): Promise<void> => {
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
  };

  const lose = async (why: unknown): Promise<void> => {
    if (!held) return;
    held = false;
    log.warn({ err: why }, `lost the ${opts.name} lease (its database session ended); stopping until it is taken again`);
    await opts.onLost();
    await drop();
    later(attempt);
  };

  /** While held: a cheap query on the lease's own session shows it is still alive. */
  const check = async (): Promise<void> => {
    if (stopped || !held) return;
    try {
      await client?.query('SELECT 1');
      later(check, checkMs);
    } catch (err) {
      await lose(err);
    }
  };

  async function attempt(): Promise<void> {
    if (stopped) return;
    try {
      if (client === undefined) {
        const c = new pg.Client({ ...opts.clientConfig, application_name: `attache lease ${opts.name}`.slice(0, 63), keepAlive: true });
        // A session the server ends (restart, pg_terminate_backend) says so at once: the work stops
        // then, not at the next check. One lost without a word (a network cut) is found by the check.
        c.on('error', (err) => void lose(err));
        c.on('end', () => void lose(new Error('the lease session ended')));
        client = c;
        await c.connect();
      }
      const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${KEY}) AS ok`, [opts.name]);
      if (stopped) return;
      if (rows[0]?.ok === true) {
        held = true;
        log.info(`took the ${opts.name} lease: this process does the work`);
        opts.onAcquired();
        later(check, checkMs);
        return;
      }
      if (!said) log.info(`another process holds the ${opts.name} lease; trying again every ${retryMs / 1000} s`);
      said = true;
    } catch (err) {
      log.warn({ err }, `could not try the ${opts.name} lease; trying again in ${retryMs / 1000} s`);
      await drop();
    }
    later(attempt);
  }

  void attempt();
  return {
    get held() {
      return held;
    },
    async release() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      // Ending the session frees the lock.
      held = false;
      await drop();
    },
  };
}

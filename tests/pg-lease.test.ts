// The feed lease on PostgreSQL (src/store/postgres/lease.ts), in process: one holder at a time;
// a holder whose session is killed (pg_terminate_backend, as when its server restarts or the
// network drops it) stops its work before anyone else starts, and the lease is taken again.
// Needs TEST_DATABASE_URL (skipped without it).
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientConfig } from '../src/store/postgres/db.ts';
import { holdLease, type Lease } from '../src/store/postgres/lease.ts';
import { freshSchema, TEST_DATABASE_URL } from './support/services.ts';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(TEST_DATABASE_URL === undefined)('the lease', () => {
  it('has one holder; a holder whose session is killed stops, and the lease is taken again', async () => {
    const s = await freshSchema(TEST_DATABASE_URL ?? '');
    cleanups.push(s.drop);
    const config = clientConfig({ url: TEST_DATABASE_URL ?? '', schema: s.schema });
    // Who is working, as each holder's work would show it; never two at once.
    let working = 0;
    let overlapped = false;
    const events: string[] = [];
    const lease = (name: string): Lease => {
      const l = holdLease({
        clientConfig: config,
        name: `test-${s.schema}`,
        log,
        retryMs: 100,
        onAcquired: () => {
          working++;
          if (working > 1) overlapped = true;
          events.push(`${name} took`);
        },
        onLost: async () => {
          working--;
          events.push(`${name} lost`);
        },
      });
      cleanups.push(() => l.release());
      return l;
    };
    const a = lease('a');
    await vi.waitFor(() => expect(a.held).toBe(true), { timeout: 5000, interval: 20 });
    const b = lease('b');
    // b tries several times while a holds it.
    await new Promise((r) => setTimeout(r, 400));
    expect(b.held).toBe(false);

    await b.release();

    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    try {
      const killed = await admin.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(l.pid) AS ok FROM pg_locks l JOIN pg_stat_activity a USING (pid)
         WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1`,
        [`attache lease test-${s.schema}`],
      );
      expect(killed.rows).toEqual([{ ok: true }]);
    } finally {
      await admin.end();
    }
    // The holder hears of it and stops its work; the lock went with the session.
    await vi.waitFor(() => expect(events).toEqual(['a took', 'a lost']), { timeout: 5000, interval: 20 });
    expect(working).toBe(0);
    const c = lease('c');
    await vi.waitFor(() => expect(a.held || c.held).toBe(true), { timeout: 5000, interval: 20 });
    expect(a.held && c.held).toBe(false);
    expect(overlapped).toBe(false);
  });
});

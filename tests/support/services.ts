// The PostgreSQL and Redis servers that server-backed tests use: TEST_DATABASE_URL and
// TEST_REDIS_URL (CI sets both, see .ci/run). Unset, those tests are skipped; services-setup.ts
// says so once per run. Each test file works in a schema or key prefix of its own, dropped after.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] || undefined;
export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] || undefined;

/** A schema nobody else uses, and a function that drops it with everything in it. */
export async function freshSchema(url: string): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `attache_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A Redis key prefix nobody else uses. */
export function freshPrefix(): string {
  return `attache_test_${randomBytes(6).toString('hex')}:`;
}

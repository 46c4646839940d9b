// Vitest global setup: once per run, says that the server-backed tests are skipped when
// TEST_DATABASE_URL / TEST_REDIS_URL are unset, or fails the run when REQUIRE_SERVICES=1 (CI).
export default function setup(): void {
  const missing = ['TEST_DATABASE_URL', 'TEST_REDIS_URL'].filter((name) => !process.env[name]);
  // Vitest runs a global setup once per project (the three tiers inherit it), all in its main
  // process; one line is enough. (Not an environment variable: spawned bots would inherit it.)
  const noted = globalThis as { attacheServicesNoted?: boolean };
  if (missing.length === 0 || noted.attacheServicesNoted === true) return;
  noted.attacheServicesNoted = true;
  if (process.env['REQUIRE_SERVICES'] === '1') {
    throw new Error(`REQUIRE_SERVICES=1 but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set: the PostgreSQL and Redis tests must run here.`);
  }
  console.info(`Skipping the PostgreSQL/Redis-backed tests: ${missing.join(' and ')} not set (see README "Running at scale").`);
}

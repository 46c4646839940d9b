import fs from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

// Three tiers, chosen by list here rather than by folder so a test file never has to move:
// - unit: everything not listed below (pure functions, small fixtures, the seed corpus, the fake
//   Discord in process). The everyday run: `npm run test:unit`, seconds.
// - corpus: reads a whole real corpus (../shared/corpora/whitehouse-russia, 2,635 documents).
// - e2e: real processes, worker threads or timers: the CLI and the bot spawned, the benchmark.
// `npm test` (CI) runs all three. A new test file lands in unit unless it is added to a list.
const CORPUS_TESTS = [
  'tests/follow-match.test.ts',
  'tests/follow-service.test.ts',
  'tests/corpus-journal.test.ts',
  'tests/corpus-update.test.ts',
  'tests/events-corpus.test.ts',
  'tests/loader.test.ts',
  'tests/parallel-build.test.ts',
  'tests/passages.test.ts',
  'tests/quotes-corpus.test.ts',
  'tests/render-corpus.test.ts',
  'tests/search-equivalence.test.ts',
  'tests/search-segments.test.ts',
];
const E2E_TESTS = [
  'tests/bench-smoke.test.ts',
  'tests/bench-feeds-smoke.test.ts',
  'tests/cli-timeline-quote.test.ts',
  'tests/cli.test.ts',
  'tests/corpus-crash.test.ts',
  'tests/e2e-bot.test.ts',
  'tests/e2e-deploy.test.ts',
  'tests/gateway-metrics.test.ts',
  'tests/e2e-shard-processes.test.ts',
  'tests/gateway-shards.test.ts',
  'tests/pg-replicas.test.ts',
  'tests/feeds-bot.test.ts',
  'tests/feed-worker.test.ts',
  'tests/feed-lease.test.ts',
  'tests/follows-bot.test.ts',
  'tests/feeds-cli.test.ts',
  'tests/feeds-start.test.ts',
  'tests/reload.test.ts',
  'tests/replicas-lb.test.ts',
  'tests/replicas-outage.test.ts',
  'tests/serve-scale.test.ts',
  'tests/store-processes.test.ts',
];

// A renamed file would silently fall back to unit: name the stale entry instead.
for (const file of [...CORPUS_TESTS, ...E2E_TESTS]) {
  if (!fs.existsSync(new URL(file, import.meta.url))) throw new Error(`vitest.config.ts lists ${file}, which does not exist`);
}

export default defineConfig({
  test: {
    // Whole-corpus tests read 2,600 real documents; two run at once on a 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Once per run: says the PostgreSQL/Redis tests are skipped without TEST_DATABASE_URL and
    // TEST_REDIS_URL, or fails the run if REQUIRE_SERVICES=1 (CI) and either is missing.
    globalSetup: ['tests/support/services-setup.ts', 'tests/support/temp-setup.ts'],
    // Each tier names its files: Vitest 4 must be told where tests are, or it also runs stale
    // compiled copies. (No top-level `include`: `extends` would append it to every tier's.)
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, ...CORPUS_TESTS, ...E2E_TESTS] } },
      { extends: true, test: { name: 'corpus', include: CORPUS_TESTS } },
      { extends: true, test: { name: 'e2e', include: E2E_TESTS } },
    ],
  },
});

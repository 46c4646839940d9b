// The benchmark works end to end on the seeds corpus: every phase runs in its own process and
// reports every figure. Timings are not asserted (performance is for `npm run bench`, not CI).
import { describe, expect, it } from 'vitest';
import { formatReplicaBench, runReplicaBench } from '../src/bench/replicas.ts';
import { formatReport } from '../src/bench/report.ts';
import { runBench } from '../src/bench/run.ts';
import { formatRestartBench, runRestartBench } from '../src/bench/updates.ts';

describe('npm run bench (seeds only, quick)', () => {
  it('builds, cold-starts, measures commands, autocomplete, a rebuild and HTTP, and both baselines', async () => {
    const steps: string[] = [];
    const result = await runBench({ corpora: ['seeds'], quick: true, progress: (t) => steps.push(t) });
    expect(result.queries).toBeGreaterThanOrEqual(200);
    const [seeds] = result.corpora;
    expect(seeds?.corpus).toBe('seeds');
    if (!seeds) return;
    expect(seeds.build.articles).toBe(2);
    expect(seeds.build.passages).toBeGreaterThan(0);
    expect(seeds.serve.fromCache).toBe(true);
    // A real `attache ask` process answered from the cache, three times.
    expect(seeds.coldStart.runs).toHaveLength(3);
    expect(seeds.coldStart.medianMs).toBeGreaterThan(0);
    const ask = seeds.serve.commands['ask'];
    expect(ask?.summary.n).toBe(result.queries);
    expect(ask?.answered).toBeGreaterThan(0);
    expect(Object.keys(seeds.serve.autocomplete['ask query'] ?? {})).toEqual(['1', '2', '3-4', '5+']);
    expect(seeds.serve.duringRebuild?.summary.n).toBeGreaterThan(0);
    expect(seeds.serve.http?.map((h) => h.connections)).toEqual([1, 10, 50]);
    for (const h of seeds.serve.http ?? []) {
      expect(h.requests).toBeGreaterThan(0);
      expect(h.errors).toBe(0);
    }
    expect(seeds.baseline.minisearch.n).toBe(result.queries);
    expect(seeds.baseline.regex.n).toBe(result.queries);
    const text = formatReport(result);
    expect(text).toContain('## seeds: 2 articles');
    expect(text).toContain('minisearch defaults');
    expect(text).toContain('10 connections');
    expect(text).toContain('attache ask in a new process');
    expect(steps.some((s) => s.includes('HTTP endpoint'))).toBe(true);
  }, 120_000);
});

describe('npm run bench -- --replicas 2 (seeds, shared SQLite)', () => {
  it('starts one and then two serve processes behind the balancer, and every signed /ask is answered', async () => {
    const result = await runReplicaBench({ corpus: 'seeds', counts: [1, 2], concurrency: 4, quick: true, seconds: 2, progress: () => {} });
    expect(result.rows.map((r) => r.replicas)).toEqual([1, 2]);
    for (const row of result.rows) {
      expect(row.errors).toBe(0);
      expect(row.answered + row.deferred).toBeGreaterThan(0);
      expect(row.perReplica).toHaveLength(row.replicas);
      // Round robin: every replica answered its share.
      for (const n of row.perReplica) expect(n).toBeGreaterThan(0);
    }
    const text = formatReplicaBench(result);
    expect(text).toContain('| Replicas | Requests/s | p50 ms | p95 ms |');
    expect(text).toContain('SQLite in one shared DATA_DIR');
  }, 180_000);
});

describe('npm run bench -- --updates --restart-after 1 (seeds)', () => {
  it('adds the held file through the holder, then starts three times from the cache with every article', async () => {
    const result = await runRestartBench('seeds', 1, 1, () => {});
    expect(result.articles).toBe(2);
    expect(result.complete).toBe(true);
    expect(result.restartMs).toHaveLength(3);
    // Folded when the holder closed (a background compaction still running is stopped then): nothing left to replay.
    expect(result.logged).toBe(0);
    expect(result.closeMs).toBeGreaterThan(0);
    expect(formatRestartBench(result)).toContain('## restart after 1 additions on seeds (2 articles)');
  }, 120_000);
});

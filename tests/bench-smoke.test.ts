// The benchmark works end to end on the seeds corpus: every phase runs in its own process and
// reports every figure. Timings are not asserted (performance is for `npm run bench`, not CI).
import { describe, expect, it } from 'vitest';
import { formatReport } from '../src/bench/report.ts';
import { runBench } from '../src/bench/run.ts';

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

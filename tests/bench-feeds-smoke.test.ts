// `npm run bench -- --feeds N` works end to end on a few feeds: every published item is found by
// `ask` and posted through the follow, and every figure is reported. Timings are not asserted
// (the targets are measured by the bench itself, on a quiet machine).
import { expect, it } from 'vitest';
import { formatFeedBench, runFeedBench } from '../src/bench/feeds.ts';

it('publishes items on loopback feeds, finds each with ask, posts each once, and reports the figures', async () => {
  const steps: string[] = [];
  const r = await runFeedBench({ feeds: 4, items: 3, intervalS: 2, publishS: 2, progress: (t) => steps.push(t) });
  expect(r.items).toBe(3);
  expect(r.searchable.n).toBe(3);
  expect(r.posted.n).toBe(3);
  expect(r.notPosted).toBe(0);
  expect(r.pollToPost.n).toBe(3);
  expect(r.polls).toBeGreaterThan(0);
  expect(r.rssMaxMb).toBeGreaterThan(0);
  // Each stall of 50 ms or more is split by cause (none may occur on a quiet run).
  for (const a of [r.inPolls, r.all]) expect(a.causes.reduce((n, c) => n + c.stalls, 0)).toBe(a.stalls);
  const table = formatFeedBench(r);
  for (const row of [
    'publish → searchable (ask)',
    'publish → posted',
    'first served → posted',
    'event loop: longest stall',
    'GC pauses on the main thread',
    'stalls of 50 ms or more inside poll rounds',
    'all stalls of 50 ms or more',
    'RSS:',
  ])
    expect(table).toContain(row);
  expect(steps[0]).toBe('feeds: first poll of 4 feeds');
}, 180_000);

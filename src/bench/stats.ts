// Latency summaries: nearest-rank percentiles over every measured sample (no sampling, no smoothing).

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => (s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number));
  const mean = s.length === 0 ? 0 : s.reduce((x, y) => x + y, 0) / s.length;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? 0, mean };
}

/** Runs `fn` and returns its duration in milliseconds. */
export async function timed(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** The period of the benches' `monitorEventLoopDelay` timer: its samples are intervals between its ticks. */
export const LOOP_RESOLUTION_MS = 10;

/**
 * A pause read off `monitorEventLoopDelay`: its samples are the intervals between the ticks of its
 * own timer, so an idle loop records the resolution itself (10 ms for 10 ms); the pause is what lies beyond it.
 */
export function pauseBeyondTimer(intervalNs: number, resolutionMs: number): number {
  return Math.max(0, intervalNs / 1e6 - resolutionMs);
}

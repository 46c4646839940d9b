// How long folding the change log into the cache on closing would take, to skip it when the stop
// could not wait that long (the next start replays the log instead). The fold encodes and writes
// the whole corpus, so it costs about what the cache file weighs: estimated from its size at the
// rate of this process's last cache write, or, before any, at the slowest rate measured.

/**
 * Bytes a millisecond before any write was measured: 193 MB folded in 13 s on whitehouse-russia
 * at load 4–10 (the slowest of the fold's 5.5–13 s there), about 15 MB a second.
 */
export const DEFAULT_BYTES_PER_MS = 15_000;

export interface MeasuredWrite {
  /** The cache file's size. */
  readonly bytes: number;
  /** Encoding the corpus and its index, writing and syncing it. */
  readonly ms: number;
}

/** Milliseconds to write a cache of `bytes`, at the rate of `last` when there was one. */
export function foldEstimateMs(bytes: number, last: MeasuredWrite | undefined): number {
  const perMs = last && last.bytes > 0 && last.ms > 0 ? last.bytes / last.ms : DEFAULT_BYTES_PER_MS;
  return bytes / perMs;
}

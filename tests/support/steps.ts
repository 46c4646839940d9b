// Runs work written as steps (a generator that yields between turns) to its end in one go, as
// the tests of stepped updates, sorts and warm-ups need.

/** Runs `steps` to its end: how many times it yielded, and what it returned. */
export function countSteps<T>(steps: Generator<void, T>): { yields: number; value: T } {
  let yields = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { yields, value: r.value };
    yields++;
  }
}

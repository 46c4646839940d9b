// Runs a generator of small steps (`applyChangesInSteps`, `prepareUpdates`) on the main thread in
// slices of a few milliseconds (20: under the 50 ms pause budget, and few enough turns that a busy bot does not starve the update), yielding to the event loop between slices, so interactions that
// arrive meanwhile wait for one slice, not for the whole job.
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `steps` to its end, `sliceMs` of steps at a time; resolves with its result. */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs = 20): Promise<T> {
  for (;;) {
    const started = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - started >= sliceMs) break;
    }
    await nextTurn();
  }
}

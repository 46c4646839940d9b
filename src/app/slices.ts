// Runs a generator of small steps (`applyChangesInSteps`, `prepareUpdates`) on the main thread in
// slices of a few milliseconds, yielding to the event loop between slices, so interactions that
// arrive meanwhile wait for one slice, not for the whole job.
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `steps` to its end, `sliceMs` of steps at a time; resolves with its result. */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs = 8): Promise<T> {
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

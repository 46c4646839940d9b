// Runs a generator of small steps (`applyChangesInSteps`, `prepareUpdates`) on the main thread in
// slices of a few milliseconds, yielding to the event loop between slices, so interactions that
// arrive meanwhile wait for one slice, not for the whole job. 8 ms, as imports' slices: on a busy
// machine a turn's wall time is its CPU time stretched by the wait for a core (at load 10 on 2 cores
// the bench's 20 ms slices became stalls of 100 ms or more), so a shorter turn is a shorter stall.
// A step may yield a promise (a change log's fsync on libuv's pool): the run waits for it, the
// event loop does not.
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `steps` to its end, `sliceMs` of steps at a time; resolves with its result. */
export async function runInSlices<T>(steps: Generator<void | Promise<void>, T>, sliceMs = 8): Promise<T> {
  for (;;) {
    const started = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (r.value instanceof Promise) {
        await r.value;
        break;
      }
      if (performance.now() - started >= sliceMs) {
        await nextTurn();
        break;
      }
    }
  }
}

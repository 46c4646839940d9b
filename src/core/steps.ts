// Work written as a generator of small steps (`…InSteps`) runs between queries in the live bot
// (`runInSlices`) and at once everywhere else: this is the "at once".

/** Runs a generator of steps to its end at once (steps that wait for I/O need `runInSlices`). */
export function runAll<T>(steps: Generator<void | Promise<void>, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value instanceof Promise) {
      // Refused, but the I/O is under way: its failure (a change log's fsync) would otherwise be an
      // unhandled rejection, which ends the process. The error thrown here reports the misuse.
      r.value.catch(() => {});
      throw new Error('runAll: a step waits for I/O; run these steps with runInSlices');
    }
  }
}

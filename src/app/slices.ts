// Runs a generator of small steps (`applyChangesInSteps`, `prepareUpdates`) on the main thread in
// slices of a few milliseconds, yielding to the event loop between slices, so interactions that
// arrive meanwhile wait for one slice, not for the whole job. 8 ms, as imports' slices: on a busy
// machine a turn's wall time is its CPU time stretched by the wait for a core (at load 10 on 2 cores
// the bench's 20 ms slices became stalls of 100 ms or more), so a shorter turn is a shorter stall.
// A step may yield a promise (a change log's fsync on libuv's pool): the run waits for it, the
// event loop does not.
import { stepDone, turnRan, turnStarts } from '../core/turn-log.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `steps` to its end, `sliceMs` of steps at a time; resolves with its result. Turns left unnamed by the steps (`stepDone`) are named `name` at the end. */
export async function runInSlices<T>(steps: Generator<void | Promise<void>, T>, sliceMs = 8, name = 'slices'): Promise<T> {
  for (;;) {
    const started = turnStarts();
    let longest = 0;
    for (;;) {
      const stepStarted = performance.now();
      const r = steps.next();
      const now = performance.now();
      longest = Math.max(longest, now - stepStarted);
      if (r.done) {
        turnRan(started, longest);
        stepDone(name);
        return r.value;
      }
      if (r.value instanceof Promise) {
        turnRan(started, longest);
        await r.value;
        break;
      }
      if (now - started >= sliceMs) {
        turnRan(started, longest);
        await nextTurn();
        break;
      }
    }
  }
}

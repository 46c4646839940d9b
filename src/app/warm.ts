// Runs a corpus's warm-up steps in the background, a few slices per turn of the event loop (about
// 15 ms), so interactions that arrive meanwhile are answered between turns instead of waiting
// behind whole steps. (One slice per turn made an arrival's warm-up 3-5 times longer under a
// stream of queries: each turn waited for a query.)
import type { Corpus } from '../core/corpus.ts';
import { turnRan, turnStarts } from '../core/turn-log.ts';
import { warmUpSteps } from '../core/warm-up.ts';
import type { Logger } from '../log.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Milliseconds of slices run in one turn of the event loop. */
const TURN_MS = 15;

/** Resolves when every step has run; a failing step is logged and skipped (its work is redone on first use). */
/** `turnMs`: how long slices may run before the next turn of the event loop (0: one slice a turn). */
export async function warmCorpus(corpus: Corpus, log: Logger, turnMs = TURN_MS): Promise<void> {
  const started = performance.now();
  // Each step's longest slice, to find what pauses queries.
  const longest: Record<string, number> = {};
  await nextTurn();
  let turnStarted = turnStarts();
  // The turn's longest slice and its step, for the turn log.
  let turnLongest = 0;
  let turnStep = '';
  for (const step of warmUpSteps(corpus)) {
    const slices = step.slices();
    let max = 0;
    try {
      for (;;) {
        if (performance.now() - turnStarted >= turnMs) {
          turnRan(turnStarted, turnLongest, `warm:${turnStep}`);
          await nextTurn();
          turnStarted = turnStarts();
          turnLongest = 0;
        }
        const sliceStarted = performance.now();
        const done = slices.next().done;
        const ms = performance.now() - sliceStarted;
        max = Math.max(max, ms);
        if (ms >= turnLongest) [turnLongest, turnStep] = [ms, step.name];
        if (done) break;
      }
      longest[step.name] = Math.round(max);
    } catch (err) {
      log.warn({ step: step.name, err: err instanceof Error ? err.message : String(err) }, `corpus warm-up step ${step.name} failed`);
    }
  }
  turnRan(turnStarted, turnLongest, `warm:${turnStep}`);
  log.debug({ ms: Math.round(performance.now() - started), longest }, 'corpus warmed up');
}

// Runs a corpus's warm-up steps in the background, one slice per turn of the event loop, so
// interactions that arrive meanwhile are answered between slices instead of waiting behind them.
import type { Corpus } from '../core/corpus.ts';
import { warmUpSteps } from '../core/warm-up.ts';
import type { Logger } from '../log.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves when every step has run; a failing step is logged and skipped (its work is redone on first use). */
export async function warmCorpus(corpus: Corpus, log: Logger): Promise<void> {
  const started = performance.now();
  // Each step's longest slice (one turn of the event loop), to find what pauses queries.
  const longest: Record<string, number> = {};
  for (const step of warmUpSteps(corpus)) {
    const slices = step.slices();
    let max = 0;
    try {
      for (;;) {
        await nextTurn();
        const sliceStarted = performance.now();
        const done = slices.next().done;
        max = Math.max(max, performance.now() - sliceStarted);
        if (done) break;
      }
      longest[step.name] = Math.round(max);
    } catch (err) {
      log.warn({ step: step.name, err: err instanceof Error ? err.message : String(err) }, `corpus warm-up step ${step.name} failed`);
    }
  }
  log.debug({ ms: Math.round(performance.now() - started), longest }, 'corpus warmed up');
}

// Runs a corpus's warm-up steps in the background, one per turn of the event loop, so interactions
// that arrive meanwhile are answered between steps instead of waiting behind all of them.
import type { Corpus } from '../core/corpus.ts';
import { warmUpSteps } from '../core/warm-up.ts';
import type { Logger } from '../log.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves when every step has run; a failing step is logged and skipped (its work is redone on first use). */
export async function warmCorpus(corpus: Corpus, log: Logger): Promise<void> {
  const started = performance.now();
  for (const step of warmUpSteps(corpus)) {
    await nextTurn();
    try {
      step.run();
    } catch (err) {
      log.warn({ step: step.name, err: err instanceof Error ? err.message : String(err) }, `corpus warm-up step ${step.name} failed`);
    }
  }
  log.debug({ ms: Math.round(performance.now() - started) }, 'corpus warmed up');
}

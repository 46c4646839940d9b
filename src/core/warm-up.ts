// What a corpus builds on first use (lookups for autocomplete, the timeline, the search's scratch
// arrays), as separate steps a caller can run ahead of the first user who would otherwise wait for
// them: the speaker index alone took 70 ms of a first keystroke on whitehouse-all. The steps that
// read the whole corpus run in slices of a few milliseconds: an update warms its new corpus while
// the bot answers from the old one, and one whole step in one turn paused queries for 0.1-0.5 s.
import { prepareAskInSteps } from './ask.ts';
import type { Corpus } from './corpus.ts';
import { prepareQuotesInSteps } from './quote-answer.ts';
import { prepareTimelineInSteps } from './timeline-answer.ts';
import { prepareTopicsInSteps } from './topics.ts';

export interface WarmUpStep {
  readonly name: string;
  /** The step's work, yielding between slices (each a few ms on whitehouse-russia). */
  readonly slices: () => Generator<void, void>;
  /** All of it at once. */
  readonly run: () => void;
}

/** A step small enough for one turn. */
function* once(run: () => void): Generator<void, void> {
  yield* [];
  run();
}

function step(name: string, slices: () => Generator<void, void>): WarmUpStep {
  return {
    name,
    slices,
    run: () => {
      const s = slices();
      while (!s.next().done);
    },
  };
}

/** Each step is idempotent; the ones over the whole corpus yield every few thousand items. */
export function warmUpSteps(corpus: Corpus): WarmUpStep[] {
  return [
    step('lookups', () => corpus.prepareLookupsInSteps()),
    step('search', () => once(() => corpus.search.prepare())),
    step('speakers', () => corpus.prepareSpeakersInSteps()),
    step('typos', () => corpus.search.prepareFuzzyInSteps()),
    step('topics', () => prepareTopicsInSteps(corpus.topics)),
    step('timeline', () => prepareTimelineInSteps(corpus)),
    step('quotes', () => prepareQuotesInSteps(corpus)),
    step('acronyms', () => prepareAskInSteps(corpus)),
  ];
}

// What a corpus builds on first use (lookups for autocomplete, the timeline, the search's scratch
// arrays), as separate steps a caller can run ahead of the first user who would otherwise wait for
// them: the speaker index alone took 70 ms of a first keystroke on whitehouse-all.
import { prepareAsk } from './ask.ts';
import type { Corpus } from './corpus.ts';
import { prepareQuotes } from './quote-answer.ts';
import { prepareTimeline } from './timeline-answer.ts';
import { prepareTopics } from './topics.ts';

export interface WarmUpStep {
  readonly name: string;
  readonly run: () => void;
}

/** Each step is idempotent and takes tens of milliseconds on the largest corpus (typos and acronyms: a few hundred). */
export function warmUpSteps(corpus: Corpus): WarmUpStep[] {
  return [
    { name: 'lookups', run: () => void corpus.articleById },
    { name: 'search', run: () => corpus.search.prepare() },
    { name: 'speakers', run: () => void corpus.speakers },
    { name: 'typos', run: () => corpus.search.prepareFuzzy() },
    { name: 'topics', run: () => prepareTopics(corpus.topics) },
    { name: 'timeline', run: () => prepareTimeline(corpus) },
    { name: 'quotes', run: () => prepareQuotes(corpus) },
    { name: 'acronyms', run: () => prepareAsk(corpus) },
  ];
}

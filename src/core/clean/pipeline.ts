// The cleaning pipeline: body text in, article text and found metadata out. The order matters:
// spaces are normalised first so later patterns can be simple.
import { advertisementMarkers, dropEmpty, emptyBrackets, newsletterSignup, strayEmphasisMarks, videoCaptions } from './boilerplate.ts';
import { datelinePrefix, reportingCredit, updateStamp } from './metadata.ts';
import { toParagraphs, type BodyFormat } from './paragraphs.ts';
import type { CleanState, FoundMeta, Stage } from './stage.ts';
import { normaliseSpaces } from './whitespace.ts';

const STAGES: readonly Stage[] = [normaliseSpaces, strayEmphasisMarks, datelinePrefix, updateStamp, reportingCredit, advertisementMarkers, newsletterSignup, videoCaptions, emptyBrackets, dropEmpty];

export interface Cleaned {
  /** Paragraphs joined by one blank line. */
  readonly text: string;
  readonly meta: FoundMeta;
}

export function runStages(paragraphs: readonly string[], stages: readonly Stage[] = STAGES): CleanState {
  return stages.reduce<CleanState>((state, stage) => stage.apply(state), { paragraphs, meta: {} });
}

export function cleanBody(body: string, format: BodyFormat): Cleaned {
  const { paragraphs, meta } = runStages(toParagraphs(body, format));
  return { text: paragraphs.join('\n\n'), meta };
}

export type { BodyFormat, FoundMeta };

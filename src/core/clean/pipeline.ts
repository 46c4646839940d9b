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

/** Enough for any real text; each pass that changes something only cuts. */
const MAX_PASSES = 8;

/**
 * Runs the stages until a pass changes nothing. A cut can uncover another (`[()]` leaves `[]`,
 * `*()*` leaves `**`), and cleaning must be idempotent: an imported file is cleaned again when the
 * loader reads it, and must read back exactly as written. Metadata found first wins.
 */
export function runStages(paragraphs: readonly string[], stages: readonly Stage[] = STAGES): CleanState {
  const pass = (input: readonly string[]): CleanState => stages.reduce<CleanState>((state, stage) => stage.apply(state), { paragraphs: input, meta: {} });
  let state = pass(paragraphs);
  for (let i = 1; i < MAX_PASSES; i++) {
    const next = pass(state.paragraphs);
    if (sameParagraphs(next.paragraphs, state.paragraphs)) break;
    state = { paragraphs: next.paragraphs, meta: { ...next.meta, ...state.meta } };
  }
  return state;
}

function sameParagraphs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

export function cleanBody(body: string, format: BodyFormat): Cleaned {
  const { paragraphs, meta } = runStages(toParagraphs(body, format));
  return { text: paragraphs.join('\n\n'), meta };
}

export type { BodyFormat, FoundMeta };

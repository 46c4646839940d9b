// What a command returns: plain data that every renderer (Discord embeds, console text, JSON) turns
// into its own form. Commands never build Discord payloads themselves.
import type { Citation, Precision } from './types.ts';

/** A half-open character range [start, end) within an item's excerpt, to show in bold. */
export type Highlight = readonly [start: number, end: number];

export interface AnswerItem {
  /** Verbatim text from the corpus. Renderers may shorten it (with an ellipsis), never reword it. */
  readonly excerpt: string;
  /** Matched terms within `excerpt`, sorted and non-overlapping. */
  readonly highlights: readonly Highlight[];
  /** The sentence that best answers (/ask), as offsets into `excerpt`: renderers mark it. */
  readonly bestSentence?: { readonly start: number; readonly end: number };
  readonly citation: Citation;
  /** The event's or quote's own date, shown where it differs from the publication date. */
  readonly date?: { readonly iso: string; readonly precision: Precision; readonly label: string };
  /** Who said it, for quotes ("Vladimir Putin"); "Unattributed" is a renderer's word, not data. */
  readonly speaker?: string;
  /** The words that attribute a quote ("Trump told reporters"). */
  readonly cue?: string;
  /** The same text in other articles (wire copy, an event several sources report). */
  readonly alsoIn?: readonly Citation[];
}

/** Paging state: which page of how many (a button rebuilds the answer from the command's arguments and page: render/custom-id.ts). */
export interface Paging {
  /** 0-based page shown. */
  readonly page: number;
  readonly pageCount: number;
  /** Items in the whole answer (events, quotes, passages). */
  readonly total: number;
}

export interface Answer {
  /** The command that produced it ("ask", "timeline", ...). */
  readonly command: string;
  /** A short heading: `Results for “expelled diplomats”`. */
  readonly title: string;
  /** False when nothing in the corpus answers: `notice` then says so. */
  readonly answered: boolean;
  /** A sentence to show above the items (a summary, or why nothing answered). */
  readonly notice?: string;
  readonly items: readonly AnswerItem[];
  readonly paging?: Paging;
  /** Plain-text body for answers that are not results (help, about, sources, config). */
  readonly body?: string;
  /** Extra name/value facts (about, config show). */
  readonly fields?: readonly { readonly name: string; readonly value: string }[];
  /** The user did something wrong (a bad option): show privately, as an error. */
  readonly error?: boolean;
  /** Ask the adapter to reply privately whatever the server's default. */
  readonly ephemeral?: boolean;
}

export function errorAnswer(command: string, message: string): Answer {
  return { command, title: 'Cannot do that', answered: false, notice: message, items: [], error: true, ephemeral: true };
}

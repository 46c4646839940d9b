// A cleaning stage takes paragraphs and the metadata found so far, and returns both. Stages that
// remove a stamp or credit move what it says into `meta`, so nothing the text tells is lost.

export interface FoundMeta {
  /** From a `date 2025-02-13` prefix. */
  readonly published?: string;
  /** From an `Updated 12:50, 19-Jul-2018` stamp (ISO, no zone: the page gives none). */
  readonly updated?: string;
  /** From a reporting credit: the reporters and writers, in order. */
  readonly authors?: readonly string[];
  /** The credit line as printed, without its parentheses. */
  readonly credit?: string;
}

export interface CleanState {
  readonly paragraphs: readonly string[];
  readonly meta: FoundMeta;
}

export interface Stage {
  readonly name: string;
  readonly apply: (state: CleanState) => CleanState;
}

/** A stage that drops every paragraph matching `test`. */
export function dropParagraphs(name: string, test: (p: string) => boolean): Stage {
  return { name, apply: (s) => ({ ...s, paragraphs: s.paragraphs.filter((p) => !test(p)) }) };
}

/** A stage that rewrites each paragraph. */
export function mapParagraphs(name: string, fn: (p: string) => string): Stage {
  return { name, apply: (s) => ({ ...s, paragraphs: s.paragraphs.map(fn) }) };
}

// What an extractor (HTML, plain text, Markdown) found in one input, before cleaning and checks.

export interface Draft {
  readonly title?: string;
  readonly outlet?: string;
  readonly published?: string;
  readonly updated?: string;
  readonly authors?: readonly string[];
  readonly credit?: string;
  readonly url?: string;
  readonly language?: string;
  readonly tags?: readonly string[];
  /** Body paragraphs, not yet cleaned. */
  readonly paragraphs: readonly string[];
  /** Paragraph texts that were headings in the source (written back as `##`). */
  readonly headings?: ReadonlySet<string>;
  /** Front-matter fields of a Markdown input outside the corpus format, kept as they were. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** How a field was guessed, for the summary ("title taken from the lede"). */
  readonly notes?: readonly string[];
}

/** Values given on the command line: they win over what the input says. */
export interface Overrides {
  readonly title?: string;
  readonly outlet?: string;
  readonly published?: string;
  readonly language?: string;
  readonly tags?: readonly string[];
}

export type Extracted = { ok: true; draft: Draft } | { ok: false; reason: string };

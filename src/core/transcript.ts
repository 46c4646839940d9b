// Speaker labels of transcripts: `MS. PSAKI:`, `THE PRESIDENT:`, `SENIOR ADMINISTRATION OFFICIAL:`,
// and `Q` (or `Q:`) for a reporter's question. A label is upper case, short, and ends in a colon;
// longer upper-case lines ending in a colon are fact-sheet headings, not speakers.
const LABEL = /^(Q(?=[:\s])|(?:[A-Z][A-Z.'’-]*)(?: [A-Z][A-Z.'’-]*){0,3}(?= ?:))(?: ?:)?\s+/;
const NOT_LABELS = new Set(['NOTE', 'UPDATE', 'EDITOR’S NOTE', "EDITOR'S NOTE", 'FACT SHEET', 'WASHINGTON', 'END', 'BACKGROUND', 'SUMMARY']);

export interface LabelMatch {
  /** The label as printed, without the colon: `MS. PSAKI`, `Q`. */
  readonly label: string;
  /** Length of the label with its colon and the space after it. */
  readonly length: number;
}

export function speakerLabel(paragraph: string): LabelMatch | undefined {
  const m = LABEL.exec(paragraph);
  if (!m) return undefined;
  const label = (m[1] as string).trim();
  if (NOT_LABELS.has(label)) return undefined;
  // A single capital letter other than Q, or a label with no vowel-bearing word, is an initial or acronym.
  if (label !== 'Q' && !/[AEIOUY]/.test(label)) return undefined;
  if (label !== 'Q' && label.replace(/[^A-Z]/g, '').length < 2) return undefined;
  return { label, length: m[0].length };
}

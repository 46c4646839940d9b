// Sentence boundaries. ICU's segmenter (Intl.Segmenter, built into Node) does the heavy lifting;
// on its own it splits after titles and month abbreviations ("Mr. ", "Jan. "), so a small,
// explicit list of abbreviations joins those pieces back. No npm library does better for English
// news text without a model, so the merge rules are written here.

export interface Span {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// Abbreviations after which a period does not end a sentence (case-sensitive, without the dot).
const ABBREVIATIONS = new Set([
  'Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'Gen', 'Lt', 'Col', 'Maj', 'Capt', 'Sgt', 'Adm', 'Cmdr', 'Sen', 'Rep',
  'Gov', 'Pres', 'Amb', 'Sec', 'Secs', 'Hon', 'Rev', 'St', 'Jr', 'Sr', 'Messrs', 'Vol', 'Art',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'vs', 'etc', 'approx', 'Inc', 'Corp', 'Co', 'Ltd', 'Dept', 'Gov’t', 'Fig', 'e.g', 'i.e', 'Ph.D',
]);
const TIME_ZONES = /^(?:EDT|EST|CDT|CST|MDT|MST|PDT|PST|UTC|GMT|CET|CEST|MSK|BST|ET|PT)\b/;

let segmenter: Intl.Segmenter | undefined;

/** Whether the piece ending at `end` stops at an abbreviation that cannot end a sentence here. */
function endsInsideSentence(piece: string, next: string): boolean {
  // A paragraph break always ends a sentence.
  if (/\n\s*$/.test(piece)) return false;
  const trimmed = piece.trimEnd();
  const m = /(\S+)\.$/.exec(trimmed);
  if (!m) return false;
  const word = (m[1] ?? '').replace(/^[“"‘'(\[]+/, '');
  if (ABBREVIATIONS.has(word)) return true;
  // An initial ("J. Biden") or the first letters of an acronym are not sentence ends.
  if (/^[A-Z]$/.test(word)) return true;
  // "9:36 A.M. EDT": a time followed by its zone.
  if (/^(?:[AaPp]\.[Mm])$/.test(word) && TIME_ZONES.test(next)) return true;
  // The next piece starts in lower case or with a digit: the period was not a full stop.
  if (/^[a-z0-9]/.test(next)) return true;
  return false;
}

/**
 * Splits `text` into sentences. Every character of `text` belongs to exactly one span, so the spans
 * joined give back the text; `start`/`end` are offsets into `text` plus `offset`.
 */
export function splitSentences(text: string, offset = 0): Span[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  const pieces: { start: number; end: number }[] = [];
  for (const seg of segmenter.segment(text)) {
    const start = seg.index;
    const end = start + seg.segment.length;
    const prev = pieces[pieces.length - 1];
    if (prev && endsInsideSentence(text.slice(prev.start, prev.end), seg.segment)) prev.end = end;
    else pieces.push({ start, end });
  }
  return pieces.map(({ start, end }) => ({ text: text.slice(start, end), start: start + offset, end: end + offset }));
}

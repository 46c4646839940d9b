// Sentence boundaries. ICU's segmenter (Intl.Segmenter, built into Node) does the heavy lifting;
// on its own it splits after titles and month abbreviations ("Mr. ", "Jan. "), so a small,
// explicit list of abbreviations joins those pieces back. No npm library does better for English
// news text without a model, so the merge rules are written here.
// A "sentence" longer than MAX_SENTENCE_CHARS (a paragraph with no full stop) is cut at clauses or
// words: quotes, events and passages are built from sentences and must stay bounded.
import { cutLong } from './cuts.ts';

export interface Span {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// Abbreviations after which a period does not end a sentence (case-sensitive, without the dot).
const ABBREVIATIONS = new Set([
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'Prof',
  'Gen',
  'Lt',
  'Col',
  'Maj',
  'Capt',
  'Sgt',
  'Adm',
  'Cmdr',
  'Sen',
  'Rep',
  'Gov',
  'Pres',
  'Amb',
  'Sec',
  'Secs',
  'Hon',
  'Rev',
  'St',
  'Jr',
  'Sr',
  'Ft',
  'Mt',
  'Messrs',
  'Vol',
  'Art',
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Sept',
  'Oct',
  'Nov',
  'Dec',
  'vs',
  'etc',
  'approx',
  'Inc',
  'Corp',
  'Co',
  'Ltd',
  'Dept',
  'Gov’t',
  'Fig',
  'e.g',
  'i.e',
  'Ph.D',
]);
// Words that open a sentence far more often than they continue a name: after a dotted acronym
// ("U.S.", "U.N.", "D.C.") one of these (or a quotation mark) means the acronym ended the sentence
// ("She moved to the U.K. She likes it"); any other capitalised word continues it ("U.S. Attorney").
const SENTENCE_OPENERS = new Set(
  'A An The He She It I We You They This That These Those There Here His Her Its Our Their My Your But And Or So Yet If In On At As By For From To With Without After Before Since When While Where Why How What Who Which Although Though Because However Meanwhile Also Now Then Still Some Many Most Other Others All Both Each Every No Not One Two Three Last Next Earlier Later Today Yesterday'.split(
    ' ',
  ),
);
// AP-style state abbreviations ("Sacramento, Calif."): they end a sentence as often as they continue
// one, so they are read like dotted acronyms, by the word after them. ("Miss" and "Ind" are left out:
// a title and a party tag.)
const STATES = new Set('Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Kan Ky La Md Mass Mich Minn Mo Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo'.split(' '));
const TIME_ZONES = /^(?:EDT|EST|CDT|CST|MDT|MST|PDT|PST|UTC|GMT|CET|CEST|MSK|BST|ET|PT)\b/;

/** Longer than any sentence of the news corpora but a handful of lists (the longest is ~5,000). */
export const MAX_SENTENCE_CHARS = 2000;
/** endsInsideSentence only looks at the end of a piece: enough of it to see the last word. */
const TAIL = 200;

/**
 * Long texts go to ICU a window at a time: V8's segment iterator costs time in proportion to the
 * whole text for every segment (160 KB of short sentences took 6 s), so one long paragraph would
 * take minutes. Larger than nearly every paragraph, so their sentences are ICU's exactly.
 */
const WINDOW = 8192;

let segmenter: Intl.Segmenter | undefined;

/** ICU's sentence segments of `text`, as ranges, a bounded window at a time. */
function segmentRanges(text: string): { start: number; end: number }[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: { start: number; end: number }[] = [];
  for (let pos = 0; pos < text.length; ) {
    let windowEnd = Math.min(text.length, pos + WINDOW);
    if (windowEnd < text.length && /[\uDC00-\uDFFF]/.test(text[windowEnd] ?? '')) windowEnd--;
    const segs = Array.from(segmenter.segment(text.slice(pos, windowEnd)), (seg) => ({ start: pos + seg.index, end: pos + seg.index + seg.segment.length }));
    if (windowEnd === text.length) {
      out.push(...segs);
      break;
    }
    // The last segment may run past the window: it is segmented again at the start of the next.
    // One segment filling the whole window is a "sentence" longer than any kept whole: cut there.
    if (segs.length > 1) segs.pop();
    out.push(...segs);
    pos = (segs[segs.length - 1] as { end: number }).end;
  }
  return out;
}

/** Whether the piece ending at `end` stops at an abbreviation that cannot end a sentence here. */
function endsInsideSentence(piece: string, next: string): boolean {
  // A paragraph break always ends a sentence.
  if (/\n\s*$/.test(piece)) return false;
  const trimmed = piece.trimEnd();
  const m = /(\S+)\.$/.exec(trimmed);
  if (!m) return false;
  const word = (m[1] ?? '').replace(/^[“"‘'([]+/, '');
  if (ABBREVIATIONS.has(word)) return true;
  // An initial ("J. Biden") or the first letters of an acronym are not sentence ends.
  if (/^[A-Z]$/.test(word)) return true;
  // "9:36 A.M. EDT": a time followed by its zone; "at 10 P.M. Officials said" ends there.
  const time = /^(?:[AaPp]\.[Mm])$/.test(word);
  if (time && TIME_ZONES.test(next)) return true;
  // A dotted acronym ("U.S", "U.N", "D.C") or a state ("Calif") before a capitalised word that opens no sentence.
  if ((!time && /^(?:[A-Z]\.)+[A-Z]$/.test(word)) || STATES.has(word)) {
    const first = /^[A-Z][\p{L}’'-]*/u.exec(next)?.[0];
    if (first !== undefined) return !SENTENCE_OPENERS.has(first);
  }
  // The next piece starts in lower case or with a digit: the period was not a full stop.
  if (/^[a-z0-9]/.test(next)) return true;
  return false;
}

/**
 * Splits `text` into sentences. Every character of `text` belongs to exactly one span, so the spans
 * joined give back the text; `start`/`end` are offsets into `text` plus `offset`.
 */
export function splitSentences(text: string, offset = 0): Span[] {
  const pieces: { start: number; end: number }[] = [];
  for (const { start, end } of segmentRanges(text)) {
    const prev = pieces[pieces.length - 1];
    // Only the tail: joining many abbreviations must not re-read the whole piece each time.
    if (prev && endsInsideSentence(text.slice(Math.max(prev.start, prev.end - TAIL), prev.end), text.slice(start, Math.min(end, start + TAIL)))) prev.end = end;
    else pieces.push({ start, end });
  }
  const bounded = pieces.flatMap((p) => (p.end - p.start > MAX_SENTENCE_CHARS ? cutLong(text, p, { maxWords: Infinity, maxChars: MAX_SENTENCE_CHARS, trim: false }) : [p]));
  return bounded.map(({ start, end }) => ({ text: text.slice(start, end), start: start + offset, end: end + offset }));
}

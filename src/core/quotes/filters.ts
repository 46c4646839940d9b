// Quoted spans that are not quotations: titles and names in quotes ("Steele dossier"), words
// mentioned rather than said ("so-called"), and short scare quotes that nobody is said to have said.
import { wordCount } from './spans.ts';

const NAMING_BEFORE =
  /(?:known\s+as|so-called|so\s+called|dubbed|titled|entitled|named|nicknamed|labeled|labelled|branded|the\s+(?:word|words|term|phrase|slogan|hashtag|motto|title|name|headline|book|film|report|article|song|show|program|programme|operation|initiative)|called|termed|coined|under\s+the\s+banner(?:\s+of)?|marked|stamped|reads?)\s*(?:the\s+|a\s+|an\s+)?$/i;

// A naming verb, then what is named: "named the virus that causes it", "nicknamed their robot".
const NAMED_OBJECT = /\b(?:named|renamed|nicknamed|christened|dubbed)\s+(?:the|a|an|its|their|his|her|our)\s+[^,;:“”"().!?]{1,50}$/;
const TITLE_CASE = /^[A-Z0-9][^\s]*(?:\s+(?:[A-Z0-9][^\s]*|of|the|and|for|in|on|to|a|an|with))*[,.]?$/u;
const NAMING_VERB = /^(?:called|termed|marked|stamped|dubbed|labeled|labelled|branded)\b/i;

// A source list's line: a headline in quotes, then a dash, the outlet and the day it ran ("“Minister
// quits” — The Daily Courier, March 3, 2009"), perhaps after its author ("Jane Doe. “…” — …").
const CITATION_AFTER = /^[\s”"’']*[—–]\s*[A-Z][^\n“”"]{0,80}?,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}|\d{4}-\d{2}-\d{2})\s*$/;
const CITATION_BEFORE = /^(?:\s*(?:[A-Z][\p{L}.’'-]*\s+){0,3}[A-Z][\p{L}’'-]*\.)?[\s“"‘']*$/u;

/** Whether the span from `open` to `after` is a headline cited on a line of its own, `[lineStart, lineEnd)`. */
export function isCitedHeadline(text: string, lineStart: number, lineEnd: number, open: number, after: number): boolean {
  return CITATION_BEFORE.test(text.slice(lineStart, open)) && CITATION_AFTER.test(text.slice(after, lineEnd));
}

export const SCARE_QUOTES = 'scare quotes: nobody is said to have said it';

/** Why the span at `[open, …)` is a mention rather than a quotation, or undefined when it may be one. */
/**
 * `hasCue`: a cue names the speaker; `directCue`: the cue is the span's own; `cued`: a cue governs the
 * span even if it names nobody ("a spokesperson said").
 */
export function nonQuoteReason(text: string, sentenceStart: number, open: number, quoted: string, hasCue: boolean, directCue = false, cued = hasCue): string | undefined {
  const before = text.slice(Math.max(sentenceStart, open - 40), open);
  const words = wordCount(quoted);
  // "NBC's “Meet the Press,”", "ABC's “This Week.”": a title after a possessive name is a show's or a policy's name.
  if (/(?:^|\s)[A-Z][\p{L}.&-]*[’']s\s*$/u.test(before) && words <= 6 && TITLE_CASE.test(quoted)) return 'a name or title in quotes';
  // "the case “Eva Glawischnig-Piesczek vs. Facebook Ireland Limited”": a case's name.
  if (words <= 14 && /^[A-Z][^.!?]{0,80}?\s(?:v\.|vs\.?|versus)\s+[A-Z][^.!?]{0,80}$/.test(quoted.replace(/[.,]$/, ''))) return 'a case name in quotes';
  // "named the virus that causes it “severe acute respiratory syndrome coronavirus 2”": a name given.
  if (NAMED_OBJECT.test(text.slice(Math.max(sentenceStart, open - 70), open))) return 'a name or title in quotes';
  // 'Conolly said a law … marked a “sad day for NSW”': words in lower case after a naming verb are
  // a quotation when a cue names who said them; a name or title otherwise.
  const naming = NAMING_BEFORE.exec(before);
  // "The decree signed by the Pope read “The crimes … offend Our Lord; …”": a document that reads a
  // whole sentence or more is quoted, as a sign that reads three words is not.
  const readsText = naming !== null && /^reads?\b/i.test(naming[0]) && words > 8 && /[.;!?]/.test(quoted);
  if (naming && !readsText && !(hasCue && words >= 2 && /^\p{Ll}/u.test(quoted) && NAMING_VERB.test(naming[0]))) return 'a name or title in quotes';
  // One word is a scare quote unless a cue of its own says who said it ("Trump said it was “rigged.”").
  // The word must end its sentence, as a verdict does; mid-sentence it is a fragment ("posed “challenges” to").
  if (words <= 1 && !(directCue && /^\p{Ll}[\p{L}’'-]*[.!?]$/u.test(quoted))) return 'a single quoted word';
  // Every word capitalised and no sentence punctuation: a title ("National Security Strategy").
  if (!hasCue && words <= 10 && /^(?:[A-Z0-9][^\s]*|of|the|and|for|in|on|to|a|an|with)(?:\s+(?:[A-Z0-9][^\s]*|of|the|and|for|in|on|to|a|an|with))*[,.]?$/.test(quoted) && !/[.!?]\s/.test(quoted)) {
    return 'a title in quotes';
  }
  if (!hasCue && !cued && words <= 4) return SCARE_QUOTES;
  return undefined;
}

// Quoted spans that are not quotations: titles and names in quotes ("Steele dossier"), words
// mentioned rather than said ("so-called"), and short scare quotes that nobody is said to have said.
import { wordCount } from './spans.ts';

const NAMING_BEFORE =
  /(?:known\s+as|so-called|so\s+called|dubbed|titled|entitled|named|nicknamed|labeled|labelled|branded|the\s+(?:word|words|term|phrase|slogan|hashtag|motto|title|name|headline|book|film|report|article|song|show|program|programme|operation|initiative)|called|termed|coined|under\s+the\s+banner(?:\s+of)?|marked|stamped|reads?)\s*(?:the\s+|a\s+|an\s+)?$/i;

export const SCARE_QUOTES = 'scare quotes: nobody is said to have said it';

/** Why the span at `[open, …)` is a mention rather than a quotation, or undefined when it may be one. */
/**
 * `hasCue`: a cue names the speaker; `directCue`: the cue is the span's own; `cued`: a cue governs the
 * span even if it names nobody ("a spokesperson said").
 */
export function nonQuoteReason(text: string, sentenceStart: number, open: number, quoted: string, hasCue: boolean, directCue = false, cued = hasCue): string | undefined {
  const before = text.slice(Math.max(sentenceStart, open - 40), open);
  if (NAMING_BEFORE.test(before)) return 'a name or title in quotes';
  const words = wordCount(quoted);
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

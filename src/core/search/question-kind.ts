// What a question asks for, read from its wording ("who", "when", "how many", "where", "what did
// X call Y"), and whether a sentence holds it: the reranker prefers such sentences, and the
// answerability model counts a best sentence that lacks it.

/** What a question asks for, read from its wording ("who", "when", "how many", "where"). */
export type AskedFor = 'person' | 'date' | 'number' | 'place' | undefined;

export function askedFor(question: string): AskedFor {
  const q = question.toLowerCase();
  if (/\bhow (?:many|much|old|long|far)\b|\bwhat (?:number|amount|percentage|share)\b/.test(q)) return 'number';
  if (/\bwhen\b|\bwhat (?:day|date|year|month|time)\b|\bwhich (?:day|date|year|month)\b/.test(q)) return 'date';
  if (/\bwho(?:m|se)?\b|\bwhich (?:leader|official|person|people|president|senator|americans?|company|firm|country|countries)\b/.test(q)) return 'person';
  if (/\bwhere\b|\bwhich (?:city|town|place|prison|hospital|country)\b/.test(q)) return 'place';
  return undefined;
}

const MONTH_WORD = /\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b/;
const DATE_WORD = /\b(?:(?:19|20)\d\d|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|last (?:week|month|year)|this (?:week|month|year))\b/i;
const NUMBER_WORD = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|half|twice)\b/i;
// Two capitalised words in a row, not at the sentence's start: a name ("Paul Whelan", "Steve Witkoff").
const NAME = /(?<=\S\s+)[A-Z][\p{Ll}'’-]+(?:\s+[A-Z][\p{Ll}'’-]+)+/u;
const PLACE = /\b(?:in|at|from|to|near)\s+(?:the\s+)?[A-Z][\p{Ll}]+/u;

/** Whether the sentence holds what the question asks for. */
export function holdsAskedFor(kind: AskedFor, sentence: string): boolean {
  switch (kind) {
    case 'number':
      return NUMBER_WORD.test(sentence);
    case 'date':
      return MONTH_WORD.test(sentence) || DATE_WORD.test(sentence);
    case 'person':
      return NAME.test(sentence);
    case 'place':
      return PLACE.test(sentence);
    case undefined:
      return true;
  }
}

/** A question after someone's own words: "what did X call Y", "how did X describe Y", "what did X say about Y". */
export function asksForWords(question: string): boolean {
  return /\bwhat (?:did|does|do|has|have|had) [\p{L} .'’-]+? (?:call|say|said|describe|label|term|dub)\b|\bhow (?:did|does|do|has|have) [\p{L} .'’-]+? (?:describe|characteri[sz]e|call)\b|\bin what words\b|\bquote\b/iu.test(
    question,
  );
}

/** A quotation of two words or more: “pragmatic and trusting”. */
export function holdsQuotation(sentence: string): boolean {
  return /["“][^"“”]*\s[^"“”]*["”]/u.test(sentence);
}

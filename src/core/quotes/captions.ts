// Caption headers of broadcast pieces: an upper-case name and role before the quote,
// `VLADIMIR PUTIN RUSSIAN PRESIDENT "It is possible..."`. The speaker is the name part.

export interface Caption {
  /** The whole header as written ("VLADIMIR PUTIN RUSSIAN PRESIDENT"). */
  readonly cue: string;
  /** The words that name the speaker, as far as they can be told from the role ("VLADIMIR PUTIN"). */
  readonly name: string;
  /** Candidate names, longest first: the caller takes the first one that it knows. */
  readonly candidates: readonly string[];
}

// Words that start the role part of a caption: nationality, office, or "former".
const ROLE_START = new Set([
  'US',
  'U.S.',
  'USA',
  'AMERICAN',
  'RUSSIAN',
  'UKRAINIAN',
  'BRITISH',
  'UK',
  'FRENCH',
  'GERMAN',
  'CHINESE',
  'EU',
  'NATO',
  'UN',
  'FORMER',
  'PRESIDENT',
  'PRIME',
  'MINISTER',
  'FOREIGN',
  'SECRETARY',
  'SPOKESMAN',
  'SPOKESWOMAN',
  'SPOKESPERSON',
  'KREMLIN',
  'WHITE',
  'SENATOR',
  'SENIOR',
  'DIRECTOR',
  'CHAIRMAN',
  'AMBASSADOR',
  'GENERAL',
  'CEO',
  'PROFESSOR',
  'ANALYST',
  'EXPERT',
  'RESEARCHER',
  'HEAD',
  'LEADER',
  'DEPUTY',
  'CHIEF',
  'MEMBER',
  'STATE',
  'DEFENSE',
  'NATIONAL',
  'THE',
  'OF',
]);

const CAPTION_RE = /^((?:[A-Z][A-Z.'’-]*\s+){1,9}?[A-Z][A-Z.'’-]*)\s+(?=["“])/;

/** The caption header opening the paragraph at `start`, if the paragraph is `HEADER "quote"`. */
export function readCaption(text: string, start: number): Caption | undefined {
  const m = CAPTION_RE.exec(text.slice(start, start + 120));
  if (!m) return undefined;
  const cue = m[1] ?? '';
  const words = cue.split(/\s+/);
  if (words.length < 2) return undefined;
  const roleAt = words.findIndex((w, i) => i > 0 && ROLE_START.has(w));
  const nameWords = roleAt > 0 ? words.slice(0, roleAt) : words;
  // One upper-case word before a role could be anything ("NEWS RUSSIAN ..."): a name needs two words or the alias table.
  const candidates = words.map((_w, i) => words.slice(0, words.length - i).join(' '));
  return { cue, name: nameWords.length >= 2 ? nameWords.join(' ') : '', candidates };
}

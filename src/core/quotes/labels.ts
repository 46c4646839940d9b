// Transcript speaker labels at the start of a paragraph: `MS. PSAKI:`, `THE PRESIDENT:`,
// `SENIOR ADMINISTRATION OFFICIAL:`, and `Q` (with or without a colon) for a reporter's question.
// The label grammar is the core's (transcript.ts, shared with passages); this adds the headings that
// look like labels but name nobody, and the speech offsets.
import { speakerLabel } from '../transcript.ts';
import { isNotName, isTitleWord, plausiblePerson } from './names.ts';

export interface Label {
  /** The label as written, without the colon ("MS. PSAKI"; "Q"). */
  readonly label: string;
  /** The cue as written, colon included ("MS. PSAKI:"). */
  readonly cue: string;
  /** Where the speech after the label starts (absolute offset). */
  readonly speechStart: number;
  /** A mixed-case label (`President of Russia Vladimir Putin:`): the person part, office and note dropped. */
  readonly person?: string;
  /** The mixed-case label carries an office before the name ("President of Russia"). */
  readonly office?: boolean;
}

// Upper-case headings that end in a colon but name nobody.
const NOT_LABELS =
  /^(?:TO|SUBJECT|RE|FROM|CC|NOTE|NOTES|FACT SHEET|BACKGROUND|UPDATE|UPDATED|WHAT|WHO|WHEN|WHERE|WHY|HOW|EMBARGOED|ATTENTION|MEDIA|PARTICIPANTS|TOPICS?|SECTION|SEC|TITLE|PART|WASHINGTON|PURPOSE|SUMMARY|AGENDA|DATE|TIME|LOCATION|ACTION|ANNEX|APPENDIX|PRESS RELEASE|READOUT|STATEMENT|BY THE PRESIDENT OF THE UNITED STATES OF AMERICA|A PROCLAMATION|EXECUTIVE ORDER|MEMORANDUM|NOW, THEREFORE|PUBLIC LAW|BE IT ENACTED)\b/;

// Upper-case lines that end in a colon but address readers ("HUFFPOST READERS: Sign up …").
const NOT_SPEAKERS = /\b(?:READERS|SUBSCRIBE|SIGN UP|NEWSLETTER|ADVERTISEMENT|EDITOR'?’?S NOTE|CORRECTION|CLARIFICATION)\b/;

// A mixed-case label: capitalised words and the connectors of offices ("of", "the"), an optional
// ", Outlet" after the name, an optional lower-case note in brackets ("(retranslated)").
const CAP = String.raw`[A-Z][\p{L}.’'\-]*`;
const CONNECTOR = '(?:of|the|and|for|on|de|von|van|der|al|bin|la|le|du|da|di|del|ibn)';
const MIXED_LABEL = new RegExp(String.raw`^(${CAP}(?: (?:${CAP}|${CONNECTOR})){0,13})(, ${CAP}(?: (?:${CAP}|${CONNECTOR})){0,5})?( \([a-z][a-z ,\-]{1,30}\))?: +(?=\S)`, 'u');
/** One-word labels of transcripts that name a role: the press, someone in the hall. */
const ROLE_LABELS: ReadonlyMap<string, string> = new Map([
  ['Question', 'Q'],
  ['Remark', 'PARTICIPANT'],
  ['Reply', 'PARTICIPANT'],
  ['Response', 'PARTICIPANT'],
  ['Comment', 'PARTICIPANT'],
]);
// Two-word places that may follow "of" in an office ("President of the United States Donald Trump").
const PLACE_FIRST = new Set([
  'Abu',
  'United',
  'South',
  'North',
  'New',
  'Saudi',
  'Sri',
  'Czech',
  'Costa',
  'El',
  'Papua',
  'Sierra',
  'Burkina',
  'Central',
  'Dominican',
  'Equatorial',
  'San',
  'Ivory',
  'Cape',
  'East',
  'Russian',
  'People’s',
  "People's",
  'Islamic',
  'Arab',
  'Federal',
  'Kyrgyz',
  'Lao',
  'Slovak',
]);

// The tail of an office or an institution, left before a name ("… and Trade Denis Manturov", "Rostec CEO …").
const OFFICE_WORDS =
  /^(?:[A-Z]{2,}|[\w-]*(?:General|Lieutenant)|Republic|Kingdom|Federation|Emirates|States|Islands|Trade|Industry|Development|Corporation|Company|University|Rector|Region|Territory|Province|District|City|Media|Commission|Association|Group|Technology|Biotechnology|Building|Construction|Rights|Affairs|Energy|Finance|Economy|Education|Science|Culture|Health|Sports?|Agriculture|Transport|Justice|Defence|Bank|Fund|Committee|Service|Agency|Institute|Academy|Centre|Center|Council|Board|Department|Directorate|Office|Chamber|Court|Party|Union|Foundation|Society|Museum|Hermitage|Theatre|Sergeant|Aide|Presidential|Governor|Mayor|Head|Chairman|Chief|Officer|Commander|Director|Tourism|Communications|Labour|Protection|Resources|Ecology|Environment|Security|Relations|Policy|Planning|Sr|Jr|Activities|Editor|Journalist|Paramedic|CEO|Navy|Army|Fleet|Forces|Guard|Autonomy|Police)$/;

// Titles that make a label an office held by the person named after it ("Defence Minister Sergei Shoigu").
const OFFICE_TITLES =
  /^(?:President|Vice|Minister|Commander(?:-in-Chief)?|Chancellor|Secretary|Senator|Sen\.|Rep\.|Representative|Governor|Gov\.|Ambassador|Mayor|Prime|King|Queen|Chairman|Chairwoman|Director|Spokesman|Spokeswoman|Spokesperson|General|Gen\.|Judge|Speaker|Leader|Premier|Envoy|Adviser|Advisor|Commissioner|Counsel|Emir|Sultan|Patriarch)$/;

/** The person a mixed-case label names: the capitalised run after the last office word or place. */
export function personOf(label: string): { person: string; office: boolean } | undefined {
  const words = label.split(' ');
  let from = 0;
  let office = false;
  const of = words.lastIndexOf('of');
  if (of >= 0 && words.slice(0, of).some((w) => OFFICE_TITLES.test(w))) {
    // "… of [the] Place [Place] Name Name": the place is one word, two after a word that starts a
    // two-word place ("United States", "Saudi Arabia").
    office = true;
    from = of + 1;
    if (words[from] === 'the') from += 1;
    while (words[from] && PLACE_FIRST.has(words[from] ?? '') && words.length - from > 3) from += 1;
    from += 1;
  }
  // "On Saudi Arabia:", "About the Child Tax Credit:": a topic heading, not a person.
  if (isNotName(words[0] ?? '') && !isTitleWord(words[0] ?? '')) return undefined;
  while (from < words.length - 1 && isTitleWord(words[from] ?? '')) {
    if (OFFICE_TITLES.test(words[from] ?? '')) office = true;
    from += 1;
  }
  // A title later on ends an office ("Transport Minister Maxim Sokolov").
  for (let j = words.length - 2; j >= from; j -= 1) {
    if (isTitleWord(words[j] ?? '')) {
      if (OFFICE_TITLES.test(words[j] ?? '')) office = true;
      from = j + 1;
      break;
    }
  }
  const rest = words.slice(from);
  // What is left of a place or an office ("Republic Emmanuel Macron" after "of the French").
  while (rest.length > 2 && (isNotName(rest[0] ?? '') || isTitleWord(rest[0] ?? '') || OFFICE_WORDS.test(rest[0] ?? ''))) rest.shift();
  for (let j = rest.length - 3; j >= 0; j -= 1)
    if (OFFICE_WORDS.test(rest[j] ?? '')) {
      rest.splice(0, j + 1);
      break;
    }
  if (rest.length < 2 || rest.length > 4) return undefined;
  if (rest.some((w) => !/^[A-Z]/.test(w) || (isNotName(w) && !/^[A-Z]\.$/.test(w)))) return undefined;
  // A name does not end in "Cooperation", "Security", "Partnership": a heading.
  if (
    OFFICE_WORDS.test(rest.at(-1) ?? '') ||
    /(?:tion|ment|ship|ity|ies|ance|ence|ism|ness|ics|Deals?|Issues|Sector|Crew|Health|Care|Credit|Fuel|Platform|Framework|Initiative|Countries|Allies|Games|Hike)$/.test(rest.at(-1) ?? '') ||
    // A photo credit glued to the caption's name ("Jo JorgensenImage: Jo Jorgensen for President.").
    /\p{Ll}(?:Image|Photo|Photograph|Picture|Credit|Source)s?$/u.test(rest.at(-1) ?? '')
  )
    return undefined;
  // Headings, not people: "Advancing Research", "Article II", "Global Challenges".
  if (
    rest.some((w) => /^[A-Z][a-z]+ing$/.test(w) && w !== rest.at(-1)) ||
    /^(?:Article|Section|Title|Part|Chapter|Annex|Phase|Step|Pillar|Goal|Objective)$/.test(rest[0] ?? '') ||
    !plausiblePerson(rest.join(' '))
  )
    return undefined;
  return { person: rest.join(' '), office };
}

/** A mixed-case label (`Vladimir Putin:`, `Federal Chancellor of Austria Sebastian Kurz (retranslated):`, `Question:`). */
function mixedLabel(para: string, start: number): Label | undefined {
  const m = MIXED_LABEL.exec(para);
  // All capitals is the upper-case grammar's (transcript.ts); here a heading "BUILDING … OUR ALLIES:".
  if (m && !/[a-z]/.test(m[1] ?? '')) return undefined;
  // `Name: “…”` is a header before a quotation (cues.ts reads it), not a transcript turn.
  if (!m || /^["“]/.test(para.slice(m[0].length))) return undefined;
  const label = m[1] ?? '';
  const cue = m[0].trim();
  const speechStart = start + m[0].length;
  const role = ROLE_LABELS.get(label);
  if (role) return { label: role, cue, speechStart };
  // "Military Aide:", "Audience Member:": a role, read as the upper-case label of a group would be.
  if (/^(?:[A-Z][\p{L}’'-]* ){0,3}(?:Aide|Member|Official|Moderator|Participant|Audience|Reporter|Interpreter|Operator|Staff)$/u.test(label)) return { label: label.toUpperCase(), cue, speechStart };
  const who = personOf(label);
  if (!who) return undefined;
  return { label, cue, speechStart, person: who.person, office: who.office };
}

/** The label opening the paragraph that starts at `start` in `text`, if it is one. */
export function readLabel(text: string, start: number, end: number): Label | undefined {
  const para = text.slice(start, Math.min(end, start + 140));
  const m = speakerLabel(para);
  if (!m) {
    const mixed = mixedLabel(para, start);
    return mixed && mixed.speechStart < end ? mixed : undefined;
  }
  if ((NOT_LABELS.test(m.label) && m.label !== 'Q') || NOT_SPEAKERS.test(m.label)) return undefined;
  // Nothing after the label: a heading line, not speech.
  if (start + m.length >= end) return undefined;
  return { label: m.label, cue: para.slice(0, m.length).trim(), speechStart: start + m.length };
}

/** Words that make a label a group or a function rather than a named person. */
const GROUP_WORDS =
  /\b(?:OFFICIALS?|MODERATOR|AUDIENCE|MEMBERS?|AIDES?|OPERATOR|CHILD(?:REN)?|PARTICIPANTS?|STAFF|REPORTERS?|STUDENTS?|CROWD|VOICES?|INTERPRETER|TRANSLATOR|ANNOUNCER|NARRATOR|ALL|BOTH|PARTICIPANT|CALLER|QUESTION|PRESS)\b/;

export function isGroupLabel(label: string): boolean {
  return label === 'Q' || GROUP_WORDS.test(label);
}

/** "Transcript stage directions", not speech: `(Laughter.)`, `(Applause.)`, `END 10:47 A.M. EDT`, time stamps. */
export function isStageDirection(paragraph: string): boolean {
  const p = paragraph.trim();
  return (
    /^\([^()]*\)\.?$/.test(p) ||
    /^(?:END\s+)?\d{1,2}:\d{2}\s*[AP]\.?M\.?(?:\s+[A-Z]{2,4})?\.?$/.test(p) ||
    /^END$/.test(p) ||
    /^\*+$/.test(p) ||
    (/^\d{1,2}:\d{2}\s*[AP]\.M\./.test(p) && p.length < 40)
  );
}

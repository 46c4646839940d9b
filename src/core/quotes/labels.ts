// Transcript speaker labels at the start of a paragraph: `MS. PSAKI:`, `THE PRESIDENT:`,
// `SENIOR ADMINISTRATION OFFICIAL:`, and `Q` (with or without a colon) for a reporter's question.
// The label grammar is the core's (transcript.ts, shared with passages); this adds the headings that
// look like labels but name nobody, and the speech offsets.
import { speakerLabel } from '../transcript.ts';

export interface Label {
  /** The label as written, without the colon ("MS. PSAKI"; "Q"). */
  readonly label: string;
  /** The cue as written, colon included ("MS. PSAKI:"). */
  readonly cue: string;
  /** Where the speech after the label starts (absolute offset). */
  readonly speechStart: number;
}

// Upper-case headings that end in a colon but name nobody.
const NOT_LABELS = /^(?:TO|SUBJECT|RE|FROM|CC|NOTE|NOTES|FACT SHEET|BACKGROUND|UPDATE|UPDATED|WHAT|WHO|WHEN|WHERE|WHY|HOW|EMBARGOED|ATTENTION|MEDIA|PARTICIPANTS|TOPICS?|SECTION|SEC|TITLE|PART|WASHINGTON|PURPOSE|SUMMARY|AGENDA|DATE|TIME|LOCATION|ACTION|ANNEX|APPENDIX|PRESS RELEASE|READOUT|STATEMENT|BY THE PRESIDENT OF THE UNITED STATES OF AMERICA|A PROCLAMATION|EXECUTIVE ORDER|MEMORANDUM|NOW, THEREFORE|PUBLIC LAW|BE IT ENACTED)\b/;

/** The label opening the paragraph that starts at `start` in `text`, if it is one. */
export function readLabel(text: string, start: number, end: number): Label | undefined {
  const para = text.slice(start, Math.min(end, start + 80));
  const m = speakerLabel(para);
  if (!m || NOT_LABELS.test(m.label) && m.label !== 'Q') return undefined;
  // Nothing after the label: a heading line, not speech.
  if (start + m.length >= end) return undefined;
  return { label: m.label, cue: para.slice(0, m.length).trim(), speechStart: start + m.length };
}

/** Words that make a label a group or a function rather than a named person. */
const GROUP_WORDS = /\b(?:OFFICIALS?|MODERATOR|AUDIENCE|MEMBERS?|AIDES?|OPERATOR|CHILD(?:REN)?|PARTICIPANTS?|STAFF|REPORTERS?|STUDENTS?|CROWD|VOICES?|INTERPRETER|TRANSLATOR|ANNOUNCER|NARRATOR|ALL|BOTH|PARTICIPANT|CALLER|QUESTION|PRESS)\b/;

export function isGroupLabel(label: string): boolean {
  return label === 'Q' || GROUP_WORDS.test(label);
}

/** "Transcript stage directions", not speech: `(Laughter.)`, `(Applause.)`, `END 10:47 A.M. EDT`, time stamps. */
export function isStageDirection(paragraph: string): boolean {
  const p = paragraph.trim();
  return /^\([^()]*\)\.?$/.test(p)
    || /^(?:END\s+)?\d{1,2}:\d{2}\s*[AP]\.?M\.?(?:\s+[A-Z]{2,4})?\.?$/.test(p)
    || /^END$/.test(p)
    || /^\*+$/.test(p)
    || /^\d{1,2}:\d{2}\s*[AP]\.M\./.test(p) && p.length < 40;
}

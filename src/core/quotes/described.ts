// Second references of wire copy: "the Massachusetts Democrat said", "the Texas Republican told
// reporters", "the Vermont senator added", "the Russian leader said". The text named the person
// before with the evidence ("Sen. Elizabeth Warren (D-Mass.)", "Rep. Tom Brandt, R-Texas,",
// "Russian President Vladimir Putin"); the description means the one person whose mentions carry
// every word of it. Two such people, or none: nobody.
import { findNames, plausiblePerson, type NameSpan } from './names.ts';

// "the Massachusetts Democrat", "the Russian leader", "the Texas senator", "the Democrat".
const DESCRIBED =
  /^[Tt]he\s+((?:[A-Z][\p{L}.’'-]*\s+){0,2})(Democrat|Republican|senator|congressman|congresswoman|representative|lawmaker|governor|leader|president|premier|chancellor|nominee|candidate)$/u;

// What a mention must carry for each noun (around the name: its titles, tag or appositive).
const NOUN_EVIDENCE: Readonly<Record<string, RegExp>> = {
  Democrat: /\bDemocrat(?:ic)?\b|[(,]\s*D[-–]/,
  Republican: /\bRepublican\b|[(,]\s*R[-–]/,
  senator: /\bSen\.|\b[Ss]enator\b/,
  congressman: /\bRep\.|\bRepresentative\b|\b[Cc]ongressman\b/,
  congresswoman: /\bRep\.|\bRepresentative\b|\b[Cc]ongresswoman\b/,
  representative: /\bRep\.|\b[Rr]epresentative\b/,
  lawmaker: /\bRep\.|\bSen\.|\b[Rr]epresentative\b|\b[Ss]enator\b|\b[Cc]ongress(?:wo)?man\b/,
  governor: /\bGov\.|\b[Gg]overnor\b/,
  // A head of state or government ("Russian President Vladimir Putin", "German Chancellor …").
  leader: /\b(?:President|Prime\s+Minister|Chancellor|Premier|King|Supreme\s+Leader)\b/,
  president: /\bPresident\b/,
  premier: /\b(?:Premier|Prime\s+Minister)\b/,
  chancellor: /\bChancellor\b/,
  // A party's choice for an office ("Republican presidential nominee Tom Brandt", ", the Democratic candidate,").
  nominee: /\b[Nn]ominee\b/,
  candidate: /\b[Cc]andidate\b/,
};
// "Vice President Mike Pence" holds another office than "the president".
const OTHER_OFFICE = /\b(?:Vice|Deputy|Assistant|Lieutenant|Under|Associate|Former|former|then-)[\s-]*(?:President|Prime\s+Minister|Chancellor|Premier|Governor|Gov\.)/g;

// The AP's state abbreviations, for tags such as "(D-Mass.)" and "R-Texas".
const STATE_TAGS: Readonly<Record<string, string>> = {
  Alabama: 'Ala.',
  Arizona: 'Ariz.',
  Arkansas: 'Ark.',
  California: 'Calif.',
  Colorado: 'Colo.',
  Connecticut: 'Conn.',
  Delaware: 'Del.',
  Florida: 'Fla.',
  Georgia: 'Ga.',
  Illinois: 'Ill.',
  Indiana: 'Ind.',
  Kansas: 'Kan.',
  Kentucky: 'Ky.',
  Louisiana: 'La.',
  Maryland: 'Md.',
  Massachusetts: 'Mass.',
  Michigan: 'Mich.',
  Minnesota: 'Minn.',
  Mississippi: 'Miss.',
  Missouri: 'Mo.',
  Montana: 'Mont.',
  Nebraska: 'Neb.',
  Nevada: 'Nev.',
  Oklahoma: 'Okla.',
  Oregon: 'Ore.',
  Pennsylvania: 'Pa.',
  Tennessee: 'Tenn.',
  Vermont: 'Vt.',
  Virginia: 'Va.',
  Washington: 'Wash.',
  Wisconsin: 'Wis.',
  Wyoming: 'Wyo.',
};
// A nationality is shown by the country's name too ("President of Russia Vladimir Putin").
const COUNTRY_OF: Readonly<Record<string, string>> = {
  Russian: 'Russia',
  French: 'France',
  Chinese: 'China',
  German: 'Germany',
  British: 'Britain',
  Ukrainian: 'Ukraine',
  Turkish: 'Turkey',
  Iranian: 'Iran',
  Israeli: 'Israel',
  Japanese: 'Japan',
  Indian: 'India',
  Syrian: 'Syria',
  Italian: 'Italy',
  Spanish: 'Spain',
  Polish: 'Poland',
  Mexican: 'Mexico',
  Canadian: 'Canada',
  Brazilian: 'Brazil',
  Egyptian: 'Egypt',
  Korean: 'Korea',
  Belarusian: 'Belarus',
};

// Lower-case words of a party title count too ("Republican presidential nominee Tom Brandt").
const TITLES_BEFORE = /(?:(?:[A-Z][\p{L}.’'-]*|of|the|for|presidential|vice-presidential|gubernatorial|mayoral|senate|nominee|candidate)\s+)*$/u;
const TAG_AFTER = /^\s*\([DRI][-–][^)]{1,12}\)|^,\s*[DRI][-–][A-Za-z.]{1,8},|^,\s+(?:the|a|an)\s+[^,.;:“”"]{1,60}(?=,|\.(?:\s|$))/;

function carries(evidence: string, word: string): boolean {
  if (new RegExp(String.raw`\b${word.replace(/\./g, String.raw`\.`)}(?![\p{L}])`, 'u').test(evidence)) return true;
  const tag = STATE_TAGS[word];
  if (tag && new RegExp(String.raw`[(,]\s*[DRI][-–]\s*${tag.replace(/\./g, String.raw`\.`)}`).test(evidence)) return true;
  if (/^(?:Texas|Ohio|Utah|Iowa|Idaho|Maine|Alaska|Hawaii)$/.test(word) && new RegExp(String.raw`[(,]\s*[DRI][-–]\s*${word}\b`).test(evidence)) return true;
  const country = COUNTRY_OF[word];
  return country !== undefined && new RegExp(String.raw`\b${country}\b`).test(evidence);
}

/** Whether `written` is a description this module reads ("the Massachusetts Democrat"). */
export function isWireDescription(written: string): boolean {
  const m = DESCRIBED.exec(written.trim());
  // A bare office ("the president", "the senator") is canonical.ts's: the last holder named.
  return m !== null && ((m[1] ?? '').trim() !== '' || m[2] === 'Democrat' || m[2] === 'Republican');
}

/**
 * The one full name before `at` whose mentions carry every word of `written`; `key` merges the
 * mentions of one person ("Elizabeth Warren", "Warren"). Undefined when none or two do.
 */
export function describedPerson(text: string, written: string, at: number, key: (name: string) => string | undefined): string | undefined {
  const m = DESCRIBED.exec(written.trim());
  if (!m || !isWireDescription(written)) return undefined;
  const qualifiers = (m[1] ?? '')
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const noun = m[2] ?? '';
  const nounEvidence = NOUN_EVIDENCE[noun];
  if (!nounEvidence) return undefined;
  const before = text.slice(0, at);
  const evidence = new Map<string, { name: string; around: string }>();
  for (const n of findNames(before) as NameSpan[]) {
    if (!n.name.includes(' ') || !plausiblePerson(n.name)) continue;
    const id = key(n.name);
    if (!id) continue;
    // The name's own titles before it ("Russian President", "Sen."), its tag or appositive after it
    // ("(D-Mass.)", ", R-Texas,", ", a Massachusetts Democrat,"): not the rest of its sentence.
    const lead = TITLES_BEFORE.exec(before.slice(Math.max(0, n.start - 60), n.start))?.[0] ?? '';
    const trail = TAG_AFTER.exec(before.slice(n.end, n.end + 90))?.[0] ?? '';
    const around = `${lead} ${n.text} ${trail}`;
    const seen = evidence.get(id);
    evidence.set(id, { name: seen?.name ?? n.name, around: `${seen?.around ?? ''} | ${around}` });
  }
  const fits = [...evidence.values()].filter((e) => nounEvidence.test(e.around.replace(OTHER_OFFICE, ' ')) && qualifiers.every((q) => carries(e.around, q)));
  return fits.length === 1 ? fits[0]?.name : undefined;
}

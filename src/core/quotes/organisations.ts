// Organisations as speakers: "the Kremlin said", "Russia’s Foreign Ministry said in a statement",
// "NATO said", and the "it"/"they" that refer back to one. An organisation is a phrase the text
// writes as one: "the" and capitalised words ("The White House"), a capitalised run ending in an
// institution's noun ("House Democrats", "Foreign Ministry"), a possessive before one, or an acronym.
// Never a place, a nationality or an office alone ("Moscow", "The Russian", "the President").
import { findNames, isNotName, isPlace, isTitleWord, plausiblePerson } from './names.ts';

// Nouns that end an institution's name, and the single names of a few institutions.
const INSTITUTION =
  /^(?:Kremlin|Pentagon|Department|Ministry|Office|Embassy|Council|Commission|Government|Agency|Committee|Secretariat|Presidency|Network|Initiative|Court|Administration|Party|Democrats|Republicans|Group|Company|Corporation|Inc\.?|Association|Institute|University|Foundation|Union|Forces|Army|Navy|Police|Bank|Fund|Organi[sz]ation|Alliance|Parliament|Assembly|Board|Authority|Service|Bureau|Centre|Center|Coalition|Movement|Front|Campaign|Post|Times|Journal|Agency|Nations|Senate|House|Congress|Cabinet|Guard|Command|Directorate|Tribunal|Chamber|Court|Reuters|Tass|TASS|Interfax|WikiLeaks|Amnesty|Watch|Network)$/;

// A connector inside a name ("Ministry of Foreign Affairs", "Commission on International Religious Freedom").
const CONNECTOR = /^(?:of|for|on|and|the|de|du)$/;
const CAPITALISED = /^(?:[A-Z][\p{L}.’'&-]*|[A-Z]{2,8})$/u;
const POSSESSIVE = /^[A-Z][\p{L}.-]*[’']s$/u;
const ACRONYM = /^[A-Z]{2,8}$/;
// Acronyms of places, not organisations.
const PLACE_ACRONYMS = new Set(['US', 'UK', 'USA', 'UAE', 'DPRK', 'PRC', 'ROK', 'GB', 'DC', 'NY', 'LA']);

/**
 * The organisation `phrase` names, as it should be displayed ("The Kremlin", "Russia’s Foreign
 * Ministry", "NATO"), or undefined when it is not plainly one. A trailing acronym in brackets is dropped.
 */
export function organisationName(phrase: string): string | undefined {
  const p = phrase
    .trim()
    .replace(/(?<!\s)\s*\([A-Z]{2,8}\)$/, '')
    .replace(/[,.]$/, '');
  const words = p.split(/\s+/);
  const article = /^[Tt]he$/.test(words[0] ?? '');
  const body = article ? words.slice(1) : words;
  if (body.length === 0 || body.length > 9) return undefined;
  const last = body[body.length - 1] ?? '';
  if (!CAPITALISED.test(last)) return undefined;
  // Every word capitalised, or a connector between capitalised words; a possessive only first.
  const ok = body.every((w, i) => (CAPITALISED.test(w) && !/[’']s$/.test(w)) || (i === 0 && POSSESSIVE.test(w)) || (i > 0 && i < body.length - 1 && CONNECTOR.test(w)));
  if (!ok) return undefined;
  // The head noun: the word before the first connector ("Ministry of Foreign Affairs"), else the last.
  const firstConnector = body.findIndex((w, i) => i > 0 && CONNECTOR.test(w));
  const head = firstConnector > 0 ? (body[firstConnector - 1] ?? '') : last;
  const institution = INSTITUTION.test(head) || INSTITUTION.test(last);
  if (body.length === 1 && ACRONYM.test(last)) return PLACE_ACRONYMS.has(last) ? undefined : last;
  const content = body.filter((w) => !CONNECTOR.test(w) && !POSSESSIVE.test(w));
  // "The Russian", "The United States", "Moscow": places and nationalities only.
  if (content.every((w) => isPlace(w) || isNotName(w) || ACRONYM.test(w)) && !institution) return undefined;
  if (!institution) {
    // Without an institution's noun only "The …" names one ("The Post"), and never an office ("The
    // President") nor a person after an office ("the United Nations Nikki Haley").
    if (!article || isTitleWord(head) || isPlace(head)) return undefined;
    const person = findNames(body.join(' ')).at(-1);
    if (person?.name.includes(' ') && plausiblePerson(person.name)) return undefined;
  }
  const display = body.join(' ');
  return article ? `The ${display}` : display;
}

/** "they" for a plural name ("House Democrats", "the Syrian Democratic Forces"), "it" for the rest. */
export function organisationNumber(name: string): 'singular' | 'plural' {
  const words = name.split(/\s+/);
  const firstConnector = words.findIndex((w, i) => i > 0 && CONNECTOR.test(w));
  const head = firstConnector > 0 ? (words[firstConnector - 1] ?? '') : (words[words.length - 1] ?? '');
  return /[a-z]s$/.test(head) && !/(?:ss|us|News|Nations|States|Times|Affairs|Arms|Rights|Works)$/.test(head) ? 'plural' : 'singular';
}

// Bodies of members, which news text also calls "they" ("the Commission … They released"); not an
// institution such as the Kremlin or a ministry.
const COLLECTIVE = /\b(?:Commission|Committee|Council|Court|Board|Assembly|Parliament|Congress|Senate|Cabinet|Panel|Jury|Tribunal|Coalition|Alliance|Association|Union)\b/;

/** Whether the pronoun ("it", "they") agrees in number with the organisation's name. */
export function agreesInNumber(pronoun: string, name: string): boolean {
  const n = organisationNumber(name);
  if (pronoun === 'they' && n === 'singular') return COLLECTIVE.test(headNoun(name));
  return pronoun === 'it' ? n === 'singular' : pronoun === 'they' ? n === 'plural' : false;
}

function headNoun(name: string): string {
  const words = name.split(/\s+/);
  const firstConnector = words.findIndex((w, i) => i > 0 && CONNECTOR.test(w));
  return firstConnector > 0 ? (words[firstConnector - 1] ?? '') : (words[words.length - 1] ?? '');
}

// The organisation that opens a clause and does something: "The Kremlin denied", "In a press
// release, the Turkish Ministry of Foreign Affairs denounced", "One of these groups, the Syrian
// Democratic Forces (SDF), opposed". The verb must follow the name (or its acronym in brackets).
const OPENING_ORG =
  /^\s*(?:(?:[A-Z][^,“”"]{0,80}|One\s+of\s+[^,“”"]{1,40}),\s+)?((?:[Tt]he\s+)?(?:[A-Z][\p{L}.’'&-]*|of|for|on|and|the)(?:\s+(?:[A-Z][\p{L}.’'&-]*|of|for|on|and|the)){0,10}(?:\s*\([A-Z]{2,8}\))?),?\s+(?:(?:has|had|have|also|then|later|again|[a-z]+ly)\s+)*(?:[a-z]+ed|said|says|told|wrote|gave|made|took|spoke|put|sent|held|issued|released|warned|argued)\b/u;

/** The organisation that is the subject at the start of `clause`, if the clause opens with one. */
export function openingOrganisation(clause: string): string | undefined {
  const m = OPENING_ORG.exec(clause);
  if (!m) return undefined;
  // "The Pentagon", not "On Tuesday the Pentagon": from the last "the" that starts a capitalised run.
  const phrase = (m[1] ?? '').replace(/^.*?\s(?=[Tt]he\s+[A-Z])/, '');
  // "Members of the House of Commons protested": the organisation is governed, the members act.
  if (/\s(?:of|for|on|and)\s+$/.test((m[1] ?? '').slice(0, (m[1] ?? '').length - phrase.length))) return undefined;
  return organisationName(phrase);
}

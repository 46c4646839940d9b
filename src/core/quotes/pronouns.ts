// Who "he" or "she" means: the subject of the same sentence before the pronoun, else the person
// last quoted nearby, else the subject of the previous sentence. Anything less clear stays unknown:
// a wrong speaker is worse than none.
import { findNames, isTitleWord, plausiblePerson, type NameSpan } from './names.ts';

const NOT_AFTER_SUBJECT = new Set([
  'in',
  'at',
  'on',
  'of',
  'for',
  'with',
  'from',
  'to',
  'by',
  'and',
  'or',
  'but',
  'the',
  'a',
  'an',
  'as',
  'about',
  'into',
  'over',
  'under',
  'after',
  'before',
  'during',
  'than',
  'that',
  'who',
  'whose',
  'which',
  'administration',
  'campaign',
  'era',
  'team',
  'summit',
  'report',
  'war',
  'dossier',
  'presidency',
  'government',
  'officials',
]);
// "ceremony of the TurkStream gas pipeline": a name after a preposition (and its article) is no subject.
// "posted to her Twitter account": after a preposition, or a possessive pronoun, a name is no subject.
const BEFORE_NON_SUBJECT = /\b(?:in|at|on|of|for|with|from|to|by|about|against|between|than|like|under|over|toward|towards|and|or)(?:\s+(?:the|his|her|their|its))?\s*$/i;

const APPOSITIVE_THEN_VERB = /^(?:,\s[^,“”"]{1,140})?,\s+(?:(?:also|then|later|has|had|have|[a-z]+ly)\s+)*([a-z]+)/;

// The organisation's name may end in ", <Place>" ("of the University of California, Los Angeles disagreed").
const OF_ORGANISATION_THEN_VERB =
  /^\s+of\s+(?:the\s+)?[A-Z][\p{L}.’'&-]*(?:\s+(?:[A-Z][\p{L}.’'&-]*|of|the|and|for)){0,8}(?:,\s+[A-Z][\p{L}’'-]*(?:\s+[A-Z][\p{L}’'-]*)?(?=\s+[a-z]))?,?\s+(?:(?:also|then|later|has|had|have|[a-z]+ly)\s+)*([a-z]+)/u;

/**
 * "US Secretary of State Mike Pompeo posted": "of" inside an office's title does not govern the name.
 * Not when the office itself follows a preposition ("the ceremony of the Minister of Defence X").
 */
function afterOfficeOf(text: string, from: number, n: NameSpan): boolean {
  if (n.text === n.name || !n.name.includes(' ')) return false;
  const lead = Math.max(from, n.start - 30);
  const officeOf = /(?:^|\s)([A-Z][a-z]+)\s+of(?:\s+the)?\s+$/.exec(text.slice(lead, n.start));
  if (!officeOf || !isTitleWord(officeOf[1] ?? '')) return false;
  const officeAt = lead + (officeOf.index ?? 0);
  return !BEFORE_NON_SUBJECT.test(text.slice(Math.max(from, officeAt - 40), officeAt).replace(/(?:\s+[A-Z][\p{L}.’'-]*)+\s*$/u, ''));
}

// "Michael Makuei, the Information Minister paid tribute": an appositive office whose closing comma
// the writer left out, then the verb. The name is the subject; the office is no one else.
const UNCLOSED_OFFICE_THEN_VERB = /^,\s+the\s+((?:[A-Z][\p{L}’'-]*\s+){0,3}[A-Z][\p{L}’'-]*)\s+(?:(?:also|then|later|has|had|have|[a-z]+ly)\s+)*([a-z]+)/u;
const AFTER_NAME_THE = /[A-Z][\p{L}.’'-]*,\s+the\s+$/u;
// "Information Minister", "Chief Justice": an office is a run that ends in a title word.
const allTitles = (run: string): boolean => isTitleWord(run.split(/\s+/).at(-1) ?? '');

// Read in place (sticky) at the end of each name: a lower-case word, then a title word before a capital.
const TITLE_ON = /\s+[a-z-]+\s+([a-z]+)\s+[A-Z]/y;

export type Subject = { readonly kind: 'name'; readonly name: NameSpan } | { readonly kind: 'pronoun'; readonly pronoun: string; readonly at: number };

/**
 * The grammatical subjects in `text[from, to)`, in order: names followed by a verb-like word (not a
 * preposition, not a possessive), and sentence-initial "He"/"She".
 */
export function subjectsIn(text: string, from: number, to: number): Subject[] {
  const out: Subject[] = [];
  // Lower case after a semicolon ("…, the minister; he described").
  const lead = /^\s*([Hh]e|[Ss]he)\b/.exec(text.slice(from, to));
  if (lead) out.push({ kind: 'pronoun', pronoun: (lead[1] ?? '').toLowerCase(), at: from + lead[0].length - (lead[1]?.length ?? 0) });
  for (const n of findNames(text.slice(from, to), from)) {
    // "Atlantic Council's Washington headquarters": a possessive inside the run makes it a modifier.
    if (/[’']s\s/.test(n.name)) continue;
    // "Brett McGurk, who was … until December, also criticized": a full name, an appositive, a verb.
    // "Professor Jessica Levinson of Loyola Law School asked": a full name, the organisation, a verb.
    const ofOrg = n.name.includes(' ') && plausiblePerson(n.name) ? OF_ORGANISATION_THEN_VERB.exec(text.slice(n.end, to)) : null;
    // A surname after a title counts as a full name does ("President Trump, who appointed …, responded").
    const person = (n.name.includes(' ') || (n.text !== n.name && isTitleWord(n.text.split(/\s+/)[0] ?? ''))) && plausiblePerson(n.name);
    // "Biden, during his conference, also countered": a surname opening the sentence, an aside, a verb.
    // "His opponent, Biden, in a message to fundraisers, accused": the same after a description.
    const opening = !person && /^\s*(?:(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+[a-z]+(?:\s+[a-z]+)?,\s*)?$/.test(text.slice(from, n.start)) && /^,\s[^,“”"]{1,60},/.test(text.slice(n.end, to));
    // The office of an unclosed appositive ("X, the Information Minister paid") is not a subject of its own.
    if (AFTER_NAME_THE.test(text.slice(Math.max(from, n.start - 40), n.start)) && allTitles(n.text)) continue;
    const unclosed = person ? UNCLOSED_OFFICE_THEN_VERB.exec(text.slice(n.end, to)) : null;
    const unclosedVerb = unclosed && allTitles(unclosed[1] ?? '') ? [unclosed[0], unclosed[2]] : null;
    const next = ofOrg ?? /^\s+([a-z]+)/.exec(text.slice(n.end, to)) ?? unclosedVerb ?? (person || opening ? APPOSITIVE_THEN_VERB.exec(text.slice(n.end, to)) : null);
    if (!next || NOT_AFTER_SUBJECT.has(next[1] ?? '')) continue;
    // "Turkish president Erdoğan", "Import Bank president Okey Oramah": a run before a title modifies it.
    if (isTitleWord(next[1] ?? '')) continue;
    // "Houthi military spokesperson Yahya Sarea": a lower-case title a word or two on, then a name.
    // (The title is the word right before the name, and not an article: "Kane won the Budweiser award".)
    TITLE_ON.lastIndex = n.end;
    const titleOn = TITLE_ON.exec(text);
    const titleWord = titleOn && TITLE_ON.lastIndex <= to ? titleOn[1] : undefined;
    // Not after a person's name: there the lower-case word is a verb ("John Kerry met president Hassan Rouhani").
    if (titleWord && !person && !/^(?:the|a|an)$/.test(titleWord) && isTitleWord(titleWord)) continue;
    if (/^[’']s/.test(text.slice(n.end))) continue;
    if (BEFORE_NON_SUBJECT.test(text.slice(Math.max(from, n.start - 12), n.start)) && !afterOfficeOf(text, from, n)) continue;
    out.push({ kind: 'name', name: n });
  }
  return out.sort((a, b) => (a.kind === 'name' ? a.name.start : a.at) - (b.kind === 'name' ? b.name.start : b.at));
}

// First names whose gender the news makes plain, for "he"/"she" agreement. Short on purpose: a name
// not listed agrees with both, and the honorific decides where there is one (Mr., Ms., Mrs.).
const FEMALE = new Set(
  `hillary nancy kamala jen karine angela theresa ursula elizabeth maria mary sarah susan nikki liz
kelly-anne kellyanne ivanka melania jill michelle condoleezza madeleine samantha nikki linda marie marine christine
kristi kirstjen gina janet alexandria ilhan rashida elise lisa tulsi elizabeth amy kirsten dianne debbie tammy patty
maxine sheila valentina maria tatyana yelena olga natalya irina svetlana yulia anna ekaterina yekaterina ksenia
veronika sophie megyn jacinda tsai sanna kaja annalena giorgia victoria fiona marie-yvonovitch yovanovitch hope
kathleen avril jennifer jessica emily rebecca rachel laura anne ann heather karen sandra barbara margaret catherine
helen julia kate katherine deborah donna carol ruth sharon cynthia amanda melissa stephanie nicole`.split(/\s+/),
);
// First names of men the news names most: "she" never refers back to them. A name listed in neither
// set agrees with both pronouns (the honorific decides where there is one).
const MALE = new Set(
  `donald joe joseph barack george bill john james michael robert william david richard thomas charles christopher daniel
matthew mark paul steven stephen andrew kenneth joshua kevin brian edward ronald timothy jason jeffrey ryan jacob gary
nicholas eric jonathan larry justin scott brandon benjamin samuel gregory frank alexander raymond patrick jack dennis
jerry tyler aaron adam henry nathan douglas peter kyle walter ethan jeremy harold keith roger gerald carl sean arthur
lawrence bruce albert wayne roy ralph eugene vincent russell louis philip mike mitch chuck ted rand marco bernie pete
rex mick boris emmanuel francois nicolas olaf gerhard helmut friedrich jens vladimir dmitry sergei sergey alexei alexey
mikhail nikolai igor yuri yury viktor volodymyr petro recep tayyip jair narendra kyriakos nikos luigi jean-yves
mohammed muhammad ahmed hassan ali abdel mahmoud bashar shinzo brett ken sadiq tom emmerson alberto jorge jaroslaw
wojciech hunter`.split(/\s+/),
);
const MALE_TITLES = /^(?:Mr\.?|Sir|King|Lord|Prince|Pope)\s/;
const FEMALE_TITLES = /^(?:Ms\.?|Mrs\.?|Miss|Dame|Queen|Lady|Princess|Madam)\s/;

/** Whether "he"/"she" may refer to `name` as written (first name or honorific), false only when they clearly disagree. */
export function agrees(pronoun: string, name: string): boolean {
  if (pronoun !== 'he' && pronoun !== 'she') return true;
  const first = (name.replace(/^(?:\S+\.\s+)+/, '').split(/\s+/)[0] ?? '').toLowerCase();
  const female = FEMALE_TITLES.test(name) || FEMALE.has(first);
  // A first name alone tells only when the name has a surname after it ("Emmanuel Macron", not "Kelly").
  const male = MALE_TITLES.test(name) || (MALE.has(first) && /\s/.test(name.trim()) && !female);
  return pronoun === 'he' ? !female : !male;
}

/** Whether the name as written shows the pronoun's gender: a female first name or title for "she", a male title for "he". */
export function clearlyOf(pronoun: string, name: string): boolean {
  const female = FEMALE_TITLES.test(name) || FEMALE.has((name.replace(/^(?:\S+\.\s+)+/, '').split(/\s+/)[0] ?? '').toLowerCase());
  if (pronoun === 'she') return female;
  return pronoun === 'he' && MALE_TITLES.test(name);
}

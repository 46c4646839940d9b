// Attribution cues: the words around a quote that say who spoke. Forms handled:
//   forward   Trump told reporters: “…” / Putin said he had “…” / According to Putin, “…”
//   reversed  “…,” Trump said. / “…,” said Dmitry Peskov. / “…,” he said.
//   header    Gov. Josh Shapiro (D-PA): “…” (a short name header at the start of the paragraph)
// Hand-written patterns: no library parses English reporting clauses without a full parser.
import { personOf } from './labels.ts';
import { ABBREVIATION, findNames, isNotName, isPlace, isTitleWord, plausiblePerson, toNameSpan } from './names.ts';
import { AFTER_DOCUMENT, DOCUMENT_TO_END, DOCUMENT_VERB, documentFamily, TO_RECIPIENT, UNOWNED_DOCUMENT_END } from './documents.ts';
import { organisationName } from './organisations.ts';

/** Who a cue points at, before canonicalisation. */
export type Who =
  | { readonly kind: 'name'; readonly name: string }
  /** A description ("the Kremlin leader"): only the alias table may resolve it. */
  | { readonly kind: 'description'; readonly name: string }
  | { readonly kind: 'group'; readonly name: string; readonly owner?: string }
  /**
   * A document with no owner named ("The message reads", "His letter said"): whoever the text says
   * sent it (documents.ts). `pronoun`: the "he"/"she"/"they" of a possessive before it, which the
   * sender must agree with.
   */
  | { readonly kind: 'document'; readonly family: readonly string[]; readonly pronoun?: string }
  | { readonly kind: 'pronoun'; readonly pronoun: string; readonly at: number }
  /** A chained verb or participle ("… and said", ", saying"): the sentence's subject speaks. */
  | { readonly kind: 'subject' }
  /** A cue whose speaker the text leaves open (passive "was asked", "it said", "critics said"). */
  | { readonly kind: 'unknown' };

export interface Cue {
  readonly who: Who;
  /** The cue as written ("Trump told reporters"). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const VERBS = String.raw`(?:(?<=(?:^|[.;:!?”"]\s*|,\s*|\n\s*))[Pp]er(?=\s+(?:the\s+)?[A-Z])|(?<=\bto\s+)(?:warn|argue|claim|insist|declare|describe|stress|explain|announce|reiterate|express|point\s+out)|holds(?=\s+that\b)|held(?=\s+that\b)|went\s+on\s+to\s+(?:add|say|note|write|explain)|told\s+reporters|informed(?=\s+(?:the\s+)?(?:press|reporters|journalists|media))|called\s+it|put\s+it|calling\s+it|according\s+to|said|says|say|told|tells|tell|declared|declares|added|adds|stated|states|wrote|writes|asked|asks|answered|replied|replies|explained|explains|noted|notes|insisted|insists|warned|warns|argued|argues|claimed|claims|announced|announces|described|describes|tweeted|tweets|posted|remarked|recalled|recalls|continued|continues|acknowledged|admitted|commented|called|calling|urged|stressed|stresses|emphasized|emphasised|observed|quipped|vowed|predicted|responded|responds|interjected|retorted|countered|asserted|contended|maintained|recounted|lamented|mused|scoffed|opined|opines|charged|alleged|shot\s+back|chimed\s+in|told\s+reporters|exclaimed|elaborated|conceded|boasted|joked|cautioned|suggested|complained|concluded|testified|repeated|reiterated|pledged|confirmed|underlined|underscored|highlighted|pointed\s+out|reaffirmed|shouted|chanted|yelled|called\s+it|put\s+it|saying|shouting|chanting|yelling|adding|telling|writing|noting|declaring|stating|warning|arguing|insisting|stressing|explaining|describing|asking|replying|recalling|responding|remarking|urging|screaming|posting|tweeting|calling\s+it|according\s+to|in\s+the\s+words\s+of)`;
const PARTICIPLE =
  /^(?:calling|saying|shouting|chanting|yelling|adding|telling|writing|noting|declaring|stating|warning|arguing|insisting|stressing|explaining|describing|asking|replying|recalling|responding|remarking|urging|screaming|posting|tweeting|calling\s+it)$/i;
const VERB_RE = new RegExp(String.raw`\b${VERBS}\b`, 'gi');
const JUDICIAL_VERB = /\b(?:ruled|found)\b/g;
// "Trump's statement read:", "Part of Trump's tweet included the statement,": a document's own words.
const DOCUMENT_READ = /\b(?:read|reads|included|includes|contained|contains)\b/g;
const JUDICIAL_SUBJECT =
  /(?:\b(?:[Cc]ourt|[Jj]udges?|[Jj]ustices|[Tt]ribunal|[Jj]ury|[Pp]anel)|\b(?:Judge|Justice)\s+(?:[A-Z][\p{L}.’'-]*\s+){0,3}[A-Z][\p{L}.’'-]*)\s+(?:(?:also|unanimously|then|later|had|has)\s+)?$/u;

// Words that can sit between a subject and its verb ("Trump has also said", "Putin on Monday said").
const AUX =
  /(?:(?<!\s)\s+|^)(?:[Hh]as|[Hh]ave|[Hh]ad|also|was|were|is|are|been|will|would|could|should|may|might|then|later|once|previously|recently|repeatedly|publicly|privately|again|reportedly|earlier|further|already|never|often|just|only|even|frequently|flatly|simply|himself|herself|last\s+[a-z]+|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|[a-z]+ly)$/;
const BE = /\b(?:was|were|is|are|been|being)\b/i;
const DOCUMENT = String.raw`(?:[a-z-]+\s+)?(?:statement|summary|ruling|judgment|judgement|report|letter|tweet|post|communiqué|communique|press\s+release|opinion|decision|decree|proclamation|memo|memorandum|message|telegram|cable)`;
const AUTHORED_DOCUMENT = new RegExp(String.raw`[’']s\s+${DOCUMENT}$`);
// The recipient is someone named ("to US President George Bush"), not a verb ("decision to recognize").
const AUTHORED_DOCUMENT_TO = new RegExp(String.raw`([’']s\s+${DOCUMENT})${TO_RECIPIENT}$`);
// "The decree signed by the Pope read": the document's signer or issuer, named after "by".
const BY_DOCUMENT = new RegExp(String.raw`(?:^|\s)[Tt]he\s+${DOCUMENT}\s+(?:(?:signed|issued|released|published|posted|sent|written|put\s+out)\s+)by\s+((?:the\s+)?[A-Z][^,;:“”"]{1,60})$`);
const ISSUED_DOCUMENT = new RegExp(String.raw`\s+(?:(?:also|then|later|had|has|have)\s+)?(?:released|issued|published|posted|put\s+out|sent)\s+an?\s+${DOCUMENT}\s+(?:which|that)$`);
// An institution's document before its verb: "The opinion of the Court, released on Wednesday,",
// "The government statement, which was posted on Twitter,". The institution speaks: the one named
// ("of the Ministry of Justice"), or the one the text named before ("the court", "the government").
const INSTITUTION_DOCUMENT_NOUN = String.raw`(?:statement|summary|ruling|judgment|judgement|opinion|decision|decree|proclamation|announcement|order|communiqué|communique|press\s+release)`;
const DOCUMENT_OF_INSTITUTION = new RegExp(
  String.raw`(?:^|\s)[Tt]he\s+(?:[a-z]+\s+)?${INSTITUTION_DOCUMENT_NOUN}\s+of\s+(?:the\s+)?([A-Z][\p{L}’'-]*(?:\s+(?:of|the|and|for|[A-Z][\p{L}’'-]*)){0,6})(?:,\s[^,“”"]{1,80},)?(?:\s+[a-z]+ly)?$`,
  'u',
);
const INSTITUTION_NOUN_DOCUMENT = new RegExp(
  String.raw`(?:^|\s)[Tt]he\s+(government|court|ministry|council|commission|committee|embassy|party|police|administration|agency|presidency|palace)(?:[’']s)?\s+(?:(?:official|written|full)\s+)?${INSTITUTION_DOCUMENT_NOUN}(?:,\s[^,“”"]{1,80},)?(?:\s+[a-z]+ly)?$`,
);
const BARE_INSTITUTION = /^(?:Court|Government|Ministry|Council|Commission|Committee|Embassy|Party|Tribunal|Board|Senate|Parliament|Assembly)$/;

/** The institution whose document ends `head`, or undefined. */
function institutionDocument(head: string): { who: Who; at: number } | undefined {
  const of = DOCUMENT_OF_INSTITUTION.exec(head);
  if (of) {
    const at = (of.index ?? 0) + of[0].length - of[0].trimStart().length;
    const inst = of[1] ?? '';
    if (BARE_INSTITUTION.test(inst)) return { who: { kind: 'description', name: `the ${inst.toLowerCase()}` }, at };
    const org = organisationName(`the ${inst}`) ?? organisationName(inst);
    return org ? { who: { kind: 'group', name: org }, at } : undefined;
  }
  const adj = INSTITUTION_NOUN_DOCUMENT.exec(head);
  if (adj) return { who: { kind: 'description', name: `the ${adj[1] ?? ''}` }, at: (adj.index ?? 0) + adj[0].length - adj[0].trimStart().length };
  return undefined;
}

const INFINITIVE_OF_SPEECH = /^(?:say|tell|write|warn|argue|claim|insist|declare|describe|stress|explain|announce|reiterate|express|point\s+out|add|note|call)$/;
const GOVERNS_INFINITIVE =
  /(?:^|\s)(?:took\s+to\s+(?:Twitter|Facebook|Instagram|social\s+media|the\s+(?:airwaves|stage|podium|floor))|used\s+(?:his|her|their|its|the)\s+(?:[a-z-]+\s+){0,3}?[a-z-]+|went\s+on|(?:was|were)\s+quick|took\s+the\s+opportunity|went\s+(?:so\s+)?as\s+far\s+as|stepped\s+up)\s+to$/;

// "Tom Brandt issued a statement on Friday. It read: “…”": "It" opening the sentence after one that
// issues a document is that document; its sender speaks (documents.ts finds the one sender).
const ISSUED_BEFORE =
  /\b(?:issued|released|published|posted|sent|put\s+out|wrote)\s+(?:a|an|the|his|her|its|their)\s+(?:[a-z-]+\s+)?(statement|letter|message|tweet|post|communiqué|communique|note|telegram)\b[^.!?“”"]*[.!?]\s*$/;
const IT_OPENS = /^\s*It$/;

/** The family of the document the sentence before `from` issues, if "It" may stand for it. */
function documentBefore(text: string, from: number): readonly string[] | undefined {
  const m = ISSUED_BEFORE.exec(text.slice(Math.max(0, from - 300), from));
  return m ? documentFamily(m[1] ?? '', undefined) : undefined;
}

// "he was told by Emergencies Minister Yevgeny Zinichev of “…”": the agent says the words.
const PASSIVE_TOLD_BY = /\b(?:was|were|had\s+been|has\s+been|being)\s+(?:[a-z]+ly\s+)?(?:told|informed|warned|assured|briefed)\s+by\s+([^,;:“”"]{2,80}?)\s+(?:of|that|about)\s*$/;

const INSTITUTION_END =
  /(?:^|\s)([Tt]he\s+(?:[a-z][a-z-]*\s+){0,2}?(?:ministry|department|agency|commission|committee|company|embassy|council|court|bank|fund|alliance|organi[sz]ation|union|party|army|police))$/;
// A US party and state: "(D-Mo.)", "(R-S.C.)", "(I-Vt.)"; not an acronym such as "(C-MORE)".
const PARTY_TAG = /(?<!\s)\s*\([DRI][-–][A-Z][A-Za-z.]{0,5}\)$/;
const POSSESSIVE_PRONOUN = /^(?:His|Her|Their|Its|Our|My|Your)$/;
const QUOTED_AS = /(?<!\s)\s+(?:was|were|is|are|has\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:quoted|reported|cited)(?:\s+(?:by|in|on)\s+[^,;:“”"]{1,60}?)?\s+as$/;
const REPORTED_TO_HAVE = /(?<!\s)\s+(?:was|were|is|are)\s+(?:[a-z]+ly\s+)?(?:reported|said|believed|understood|thought|known)\s+to(?:\s+have)?$/;
const AP_PARTY_TAG = /,\s*[DRI][-–][A-Z][A-Za-z.]{0,6},$/;
const SPEAKING_PHRASE =
  /(?:^|[\s,])((?:[A-Z][\wÀ-ž.’'-]*\s+){1,3}[A-Z][\wÀ-ž.’'-]*)\s+(?:speaking|talking|writing|appearing|addressing|responding|testifying|reacting|commenting|answering)\b[^,;:“”"]*$/;
// A capitalised run (with "of", "for" inside it) at the end of a subject, an acronym in brackets after it.
const ORG_END = /(?:^|[\s,])((?:[Tt]he\s+)?[A-Z][\p{L}.’'&-]*(?:\s+(?:(?:of|for|on|and)(?:\s+the)?\s+)?[A-Z][\p{L}.’'&-]*){0,7}(?:\s*\([A-Z]{2,8}\))?)$/u;
const GROUP_NOUNS =
  '(?:lawyers|attorneys|aides|advisers|advisors|officials|spokesmen|allies|critics|supporters|opponents|family|campaign|team|administration|government|ministry|office|embassy|spokesperson|spokesman|spokeswoman|lawmakers|diplomats|analysts|experts|sources|leaders|members)';
const OWNED_GROUP = new RegExp(String.raw`((?:[A-Z][\wÀ-ž.’'\-]*\s+){0,3}[A-Z][\w.\-]*)(?:[’']s)?\s+((?:[a-z]+\s+)?${GROUP_NOUNS})$`);
const VAGUE_GROUP = new RegExp(String.raw`(?:^|\s)(?:(?:the|some|many|several|other|his|her|their|its)\s+)?(?:[a-z]+\s+)?${GROUP_NOUNS}$`, 'i');
const TWO_APPOSITIVES = /(?<=(?:^|\s)[A-Z][\p{L}.’'-]*\s+[A-Z][\p{L}’'-]*[a-z])(?:,\s[^,“”"]{1,60}){2},$/u;
const FULL_NAME_END = /(?:^|\s)[A-Z][\p{L}.’'-]*\s+[A-Z][\p{L}’'-]*[a-z]$/u;
const CROWD_END = /(?:^|\s)(?:[Pp]rotesters|[Dd]emonstrators|[Aa]ctivists|[Rr]esidents|[Ww]itnesses|[Ss]tudents|[Cc]rowds?|[Pp]eople|[Mm]embers|[Vv]oters|[Ff]ans|[Ww]orkers)$/;
const PRONOUN_END = /(?:^|[\s,;—–(])(he|she|He|She|I|we|We|it|It|they|They)$/;
const UNKNOWN_END = /(?:^|[\s,;—–(])(?:it|It|they|They|you|You|this|This|that|which|who|one|reports?|statements?|documents?|[a-z]+)$/;
// The titles of a person that a description ends in ("the Kremlin spokesman", "his adviser").
const PERSON_ROLE = String.raw`(?:leader|president|spokesman|spokeswoman|spokesperson|secretary|minister|chancellor|premier|prime\s+minister|official|envoy|adviser|advisor|commissioner|archbishop|bishop|senator|governor|mayor|ambassador|chairman|chairwoman|judge|general|prosecutor|congressman|congresswoman|director|speaker|nominee|candidate)`;
const DESCRIPTION_END = new RegExp(String.raw`(?:^|\s)((?:[Tt]he|[Hh]is|[Hh]er)\s+(?:[A-Za-z-]+\s+){0,3}${PERSON_ROLE})$`);

// A statement, a speech, a tweet and where it was made, then a participle: "issued a statement at his club saying".
const STATEMENT_THEN =
  /\b(?:statement|tweet|post|letter|message|speech|interview|remarks|video|email|e-mail|release|address|op-ed|column|briefing|conference)(?:\s+(?:at|in|on|to|from|outside|after|during|with|near)\s+[^;:“”"]{1,80})?$/;
const WRITTEN_THEN = /\b(?:tweeted|posted|wrote|explained|shared|stated|announced|defended|justified)\s+(?:his|her|their|its)\s+[a-z]+$/;
// A full name, perhaps an appositive ("Thomas Gray, 24,", "X, a marine ecologist and professor at GT,"), then "who" before the verb.
const RELATIVE_WHO_END = /(?:^|\s)((?:[A-Z][\p{L}.’'-]*\s+){1,3}[A-Z][\p{L}’'-]*)(?:,\s[^,“”"]{1,80})?,?\s+who$/u;
// "According to X, <what X reported>", with "quoting Y," after X when X relays Y.
const ACCORDING_CLAUSE = /^\s+((?:the\s+)?[A-Z][^,;:“”"()]{1,80}?)\s*,\s*(?:quoting\s+((?:[^,;:“”"]|\([A-Z]{2,8}\)){2,100}?)\s*,\s*)?((?=[^;:“”"]*\s[a-z])[^;:“”"]+(?::\s*)?)$/;

// After "according to" or "in the words of": perhaps a lower-case description and a comma, then a
// name (titles in its run), perhaps a post-nominal ("QC", "MP"), and the comma before the quotation.
const DESCRIBED_SOURCE =
  /^\s+(?:(?:the|a|an|his|her|their)\s+(?:[\p{L}-]+\s+){0,4}?[a-z][\p{L}-]*,\s+)?((?:[A-Z][\p{L}.’'-]*\s+){0,4}[A-Z][\p{L}’'-]*)(?:,\s*(?:QC|KC|SC|MP|MEP|Jr\.?|Sr\.?|PhD|Esq\.?))?\s*,\s*$/u;

// A full name, a description in lower case, then a place of one or two words, each set off by commas.
// Two words only where they name a known place: "…, Jamel Msallem," is a name in apposition. Not a
// name after a preposition ("Speaking to Agence France-Presse, the president of …, Jamel Msallem,").
const NAME_DESCRIPTION_PLACE = /(?:^|\s)((?:[A-Z][\p{L}.’'-]*\s+){1,3}[A-Z][\p{L}’'-]*[a-z]),\s+[a-z][^,“”"]{1,100},\s+([A-Z][\p{L}’'-]+(?:\s+[A-Z][\p{L}’'-]+)?),$/u;

const RELATIVE_CLAUSE_TO_QUOTE = /\s[a-z]{3,}\s+(?:that|which)\s+(?:are|is|was|were|had\s+been|have\s+been|has\s+been)\s[^,;:“”"]{0,60}?\b(?:in|into|on|at|under|inside|behind)\s*$/;

const OBJECT_BEFORE_NAME = /\b(?:to|of|in|at|on|for|with|from|by|about|against)\s*$/i;

/** The attribution before a quote, within `[from, quoteOpen)` of `text` (the quote's sentence up to its mark). */
export function cueBefore(text: string, from: number, quoteOpen: number): Cue | undefined {
  const before = text.slice(from, quoteOpen);
  // "The palace issued the following statement from the king: “…”": the one it is from speaks.
  const from_ = STATEMENT_FROM.exec(before);
  const author = from_ ? whoFromPhrase(from_[2] ?? '') : undefined;
  if (from_ && author && author.kind !== 'unknown' && author.kind !== 'pronoun') {
    const start = from + (from_.index ?? 0) + from_[0].length - from_[0].trimStart().length;
    return { who: author, text: text.slice(start, from + (from_.index ?? 0) + from_[0].replace(/(?<!\s)\s*:\s*$/, '').length), start, end: quoteOpen };
  }
  // "The reforms were described by Chancellor Angela Merkel as a “…”": the agent of a passive
  // characterisation says the words; a thing after "by" ("by the report") names nobody.
  const passive = PASSIVE_BY_AS.exec(before);
  // A person's name takes no article: "by the Daily Hive" is a publication.
  const agent = passive && !/^(?:the|a|an)\s/i.test(passive[2] ?? '') ? findNames(passive[2] ?? '').at(-1) : undefined;
  if (passive && agent && agent.end === (passive[2] ?? '').length && agent.text.length + 20 >= (passive[2] ?? '').length && plausiblePerson(agent.name) && !isPlace(agent.name)) {
    const start = from + (passive.index ?? 0) + (passive[1] ?? '').length;
    return {
      who: { kind: 'name', name: agent.name },
      text: text.slice(start, from + (passive.index ?? 0) + passive[0].replace(/(?<!\s)\s+as\s+(?:an?\s+|the\s+)?$/, '').length),
      start,
      end: quoteOpen,
    };
  }
  const toldBy = PASSIVE_TOLD_BY.exec(before);
  const teller = toldBy ? findNames(toldBy[1] ?? '').at(-1) : undefined;
  if (toldBy && teller && teller.end === (toldBy[1] ?? '').length && teller.name.includes(' ') && plausiblePerson(teller.name) && !isPlace(teller.name)) {
    const start = from + (toldBy.index ?? 0);
    return { who: { kind: 'name', name: teller.name }, text: text.slice(start, from + (toldBy.index ?? 0) + toldBy[0].trimEnd().length), start, end: quoteOpen };
  }
  let verb: RegExpExecArray | undefined;
  for (const m of before.matchAll(VERB_RE)) {
    // Capitalised mid-sentence, it is a name, not a verb ("the United States is", "Simon Says").
    if (/^[A-Z]/.test(m[0]) && /\S/.test(before.slice(0, m.index)) && !/[.:;—]\s*$/.test(before.slice(0, m.index))) continue;
    // "Writing in a blog post, Matthew Ingram … dubbed …:": a participle opening the sentence, its
    // phrase closed by a comma, has its subject after the comma; it cues nothing itself.
    if (/^[A-Z][a-z]+ing$/.test(m[0]) && !/\S/.test(before.slice(0, m.index)) && /^[^,;:“”"]{1,60},\s*[A-Z]/.test(before.slice((m.index ?? 0) + m[0].length))) continue;
    // "Per Tom Brandt,": VERB_RE ignores case, so its capital after "per" is checked here ("per person" is no source).
    if (/^per$/i.test(m[0]) && !/^\s+(?:the\s+)?[A-Z]/.test(before.slice((m.index ?? 0) + m[0].length))) continue;
    verb = m as RegExpExecArray;
  }
  // "The three-judge court found", "Judge Amy Berman Jackson ruled": verbs of a court's finding;
  // "Trump's statement read:": a document's, not a reader's ("Biden read “The Night Before Christmas”").
  for (const m of before.matchAll(JUDICIAL_VERB)) {
    if ((m.index ?? 0) > (verb?.index ?? -1) && JUDICIAL_SUBJECT.test(before.slice(0, m.index))) verb = m as RegExpExecArray;
  }
  for (const m of before.matchAll(DOCUMENT_READ)) {
    // "Facebook released a statement which read, in part,": the issuer's document.
    // "The statement also read": one adverb between the document and its verb.
    const head = before
      .slice(0, m.index)
      .trimEnd()
      .replace(/(?<=\S)\s+(?:also|then|later|again|further|[a-z]+ly)$/, '');
    if (
      (m.index ?? 0) > (verb?.index ?? -1) &&
      (AUTHORED_DOCUMENT.test(head) ||
        ISSUED_DOCUMENT.test(head) ||
        BY_DOCUMENT.test(head) ||
        COURT_DOCUMENT.test(head) ||
        unownedDocument(head) ||
        institutionDocument(head) ||
        (IT_OPENS.test(head) && documentBefore(text, from)))
    )
      verb = m as RegExpExecArray;
  }
  if (!verb) return undefined;
  // "asked how papers that are supposed to be kept in “…” ended up": a quotation inside a relative
  // clause on a thing, after its preposition, is the wording of whatever the clause describes: a
  // quotation, its source unnamed.
  if (RELATIVE_CLAUSE_TO_QUOTE.test(before.slice((verb.index ?? 0) + verb[0].length))) {
    const at = from + (verb.index ?? 0);
    return { who: { kind: 'unknown' }, text: text.slice(at, at + verb[0].length), start: at, end: quoteOpen };
  }
  // "took to Twitter, posting at 12:54 am on Twitter, “…”": posting quotes only what follows its own
  // phrase and comma ("posting content on social media, post links to the “thank you” pages" does not).
  if (/^(?:posting|tweeting)$/i.test(verb[0]) && !/^[^“”";.]{0,80}[,:]\s*$/.test(before.slice((verb.index ?? 0) + verb[0].length))) return undefined;
  // "The summary of the decision read in part:": a court's ruling speaks for the court named before it.
  const courtDocument = /^(?:read|reads)$/.test(verb[0]) ? COURT_DOCUMENT.exec(before.slice(0, verb.index).trimEnd()) : null;
  if (courtDocument) {
    const start = from + (courtDocument.index ?? 0) + courtDocument[0].length - courtDocument[0].trimStart().length;
    return { who: { kind: 'description', name: 'the court' }, text: text.slice(start, from + (verb.index ?? 0) + verb[0].length), start, end: quoteOpen };
  }
  const verbStart = from + (verb.index ?? 0);
  const verbEnd = verbStart + verb[0].length;
  const verbWord = verb[0].toLowerCase();
  const institution = DOCUMENT_VERB.test(verbWord) || /^(?:announced|concluded|declared|found)$/.test(verbWord) ? institutionDocument(text.slice(from, verbStart).trimEnd()) : undefined;
  if (institution) return { who: institution.who, text: text.slice(from + institution.at, verbEnd), start: from + institution.at, end: quoteOpen };
  // "Per Tom Brandt, the talks were “…”": news shorthand for "according to".
  if (verbWord.startsWith('according') || /^in\s/.test(verbWord) || verbWord === 'per') return accordingCue(text, verbStart, verbEnd, quoteOpen);
  const cue = subjectCue(text, from, verbStart, verbEnd, verbWord);
  // "According to Yonhap, quoting KCNA, the military has been told to prepare a “…”": a passive verb
  // later in the sentence names nobody; the source the sentence opened with speaks.
  // Not "According to Forbes, West claimed …": a subject read as nobody is still the one who claimed.
  if (cue && (cue.who.kind !== 'unknown' || !/\b(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?$/.test(text.slice(from, cue.start)))) return cue;
  const opening = /^\s*According\s+to\b/.exec(before);
  return (opening && accordingCue(text, from + before.indexOf('According'), from + before.indexOf('According') + opening[0].trim().length, quoteOpen)) || cue;
}

/** "according to X, …": X (or the source X quotes) said what the sentence reports, up to `quoteOpen`. */
function accordingCue(text: string, verbStart: number, verbEnd: number, quoteOpen: number): Cue | undefined {
  const after = text.slice(verbEnd, quoteOpen);
  // "According to him, it was … “…”": the person the pronoun stands for (resolved like "he said").
  const object = /^\s+(him|her)\s*,/.exec(after);
  if (object) {
    const at = verbEnd + object[0].indexOf(object[1] ?? '');
    return { who: { kind: 'pronoun', pronoun: object[1] === 'him' ? 'he' : 'she', at }, text: text.slice(verbStart, at + (object[1] ?? '').length), start: verbStart, end: verbEnd + object[0].length };
  }
  // "in the words of the Crown prosecutor, Mark Tedeschi, QC, “…”": a description, then the full
  // name in apposition (a post-nominal after it), speaks.
  const described = DESCRIBED_SOURCE.exec(after);
  const person = described ? findNames(described[1] ?? '').at(-1) : undefined;
  if (described && person && person.end === (described[1] ?? '').length && person.name.includes(' ') && plausiblePerson(person.name) && !isPlace(person.name)) {
    return { who: { kind: 'name', name: person.name }, text: text.slice(verbStart, verbEnd + after.trimEnd().replace(/,$/, '').length), start: verbStart, end: verbEnd + after.length };
  }
  // "according to a statement released by Erdogan's office": the one who issued it speaks.
  // "According to Rutgers University political scholar Kelly Dittmar, “…”": a lower-case title
  // between the organisation and the name; the full name that ends the phrase speaks.
  const phrase = /^\s+([A-Z][^,;:“”"]{2,100}?)\s*,\s*$/.exec(after)?.[1] ?? '';
  const last = /\s[a-z]/.test(phrase) ? findNames(phrase).at(-1) : undefined;
  if (last && last.end === phrase.length && last.start > 0 && last.name.includes(' ') && plausiblePerson(last.name)) {
    return { who: { kind: 'name', name: last.name }, text: text.slice(verbStart, verbEnd + after.trimEnd().replace(/,$/, '').length), start: verbStart, end: verbEnd + after.length };
  }
  const name = /^\s+(?:an?\s+(?:statement|post|tweet|release|letter|transcript)\s+(?:released\s+|issued\s+|posted\s+|published\s+)?(?:by|from)\s+)?((?:the\s+)?[A-Z][\w.’'\- ]*?)\s*[,:]?\s*$/.exec(
    after,
  );
  // "According to the Commission on Presidential Debates, moderators would have “…”": the source,
  // then what it reported, up to the quotation; "quoting X" names the source the medium relays.
  const clause = name ? undefined : ACCORDING_CLAUSE.exec(after);
  if (clause) {
    const source = clause[2] ?? clause[1] ?? '';
    const bare = source.replace(/(?<!\s)\s*\([A-Z]{2,8}\)$/, '');
    // "North Korea's main news agency Korean Central News Agency": the name that ends the description.
    // "North Korea's Korean Central News Agency": the owner's possessive is not part of the source.
    const run = /(?:^|\s)((?:[A-Z][\p{L}&.-]*\s+(?:(?:of|for|on|and)\s+)?){0,6}[A-Z][\p{L}&.-]*)$/u.exec(bare)?.[1];
    const ownRun = run && run !== bare ? whoFromPhrase(run) : undefined;
    const who = (/[’']s\s/.test(bare) ? ownRun : undefined) ?? whoFromPhrase(bare) ?? ownRun;
    if (!who || who.kind === 'pronoun') return undefined;
    const end = verbEnd + (clause[0].length - (clause[3] ?? '').length);
    return { who, text: text.slice(verbStart, end).trim().replace(/,$/, ''), start: verbStart, end };
  }
  if (!name) return undefined;
  const who = whoFromPhrase(name[1] ?? '');
  return who && { who, text: text.slice(verbStart, verbEnd + after.trimEnd().replace(/[,:]$/, '').length), start: verbStart, end: verbEnd + after.length };
}

/** Reads the subject of the verb at `[verbStart, verbEnd)` from the text before it. */
function subjectCue(text: string, from: number, verbStart: number, verbEnd: number, verbWord: string): Cue | undefined {
  let head = text.slice(from, verbStart).replace(/(?<!\s)\s+$/, '');
  let aux = '';
  for (let m = AUX.exec(head); m && m[0].trim() !== ''; m = AUX.exec(head)) {
    aux = m[0] + aux;
    head = head.slice(0, head.length - m[0].length);
  }
  // "The court’s summary concluded", "Trump’s tweet said", "They released a statement which said":
  // a document speaks for whoever wrote or issued it.
  // "Mr Putin’s message to US President George Bush said": the recipient after "to" does not speak.
  const toWhom = /[’']s\s/.test(head) ? AUTHORED_DOCUMENT_TO.exec(head) : null;
  if (toWhom) head = head.slice(0, (toWhom.index ?? 0) + (toWhom[1] ?? '').length);
  const document = (/[’']s\s/.test(head) ? AUTHORED_DOCUMENT.exec(head) : null) ?? (/\s(?:which|that)$/.test(head) ? ISSUED_DOCUMENT.exec(head) : null);
  if (document) head = head.slice(0, document.index);
  // "The message reads, in part:", "The letter said": whoever the text says sent it.
  const itFamily = IT_OPENS.test(head) && DOCUMENT_VERB.test(verbWord) ? documentBefore(text, from) : undefined;
  if (itFamily) {
    const at = from + head.length - 2;
    return { who: { kind: 'document', family: itFamily }, text: text.slice(at, verbEnd), start: at, end: verbEnd };
  }
  const unowned = document || !DOCUMENT_VERB.test(verbWord) ? undefined : unownedDocument(head);
  if (unowned) {
    const at = from + head.length - unowned.written.length;
    return { who: documentWho(unowned.family, unowned.written), text: text.slice(at, verbEnd), start: at, end: verbEnd };
  }
  const signed = document ? null : BY_DOCUMENT.exec(head);
  if (signed) {
    // The issuer's name ends at the first lower-case word but "of the …": "sent by Michael Cohen to Judge William Pauley".
    const by = (signed[1] ?? '').replace(/\s+(?!(?:of|the|and|for)\s)[a-z][\s\S]*$/, '');
    const who = whoFromPhrase(by, from + head.length - (signed[1] ?? '').length);
    const at = from + (signed.index ?? 0) + (signed[0].length - signed[0].trimStart().length);
    if (who && who.kind !== 'pronoun') return { who, text: text.slice(at, verbEnd), start: at, end: verbEnd };
  }
  // "Rep. Emanuel Cleaver II (D-Mo.) said": the party tag is not part of the name.
  // "Sen. Lindsey Graham, R-S.C., said": the AP's tag between commas, no appositive name.
  const tag = PARTY_TAG.exec(head) ?? AP_PARTY_TAG.exec(head);
  if (tag) head = head.slice(0, tag.index);
  const cueFrom = (n: number): Cue => ({ who: whoAt(n), text: text.slice(n, verbEnd), start: n, end: verbEnd });
  let whoAt: (n: number) => Who = () => ({ kind: 'unknown' });
  // "Kim Jong Un was quoted by KCNA as saying": the one quoted speaks, not the medium.
  const quotedAs = verbWord === 'saying' ? QUOTED_AS.exec(head) : null;
  if (quotedAs) head = head.slice(0, quotedAs.index);
  // "Ana Lobo is reported to have said": the one reported speaks.
  const reportedTo = /^(?:said|told|written|declared|stated|added|called)$/.test(verbWord) ? REPORTED_TO_HAVE.exec(head) : null;
  if (reportedTo) head = head.slice(0, reportedTo.index);
  // "State media quoted Ayatollah Ali Khamenei as saying": the one quoted, named as the object.
  // "Politico quoted Tim Manning, formerly a deputy administrator at FEMA, as saying": an appositive may follow the name.
  const quotedObject = verbWord === 'saying' ? /\b(?:quoted|reported|cited)\s+([^,;:“”"]{2,100}?)(?:,\s[^;:“”"]{1,100}?,)?\s+as$/.exec(head) : null;
  const quotedName = quotedObject ? findNames(quotedObject[1] ?? '').at(-1) : undefined;
  if (quotedObject && quotedName && quotedName.end === (quotedObject[1] ?? '').length && plausiblePerson(quotedName.name)) {
    const at = from + (quotedObject.index ?? 0) + quotedObject[0].indexOf(quotedObject[1] ?? '') + quotedName.start;
    return { who: { kind: 'name', name: quotedName.name }, text: text.slice(at, verbEnd), start: at, end: verbEnd };
  }
  // "X took to Twitter to say", "X used his speech to warn that": the infinitive of speaking after a
  // verb that governs it with no object of its own; the sentence's subject speaks.
  if (INFINITIVE_OF_SPEECH.test(verbWord) && GOVERNS_INFINITIVE.test(head)) return { who: { kind: 'subject' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  const passive = BE.test(aux) && /^(?:told|asked|described|called)/.test(verbWord);
  if (passive) return { who: { kind: 'unknown' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  // "Putin has also spoken admiringly …, saying" / "… and said": the sentence subject speaks.
  // "Trump issued a statement at his golf club saying,": a statement's participle needs no comma.
  // '“…,” Novak said, before adding: “…”': a participle after "before", "while" or "then" too.
  // "The governor tweeted her reasoning saying,": a participle after a verb of writing and its object.
  if ((PARTICIPLE.test(verbWord) && (/,\s*$|^$|\s(?:by|before|while|then)$/.test(head) || STATEMENT_THEN.test(head) || WRITTEN_THEN.test(head))) || /(?:^|\s)(?:and|but)$/.test(head)) {
    return { who: { kind: 'subject' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  }
  // "Cynthia Thompson, curator of exhibits at the University of Arkansas, Fayetteville, said": the
  // place that ends a description is no appositive name; the full name before it speaks.
  const placed = NAME_DESCRIPTION_PLACE.exec(head);
  const placedName = placed ? toNameSpan(placed[1] ?? '', from + (placed.index ?? 0) + placed[0].indexOf(placed[1] ?? '')) : undefined;
  const place = placed?.[2] ?? '';
  const placeOnly = (!place.includes(' ') || isPlace(place)) && !OBJECT_BEFORE_NAME.test(head.slice(0, placed?.index ?? 0));
  if (placeOnly && placedName?.name.includes(' ') && plausiblePerson(placedName.name)) {
    const name = placedName.name;
    return { who: { kind: 'name', name }, text: text.slice(placedName.start, verbEnd), start: placedName.start, end: verbEnd };
  }
  // An appositive between subject and verb: "Dmitry Peskov, the Kremlin spokesman, said".
  // Two of them after a full name: "Anderson Cooper, of CNN, one of Vanderbilt's four sons, stated".
  // One is tried first ("AIP chairman Markham Robinson, whose Twitter bio …, writes").
  // A longer one only right after a full name: "Alexis Boon, the head of the Metropolitan Police Counter Terrorism Command, said".
  const short = /,\s[^,“”"]{1,60},$/.exec(head);
  const long = short || !head.endsWith(',') ? null : /,\s[^,“”"]{61,110},$/.exec(head);
  const one = short ?? (long && FULL_NAME_END.test(head.slice(0, long.index)) ? long : null);
  const two = one && !FULL_NAME_END.test(head.slice(0, one.index)) ? TWO_APPOSITIVES.exec(head) : null;
  const appositive = two ?? one;
  if (appositive) {
    // "The Senate Minority Leader, Chuck Schumer, said": when the appositive is itself a name, the
    // phrase before it is the person's title (or their organisation), and the name speaks.
    const inner = appositive[0].slice(1, -1).trim();
    const at = from + (appositive.index ?? 0) + appositive[0].indexOf(inner);
    const span = toNameSpan(inner, at);
    if (span && span.text === inner && /^[A-Z]/.test(inner) && !/\s[a-z]/.test(inner.replace(/\s(?:von|van|der|de|del|da|di|du|la|le|bin|al|ibn)\s/g, ' ')) && plausiblePerson(span.name)) {
      return { who: { kind: 'name', name: span.name }, text: text.slice(at, verbEnd), start: at, end: verbEnd };
    }
    head = head.slice(0, appositive.index).trimEnd();
  }
  // "Yvette Cooper of the Labour Party added": a person's organisation after the name does not speak
  // (nor one named in quotes, masked here: 'Anna Franowska of "Have no fear", …, told').
  // The organisation may hold "of" itself ("John C. Eastman of Chapman University School of Law"),
  // and a title may stand before it without a closing comma ("Erwin Chemerinsky, Dean of UC Berkeley
  // School of Law called"): the first "of" after a full name is where the person ends.
  // "Jennifer Daskal of American University and contributor to Slate wrote": a second role, after
  // the person's organisation, does not speak either.
  const andRole = /(?<!\s)\s+and\s+(?:an?\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:to|at|for|of|with)\s+(?:the\s+)?[A-Z][\p{L}.’'&-]*(?:\s+[A-Z][\p{L}.’'&-]*){0,4}$/u.exec(head);
  if (andRole && /\s+of\s+(?:the\s+)?[A-Z][\p{L}.’'&-]*(?:\s+[A-Z][\p{L}.’'&-]*){0,5}$/u.test(head.slice(0, andRole.index))) head = head.slice(0, andRole.index);
  // "The government of Fiji said": a place's institution speaks, not the place.
  const government = governmentOf(head);
  if (government) {
    const at = from + government.at;
    whoAt = () => ({ kind: 'group', name: government.name });
    return cueFrom(at);
  }
  // "Peter Iseley of worldwide victim group Ending Clergy Abuse said": lower-case words may describe the organisation.
  // "… of the Freedom Party (FP) said": the organisation's acronym after it.
  const acronym = /(?<!\s)\s*\([A-Z]{2,8}\)$/.exec(head);
  if (acronym) head = head.slice(0, acronym.index);
  const ofOrg = /(?<!\s)\s+of(?:\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}(?:[A-Z][\wÀ-ž.’'&-]*|of|the|and|for)(?:\s+(?:[A-Z][\wÀ-ž.’'&-]*|of|the|and|for)){0,9}|\s+["“]\s*["”])$/.exec(head);
  // Only where the person ends the subject does the acronym go: "the Syrian Democratic Forces (SDF) said" keeps it.
  let cutAtOf = false;
  if (ofOrg) {
    const ofs = [...head.matchAll(/(?<!\s)\s+of\s/g), ...head.matchAll(/,\s+(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+\s+of\s/g)].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    for (const of of ofs) {
      const person = findNames(head.slice(0, of.index)).at(-1);
      const rest = head.slice((of.index ?? 0) + of[0].length);
      if (
        person &&
        person.end === of.index &&
        person.name.includes(' ') &&
        plausiblePerson(person.name) &&
        (/^["“]\s*["”]$/.test(rest) ||
          (/^(?:the\s+)?(?:[a-z-]+\s+){0,3}[A-Z]/.test(rest) && !/\s[a-z]/.test(rest.replace(/^(?:the\s+)?(?:[a-z-]+\s+){0,3}/, '').replace(/\s(?:of|the|and|for)(?=\s)/g, '')))) &&
        // "Chief of the Operations Staff of the … High Command General Alfred Jodl": a title inside
        // the run, then a name, ends it in the person who speaks.
        !rest.split(/\s+/).some((w, i, all) => i <= all.length - 3 && /^[A-Z]/.test(w) && isTitleWord(w) && plausiblePerson(all.slice(i + 1).join(' ')))
      ) {
        head = head.slice(0, of.index);
        cutAtOf = true;
        break;
      }
    }
  }
  if (acronym && !cutAtOf) head += acronym[0];
  // "Regina Ip from the pro-Beijing camp said": a full name, where the person comes from, then the verb.
  const fromWhere = /(?<!\s)\s+from\s+(?:the\s+)?[\p{L}’'-]+(?:\s+[\p{L}’'-]+){0,4}$/u.exec(head);
  const fromPerson = fromWhere ? findNames(head.slice(0, fromWhere.index)).at(-1) : undefined;
  if (fromWhere && fromPerson && fromPerson.end === fromWhere.index && fromPerson.name.includes(' ') && plausiblePerson(fromPerson.name)) head = head.slice(0, fromWhere.index);
  // "The Aam Aadmi Party in Goa said", "Jan Novak in Prague said": where a named organisation or
  // person is does not speak; the place is never the speaker.
  const inWhere = /(?<!\s)\s+(?:in|at|from)\s+(?:the\s+)?[A-Z][\p{L}’'-]+(?:\s+[A-Z][\p{L}’'-]+){0,2}$/u.exec(head);
  if (inWhere) {
    const before = head.slice(0, inWhere.index);
    const org = ORG_END.exec(before);
    const person = findNames(before).at(-1);
    const orgBefore = org !== null && organisationName(org[1] ?? '') !== undefined;
    const personBefore = person !== undefined && person.end === before.length && person.name.includes(' ') && plausiblePerson(person.name) && !organisationName(person.name);
    if (orgBefore || personBefore) head = before;
  }
  const headEnd = from + head.length;
  // "drafted by Alex Greenwich who said", "Thomas Gray, 24, who said": the full name before "who" speaks.
  const relative = RELATIVE_WHO_END.exec(head);
  const relativeName = relative ? toNameSpan(relative[1] ?? '', from + (relative.index ?? 0) + (relative[0].length - relative[0].trimStart().length)) : undefined;
  if (relative && relativeName?.name.includes(' ') && plausiblePerson(relativeName.name)) {
    const name = relativeName.name;
    whoAt = () => ({ kind: 'name', name });
    return cueFrom(relativeName.start);
  }
  // "… — which the BBC noted as unusual — “…”": the subject of a relative clause does not speak the quote.
  if (/[—–]\s*(?:which|whom)\s+(?:the\s+)?(?:[A-Z][\p{L}.’'-]*\s*){1,4}$/u.test(head)) return undefined;
  const pronoun = PRONOUN_END.exec(head);
  if (pronoun) {
    const p = pronoun[1] ?? '';
    const at = headEnd - p.length;
    whoAt = () => ({ kind: 'pronoun', pronoun: p.toLowerCase(), at });
    return cueFrom(at);
  }
  // "Kyriakos Mitsotakis speaking to the Atlantic Council think tank called": the name before a
  // participle of speaking is the subject, whatever the phrase after it names.
  const speaking = SPEAKING_PHRASE.exec(head);
  if (speaking) {
    const at = from + (speaking.index ?? 0) + (speaking[0].length - speaking[0].trimStart().length);
    const span = toNameSpan(speaking[1] ?? '', at);
    if (span?.name.includes(' ') && plausiblePerson(span.name)) {
      const name = span.name;
      whoAt = () => ({ kind: 'name', name });
      return cueFrom(at);
    }
  }
  // "The President said", "The US President said", "the PM said": an office written with capitals
  // is a description (the holder named before), not an organisation nor a name.
  const office = CAPITALISED_OFFICE_END.exec(head);
  if (office) {
    const d = officeDescription(office[1] ?? '');
    whoAt = () => ({ kind: 'description', name: d });
    return cueFrom(headEnd - (office[1] ?? '').length);
  }
  // "The Kremlin said", "The White House said in a statement that": an organisation ends the subject.
  const org = ORG_END.exec(head);
  const orgName = org ? organisationName((org[1] ?? '').replace(/^.*?\s(?=[Tt]he\s+[A-Z])/, '')) : undefined;
  // "A source within the central Interior Ministry said": an organisation after a preposition is not the subject.
  const governed =
    org && orgName && /\b(?:of|in|at|within|from|for|to|with|by|on|near|inside|outside|among|across)\s+(?:the\s+)?(?:[a-z]+\s+)?$/.test(head.slice(0, head.length - (org[1] ?? '').length));
  if (governed) return { who: { kind: 'unknown' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  // A name-like run after "and" or "of" inside the organisation's name ("… of Health and Human Services") is part of it.
  const endsInPerson = (n: { name: string; start: number; end: number }): boolean =>
    n.end === (org?.[1] ?? '').length && n.name.includes(' ') && plausiblePerson(n.name) && !organisationName(n.name) && !/\s(?:of|for|on|and)(?:\s+the)?\s+$/.test((org?.[1] ?? '').slice(0, n.start));
  if (org && orgName && !findNames(org[1] ?? '').some(endsInPerson)) {
    const at = headEnd - (org[1] ?? '').length;
    whoAt = () => ({ kind: 'group', name: orgName });
    return cueFrom(at);
  }
  // "The ministry said": an organisation named before, or nobody (canonical.ts decides).
  const institution = INSTITUTION_END.exec(head);
  if (institution) {
    const d = institution[1] ?? '';
    whoAt = () => ({ kind: 'description', name: d });
    return cueFrom(headEnd - d.length);
  }
  const owned = OWNED_GROUP.exec(head);
  // "His spokesman said", "Their lawyers said": a possessive pronoun names no owner; nobody is named.
  if (owned && POSSESSIVE_PRONOUN.test(owned[1] ?? '')) return { who: { kind: 'unknown' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  if (owned) {
    const at = headEnd - owned[0].length;
    const ownerSpan = toNameSpan(owned[1] ?? '', at);
    const group = owned[0];
    whoAt = () => (ownerSpan ? { kind: 'group', name: group, owner: ownerSpan.name } : { kind: 'group', name: group });
    return cueFrom(at);
  }
  if (VAGUE_GROUP.test(head)) return { who: { kind: 'unknown' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  const description = DESCRIPTION_END.exec(head);
  if (description) {
    const d = description[1] ?? '';
    whoAt = () => ({ kind: 'description', name: d });
    return cueFrom(headEnd - d.length);
  }
  // "Protesters chanted": a crowd, capitalised only because it opens the sentence, is nobody named.
  if (CROWD_END.test(head)) return { who: { kind: 'unknown' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  const names = findNames(text.slice(from, headEnd), from);
  const last = names[names.length - 1];
  // "speaking to the Atlantic Council called": a name after "to the" is an object, not the subject.
  const object = last && last.text === last.name && /\b(?:to|with|at|in|from|by|for|about)\s+the\s+$/.test(text.slice(Math.max(from, last.start - 12), last.start));
  // "Northern Ireland has suggested": a place speaks for someone the text does not name.
  if (last && last.end === headEnd && !object && isPlace(last.name.replace(/^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central)\s+/, ''))) {
    return { who: { kind: 'unknown' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  }
  if (last && last.end === headEnd && !object) {
    whoAt = () => ({ kind: 'name', name: withHonorific(last) });
    return cueFrom(last.start);
  }
  // "Moscow said", "Korea reacted": a place speaks for someone the text does not name.
  const lastWord = /(?:^|\s)([A-Z][\p{L}’'-]*)$/u.exec(head)?.[1] ?? '';
  if (UNKNOWN_END.test(head) || (lastWord && (isPlace(lastWord) || isNotName(lastWord)))) return { who: { kind: 'unknown' }, text: text.slice(verbStart, verbEnd), start: verbStart, end: verbEnd };
  return undefined;
}

const POSSESSIVE_OWNER: Readonly<Record<string, string>> = { his: 'he', her: 'she', their: 'they' };

/** A document cue; "His letter", "her statement" carry the pronoun their sender must agree with. */
function documentWho(family: readonly string[], written: string): Who {
  const pronoun = POSSESSIVE_OWNER[(/^\S+/.exec(written.trim())?.[0] ?? '').toLowerCase()];
  return pronoun ? { kind: 'document', family, pronoun } : { kind: 'document', family };
}

/** "The message", "This letter" ending `head`, and the family of documents it belongs to. */
function unownedDocument(head: string): { written: string; family: readonly string[] } | undefined {
  const m = UNOWNED_DOCUMENT_END.exec(head) ?? DOCUMENT_TO_END.exec(head);
  const family = m ? documentFamily(m[3] ?? '', m[2]) : undefined;
  return m && family ? { written: m[1] ?? '', family } : undefined;
}

/** Institutions that speak for a place: "the government of Fiji", "the Embassy of Japan". */
const INSTITUTIONS = ['government', 'administration', 'embassy', 'ministry', 'parliament', 'presidency', 'military', 'army', 'navy', 'police', 'cabinet', 'palace'];

// "Rep. Emanuel Cleaver II (D-Mo.)", "Mr. Kelly, a retired astronaut,": a party tag or appositive before the verb.
const TAG = String.raw`(?:\s*\([A-Z]{1,2}[-–][A-Z][A-Za-z.]*\.?\)|,\s[^,“”"]{1,60},)?`;
const AFTER_SUBJECT_VERB = new RegExp(
  String.raw`^[\s,]*((?:[Tt]he\s+)?(?:[A-Z][\wÀ-ž.’'\-]*\s+){0,4}?[A-Z][\wÀ-ž.’'\-]*|he|she|they|it|[Tt]he\s+(?:${INSTITUTIONS.join('|')})\s+of\s+(?:the\s+)?(?:[A-Z][\wÀ-ž’'\-]*\s+){0,3}[A-Z][\wÀ-ž’'\-]*|[Tt]he\s+(?:[A-Z][\wÀ-ž’'\-]*\s+){1,2}(?:[a-z\-]+\s+){0,1}${PERSON_ROLE}|[Tt]he\s+\d{1,3}-year-old(?:\s+[a-z]+)?|[Tt]he\s+(?:[a-z\-]+\s+){0,3}[a-z]+|(?:an?|one|another)\s+(?:[A-Za-z.’'\-]+\s+){0,4}?[a-z]+)${TAG}\s+((?:has\s+|had\s+|also\s+|later\s+)?${VERBS})\b((?:\s+(?:reporters|journalists|the\s+\w+|[A-Z]\w+))?)`,
);
// "“…,” said University of California, San Diego's chancellor, Pradeep Khosla", "said the Academy's
// president, Eva Kral": the office holder named after the organisation's office speaks, not the
// organisation's first word (its name may hold a comma, so the name is read from the office on).
const AFTER_VERB_OWNER_OFFICE_NAME =
  /^[\s,]*(?:said|says|added|wrote|noted|stated|explained|remarked|recalled|continued)\s+(?:the\s+)?[A-Z](?:[^“”";:!?.]|\.(?!\s)){0,80}?[’']s\s+(?:[a-z-]+\s+){0,3}[a-z-]+,\s+((?:[A-Z]\.|[A-Z][\p{L}’'-]*)(?:\s+(?:[A-Z]\.|[A-Z][\p{L}’'-]*)){1,3})(?=[\s,.;:!?]|$)/u;
const COURT_DOCUMENT = /(?:^|\s)[Tt]he\s+(?:summary\s+of\s+the\s+)?(?:court[’']s\s+)?(?:ruling|judgment|judgement|verdict)$/;
const AFTER_RULING = /^[\s,]*[Tt]he\s+(?:court[’']s\s+)?(?:ruling|judgment|judgement|verdict)\s+(?:read|reads|said|says|stated|states)\b/;
const AFTER_VERB_SUBJECT =
  /^[\s,]*(said|says|added|asked|wrote|writes|declared|explained|noted|continued|replied|responded|tweeted|posted|remarked|insisted|argued|warned|stated|recalled|interjected|quipped|conceded|observed|acknowledged|admitted|cautioned|concluded|confirmed|countered|retorted|exclaimed|stressed|emphasi[sz]ed|reiterated|joked|told\s+reporters|according\s+to)\s+((?:the\s+)?(?!(?:on|in|at|from|via|through|during|after|before|with|by|for|to|outside|inside|near)\s)(?:[a-z]+\s+){0,3}?(?:(?:then|ex)-)?[A-Z][\wÀ-ž.’'-]*(?:\s+[A-Z][\wÀ-ž.’'-]*){0,3})(?=[\s,.;:!?]|$)/;

// "said a protester using the pseudonym Katya", "said a student who gave her name only as Mei": the
// name the text gives is the speaker's, even when it is not their own.
const AFTER_VERB_PSEUDONYM =
  /^[\s,]*(?:said|says|added|wrote|explained|continued|told\s+[a-z]+)\s+an?\s+(?:[a-z-]+\s+){1,4}?(?:(?:using|under)\s+(?:the|a)\s+(?:pseudonym|alias|nickname|name)|going\s+by(?:\s+the\s+(?:pseudonym|alias|nickname|name))?|known\s+(?:only\s+)?as|identified\s+(?:only\s+)?as|who\s+gave\s+(?:his|her|their)\s+(?:first\s+)?name\s+(?:only\s+)?as)\s+([A-Z][\p{L}’'-]+)(?=[\s,.;:!?]|$)/u;

// "said one senior administration official", "added a spokesman for the ministry": a source the text
// does not name. Read as such, so the quotation is cued (and kept) and no earlier subject takes it.
const AFTER_VERB_UNNAMED =
  /^[\s,]*(?:said|says|added|asked|wrote|explained|noted|continued|replied|responded|warned|stated|insisted|argued|told\s+reporters)\s+(?:a|an|one|another|some|two|three|several)\s+(?:[a-z-]+\s+){0,4}?[a-z-]+(?=\s*(?:[,.;:!?]|$)|\s+(?:for|of|at|with|in|on|who|familiar|speaking|close)\s)/;

// Not before a name in apposition ("said the 54-year-old, Ana Lobo."): the name speaks, read later.
const AFTER_VERB_AGE = /^[\s,]*(?:said|says|added|explained|continued|told\s+reporters)\s+(the\s+\d{1,3}-year-old(?:\s+[a-z]+)?)(?=\s*(?:[.;:!?]|,(?!\s+[A-Z])|$))/;

const AFTER_VERB_DESCRIBED_NAME =
  /^[\s,]*(?:said|says|added|wrote|explained|continued|recalled)\s+((?:his|her|their|the|a|an|one)\s+(?:\d{1,3}-)?[a-z][a-z -]{1,40}),\s+((?:[A-Z][\p{L}.’'-]*\s+){1,3}[A-Z][\p{L}’'-]*)(?=\s*[,.;]|$)/u;

// "said one resident, Maria Costa": people quoted for what they saw or do.
const BYSTANDER =
  /^(?:a|an|one)\s+(?:[a-z-]+\s+){0,2}(?:resident|witness|eyewitness|survivor|protester|demonstrator|voter|student|worker|farmer|neighbou?r|shopper|shopkeeper|passenger|parent|mother|father|nurse|doctor|teacher|local|villager|relative|volunteer|rescuer|driver|owner|supporter|fan|veteran)$/;
const AFTER_ADJECTIVE_NAME = new RegExp(String.raw`^[\s,]*an?\s+(?:[a-z-]+\s+){1,2}([A-Z][\p{L}’'-]+(?:\s+[A-Z][\p{L}’'-]+){0,2})\s+${VERBS}\b`, 'u');
const AFTER_DESCRIPTION_APPOSITIVE = new RegExp(
  String.raw`^[\s,]*(?:an?|the|[A-Z][\p{L}.]*[’']s)\s+(?:[A-Za-z’'.-]+\s+){0,4}?(?:[a-z]+|(?<=\s(?:from|of|for)\s+)[A-Z][a-z]+),\s+((?:[A-Z][\p{L}.’'-]*\s+){1,3}[A-Z][\p{L}’'-]*),\s+${VERBS}\b`,
  'u',
);
const AFTER_READS_OWNED =
  /^[\s,]*(?:reads|read|says|said|states|stated)\s+((?:[A-Z][\p{L}.’'-]*\s+){0,3}[A-Z][\p{L}’'-]*)[’']s\s+(?:[a-z]+\s+)?(?:statement|ruling|opinion|order|decision|letter|tweet|post|message|memo|note)\b/u;
// A dotted acronym may stand in it ("U.N. envoy Jan Novak told").
const AFTER_DESCRIBED_NAME = /^[\s,]*((?:the\s+[a-z]+[’']s\s+(?:[a-z]+\s+){0,2})?[A-Z]\.?(?:[A-Z]\.|[^“”".;:!?,]){1,100}?)\s+(?:said|says|added|wrote|told|declared|stated|tweeted)\b/;

const STATEMENT_FROM =
  /\b((?:issued|released|published|posted|read\s+out)\s+(?:the\s+following|a|this)\s+(?:[a-z]+\s+)?(?:statement|message|announcement|note)\s+(?:from|by|on\s+behalf\s+of)\s+)((?:the\s+)?[^,;:“”"]{2,60}?)\s*:\s*$/;
const PASSIVE_BY_AS =
  /(\b(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?)(?:described|branded|characteri[sz]ed|called|labell?ed|dubbed|denounced|hailed|praised|condemned|critici[sz]ed)\s+by\s+([^,;:“”"]{2,80}?)\s+as\s+(?:an?\s+|the\s+)?$/;

// "said Hale. Charges of …": a word of two letters or more, not an abbreviation, then a full stop
// and a capital ends the sentence, so the name ends there.
const FULL_STOP_IN_NAME = new RegExp(String.raw`(?<!\b${ABBREVIATION.slice(0, -2)})(?<=[a-z]{2})\.\s+[A-Z]`);

// What follows the verb up to a comma or the sentence's end; an initial ("John F. Kelly") or an
// abbreviation ("Sen. Graham") is no sentence end, but a suffix after the name is ("said Tom Brandt Jr. The …").
const TITLE_BEFORE_NAME = ABBREVIATION.slice(0, -2).replace('|Jr|Sr', '');
const PHRASE_TO_SENTENCE_END = new RegExp(String.raw`^[^,;:“”"]{0,120}?(?=[,;:]|(?<!\b[A-Z]|\b${TITLE_BEFORE_NAME})\.(?:\s|\*|$)|$)`);

/** The verb-subject match with its subject cut at a sentence end inside it. */
function endsAtFullStop(m: RegExpExecArray | null): readonly [string, string | undefined, string | undefined] | undefined {
  if (!m) return undefined;
  const subject = m[2] ?? '';
  const stop = FULL_STOP_IN_NAME.exec(subject);
  if (!stop) return [m[0], m[1], m[2]];
  const cut = subject.length - stop.index;
  return [m[0].slice(0, m[0].length - cut), m[1], subject.slice(0, stop.index)];
}

const PASSIVE_AS_END =
  /\b(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?(?:described|branded|characteri[sz]ed|called|labell?ed|dubbed|denounced|hailed|praised|condemned|critici[sz]ed)\s+as\s+(?:an?\s+|the\s+)?$/;
const BY_AGENT = /^\s+by\s+((?:[A-Z][\p{L}.’'-]*\s+){0,5}[A-Z][\p{L}’'-]*)(?=[\s,.;:!?]|$)/u;

/**
 * "The fires were described as “an international crisis” by French President Emmanuel Macron": the
 * agent after the quotation of a passive characterisation; `before` is the sentence up to the mark.
 */
export function passiveAgentAfter(text: string, before: string, after: number, limit: number): Cue | undefined {
  if (!PASSIVE_AS_END.test(before)) return undefined;
  const m = BY_AGENT.exec(text.slice(after, Math.min(limit, after + 120)));
  // "by Emmanuel Macron. The summit …": the name ends at the full stop.
  const stop = m ? FULL_STOP_IN_NAME.exec(m[1] ?? '') : null;
  const run = m && stop ? (m[1] ?? '').slice(0, stop.index) : (m?.[1] ?? '');
  const length = m ? m[0].length - ((m[1] ?? '').length - run.length) : 0;
  const agent = m ? toNameSpan(run, 0) : undefined;
  if (!m || !agent || agent.text !== run || !plausiblePerson(agent.name) || isPlace(agent.name)) return undefined;
  const lead = m[0].length - m[0].trimStart().length;
  return { who: { kind: 'name', name: agent.name }, text: text.slice(after + lead, after + length), start: after + lead, end: after + length };
}

/** The attribution after a quote: `“…,” Trump said` or `“…,” said Putin`; `after` is the offset after the closing mark. */
export function cueAfter(text: string, after: number, limit: number): Cue | undefined {
  const rest = text.slice(after, Math.min(limit, after + 160));
  // Before the other forms: a later one reads the organisation's first word as the speaker.
  const office = AFTER_VERB_OWNER_OFFICE_NAME.exec(rest);
  const holder = office ? toNameSpan(office[1] ?? '', 0) : undefined;
  if (office && holder && holder.text === office[1] && holder.name.includes(' ') && plausiblePerson(holder.name) && !isPlace(holder.name)) {
    const lead = office[0].length - office[0].trimStart().length;
    return { who: { kind: 'name', name: holder.name }, text: text.slice(after + lead, after + office[0].length), start: after + lead, end: after + office[0].length };
  }
  // "a defiant Maduro told", "a Times spokeswoman, Eileen Murphy, said": a name inside or after the
  // description speaks; "a senior official said" stays nobody.
  const adjectived = AFTER_ADJECTIVE_NAME.exec(rest) ?? AFTER_DESCRIPTION_APPOSITIVE.exec(rest);
  const adjectivedName = adjectived ? toNameSpan(adjectived[1] ?? '', 0) : undefined;
  if (adjectived && adjectivedName && adjectivedName.text === adjectived[1] && plausiblePerson(adjectivedName.name) && !isPlace(adjectivedName.name) && !isNotName(adjectivedName.name)) {
    const lead = adjectived[0].length - adjectived[0].trimStart().length;
    const end = after + adjectived[0].length;
    return { who: { kind: 'name', name: adjectivedName.name }, text: text.slice(after + lead, end), start: after + lead, end };
  }
  // "“…,” reads Judge Harlan's statement": the statement's owner.
  const owned = AFTER_READS_OWNED.exec(rest);
  const ownerName = owned ? toNameSpan(owned[1] ?? '', 0) : undefined;
  if (owned && ownerName && ownerName.text === owned[1] && plausiblePerson(ownerName.name) && !isPlace(ownerName.name)) {
    const lead = owned[0].length - owned[0].trimStart().length;
    return { who: { kind: 'name', name: ownerName.name }, text: text.slice(after + lead, after + owned[0].length), start: after + lead, end: after + owned[0].length };
  }
  // "“…,” the ruling read": a court's ruling speaks for the court (the one the text named before it).
  const ruling = AFTER_RULING.exec(rest);
  if (ruling) {
    const lead = ruling[0].length - ruling[0].trimStart().length;
    return { who: { kind: 'description', name: 'the court' }, text: text.slice(after + lead, after + ruling[0].length), start: after + lead, end: after + ruling[0].length };
  }
  // "“…,” the message reads": whoever the text says sent the message.
  const doc = AFTER_DOCUMENT.exec(rest);
  const docFamily = doc ? documentFamily(doc[3] ?? '', doc[2]) : undefined;
  if (doc && docFamily) {
    const lead = doc[0].length - doc[0].trimStart().length;
    return { who: documentWho(docFamily, doc[1] ?? ''), text: text.slice(after + lead, after + doc[0].length), start: after + lead, end: after + doc[0].length };
  }
  const sv = AFTER_SUBJECT_VERB.exec(rest);
  if (sv) {
    const subject = sv[1] ?? '';
    const lead = sv[0].length - sv[0].trimStart().length;
    const start = after + lead;
    const end = after + sv[0].length;
    const who = whoFromPhrase(subject, start);
    if (!who) return undefined;
    if (who.kind !== 'unknown' && BE.test(sv[2] ?? '')) return undefined;
    return { who, text: text.slice(start, end).replace(/[\s,]+$/, ''), start, end };
  }
  // "Hong Kong director of Amnesty International Man-kei Tam said": a description ending in the name.
  const described = AFTER_DESCRIBED_NAME.exec(rest);
  if (described) {
    const phrase = described[1] ?? '';
    const lead = described[0].length - described[0].trimStart().length;
    const found = findNames(phrase, after + lead);
    // "Jan Novak of the Freedom Party said": the full name before "of" speaks, not the organisation.
    const ofPerson = found.find(
      (n) => n.name.includes(' ') && plausiblePerson(n.name) && /^\s+of\s/.test(text.slice(n.end, n.end + 5)) && !/\bof\s+(?:the\s+)?$/.test(text.slice(after + lead, n.start)),
    );
    if (ofPerson) {
      const end = after + described[0].length;
      return { who: { kind: 'name', name: ofPerson.name }, text: text.slice(after + lead, end), start: after + lead, end };
    }
    const last = found.at(-1);
    if (last && last.end === after + lead + phrase.length && last.name.includes(' ') && plausiblePerson(last.name)) {
      const end = after + described[0].length;
      return { who: { kind: 'name', name: last.name }, text: text.slice(after + lead, end), start: after + lead, end };
    }
  }
  // "said his father, Abdullah Kurdi, following the ceremony": a description, then the name in apposition.
  const kin = AFTER_VERB_DESCRIBED_NAME.exec(rest);
  // Only a person's description: "his father", "the spokesman"; not "the paper, New York Times".
  // "said the 54-year-old, Ana Lobo": an age describes a person too.
  const kinPerson = kin !== null && (/^(?:his|her|their)\s/.test(kin[1] ?? '') || /^the\s+\d{1,3}-year-old\b/.test(kin[1] ?? '') || DESCRIPTION_END.test(kin[1] ?? '') || BYSTANDER.test(kin[1] ?? ''));
  const kinName = kin && kinPerson ? toNameSpan(kin[2] ?? '', 0) : undefined;
  if (kin && kinName?.name.includes(' ') && kinName.text === kin[2] && plausiblePerson(kinName.name) && !isPlace(kinName.name)) {
    const lead = kin[0].length - kin[0].trimStart().length;
    const end = after + kin[0].length;
    return { who: { kind: 'name', name: kinName.name }, text: text.slice(after + lead, end), start: after + lead, end };
  }
  const pseudonym = AFTER_VERB_PSEUDONYM.exec(rest);
  if (pseudonym && !isPlace(pseudonym[1] ?? '') && !isNotName(pseudonym[1] ?? '')) {
    const lead = pseudonym[0].length - pseudonym[0].trimStart().length;
    const end = after + pseudonym[0].length;
    return { who: { kind: 'name', name: pseudonym[1] ?? '' }, text: text.slice(after + lead, end), start: after + lead, end };
  }
  // "said the 54-year-old": a person described by age (extract.ts reads it as "he"/"she").
  const aged = AFTER_VERB_AGE.exec(rest);
  if (aged) {
    const lead = aged[0].length - aged[0].trimStart().length;
    return { who: { kind: 'description', name: aged[1] ?? '' }, text: text.slice(after + lead, after + aged[0].length), start: after + lead, end: after + aged[0].length };
  }
  const unnamed = AFTER_VERB_UNNAMED.exec(rest);
  if (unnamed) {
    const lead = unnamed[0].length - unnamed[0].trimStart().length;
    return { who: { kind: 'unknown' }, text: text.slice(after + lead, after + unnamed[0].length), start: after + lead, end: after + unnamed[0].length };
  }
  const vs = endsAtFullStop(AFTER_VERB_SUBJECT.exec(rest));
  if (vs) {
    const lead = vs[0].length - vs[0].trimStart().length;
    const start = after + lead;
    // "said **Department of Health and Human Services Secretary Robert Kennedy.**": a description
    // that ends the sentence in a person's full name names that person, not the department.
    const phrase = PHRASE_TO_SENTENCE_END.exec(rest.slice(lead + (vs[1] ?? '').length))?.[0] ?? '';
    const ending = findNames(phrase.replace(/\*+/g, (m) => ' '.repeat(m.length))).at(-1);
    if (ending && ending.end >= phrase.replace(/[\s*]+$/, '').length && ending.name.includes(' ') && plausiblePerson(ending.name) && ending.start > 0) {
      const end = after + lead + (vs[1] ?? '').length + ending.end;
      return { who: { kind: 'name', name: ending.name }, text: text.slice(start, end), start, end };
    }
    // "said UCL astronomer Angelos Tsiaras": an organisation, a lower-case title, then the person.
    const titled = /^\s+(?:[a-z]+\s+){1,2}((?:[A-Z][\wÀ-ž.’'-]*\s+){1,3}[A-Z][\wÀ-ž.’'-]*)/.exec(rest.slice(vs[0].length));
    const person = titled ? toNameSpan(titled[1] ?? '', 0) : undefined;
    if (titled && person?.name.includes(' ') && plausiblePerson(person.name)) {
      const end = after + vs[0].length + titled[0].replace(/[.,]$/, '').length;
      return { who: { kind: 'name', name: person.name }, text: text.slice(start, end), start, end };
    }
    const who = whoFromPhrase(vs[2] ?? '', start);
    if (!who) return undefined;
    return { who, text: text.slice(start, after + vs[0].length), start, end: after + vs[0].length };
  }
  return undefined;
}

const BUSINESS_TITLE = /\b(?:CEO|Chair|Chairman|Chairwoman|President|Founder|Co-Founder|Officer|Director|Partner|Senator|Mayor)\b/;
const LEADING_TITLES = /^(?:(?:Co-)?Founder\s+|CEO\s+|Chair(?:man|woman)?\s+)+/;

/** A short header naming the speaker before a colon at the start of the paragraph: "Gov. Josh Shapiro (D-PA): “…”". */
export function cueHeader(text: string, paraStart: number, quoteOpen: number): Cue | undefined {
  const head = text.slice(paraStart, quoteOpen);
  const m = /^([^:“”"]{2,90}):\s*$/.exec(head);
  if (!m) return undefined;
  const header = (m[1] ?? '').trim();
  if (header.split(/\s+/).length > 12) return undefined;
  const bare = header.replace(/\s*\([^)]*\)/g, '').trim();
  if (!/^[A-Z]/.test(bare)) return undefined;
  let who: Who;
  // "Amazon CEO Andy Jassy", "Parsons Chair, President, and CEO Carey Smith": a company and its
  // titles before the name, as a label's office is.
  // Not "Margie Alt, Director, Climate Action Campaign": the title must stand right before the name.
  const last = findNames(bare).at(-1);
  const titled = last && last.end === bare.length && BUSINESS_TITLE.test(bare) ? personOf(last.name)?.person.replace(LEADING_TITLES, '') : undefined;
  if (titled && new RegExp(String.raw`${BUSINESS_TITLE.source}\.?\s+(?:Dr\.\s+)?$`).test(bare.slice(0, bare.length - titled.length))) who = { kind: 'name', name: titled };
  else if (/\band\b|&|\b(?:family|team|group|campaign|lawyers|officials|coalition|association|union|committee|council)\b/i.test(bare)) {
    who = { kind: 'group', name: bare };
  } else {
    // The name ends the header; what precedes it must be titles ("Former U.S. Ambassador to Russia").
    if (!last || last.end !== bare.length) return undefined;
    if (/\b(?:said|says|told|wrote|writes|added|declared)\b/.test(bare.slice(0, last.start))) return undefined;
    // "Donald Trump quickly took a parting shot on Twitter:": a sentence, whose last name is an
    // object (a medium, a place), not a header of titles and a name. ("Ambassador to Russia Michael
    // McFaul" reads as one run after "to": only a one-word run is taken for an object.)
    if (
      (!last.name.includes(' ') && /\b(?:on|in|at|via|with|from|by|about|to)\s+(?:the\s+)?$/.test(bare.slice(0, last.start))) ||
      /\b(?:[a-z]+ly|[a-z]{3,}ed|took|gave|made|spoke|sent|put|went|came|got|had|has|was|were|is)\s/.test(bare.slice(0, last.start))
    )
      return undefined;
    who = { kind: 'name', name: last.name };
  }
  return { who, text: `${header}:`, start: paraStart, end: paraStart + header.length + 1 };
}

/** "Mrs. Trump" keeps its honorific, which tells her from the Donald Trump of the article. */
function withHonorific(n: { readonly text: string; readonly name: string }): string {
  const h = /(?:^|\s)((?:Mrs|Ms|Miss|Mr)\.?)\s+$/.exec(n.text.slice(0, n.text.length - n.name.length));
  return h && !n.name.includes(' ') ? `${h[1]} ${n.name}` : n.name;
}

// "the government of American Samoa", "the Embassy of Japan": an institution named by its noun in
// lower case (or capitalised) and the place it belongs to.
const INSTITUTION_OF = String.raw`(?:[Tt]he\s+)?(?:${INSTITUTIONS.map((w) => `[${w[0]?.toUpperCase()}${w[0]}]${w.slice(1)}`).join('|')})\s+of\s+(?:the\s+)?[A-Z][\p{L}’'-]*(?:\s+[A-Z][\p{L}’'-]*){0,3}`;
const GOVERNMENT_OF_END = new RegExp(String.raw`(?:^|\s)(${INSTITUTION_OF})$`, 'u');

/** The institution `phrase` ends in ("Government of Fiji"), with where it starts in `phrase`. */
function governmentOf(phrase: string): { name: string; at: number } | undefined {
  const m = GOVERNMENT_OF_END.exec(phrase);
  if (!m) return undefined;
  const written = m[1] ?? '';
  const name = written.replace(/^[Tt]he\s+/, '').replace(/^\p{Ll}/u, (c) => c.toUpperCase());
  return { name, at: (m.index ?? 0) + m[0].length - written.length };
}

const GOVERNMENT_OPENING = new RegExp(String.raw`^\s*(${INSTITUTION_OF})(?=\s)`, 'u');

/** The institution that opens `clause` ("The government of Fiji issued …"), and where it ends. */
export function openingGovernment(clause: string): { name: string; end: number } | undefined {
  const m = GOVERNMENT_OPENING.exec(clause);
  const found = m ? governmentOf(m[1] ?? '') : undefined;
  return m && found ? { name: found.name, end: m[0].length } : undefined;
}

// "The President", "the US President", "the PM": an office written with capitals after "the".
const CAPITALISED_OFFICE = String.raw`[Tt]he\s+(?:(?:U\.S\.|US|UK|U\.K\.|[A-Z][a-z]+(?:an|ish|ese|ch|i))\s+)?(?:President|Prime\s+Minister|PM|Chancellor|Premier|Governor|Mayor|Pope|Secretary-General|Secretary\s+of\s+State)`;
const CAPITALISED_OFFICE_END = new RegExp(String.raw`(?:^|\s)(${CAPITALISED_OFFICE})$`);
const CAPITALISED_OFFICE_WHOLE = new RegExp(`^${CAPITALISED_OFFICE}$`);
/** "the PM" reads as "the prime minister" (canonical.ts knows the title, not the abbreviation). */
const officeDescription = (written: string): string => written.replace(/\bPM$/, 'prime minister');

/** Reads a subject phrase: a pronoun, a description ("the Kremlin leader"), a group, or a name. */
function whoFromPhrase(phrase: string, at = 0): Who | undefined {
  const p = phrase.trim().replace(/[,.]$/, '');
  if (CAPITALISED_OFFICE_WHOLE.test(p)) return { kind: 'description', name: officeDescription(p) };
  const government = governmentOf(p);
  if (government && government.at === 0) return { kind: 'group', name: government.name };
  if (/^(?:he|she|He|She|it|It|they|They)$/.test(p)) return { kind: 'pronoun', pronoun: p.toLowerCase(), at };
  // "a State Department spokesperson": someone the text does not name.
  if (/^an?\s/i.test(p) || /^(?:one|another)\s+[a-z]/i.test(p)) return { kind: 'unknown' };
  const owned = OWNED_GROUP.exec(p);
  if (owned && owned.index === 0 && POSSESSIVE_PRONOUN.test(owned[1] ?? '')) return { kind: 'unknown' };
  if (owned && owned.index === 0) {
    const owner = toNameSpan(owned[1] ?? '', at);
    return owner ? { kind: 'group', name: p, owner: owner.name } : { kind: 'group', name: p };
  }
  if (/^[Tt]he\s/.test(p) && !/^[Tt]he\s+[A-Z]/.test(p)) return { kind: 'description', name: p };
  // "the Kremlin spokesman", "the Massachusetts senator": a capitalised modifier before a person's title.
  if (/^[Tt]he\s+[A-Z]/.test(p) && /\s[a-z]+$/.test(p) && DESCRIPTION_END.test(p)) return { kind: 'description', name: p };
  // "wrote The Post", "the Kremlin said", "Russia’s Foreign Ministry said": an organisation the text names.
  const org = organisationName(p);
  if (org) return { kind: 'group', name: org };
  if (VAGUE_GROUP.test(p)) return { kind: 'unknown' };
  // "The President", "The Russian": an office or a nationality, no organisation.
  if (/^[Tt]he\s+[A-Z]/.test(p) && !/\s[a-z]/.test(p)) return { kind: 'description', name: p };
  // "wrote student protester Joshua Wong": a lower-case description before a full name.
  const described = /^(?:[a-z]+\s+){1,3}((?:[A-Z][\wÀ-ž.’'-]*\s+){1,3}[A-Z][\wÀ-ž.’'-]*)$/.exec(p);
  if (described && !/^(?:the|a|an|his|her|their|its)\s/.test(p)) {
    const name = toNameSpan(described[1] ?? '', at + p.length - (described[1] ?? '').length);
    if (name?.name.includes(' ') && plausiblePerson(name.name)) return { kind: 'name', name: name.name };
  }
  const span = toNameSpan(p, at);
  if (span) return { kind: 'name', name: withHonorific(span) };
  if (/^[Tt]he\s/.test(p)) return { kind: 'description', name: p };
  return undefined;
}

// Verbs that introduce a quotation only in the colon form ("Trump outlined how…: “…”").
const COLON_VERB =
  /^(?:(?:[A-Z][\w.’'-]*|of|the|de|del|da|van|von|la|le|al|bin|(?:vice\s+)?(?:chairman|chairwoman|chair|president|spokesman|spokeswoman|spokesperson|secretary|director|leader|minister|professor|senator|governor|mayor|founder|candidate|nominee|manager|adviser|advisor|ambassador|host|executive|former))\s+){0,6}?([A-Z][\w’'-]+)(?:,\s[^,“”"]{1,60},)?\s+(?:(?:also|then|later|again|quickly|awkwardly|bluntly|sharply|simply)\s+)?(?:took|reflects|reflected|outlined|commented|rejected|explained|described|responded|reflected|spoke|talked|addressed|summed\s+up|laid\s+out|weighed\s+in|offered|gave|shared|made|pushed\s+back|dismissed|criticized|criticised|praised|defended|detailed|discussed|highlighted|touted|vowed|promised|reiterated|emphasized|emphasised|stressed)\b[^“”"]*(?::|\s—)\s*$/;

// The same with a comma, for verbs that only speech follows ("Trump, also on Twitter, defended his
// decision, “…”", "Senator Lindsey Graham spoke on Fox News, “…”").
const COMMA_VERB =
  /^(?:(?:[A-Z][\w.’'-]*|of|the)\s+){0,6}?([A-Z][\w’'-]+)(?:,\s[^,“”"]{1,60},)?\s+(?:(?:also|then|later|again)\s+)?(?:spoke|defended|reacted|criticized|criticised|commented|elaborated|weighed\s+in|pushed\s+back|responded|hit\s+back|fired\s+back)\b[^“”":;]*,\s*$/;

/** A sentence whose subject opens it and whose reporting verb ends at a colon (or, for speech verbs, a comma) before the quote. */
export function cueColon(text: string, sentenceStart: number, quoteOpen: number): Cue | undefined {
  const before = text.slice(sentenceStart, quoteOpen);
  const lead = before.length - before.trimStart().length;
  const m = COLON_VERB.exec(before.trimStart()) ?? COMMA_VERB.exec(before.trimStart());
  if (!m) return undefined;
  // "A Republican Assemblywoman, Jill Tolles, also commented …:": the name in apposition speaks.
  const apposed = /^[^,“”"]{1,60},\s((?:[A-Z][\p{L}.’'-]*\s+){1,3}[A-Z][\p{L}’'-]*),\s/u.exec(m[0]);
  const apposedName = apposed ? toNameSpan(apposed[1] ?? '', 0) : undefined;
  if (apposed && apposedName?.name.includes(' ') && apposedName.text === apposed[1] && plausiblePerson(apposedName.name)) {
    const start = sentenceStart + lead;
    const end = start + m[0].replace(/\s+$/, '').length - 1;
    return { who: { kind: 'name', name: apposedName.name }, text: text.slice(start, Math.min(end, start + 120)).trim(), start, end };
  }
  let head = m[0].slice(0, (m.index ?? 0) + m[0].indexOf(m[1] ?? '') + (m[1] ?? '').length);
  // "Mick Jagger of The Rolling Stones also reacted": the person, not their band or organisation.
  const of = /\s+of\s/.exec(head);
  const person = of ? toNameSpan(head.slice(0, of.index).trim(), 0) : undefined;
  if (of && person?.name.includes(' ') && plausiblePerson(person.name)) head = head.slice(0, of.index);
  // "AIP chairman Markham Robinson": a lower-case title before the full name that ends the subject.
  const titledName = /\s[a-z]/.test(head.trim()) ? findNames(head.trim()).at(-1) : undefined;
  const span = titledName && titledName.end === head.trim().length && titledName.name.includes(' ') && plausiblePerson(titledName.name) ? titledName : toNameSpan(head.trim(), sentenceStart + lead);
  if (!span) return undefined;
  const start = sentenceStart + lead;
  const verbEnd = start + m[0].search(/\s+(?:also\s+|then\s+)?[a-z]+\b/);
  const end = start + m[0].replace(/\s+$/, '').length - 1;
  return { who: { kind: 'name', name: span.name }, text: text.slice(start, Math.min(end, verbEnd + 40)).trim(), start, end };
}

// Quotations attributed to the subject of their sentence rather than to a reporting cue: the colon
// after any verb ("Collins saw compromise as the best way …: “…”"), and a partial quotation after a
// characterising verb, a relative clause, an opening description or team, or a speech participle.
// extract.ts decides when these rules are asked.
import type { Span } from '../sentences.ts';
import type { ArticleSpeakers, Resolved } from './canonical.ts';
import { openingGovernment } from './cues.ts';
import { openingOrganisation } from './organisations.ts';
import { findNames, isTitleWord, plausiblePerson } from './names.ts';
import { subjectsIn } from './pronouns.ts';
import { wordCount, type QuotedSpan } from './spans.ts';

export interface Attributed {
  readonly speaker: Resolved | null;
  readonly cue: string;
}

/** What the rules read: the article text, the same with quotations masked, its speakers, and the first person a sentence names. */
export interface SubjectContext {
  readonly text: string;
  readonly masked: string;
  readonly names: ArticleSpeakers;
  readonly firstPerson: (sentence: Span) => Resolved | null;
}

// "Trump lauded Cain as a “…”", "Biden referred to hecklers as “…”": the subject's verb, then the quote.
const CHARACTERISING =
  /^[\s,]*(?:,\s[^,“”"]{1,140},\s*)?(?:(?:has|had|have|also|then|later|again|[a-z]+ly)\s+)*(?:called|calls|described|describes|referred|refers|labeled|labelled|branded|characterized|characterised|smeared|compared|attacked|lauded|praised|hailed|criticized|criticised|condemned|dismissed|denounced|slammed|blasted|mocked|urged|challenged|demanded|promised|pledged|vowed|warned|predicted|professed|envisioned|informed|advised|insisted|assailed|decried|derided|ridiculed|lambasted|touted|endorsed|proposed|recommended|thanked|thanks|expressed|blamed|rejected|denied|apologi[sz]ed|threatened|spoke(?=\s+of\b)|accused(?=\s[^,;:“”"]{1,60}?\sof\b))\b/;
// A participle of speech after a comma, ending at the quotation: ", accusing the president of".
const TEAM_PARTICIPLE = /,\s+(?:accusing|calling|describing|labeling|labelling|branding|saying|claiming)\b[^,;:“”"]{0,80}$/;
// A full name, then a relative clause up to the quotation: "…, such as Chris Christie, who denounced … as a “…”".
const RELATIVE_WHO = /((?:[A-Z][\p{L}.’'-]*\s+){1,3}[A-Z][\p{L}’'-]*),\s+who\s+([^,;:“”"]{1,120})$/u;
// A clause of its own after the relative clause's verb ("who said that …", "who argued, when …").
const CLAUSE_START = /\b(?:that|which|who|whom|whose|because|although|though|while|when|where|after|before|if|unless)\b|[;:—]/i;
const OPENING_DESCRIPTION =
  /^\s*((?:[Tt]he|[Hh]is|[Hh]er)\s+(?:[a-z-]+\s+){0,2}(?:president|senator|governor|mayor|minister|prime\s+minister|secretary|spokesman|spokeswoman|spokesperson|congressman|congresswoman|chancellor|ambassador|speaker|leader|judge|prosecutor))(?=[\s,])/;
// A campaign, an administration, a team that opens the sentence: "The Trump campaign accused Biden of “…”".
const OPENING_TEAM = /^\s*((?:[Tt]he\s+)?(?:[A-Z][\p{L}’'-]*\s+){1,3}(?:campaign|administration|team|government))(?=\s)/u;
// A run naming an organisation, not a person ("Omidyar Network", "Supreme Court").
const ORG_WORD =
  /\b(?:Network|Office|Initiative|Commission|Court|Administration|Party|Democrats|Republicans|Committee|Council|Department|Ministry|Agency|Order|Group|Company|Corporation|Inc|Association|Institute|University|Foundation|Union|Forces|Army|Police|Bank)\b/;
const CLAUSE_BREAK =
  /\b(?:that|which|who|whom|whose|because|although|though|while|when|where|after|before|if|unless|critics?|criticism|accused|accusing|accusations?|allegations?|claims?|reports?|described|calls?)\b|[;:—]/i;

// "declaring himself the “…”", ", stating “…”", "discussing the “…” of slavery": a speech participle in
// the subject's clause, a few words of object at most before the quotation.
const SPEECH_PARTICIPLE =
  /(?:^|[\s,])(?:declaring|stating|saying|calling|describing|claiming|insisting|arguing|vowing|promising|warning|urging|discussing|labeling|labelling|branding|dubbing|deeming|terming|adding|noting|accusing)((?:\s+(?!(?:which|who|whom|whose|because|although|though|while|when|where|if|unless)\b)[\p{L}’'-]+){0,6})\s*$/u;
// An adverbial participle or a short aside ("while wearing a mask", ", when asked to condemn them,") opens no clause of its own.
const ADVERBIAL = /\b(?:while|when|after|before|without|by)\s+(?:[a-z]+ing|asked|pressed|questioned)\b|,\s[^,“”"]{1,60},/g;
const SUBORDINATE = /\b(?:that|which|who|whom|whose|because|although|though|while|when|where|after|before|if|unless|as)\b|[;:—]/;
// "<verb> the report as “…”": an object, then "as", right before the quotation.
const OBJECT_AS = /^(?:\s+(?!(?:that|which|who|whom|whose)\b)[\p{L}’'-]+){1,5}\s+as\s+(?:an?\s+|the\s+)?$/u;
// A sentence opened by a person (or a campaign) and any verb, ending in a colon before a full quotation:
// "Collins saw compromise as the best way …: “…”". Not "received a letter from Kim:" (the other one writes).
// The word after the subject must read as a finite verb ("saw", "outlined", "argues"), not
// "On President Trump delivering results:", "Make D.C. Safe Again initiative:".
const SUBJECT_COLON_TAIL =
  /^(?:,\s[^,“”"]{1,60},)?\s+(?:(?:also|then|later|again|[a-z]+ly)\s+)?(?:[a-z]{2,}ed|[a-z]{2,}[^s\s]s|saw|gave|took|made|put|sent|wrote|spoke|told|said|had|did|got|went|came|held|kept|left|met|paid|set|won|lost|led|began|brought|felt|found|heard|knew|meant|ran|sat|thought|understood)\b[^“”":;]*:\s*$/;
const COLON_OTHER_PARTY = /\b(?:from|by|with|to|of|for|about)\s+(?:the\s+)?[A-Z]|\b(?:which|who|whom|whose|because|although|though|while|when|where|if|unless|was|were|been|being|is|are)\b/;
const COLON_CLAUSE = /\b(?:which|who|whom|whose|because|although|though|while|when|where|if|unless|was|were|been|being|is|are)\b/;
const COLON_PREPOSITION = /(\S*)\s+(?:from|by|with|to|of|for|about)\s+(?:(the)\s+)?([A-Z][\p{L}.’'-]*)/gu;
// Someone else on the way to the colon ("received a letter from Kim:", "from the President:"), or a
// clause of its own. Not a thing ("from the Internet": a name takes no article) nor "of" inside a
// name ("the Church of Scientology's attempts").
function otherParty(tail: string): boolean {
  if (COLON_CLAUSE.test(tail)) return true;
  for (const m of tail.matchAll(COLON_PREPOSITION)) {
    if (/^\p{Lu}/u.test(m[1] ?? '')) continue;
    if (m[2] && !isTitleWord(m[3] ?? '')) continue;
    return true;
  }
  return false;
}
// An opening phrase before the subject: "Writing in a blog post,", "In a column,"; lower case only (no one named in it).
const OPENING_PHRASE = /^\s*(?:[A-Z][a-z]+ing\s+(?:in|on|to|for|at|from|with|about)\s+|In\s+|On\s+)(?:a|an|the|his|her|their)\s[a-z\s-]{1,50},\s*/;
// "of The Globe and Mail" right after the name; "of the University of California, Los Angeles" (a
// place after the comma, then the verb).
const SUBJECT_ORGANISATION = /^\s+of\s+(?:the\s+)?[A-Z][\p{L}.’'&-]*(?:\s+(?:(?:and|of|for|the|&)\s+)*[A-Z][\p{L}.’'&-]*)*(?:,\s+[A-Z][\p{L}’'-]*(?:\s+[A-Z][\p{L}’'-]*)?(?=\s+[a-z]))?/u;
// "Another was tour manager Thomas Gray, 24, who cited only his experience …: “…”".
const RELATIVE_COLON = /((?:[A-Z][\p{L}.’'-]*\s+){1,3}[A-Z][\p{L}’'-]*)(?:,\s[^,“”"]{1,40})?,\s+who\s+[a-z][^“”":;]*:\s*$/u;

// "Brandt was blunt:", "Tom Brandt's response was swift:", "He was more direct:": how a person
// spoke, then the colon and the words. ("X was asked:" is no such form: only manner words here.)
const MANNER_COLON =
  /^\s*(?:([Hh]e|[Ss]he)|((?:[A-Z][\p{L}.’'-]*\s+){0,3}[A-Z][\p{L}’'-]*?)(?:[’']s\s+(?:response|reply|answer|message|verdict|assessment|retort|explanation))?)\s+(?:was|is|has\s+been)\s+(?:(?:more|less|even|very|quite|equally|characteristically|typically|particularly)\s+)?(?:blunt|clear|direct|emphatic|defiant|unapologetic|adamant|frank|candid|succinct|brief|swift|simple|unequivocal|categorical|firm|forthright|terse|scathing|dismissive|defensive|undeterred|unrepentant)(?:\s+(?:in|about|on)\s+[^“”":;]{1,60})?:\s*$/u;

export const PASSIVE_QUESTION = /\b(?:was|were|been|being)\s+(?:[a-z]+ly\s+)?(?:asked|told|pressed|questioned)\b/;

// The colon form with any verb: a person who opens the sentence, a campaign, or a full name
// before "who"; nobody else named after a preposition on the way to the colon.
export function subjectColon(ctx: SubjectContext, from: number, open: number, sentence: Span, full: boolean): Attributed | undefined {
  const { masked, names, firstPerson } = ctx;
  const head = masked.slice(from, open);
  const relative = RELATIVE_COLON.exec(head);
  const relativeName = relative ? findNames(relative[1] ?? '').at(-1) : undefined;
  if (relative && relativeName && relativeName.end === (relative[1] ?? '').length && relativeName.name.includes(' ') && plausiblePerson(relativeName.name)) {
    return { speaker: names.name(relativeName.name), cue: head.trim().slice(0, 80) };
  }
  // Any verb with a colon only before a full quotation (a capital opens it).
  if (!full) return undefined;
  // "The government of Fiji issued a statement rejecting the ruling: “…”".
  const government = openingGovernment(head);
  if (government) {
    const tail = head.slice(government.end);
    if (SUBJECT_COLON_TAIL.test(tail) && !COLON_OTHER_PARTY.test(tail)) return { speaker: names.group(government.name), cue: head.trim().slice(0, 80) };
  }
  // "The Ministry of Foreign Affairs issued a statement: “…”": an organisation opening the sentence,
  // its verb and object, then the colon (as "The government of Fiji" above).
  const organisation = /^\s*(?:[Tt]he\s+)?[A-Z]/.test(head) ? openingOrganisation(head) : undefined;
  if (organisation) {
    const bare = organisation.replace(/^The\s/, '');
    const at = head.indexOf(bare);
    const tail = at >= 0 ? head.slice(at + bare.length).replace(/^\s*\([A-Z]{2,8}\)/, '') : '';
    if (tail && SUBJECT_COLON_TAIL.test(tail) && !COLON_OTHER_PARTY.test(tail)) return { speaker: names.group(organisation), cue: head.trim().slice(0, 80) };
  }
  const manner = MANNER_COLON.exec(head);
  // No person found here ("The Kremlin was blunt:"): the colon forms below may still name the speaker.
  if (manner) {
    const named = manner[2] ? findNames(manner[2]).at(-1) : undefined;
    const r = named && named.end === (manner[2] ?? '').length && plausiblePerson(named.name) ? names.name(named.name) : undefined;
    if (r?.kind === 'person') return { speaker: r, cue: head.trim().slice(0, 80) };
    const speaker = manner[1] ? firstPerson({ text: '', start: from, end: open }) : null;
    if (speaker) return { speaker, cue: head.trim().slice(0, 80) };
  }
  const team = OPENING_TEAM.exec(head);
  if (team) {
    const tail = head.slice(team[0].length);
    return SUBJECT_COLON_TAIL.test(tail) && !COLON_OTHER_PARTY.test(tail) ? { speaker: names.group(team[1] ?? ''), cue: head.trim().slice(0, 80) } : undefined;
  }
  const start = from + (OPENING_PHRASE.exec(head)?.[0].length ?? 0);
  const subject = subjectsIn(masked, start, open)[0];
  if (subject?.kind !== 'name' || /\S/.test(masked.slice(start, subject.name.start)) || /^(?:On|In|At|For|With|From|To|By|About|After|Before|During|Under|Over)\s/.test(subject.name.text))
    return undefined;
  // "Matthew Ingram of The Globe and Mail dubbed …:": the person's organisation is part of the subject.
  const tail = masked.slice(subject.name.end, open).replace(SUBJECT_ORGANISATION, '');
  if (!SUBJECT_COLON_TAIL.test(tail) || otherParty(tail) || PASSIVE_QUESTION.test(tail)) return undefined;
  const speaker = firstPerson({ text: '', start: start > from ? start : sentence.start, end: open });
  return speaker ? { speaker, cue: head.trim().slice(0, 80) } : undefined;
}

/** A partial quotation of two words or more with no cue of its own: the speaker its sentence's subject, verb or participle makes it, if any. */
export function subjectPartial(ctx: SubjectContext, from: number, span: QuotedSpan, sentence: Span): Attributed | undefined {
  const { text, masked, names, firstPerson } = ctx;
  let attributed: Attributed | undefined;
  const subject = subjectsIn(masked, sentence.start, span.open)[0];
  const between = subject ? masked.slice(subject.kind === 'name' ? subject.name.end : subject.at + subject.pronoun.length, span.open) : '';
  // Only in the subject's own clause, right after a verb that characterises what was said: not
  // after "criticism that he is", nor a phrase in a clause of its own.
  // The verb itself may be one that CLAUSE_BREAK lists ("accused … of"): only what follows it counts.
  const verb = CHARACTERISING.exec(between);
  // From after the quotation before it: a sentence may be split only after a closing mark.
  const team = OPENING_TEAM.exec(masked.slice(from, span.open));
  const teamVerb = team ? CHARACTERISING.exec(masked.slice(from + team[0].length, span.open)) : null;
  // "… Chris Christie, who denounced the claims as a “…”": the person the relative clause is about.
  // "The president praised the deal as “…”": a description that opens the sentence, read as the
  // cue "the president said" is (the person last named with that title, or nobody).
  const described = OPENING_DESCRIPTION.exec(masked.slice(from, span.open));
  const describedVerb = described ? CHARACTERISING.exec(masked.slice(from + described[0].length, span.open)) : null;
  const relative = RELATIVE_WHO.exec(masked.slice(from, span.open));
  const relativeName = relative ? findNames(relative[1] ?? '').at(-1) : undefined;
  const relativeVerb = relative ? CHARACTERISING.exec(relative[2] ?? '') : null;
  // "The Biden campaign criticized …, accusing the president of “…”": the team's own participle after a comma.
  const teamRest = team && teamVerb ? masked.slice(from + team[0].length + teamVerb[0].length, span.open) : '';
  const teamParticiple = TEAM_PARTICIPLE.exec(teamRest);
  const ownParticiple = teamParticiple !== null && !CLAUSE_START.test(teamRest.slice(0, teamParticiple.index)) && !CLAUSE_START.test(teamParticiple[0]);
  if (team && teamVerb && (!CLAUSE_BREAK.test(teamRest) || ownParticiple)) {
    attributed = { speaker: names.group(team[1] ?? ''), cue: '' };
  } else if (
    relative &&
    relativeVerb &&
    relativeName &&
    relativeName.end === (relative[1] ?? '').length &&
    relativeName.name.includes(' ') &&
    plausiblePerson(relativeName.name) &&
    !CLAUSE_START.test((relative[2] ?? '').slice(relativeVerb[0].length))
  ) {
    attributed = { speaker: names.name(relativeName.name), cue: '' };
  } else if (!subject && described && describedVerb && !CLAUSE_BREAK.test(masked.slice(from + described[0].length + describedVerb[0].length, span.open))) {
    const speaker = names.description(described[1] ?? '', from + (described.index ?? 0) + described[0].indexOf(described[1] ?? ''));
    if (speaker) attributed = { speaker, cue: '' };
  } else if (
    subject &&
    verb &&
    // "He characterized the conflict between … and … as a “…”": a longer object when "as" leads into the quotation.
    wordCount(between) <= (/\sas\s+(?:an?\s+|the\s+)?$/.test(between) ? 25 : 15) &&
    (!CLAUSE_BREAK.test(between.slice(verb[0].length)) || OBJECT_AS.test(between.slice(verb[0].length))) &&
    !(subject.kind === 'name' && ORG_WORD.test(subject.name.name))
  ) {
    const speaker = firstPerson({ text: '', start: sentence.start, end: span.open });
    if (speaker) attributed = { speaker, cue: '' };
  } else if (subject && !(subject.kind === 'name' && ORG_WORD.test(subject.name.name))) {
    // "President Trump delivered a speech declaring himself the “…”": a speech participle whose
    // subject is the sentence's, with no clause of its own between them.
    const participle = SPEECH_PARTICIPLE.exec(between);
    const lead = participle ? between.slice(0, participle.index).replace(ADVERBIAL, ' ') : '';
    const object = participle?.[1] ?? '';
    if (
      participle &&
      wordCount(lead) <= 25 &&
      !SUBORDINATE.test(lead) &&
      // "…, with far-left journalist Jeff Goldberg claiming": the participle is the "with" phrase's.
      !/\bwith\s+[^,;:]{1,80}$/.test(lead) &&
      !/\b(?:which|who|whom|whose|because|although|while|when|where|if|unless)\b/.test(object) &&
      !/\bthat\b(?!\s+(?:he|she|they|it)\b)/.test(object)
    ) {
      const speaker = firstPerson({ text: '', start: sentence.start, end: span.open });
      if (speaker) attributed = { speaker, cue: text.slice(span.open - between.length + participle.index, span.open).trim() };
    }
  }
  return attributed;
}

// Quote extraction for one article: transcript speech under speaker labels, caption headers, and
// quoted spans attributed by the cues around them. A wrong speaker is worse than none, so every
// step that is not sure leaves the speaker null.
import { splitSentences, type Span } from '../sentences.ts';
import { runAll } from '../steps.ts';
import type { Article, Passage, Quote } from '../types.ts';
import { lookupAlias, type AliasTable } from './aliases.ts';
import { readCaption } from './captions.ts';
import { ArticleSpeakers, type Resolved } from './canonical.ts';
import { cueAfter, passiveAgentAfter, cueBefore, cueColon, cueHeader, openingGovernment, type Cue, type Who } from './cues.ts';
import { describedPerson, isWireDescription } from './described.ts';
import { senderOf } from './documents.ts';
import { isCitedHeadline, nonQuoteReason, SCARE_QUOTES } from './filters.ts';
import { isStageDirection, readLabel, type Label } from './labels.ts';
import { findNames, isTitleWord, plausiblePerson, type NameSpan } from './names.ts';
import { agreesInNumber, openingOrganisation } from './organisations.ts';
import { agrees, clearlyOf, subjectsIn } from './pronouns.ts';
import { findQuotedSpans, wordCount, type QuotedSpan } from './spans.ts';
import { type Attributed, PASSIVE_QUESTION, subjectColon, subjectPartial } from './subject-speech.ts';

// A sentence that ends on its source: "… according to Kidston."
const ACCORDING_TO_AT_END = /\baccording to ((?:\p{Lu}[\p{L}.’'-]*\s+){0,3}\p{Lu}[\p{L}’'-]+)[.!?]?["”’]?\s*$/u;

/** The institution that opens a sentence sending a document ("The government of Fiji issued"). */
const sendingInstitution = (clause: string): string | undefined => openingGovernment(clause)?.name ?? openingOrganisation(clause);

// Before a name that is the object of a preposition in an opening phrase ("Faced with losing the
// character of Anya Jenkins, the producers …"): there the name is no one the story is about.
const OBJECT_OF_PREPOSITION = /\b(?:of|in|at|on|for|with|from|to|by|about|against|between|than|like|under|over|toward|towards)\s+(?:the\s+)?$/i;

// An office that opens the sentence as its subject ("The governor tweeted …").
const OPENING_OFFICE = /^\s*([Tt]he\s+(?:governor|president|senator|mayor|prime\s+minister|chancellor|secretary|speaker))\s+(?:[a-z]+ly\s+)?[a-z]+ed\b/;

// "the 54-year-old", "the 54-year-old senator": a person described by age alone.
const AGE_DESCRIPTION = /^[Tt]he\s+(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)-year-old(?:\s+[a-z]+)?$/;

export type { AliasTable } from './aliases.ts';

interface Paragraph {
  readonly start: number;
  readonly end: number;
}

function paragraphsOf(text: string): Paragraph[] {
  const out: Paragraph[] = [];
  const re = /\n\s*\n/g;
  let start = 0;
  for (const m of text.matchAll(re)) {
    out.push({ start, end: m.index ?? 0 });
    start = (m.index ?? 0) + m[0].length;
  }
  out.push({ start, end: text.length });
  return out.filter((p) => p.end > p.start && text.slice(p.start, p.end).trim() !== '');
}

/** Replaces what is inside quote marks by spaces, so cues and subjects are read outside quotes only. */
function maskQuotes(text: string, spans: readonly QuotedSpan[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    // Single marks read as double ones, so the cues written for “…” read ‘…’ too.
    if (s.single) out += `${text.slice(at, s.open)}“${' '.repeat(s.end - s.open - 1)}${text.slice(s.end, s.after - 1)}”`;
    else out += text.slice(at, s.start) + ' '.repeat(s.end - s.start);
    at = s.single ? s.after : s.end;
  }
  return out + text.slice(at);
}

// Lower-case asides between a name and its verb: "(pictured)", "— who leads the party —"; not an
// acronym ("(SDF)", "(MP)"), which names, nor a relative clause of its own ("— which the BBC noted —").
const ASIDE = /\s\([a-z][^()“”"\n]{0,39}\)|\s[—–]\s(?!which\b|whom\b)[a-z][^—–“”"\n.;:!?]{0,59}?\s[—–](?=\s)/g;

/** Replaces short asides of the paragraph `[from, to)` by spaces, so a name and its verb meet ("Novak (pictured) told"). */
function maskAsides(masked: string, from: number, to: number): string {
  const para = masked.slice(from, to);
  if (!/[(—–]/.test(para)) return masked;
  // "– as General Hokanson says – “surge trust”": an aside that is itself the cue stays.
  return masked.slice(0, from) + para.replace(ASIDE, (m) => (SPEECH_ACT.test(m) ? m : ' '.repeat(m.length))) + masked.slice(to);
}

// A sentence in which someone speaks without quoting: a reporting verb, or a channel ("via Twitter").
const SPEECH_ACT =
  /\b(?:said|says|told|wrote|tweeted|posted|spoke|commented|criticized|criticised|defended|reacted|responded|replied|warned|added|declared|stated|announced|argued|insisted|noted|explained|recalled|remarked|acknowledged|conceded|stressed|emphasi[sz]ed)\b|\b(?:issued|released)\s+an?\s+statement\b|\b(?:via|on)\s+Twitter\b|\bin\s+a\s+statement\b/;

// Before the subject of a sentence: no verb of its own, no list it is part of.
const LIST_BEFORE_SUBJECT = /\b(?:including|such\s+as|among\s+them)\b/;
const VERB_BEFORE_SUBJECT = /\b[a-z]{3,}ed\b/;

// What may follow a closing reporting clause before the sentence ends ("he added.", "Clinton said in a statement.").
const CLOSING_REST = /^(?:\s+(?:on|in|at|to|during|via|from|after|before)\s[^,;:“”"]{0,40})?\s*[.!?]?[\s”"’']*$/;

/** Longer than any real quote of the news corpora (the longest, a transcript answer, is 6,296). */
const MAX_QUOTE_CHARS = 8000;

/**
 * Keeps the mixed-case labels that make the article a transcript. Fact sheets have headings of the
 * same shape ("Advancing Human Rights:", "Article II:"), all different; speakers come back. So a
 * person label counts when it has an office before the name ("President of Russia Vladimir Putin:"),
 * the alias table knows the name, the same person is labelled twice, or an upper-case label
 * (`MR. TODD:`) shows a transcript; a role label ("Question:") needs a person label beside it.
 */
function transcriptLabels(found: readonly (Label | undefined)[], aliases: AliasTable): (Label | undefined)[] {
  const times = new Map<string, number>();
  for (const l of found) if (l?.person) times.set(l.person, (times.get(l.person) ?? 0) + 1);
  const upper = found.some((l) => l && !l.person && !/[a-z]/.test(l.cue));
  const kept = found.map((l) => {
    if (!l?.person) return l;
    return l.office || upper || (times.get(l.person) ?? 0) >= 2 || lookupAlias(aliases, l.person) ? l : undefined;
  });
  const people = kept.some((l) => l?.person) || upper;
  return kept.map((l) => (l && !l.person && /[a-z]/.test(l.cue) && !people ? undefined : l));
}

/**
 * The article's bare-name label that an office label ends with ("Recep Tayyip Erdogan"), else the
 * known name it ends with ("Roscosmos Igor Komarov" when the corpus knows Igor Komarov), else the name as read.
 */
function samePerson(person: string, labels: readonly (Label | undefined)[], aliases: AliasTable): string {
  for (const l of labels) {
    if (l?.person && !l.office && l.person !== person && l.person.includes(' ') && person.endsWith(` ${l.person}`)) return l.person;
  }
  const words = person.split(' ');
  if (words.length >= 3 && !lookupAlias(aliases, person)) {
    const tail = words.slice(-2).join(' ');
    if (lookupAlias(aliases, tail)) return tail;
  }
  return person;
}

/** `fullNames`: the article's `articleFullNames` when the caller has them already (learning aliases read them). */
export function extractQuotes(article: Article, passages: readonly Passage[], aliases: AliasTable, fullNames?: readonly string[]): Quote[] {
  return runAll(extractQuotesInSteps(article, passages, aliases, fullNames));
}

/** `extractQuotes`, yielding between paragraphs: a corpus update extracts an arriving article between queries. */
export function* extractQuotesInSteps(article: Article, passages: readonly Passage[], aliases: AliasTable, fullNames?: readonly string[]): Generator<void, Quote[]> {
  const text = article.text;
  const names = new ArticleSpeakers(article, aliases, fullNames);
  const paragraphs = paragraphsOf(text);
  const labels = transcriptLabels(
    paragraphs.map((p) => readLabel(text, p.start, p.end)),
    aliases,
  );
  const transcript = labels.some((l) => l !== undefined);
  const ordered = [...passages].sort((a, b) => a.start - b.start);
  const passageAt = (offset: number): string => {
    let found = ordered[0]?.id ?? `${article.id}#1`;
    for (const p of ordered) {
      if (p.start <= offset) found = p.id;
      else break;
    }
    return found;
  };
  const quotes: Quote[] = [];
  const emit = (start: number, end: number, who: Attributed, context: string): void => {
    // A runaway quotation (a missing closing mark, a transcript paragraph of megabytes) is no
    // quote: every answer citing it would cost in proportion to its size.
    if (end - start > MAX_QUOTE_CHARS) return;
    quotes.push({
      speakerId: who.speaker?.id ?? null,
      speaker: who.speaker?.name ?? null,
      text: text.slice(start, end),
      cue: who.speaker ? who.cue : '',
      start,
      end,
      context,
      passageId: passageAt(start),
      articleId: article.id,
    });
  };

  let current: Attributed | undefined; // transcript speaker in effect
  let lastPerson: { speaker: Resolved; para: number } | undefined; // for "he"/"she"
  let lastGroup: { speaker: Resolved; sentenceEnd: number } | undefined; // for "it"/"they"
  let previous: { attributed: Attributed; para: number; sentenceEnd: number } | undefined; // for continuations
  let lastOfPrevPara: Span | undefined; // the sentence before the paragraph
  // A quotation whose paragraph ends with no closing mark runs on into the next (news style): its
  // quotations so far, their last paragraph, and the sentence before the first.
  let runOn: { quotes: number[]; para: number; before: Span | undefined } | undefined;

  for (let pi = 0; pi < paragraphs.length; pi++) {
    const p = paragraphs[pi] as Paragraph;
    // A step per paragraph: one long transcript's quotes took a turn of 89 ms of CPU on whitehouse-all.
    yield;
    const paraText = text.slice(p.start, p.end);
    const label = labels[pi];
    if (transcript) {
      if (label) current = { speaker: label.person ? names.name(samePerson(label.person, labels, aliases)) : names.label(label.label), cue: label.cue };
      if (current && !isStageDirection(paraText)) {
        const start = label ? label.speechStart : p.start;
        let end = p.end;
        while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
        if (end > start && !isStageDirection(text.slice(start, end))) emit(start, end, current, text.slice(p.start, end));
      }
      if (current || label) continue;
    }

    const spans = findQuotedSpans(text, p.start, p.end);
    if (spans.length === 0) {
      lastOfPrevPara = splitSentences(paraText, p.start).at(-1);
      runOn = undefined;
      continue;
    }
    // This paragraph opens by continuing the quotation of the one before.
    const firstSpan = spans[0];
    const chain = runOn?.para === pi - 1 && firstSpan && /^[\s“"‘']*$/.test(text.slice(p.start, firstSpan.open)) ? runOn : undefined;
    runOn = undefined;
    const masked = maskAsides(maskQuotes(text, spans), p.start, p.end);
    const sentences = splitSentences(paraText, p.start);
    const sentenceAt = (offset: number): Span => sentences.find((s) => s.start <= offset && offset < s.end) ?? sentences[sentences.length - 1] ?? { text: paraText, start: p.start, end: p.end };
    const caption = readCaption(text, p.start);
    const byCue = new Map<number, Attributed>();
    const sentenceBefore = (sentence: Span): Span | undefined => {
      const i = sentences.findIndex((s) => s.start === sentence.start);
      return i > 0 ? sentences[i - 1] : lastOfPrevPara;
    };

    // The sentence's first subject, unless a verb or a list comes before it: "An eyewitness described
    // for news agency PA Media how …, stating", "Fifty former officials, including John Brennan, Leon
    // Panetta, and Michael Hayden, signed a letter saying": the one named is not who speaks.
    const mainSubject = (from: number, to: number): ReturnType<typeof subjectsIn>[number] | undefined => {
      const subject = subjectsIn(masked, from, to)[0];
      const at = subject ? (subject.kind === 'name' ? subject.name.start : subject.at) : from;
      // A verb in an opening phrase set off by a comma ("In a video message posted to Twitter, Warren") is no matter.
      const before = masked.slice(from, at);
      return subject && !LIST_BEFORE_SUBJECT.test(before) && !VERB_BEFORE_SUBJECT.test(before.slice(before.lastIndexOf(',') + 1)) ? subject : undefined;
    };
    const resolveWho = (who: Who, sentence: Span, cueStart: number): Resolved | null => {
      switch (who.kind) {
        case 'name':
          return names.name(who.name);
        case 'description': {
          // "the 54-year-old said": an age stands for the person just named, as "he" or "she" would;
          // only where both pronouns would mean the same one (or one of them no one).
          if (AGE_DESCRIPTION.test(who.name.trim())) {
            const he = resolvePronoun('he', cueStart, sentence);
            const she = resolvePronoun('she', cueStart, sentence);
            return he && she ? (he.id === she.id ? he : null) : (he ?? she);
          }
          const known = names.description(who.name, cueStart) ?? names.institution(who.name, cueStart);
          if (known || !isWireDescription(who.name)) return known;
          // "the Massachusetts Democrat said": the one person named before with every word of it.
          const person = describedPerson(text, who.name, cueStart, (n) => names.name(n)?.id);
          return person ? names.name(person) : null;
        }
        case 'group':
          return names.group(who.name, who.owner);
        case 'document': {
          const sender = senderOf(text, who.family, cueStart, (n) => names.name(n)?.id, article.title, sendingInstitution);
          // "His letter said" after a letter Eva Kral sent: "his" is someone else, read as the pronoun.
          if ((who.pronoun === 'he' || who.pronoun === 'she') && !sender?.institution && (!sender || !agrees(who.pronoun, sender.name))) return resolvePronoun(who.pronoun, cueStart, sentence);
          if (!sender) return null;
          return sender.institution ? names.group(sender.name) : names.name(sender.name);
        }
        case 'unknown':
          return null;
        case 'pronoun':
          return resolvePronoun(who.pronoun, who.at, sentence);
        case 'subject': {
          // "The State Department gave … and said", "One of these groups, the SDF, opposed … and said":
          // an institution that opens the sentence speaks.
          const org = openingOrganisation(masked.slice(sentence.start, cueStart));
          if (org) return names.group(org);
          // '“…,” said X, the minister; he described … and urged … “…”': a clause after a semicolon
          // has a subject of its own.
          const semicolon = masked.lastIndexOf(';', cueStart - 1);
          const subject = mainSubject(semicolon >= sentence.start ? semicolon + 1 : sentence.start, cueStart);
          // "The governor tweeted … saying,": an office that opens the sentence, read as "the governor said" is.
          const office = subject ? null : OPENING_OFFICE.exec(masked.slice(sentence.start, cueStart));
          if (office) return names.description(office[1] ?? '', sentence.start + (office[0].length - (office[1] ?? '').length));
          // 'Spearman remarked, “… fight. I'm starting …,” further remarking, “…”': the sentence
          // split inside the first quotation; its speaker is the subject of the participle.
          if (!subject && previous?.para === pi && spans.some((s) => s.start <= sentence.start && sentence.start < s.end)) return previous.attributed.speaker;
          if (!subject) return null;
          return subject.kind === 'name' ? names.name(subject.name.name) : resolvePronoun(subject.pronoun, subject.at, sentence);
        }
      }
    };
    // "Turkish president Erdoğan", "Mr. Kelly": a title before the name, in its run or just before it.
    // "The Nazis": a leading article is no title.
    const titled = (n: NameSpan): boolean =>
      (n.text !== n.name && !/^[Tt]he\s+$/.test(n.text.slice(0, n.text.length - n.name.length))) || isTitleWord(/(\S+)\s+$/.exec(masked.slice(Math.max(0, n.start - 30), n.start))?.[1] ?? '');
    // The first named subject of a sentence that can be a person, resolved.
    const firstPerson = (sentence: Span): Resolved | null => {
      const subject = mainSubject(sentence.start, sentence.end);
      if (subject?.kind === 'pronoun') return resolvePronoun(subject.pronoun, subject.at, sentence);
      if (!subject || !plausiblePerson(subject.name.name)) return null;
      const r = names.name(subject.name.name);
      // One capitalised word opening a sentence ("Agencies shall", "Preserving our") is no name unless
      // the article gives it in full or with a title.
      return r && r.kind === 'person' && (r.name.includes(' ') || titled(subject.name)) ? r : null;
    };
    // "it", "they": an organisation that opens this sentence before the pronoun or the one before, or
    // the one quoted just before; only when the number agrees ("The Kremlin … they said" names nobody).
    const resolveOrganisationPronoun = (pronoun: string, at: number, sentence: Span): Resolved | null => {
      const here = openingOrganisation(masked.slice(sentence.start, at));
      if (here) return agreesInNumber(pronoun, here) ? names.group(here) : null;
      const prev = sentenceBefore(sentence);
      const there = prev && openingOrganisation(masked.slice(prev.start, prev.end));
      if (there) return agreesInNumber(pronoun, there) ? names.group(there) : null;
      if (prev && lastGroup && lastGroup.sentenceEnd >= prev.start && agreesInNumber(pronoun, lastGroup.speaker.name)) return lastGroup.speaker;
      return null;
    };
    const resolvePronoun = (pronoun: string, at: number, sentence: Span, depth = 0): Resolved | null => {
      if (pronoun === 'it' || pronoun === 'they') return resolveOrganisationPronoun(pronoun, at, sentence);
      if (pronoun !== 'he' && pronoun !== 'she') return null;
      // Only a person the text named before, of the pronoun's gender where the name tells it.
      const person = (n: NameSpan): Resolved | null => {
        const r = agrees(pronoun, n.text.replace(/^.*?\b(?=(?:Mr|Ms|Mrs)\.?\s)/, '')) && agrees(pronoun, n.name) ? names.name(n.name) : null;
        // A lone word the article never gives in full nor with a title ("Northamptonshire police") is no antecedent.
        const known = r?.name.includes(' ') || titled(n);
        return r && known && r.kind === 'person' && agrees(pronoun, r.name) ? r : null;
      };
      // 'He said Zelensky is “…”; however, “…”, he added': the sentence's own subject, the same pronoun
      // opening it, is who the later one means, not a name in its object clause.
      const opening = /^[\s“"]*(?:He|She)\s/.test(masked.slice(sentence.start, at)) ? mainSubject(sentence.start, at) : undefined;
      if (opening?.kind === 'pronoun' && opening.pronoun === pronoun && opening.at < at) return resolvePronoun(pronoun, opening.at, sentence, depth);
      // "More consequential, he told …": a capitalised word opening an introductory phrase is no subject.
      // A possessive owns the subject, it is none ("Samuel Okafor's brother begged him", below).
      const here = subjectsIn(masked, sentence.start, at).filter(
        (s) => s.kind === 'name' && !/[’']s$/.test(s.name.text) && !(!s.name.name.includes(' ') && /^\s+[a-z]+(?:\s+[a-z]+)?,\s*$/.test(masked.slice(s.name.end, at))),
      );
      const last = here[here.length - 1];
      if (last && last.kind === 'name') return person(last.name);
      // "Thomas' sister pleaded with him …, but he replied": the one owner the sentence names before
      // "him" is whom "he" means; when that name resolves to no one, nobody (not a man named earlier).
      const clause = masked.slice(sentence.start, at);
      const owners = findNames(clause, sentence.start).filter((n) => (/^[’']/.test(masked.slice(n.end, n.end + 1)) || /[’']s$/.test(n.text)) && agrees(pronoun, n.name));
      const owner = owners.length === 1 ? owners[0] : undefined;
      if (owner && (pronoun === 'he' ? /\bhim\b/ : /\bher\b/).test(masked.slice(owner.end, at))) {
        const name = owner.name.replace(/[’']s$/, '');
        return person({ ...owner, name, text: owner.text.replace(/[’']s$/, '') });
      }
      // '“… ¶ “…,” he said': in a quotation run over paragraphs, "he" looks back from where it opened.
      if (chain?.before && at < (firstSpan?.after ?? p.start) + 40) {
        const first = subjectsIn(masked, chain.before.start, chain.before.end)[0];
        const r = first && first.kind === 'name' ? person(first.name) : null;
        if (r) return r;
      }
      const prevSentence = sentenceBefore(sentence);
      // A person who opens the sentence before, in this paragraph, is nearer than one quoted in the
      // paragraph before ("Greek prime minister Kyriakos Mitsotakis called … . "…", he added.").
      if (prevSentence && prevSentence.start >= p.start && lastPerson?.para !== pi) {
        const first = subjectsIn(masked, prevSentence.start, prevSentence.end)[0];
        const r = first && first.kind === 'name' ? person(first.name) : null;
        if (r) return r;
        // "Fitness was a big factor according to Kidston. “…,” he said.": the source the sentence before ends on.
        const source = ACCORDING_TO_AT_END.exec(masked.slice(prevSentence.start, prevSentence.end));
        const named = source?.[1] ? findNames(source[1])[0] : undefined;
        const s = named && named.name === source?.[1] ? person(named) : null;
        if (s) return s;
      }
      if (lastPerson && lastPerson.para >= pi - 1 && agrees(pronoun, lastPerson.speaker.name)) return lastPerson.speaker;
      if (prevSentence) {
        const first = subjectsIn(masked, prevSentence.start, prevSentence.end)[0];
        const r = first && first.kind === 'name' ? person(first.name) : null;
        if (r) return r;
        // "Hassan Rahimi addressed the assembly. He said Iran …. “…,” he said": the same pronoun
        // opening the sentence before (in this paragraph) means whom it meant there, a few sentences back at most.
        if (first?.kind === 'pronoun' && first.pronoun === pronoun && prevSentence.start >= p.start && depth < 3) {
          const chained = resolvePronoun(pronoun, first.at, prevSentence, depth + 1);
          if (chained) return chained;
        }
        // "Police … spoke with Anne Sacoolas. She informed police …": the one person of the sentence
        // before whose name shows the pronoun's gender.
        const prevNames = findNames(masked.slice(prevSentence.start, prevSentence.end), prevSentence.start);
        const marked = prevNames.filter((n) => n.name.includes(' ') && plausiblePerson(n.name) && clearlyOf(pronoun, n.text));
        if (marked.length === 1 && marked[0]) return person(marked[0]);
        // "Police arrested Tomas Ferrand, who was described as …. “…,” he said": the one person the
        // sentence before names, set off by a relative clause or an apposition naming no one else.
        const people = prevNames.filter(
          // "(non-Muslim) parents": a capital after a lower-case prefix is an adjective, no one named.
          (n) => !/[a-z]-$/.test(masked.slice(n.start - 2, n.start)) && plausiblePerson(n.name) && (names.name(n.name)?.name.includes(' ') || titled(n)),
        );
        const only = people.length === 1 ? people[0] : undefined;
        // Not the object of a preposition in an opening phrase (OBJECT_OF_PREPOSITION).
        if (only && !OBJECT_OF_PREPOSITION.test(masked.slice(prevSentence.start, only.start)) && /^,\s+(?:who|whom|whose|a|an)\s/.test(masked.slice(only.end, prevSentence.end))) {
          const r = person(only);
          if (r) return r;
        }
        // "Emily Spanton … met officers … She told the court … She told a guard": a sentence that
        // goes on about the same "she" means the one person of the last paragraphs her name marks.
        const same = first?.kind === 'pronoun' && first.pronoun === pronoun;
        const back = paragraphs[Math.max(0, pi - 3)]?.start ?? p.start;
        const near = same ? findNames(masked.slice(back, at), back).filter((n) => n.name.includes(' ') && plausiblePerson(n.name) && clearlyOf(pronoun, n.text)) : [];
        const who = near.map(person);
        if (who[0] && who.every((r) => r?.id === who[0]?.id)) return who[0];
      }
      return null;
    };
    const attribute = (cue: Cue, sentence: Span): Attributed => {
      const known = byCue.get(cue.start);
      if (known) return known;
      const speaker = resolveWho(cue.who, sentence, cue.start);
      let words = text.slice(cue.start, cue.end);
      if (cue.who.kind === 'subject') {
        // Name the subject in the cue too: "Trump … has said", not just "said".
        const subject = subjectsIn(masked, sentence.start, cue.start)[0];
        const at = subject ? (subject.kind === 'name' ? subject.name.start : subject.at) : cue.start;
        const subjectText = subject ? (subject.kind === 'name' ? subject.name.text : text.slice(at, at + subject.pronoun.length)) : '';
        words = cue.end - at <= 80 ? text.slice(at, cue.end) : `${subjectText} … ${words}`;
      }
      const attributed = { speaker, cue: words.replace(/[\s,]+$/, '') };
      byCue.set(cue.start, attributed);
      return attributed;
    };

    let prevInSentence: { sentence: Span; attributed: Attributed; cued: boolean } | undefined;
    let lastKept: QuotedSpan | undefined;
    spans.forEach((span, si) => {
      // A source list under the article cites headlines, which nobody said.
      if (isCitedHeadline(text, p.start, p.end, span.open, span.after)) return;
      const sentence = sentenceAt(span.open);
      const endSentence = sentenceAt(Math.max(span.open, span.end - 1));
      // The cue is read from after the last quotation kept: a name in quotes between ('Anna Franowska
      // of "Have no fear", …, told') is part of the reporting clause.
      const prevSpan = lastKept;
      const from = prevSpan && prevSpan.after > sentence.start ? prevSpan.after : sentence.start;
      let attributed: Attributed | undefined;
      let cueEnd = span.after;
      if (si === 0 && caption && /^\s*$/.test(text.slice(p.start + caption.cue.length, span.open))) {
        const known = caption.candidates.map((c) => names.description(c)).find((r) => r !== null);
        const speaker = known ?? (caption.name ? names.name(caption.name) : null);
        attributed = { speaker, cue: caption.cue };
      }
      if (!attributed) {
        const before = cueBefore(masked, from, span.open);
        // "the WHO noted …: “…,” said Tedros Adhanom Ghebreyesus": a person named right after the
        // quotation speaks it, not the organisation the sentence opened with.
        const person =
          before && (before.who.kind === 'group' || before.who.kind === 'unknown')
            ? (passiveAgentAfter(masked, masked.slice(from, span.open), span.after, p.end) ?? cueAfter(masked, span.after, p.end))
            : undefined;
        if (person?.who.kind === 'name') {
          attributed = attribute(person, endSentence);
          cueEnd = person.end;
        } else if (before) attributed = attribute(before, sentence);
      }
      if (!attributed && si === 0) {
        const header = cueHeader(text, p.start, span.open);
        if (header) attributed = attribute(header, sentence);
      }
      // 'Rathbun stated,' ending the paragraph before, the quotation opening this one: that cue.
      const prevPara = lastOfPrevPara;
      if (!attributed && si === 0 && prevPara && /^[\s“"]*$/.test(text.slice(p.start, span.open)) && /[,:]\s*$/.test(text.slice(prevPara.start, prevPara.end))) {
        const cueEndAt = prevPara.start + text.slice(prevPara.start, prevPara.end).replace(/[,:]\s*$/, '').length;
        const lead = cueBefore(text, prevPara.start, cueEndAt);
        // "The message said, in part:": the words after the verb only say it is an excerpt.
        // 'X has called the ruling “unfair” and “hasty”:': a named speaker's verb, its object and words
        // quoted from what follows, then the colon.
        const objectThenColon = lead?.who.kind === 'name' && /:\s*$/.test(text.slice(prevPara.start, prevPara.end)) && /^\s+[^.;:!?]{1,100}$/.test(text.slice(lead.end, cueEndAt));
        // The cue shown runs to the colon then ("tweeted using his @POTUS account").
        if (lead && objectThenColon) attributed = attribute({ ...lead, end: cueEndAt }, prevPara);
        else if (lead && (lead.end === cueEndAt || /^,?\s*in\s+(?:part|particular)$/.test(text.slice(lead.end, cueEndAt)))) attributed = attribute(lead, prevPara);
      }
      if (!attributed) {
        const colon = cueColon(masked, from, span.open);
        // In the comma form a cue after the quote ("…, “…,” said Pelosi") names the speaker instead.
        const commaOnly = colon && /,\s*$/.test(masked.slice(from, span.open)) && cueAfter(masked, span.after, p.end);
        if (colon && !commaOnly) attributed = attribute(colon, sentence);
      }
      if (!attributed && /:\s*$/.test(masked.slice(from, span.open))) {
        attributed = subjectColon({ text, masked, names, firstPerson }, from, span.open, sentence, /^[\s“"]*\p{Lu}/u.test(text.slice(span.open, span.open + 3)));
      }
      // A quotation that ends its own sentence ('… of “siding with criminals.” Trump maintained …')
      // takes no reversed cue from the next sentence; '“…,” Trump said' and '“…?” she asked' still do.
      const closesSentence = /\.$/.test(text.slice(span.start, span.end)) && /^\s+[A-Z]/.test(text.slice(span.after, span.after + 3));
      if (!attributed) {
        const found = passiveAgentAfter(masked, masked.slice(from, span.open), span.after, p.end) ?? cueAfter(masked, span.after, p.end);
        // …unless the cue is all of that sentence ('“… a trial.” Pelosi said.').
        const after = found && (!closesSentence || /^(?:\s+(?:on|in|at|to|during)\s[^,.;:“”"]{0,40})?\s*[.!?]/.test(masked.slice(found.end, found.end + 60))) ? found : undefined;
        if (after) {
          // '“… powerful. The whole building …,” he said': the pronoun looks back from where the
          // quotation opens, not from its own last sentence.
          const whole = endSentence.start > sentence.start ? { text: text.slice(sentence.start, endSentence.end), start: sentence.start, end: endSentence.end } : endSentence;
          attributed = attribute(after, whole);
          cueEnd = after.end;
        }
      }
      // "The border issue is the “main difference” between Greece and Turkey, he added.": a reporting
      // clause that closes the sentence after a comma covers the quotations in it.
      if (!attributed) {
        const rest = masked.slice(span.after, endSentence.end);
        const comma = rest.lastIndexOf(',');
        const closing = comma >= 0 ? cueAfter(masked, span.after + comma + 1, endSentence.end) : undefined;
        if (closing && CLOSING_REST.test(masked.slice(closing.end, endSentence.end))) {
          attributed = attribute(closing, endSentence);
          cueEnd = closing.end;
        }
      }
      // A cue of this span's own (not one borrowed from a neighbour) may attribute even one word.
      const direct = attributed !== undefined && attributed.speaker !== null;
      // 'Calling it "just another apology", Anna Franowska told Reuters "…"': a quote whose sentence
      // names the speaker only for the next quote belongs to that speaker too.
      // Not a name after "of" ('Anna Franowska of "Have no fear", …, told'): an organisation, not words said.
      // Lower case after "of" may be words ('accused Biden of “siding with criminals.”'): kept only if
      // a speaker is found for them below; a term stays out ('the definition of “racketeering activity”').
      const afterOf = !direct && /\bof\s*$/.test(text.slice(Math.max(sentence.start, span.open - 6), span.open)) && wordCount(text.slice(span.start, span.end)) <= 4;
      if (afterOf && !/^\p{Ll}/u.test(text.slice(span.start, span.end))) return;
      for (let j = si + 1; !attributed?.speaker && j < spans.length; j += 1) {
        const next = spans[j] as QuotedSpan;
        if (sentenceAt(next.open).start !== sentence.start) break;
        const ahead = cueBefore(masked, span.after, next.open);
        // "in the words of X, “…”" is X's for the quotation after it only.
        if (ahead && /^in\s+the\s+words\s+of\b/i.test(ahead.text)) continue;
        const borrowed = ahead && attribute(ahead, sentence);
        if (borrowed?.speaker) attributed = borrowed;
      }
      // Several quotes in one sentence with one cue: “egregiously inaccurate” and contained “numerous …”.
      if (!attributed && prevInSentence && prevInSentence.sentence.start === sentence.start && prevInSentence.attributed.speaker) {
        attributed = prevInSentence.attributed;
      }
      // 'calling the move a “grave abuse of governmental power” and “contrary to law”': joined to a cued
      // quotation just before it in the sentence, it is quoted as that one is, by the same speaker.
      const joined =
        !attributed &&
        prevInSentence?.sentence.start === sentence.start &&
        prevInSentence.cued &&
        lastKept !== undefined &&
        /^[\s,]*(?:and|or|but)\s+(?:(?:a|an|the)\s+)?$/.test(masked.slice(lastKept.after, span.open));
      if (joined && prevInSentence) attributed = prevInSentence.attributed;
      // A sentence that is nothing but a quote continues the speaker of the quote just before it.
      const alone = /^[\s“"‘'(—–-]*$/.test(masked.slice(sentence.start, span.open)) && /^[\s”"’'.,!?;:)—–-]*$/.test(masked.slice(span.after, endSentence.end));
      if (!attributed && alone && previous?.attributed.speaker && previous.para >= pi - 1 && previous.sentenceEnd >= (sentenceBefore(sentence)?.start ?? 0)) {
        attributed = previous.attributed;
      }
      // "Brett McGurk … also criticized the decision via Twitter. “…”": a quotation standing alone after
      // a sentence in which a named person speaks is theirs.
      const opens = /^[\s“"‘'(—–-]*$/.test(masked.slice(sentence.start, span.open));
      if (!attributed && opens) {
        const prev = sentenceBefore(sentence);
        // A paragraph that is nothing but the quotation continues a paragraph ending in that
        // person's reported speech ("Mayor Tom Brandt said the city would rebuild. ¶ “We have …”").
        const wholeParagraph = si === 0 && spans.length === 1 && /^[\s“"‘'(—–-]*$/.test(masked.slice(p.start, span.open)) && /^[\s”"’'.,!?;:)—–-]*$/.test(masked.slice(span.after, p.end));
        if (prev && (prev.start >= p.start || wholeParagraph) && SPEECH_ACT.test(masked.slice(prev.start, prev.end))) {
          const speaker = firstPerson(prev);
          if (speaker) attributed = { speaker, cue: text.slice(prev.start, Math.min(prev.end, prev.start + 80)).trim() };
        }
      }
      // A partial quotation of two words or more, with no cue, belongs to the person the sentence is
      // about ("Netanyahu envisioned the pipeline to end their “fringe country” status").
      const unsaid = nonQuoteReason(text, sentence.start, span.open, text.slice(span.start, span.end), false);
      if (!attributed && !opens && (unsaid === undefined || unsaid === SCARE_QUOTES) && wordCount(text.slice(span.start, span.end)) >= 2 && !cueBefore(masked, from, span.open)) {
        attributed = subjectPartial({ text, masked, names, firstPerson }, from, span, sentence);
      }
      // A cue that names nobody ("a State Department spokesperson said", "They concluded that") still
      // makes two words or more a quotation: someone is said to have said them.
      // Not a question put by someone unnamed ("Putin was asked whether Russia had any “…”").
      if (afterOf && !attributed?.speaker) return;
      // A speaker named elsewhere in the sentence ("According to Yonhap, … has been told to prepare a “…”") still cues it.
      const cued = attributed !== undefined && (attributed.speaker !== null || !PASSIVE_QUESTION.test(masked.slice(sentence.start, span.open)));
      // An organisation's cue does not make a title in quotes a quotation ("announced the “EXIM SMR Financing Toolkit,”").
      const reason = nonQuoteReason(text, sentence.start, span.open, text.slice(span.start, span.end), attributed?.speaker?.kind === 'person', direct, cued);
      if (reason) return;
      // Single marks also set off titles and terms ("a book ‘Lessons from …’"): quoted speech only
      // where someone is said to have said it.
      if (span.single && !cued) return;
      // '“Mark Twain was …”', after "He said,": a pronoun that resolves to the person the quotation
      // names in full means someone else, whom the text leaves open.
      const quoted = text.slice(span.start, span.end);
      const talksAbout =
        attributed?.speaker?.kind === 'person' && attributed.speaker.name.includes(' ') && /^(?:[Hh]e|[Ss]he)\s|\s(?:he|she)$/.test(attributed.cue) && quoted.includes(attributed.speaker.name);
      const who = attributed && !talksAbout ? attributed : { speaker: null, cue: '' };
      const ctxEnd = Math.max(endSentence.end, cueEnd <= endSentence.end ? 0 : sentenceAt(cueEnd - 1).end);
      const emitted = quotes.length;
      emit(span.start, span.end, who, text.slice(sentence.start, ctxEnd).trim());
      lastKept = span;
      if (quotes.length > emitted) {
        const continued = si === 0 && chain ? chain : undefined;
        // The cue that closes the quotation names the speaker of its earlier paragraphs too.
        if (continued && who.speaker) {
          for (const i of continued.quotes) {
            const q = quotes[i];
            if (q && q.speakerId === null) quotes[i] = { ...q, speakerId: who.speaker.id, speaker: who.speaker.name, cue: who.cue };
          }
        }
        // Left open at the paragraph's end (`closed` knows every closing mark: straight, curly, „…“).
        if (!span.closed) runOn = { quotes: [...(continued?.quotes ?? []), emitted], para: pi, before: continued ? continued.before : sentenceBefore(sentence) };
      }
      if (who.speaker) {
        previous = { attributed: who, para: pi, sentenceEnd: endSentence.end };
        if (who.speaker.kind === 'person') lastPerson = { speaker: who.speaker, para: pi };
        else lastGroup = { speaker: who.speaker, sentenceEnd: endSentence.end };
      }
      prevInSentence = { sentence, attributed: who, cued };
      for (const inner of span.inner) {
        const cue = cueBefore(text, span.start, inner.open);
        let speaker: Resolved | null = null;
        if (cue?.who.kind === 'name') speaker = names.name(cue.who.name);
        else if (cue?.who.kind === 'pronoun' && (cue.who.pronoun === 'i' || cue.who.pronoun === 'we')) speaker = who.speaker;
        if (nonQuoteReason(text, span.start, inner.open, text.slice(inner.start, inner.end), speaker !== null)) continue;
        emit(inner.start, inner.end, { speaker, cue: speaker && cue ? text.slice(cue.start, cue.end) : '' }, text.slice(sentence.start, endSentence.end).trim());
      }
    });
    lastOfPrevPara = sentences.at(-1);
  }
  return quotes;
}

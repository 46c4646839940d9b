// A document that speaks for whoever sent it: "Putin sent a message of condolences … The message
// reads, in part: “…”", "Tom Brandt issued a statement. “…,” the statement said". News agencies and
// government sites quote letters, messages and statements this way; the text names the sender once,
// in the sentence that sends it, and the document alone after that.
import { splitSentences } from '../sentences.ts';
import { findNames, plausiblePerson } from './names.ts';
import { subjectsIn } from './pronouns.ts';

// Documents that someone sends: a family of nouns counts as one ("sent greetings … The message reads").
const FAMILIES: readonly (readonly string[])[] = [
  ['message', 'telegram', 'letter', 'greetings', 'condolences', 'congratulations', 'note', 'cable'],
  ['statement', 'communiqué', 'communique'],
  ['tweet', 'post'],
];
const NOUNS = FAMILIES.flat().join('|');
/** What a document does with its words after it is named ("“…,” the message reads"). */
const SAYS = 'reads|read|said|says|stated|states|noted|notes|added|continued|continues';

// "His statement", "their letter": the pronoun stands for the document's sender, whom the text names
// where it sends it (two senders there, and nobody speaks), so the pronoun is read as "the".
const DETERMINER = '[Tt]he|[Tt]his|[Tt]hat|[Hh]is|[Hh]er|[Tt]heir';
/** "The message", "This letter", "the congratulatory message", "His statement": a document with no owner named before the verb. */
export const UNOWNED_DOCUMENT_END = new RegExp(String.raw`(?:^|[\s,])((?:${DETERMINER})\s+(?:([a-z-]+)\s+)?(${NOUNS}))$`);
/** A document's named recipient ("to US President George Bush"), not a verb ("decision to recognize"): no speaker. */
export const TO_RECIPIENT = String.raw`\s+to\s+(?:the\s+)?[A-Z][^,;:“”"]{0,80}`;
/** "The message to US President George Bush said": the recipient named after "to" does not speak. */
export const DOCUMENT_TO_END = new RegExp(String.raw`(?:^|[\s,])((?:[Tt]he|[Tt]his)\s+(?:([a-z-]+)\s+)?(${NOUNS})${TO_RECIPIENT})$`);
/** "“…,” the message reads": the same after the quotation. */
export const AFTER_DOCUMENT = new RegExp(String.raw`^[\s,]*((?:${DETERMINER})\s+(?:([a-z-]+)\s+)?(${NOUNS})\s+(?:${SAYS}))\b`);
/** The verbs a document says its words with (not "asked", "told"). */
export const DOCUMENT_VERB = new RegExp(`^(?:${SAYS}|wrote|writes|stressed|emphasi[sz]ed|underlined)$`);

// A modifier that makes the document several people's, or nobody's in particular.
const SHARED = /^(?:joint|common|final|following|same|other|previous|earlier|new|official)$/;

/** The family of `noun`, or undefined; `modifier` is the word before it ("joint statement"). */
export function documentFamily(noun: string, modifier: string | undefined): readonly string[] | undefined {
  if (modifier && SHARED.test(modifier)) return undefined;
  return FAMILIES.find((f) => f.includes(noun.toLowerCase()));
}

// Words that open a sentence before its subject ("Earlier Vladimir Putin sent …").
const OPENING_WORD = /^(?:Earlier|Later|Today|Yesterday|Previously|Meanwhile|Also|Then|Separately|Additionally|Additional|Likewise|Similarly|Subsequently|Afterwards|Recently)$/;

const SEND = '(?:sent|send|sends|addressed|wrote|writes|issued|issues|released|releases|published|posted|forwarded|signed|conveyed|delivered)';

/**
 * The one sender the text before `at` names for a document of `family`: the subject of a sentence
 * that sends one ("Ana Lobo sent a message of condolences to …", "Vladimir Putin sent greetings"), or
 * the name after "from"/"by" ("received a letter from Tom Brandt"). The headline counts as the
 * first sentence (agency items often name the sender there only). `resolve` turns a name into its
 * speaker id; the sender's name as written, or undefined for two different senders, a sender
 * that is no name, or none.
 */
/** A document's sender: a person's name, or an institution's ("Ministry of Health"). */
export interface Sender {
  readonly name: string;
  readonly institution: boolean;
}

export function senderOf(
  text: string,
  family: readonly string[],
  at: number,
  resolve: (name: string) => string | undefined,
  headline = '',
  institution: (clause: string) => string | undefined = () => undefined,
): Sender | undefined {
  const nouns = family.join('|');
  const sends = new RegExp(String.raw`\b${SEND}\s+(?:[^.;:“”"]{0,80}?\s)?(?:(?:an?|his|her|their|its|the)\s+)?(?:[a-z-]+\s+){0,2}(?:${nouns})s?\b`, 'g');
  const fromWhom = new RegExp(String.raw`\b(?:${nouns})\s+(?:of\s+[a-z]+\s+)?(?:from|by)\s+((?:[A-Z][\p{L}.’'-]*\s+){0,4}[A-Z][\p{L}’'-]*)`, 'gu');
  const found = new Map<string, Sender>();
  let shared = false;
  const read = (source: string, from: number, to: number): void => {
    for (const s of splitSentences(source.slice(from, to), from)) {
      for (const m of s.text.matchAll(fromWhom)) {
        const name = findNames(m[1] ?? '')[0];
        if (name?.start !== 0 || !plausiblePerson(name.name)) continue;
        const id = resolve(name.name);
        if (id) found.set(id, { name: name.name, institution: false });
      }
      for (const m of s.text.matchAll(sends)) {
        const verbAt = s.start + (m.index ?? 0);
        const verbEnd = verbAt + (/^\S+/.exec(m[0])?.[0].length ?? 0);
        // "The government of Fiji issued a statement", "The Ministry of Health released a statement":
        // an institution opening the sentence sends it.
        const sendingInstitution = institution(source.slice(s.start, verbEnd));
        if (sendingInstitution) {
          found.set(`institution:${sendingInstitution.toLowerCase()}`, { name: sendingInstitution, institution: true });
          continue;
        }
        const subject = subjectsIn(source, s.start, verbEnd)[0];
        if (subject?.kind !== 'name') continue;
        // "Earlier Vladimir Putin sent", "Earlier today, the Russian President sent": an opening
        // word that names no one is no part of the name, and alone it is no sender.
        const words = subject.name.name.split(' ');
        while (words.length > 0 && OPENING_WORD.test(words[0] ?? '')) words.shift();
        const who = words.join(' ');
        if (!who.includes(' ') || !plausiblePerson(who)) continue;
        // "Ana Lobo and Tom Brandt sent": two subjects share it, no one sender.
        if (/\sand\s/.test(source.slice(subject.name.end, verbAt))) shared = true;
        const id = resolve(who);
        if (id) found.set(id, { name: who, institution: false });
      }
    }
  };
  if (headline) read(headline, 0, headline.length);
  read(text, Math.max(0, at - 4000), at);
  return found.size === 1 && !shared ? [...found.values()][0] : undefined;
}

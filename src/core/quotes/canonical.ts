// Speaker canonicalisation: turns a name as written ("Putin", "MS. PSAKI", "Trump’s lawyers") into
// one canonical speaker. Sources, in order: the alias table (user file plus what the corpus taught),
// a full name seen in the same article ("Vladimir Putin" … later "Putin"), then the name as written.
import type { Article } from '../types.ts';
import { buildAliasTable, holderOf, lookupAlias, type AliasEntry, type AliasTable } from './aliases.ts';
import { isGroupLabel } from './labels.ts';
import { organisationName } from './organisations.ts';
import { agrees } from './pronouns.ts';
import { findNames, type NameSpan, isNotName, isSurnameToo, isTitleWord, nameKey, plausiblePerson, sentenceCase, slug, stripTitles, surnameKey, titleCase } from './names.ts';
import { runAll } from '../steps.ts';

export interface Resolved {
  readonly id: string;
  readonly name: string;
  readonly kind: 'person' | 'group';
}

const fromEntry = (e: AliasEntry): Resolved => ({ id: e.id, name: e.name, kind: e.kind });

// Titles that name one person where the text has named its holder ("the president", "the archbishop").
const PERSON_TITLES = new Set(
  'president pope cardinal king queen commissioner archbishop bishop minister senator governor mayor secretary chancellor ambassador chairman chairwoman judge general prosecutor congressman congresswoman premier envoy spokesman spokeswoman spokesperson director speaker nominee candidate'.split(
    ' ',
  ),
);

// Roles a news story names one person by ("the father said", "the coach said"): resolved only when
// the article gives that role to one person alone (parents named together stay nobody).
// The abbreviations a name may carry for a title a later description uses ("Sen. X" … "the senator").
const ABBREVIATED_TITLE: Readonly<Record<string, string>> = {
  senator: String.raw`\bSen\.(?=\s)`,
  governor: String.raw`\bGov\.(?=\s)`,
  congressman: String.raw`\bRep\.(?=\s)`,
  congresswoman: String.raw`\bRep\.(?=\s)`,
  general: String.raw`\bGen\.(?=\s)`,
};

const ROLE_NOUNS = new Set('father mother coach manager lawyer attorney'.split(' '));

// Nouns by which a text refers back to an organisation it named ("the ministry said").
const INSTITUTION_NOUNS = new Set(
  'ministry department agency commission committee company embassy council court bank fund alliance organisation organization union party office army police government'.split(' '),
);

/** "Oleksiy Honcharuk's" → "Oleksiy Honcharuk". */
const withoutPossessive = (name: string): string => name.replace(/[’']s$/, '');

/** Full names ("Vladimir Putin") in a text, titles stripped: two to four words, the first not a title or common word. */
function fullNamesIn(text: string): string[] {
  const out: string[] = [];
  for (const found of findNames(text)) {
    // Checked without a possessive "’s", kept with it: the article's speakers read "Oleksiy
    // Honcharuk's offer" as Oleksiy Honcharuk; corpus learning counts it apart.
    const name = withoutPossessive(found.name);
    const words = name.split(/\s+/);
    if (words.length < 2 || words.length > 4) continue;
    if (isNotName(words[0] ?? '') || isTitleWord(words[0] ?? '')) continue;
    // "Theresa May", "Kanye West": a surname that is a month or compass word elsewhere.
    if (words.some((w, j) => isNotName(w) && !/^[A-Z]\.$/.test(w) && !(j === words.length - 1 && isSurnameToo(w)))) continue;
    if (!plausiblePerson(name)) continue;
    out.push(found.name);
  }
  return out;
}

// A word before a title that makes it another office: "Vice President", "Deputy Prime Minister".
const OFFICE_MODIFIER = /\b(vice|deputy|assistant|lieutenant|under|associate)[\s-]+$/i;

/** Resolves names for one article. */
export class ArticleSpeakers {
  // Surname → full names used in this article.
  private readonly bySurname = new Map<string, Set<string>>();
  // First word → full names used in this article ("Tuilaepa", "Xi": names written first word first).
  private readonly byFirst = new Map<string, Set<string>>();
  // Each article reads the same names many times (a transcript's labels): answers kept per name.
  private readonly afterTitleSeen = new Map<string, boolean>();
  private readonly fieldless = new Map<string, string>();
  private allNames: NameSpan[] | undefined;

  constructor(
    private readonly article: Article,
    private readonly aliases: AliasTable,
    /** The article's `articleFullNames`, when known. */
    fullNames: readonly string[] = articleFullNames(article),
  ) {
    for (const written of fullNames) {
      // "Prime Minister Oleksiy Honcharuk's offer" names Oleksiy Honcharuk in this article. (Corpus
      // learning keeps counting the possessive apart: "Lalit Jha’s" must not make "Dr. Jha" ambiguous.)
      const full = withoutPossessive(written);
      const known = lookupAlias(aliases, full);
      const canonical = known ? known.name : full;
      const key = surnameKey(full);
      if (!key) continue;
      const set = this.bySurname.get(key) ?? new Set<string>();
      // "Jarosław Kaczyński" in the text and "Jaroslaw Kaczynski" in the title are one person.
      if ([...set].some((n) => nameKey(n) === nameKey(canonical))) continue;
      set.add(canonical);
      this.bySurname.set(key, set);
      const first = nameKey(canonical).split(' ')[0];
      if (first && first !== key) this.byFirst.set(first, (this.byFirst.get(first) ?? new Set<string>()).add(canonical));
    }
  }

  /** A person's name as written; null when it could be two people. */
  name(written: string): Resolved | null {
    const r = this.nameAsWritten(written);
    // "Mrs. Trump" is not the Donald Trump of the article (nor "Mr. Clinton" Hillary Clinton).
    const honorific = /^(?:(Mrs|Ms|Miss)|Mr)\.?\s/.exec(written.trim());
    if (r && r.kind === 'person' && honorific && !agrees(honorific[1] ? 'she' : 'he', r.name)) return null;
    return r;
  }

  private nameAsWritten(written: string): Resolved | null {
    const known = lookupAlias(this.aliases, written);
    if (known && !this.namesAnother(written, known)) return fromEntry(known);
    const key = stripTitles(nameKey(written));
    // "May" alone is the article's Theresa May when it names her, else the month ("Mrs. May" passes below).
    const surnameToo = isSurnameToo(key) && (this.bySurname.has(key) || key !== nameKey(written));
    if (!key || (isNotName(key) && !surnameToo) || (!surnameToo && !plausiblePerson(stripDisplayTitles(written)))) return null;
    const words = key.split(' ');
    if (words.length >= 2) {
      const display = this.withoutField(stripDisplayTitles(written));
      if (display !== stripDisplayTitles(written)) return this.nameAsWritten(display);
      return { id: personId(display), name: display, kind: 'person' };
    }
    // A surname alone: the one full name of this article that ends with it.
    const fulls = [...(this.bySurname.get(key) ?? [])];
    // "Anne Neuberger" and "Technology Anne Neuberger" are one person; "Jill Biden" and "Joe Biden" are two.
    const shortest = fulls.find((f) => fulls.every((g) => g === f || g.endsWith(` ${f}`)));
    if (fulls.length > 1 && !shortest) return null;
    const only = shortest ?? fulls[0];
    if (only) {
      const e = lookupAlias(this.aliases, only);
      return e ? fromEntry(e) : { id: personId(only), name: only, kind: 'person' };
    }
    // No full name ends with it: "Prime Minister Tuilaepa", "President Xi" is the one that starts with it.
    // Only a word the article writes after a title or an honorific: "Facebook" is not "Facebook Ireland Limited".
    // Never after "the": a person's name is not "the ridiculous Green New Scam".
    const starts = this.byFirst.has(key) && this.afterTitle(written.trim().split(/\s+/).at(-1) ?? '') ? [...(this.byFirst.get(key) ?? [])] : [];
    const [start] = starts;
    if (starts.length === 1 && start && !new RegExp(String.raw`\b[Tt]he\s+(?:\p{Ll}+\s+)?${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\b`, 'u').test(this.article.text)) {
      const e = lookupAlias(this.aliases, start);
      return e ? fromEntry(e) : { id: personId(start), name: start, kind: 'person' };
    }
    const display = stripDisplayTitles(written);
    return { id: personId(display), name: display, kind: 'person' };
  }

  /**
   * A bare surname ("Myers") that the alias table gives to someone ("J. R. Myers") while this article
   * names one other full name with it ("Wynnum coach Matt Myers") and writes the surname after no
   * other word that could name the table's person ("President Trump", "Mr. Trump", "Melania Trump").
   */
  private namesAnother(written: string, known: AliasEntry): boolean {
    const bare = written.trim();
    if (!/^\p{Lu}[\p{L}’'-]+$/u.test(bare)) return false;
    const fulls = [...(this.bySurname.get(nameKey(bare)) ?? [])];
    const [full] = fulls;
    if (fulls.length !== 1 || !full || stripTitles(nameKey(full)) === stripTitles(nameKey(known.name))) return false;
    const given = full
      .slice(0, full.length - bare.length)
      .trim()
      .split(/\s+/)
      .at(-1);
    if (!full.endsWith(` ${bare}`) || !given) return false;
    for (const m of this.article.text.matchAll(new RegExp(String.raw`(\S+)\s+${bare}\b`, 'gu'))) {
      const before = m[1] ?? '';
      if (/^\p{Lu}/u.test(before) && before !== given) return false;
    }
    return true;
  }

  /** Whether the article writes `word` (or a name) right after a title or an honorific ("Prime Minister Tuilaepa", "Mr Tong"). */
  private afterTitle(word: string): boolean {
    const cached = this.afterTitleSeen.get(word);
    if (cached !== undefined) return cached;
    const found = this.findAfterTitle(word);
    this.afterTitleSeen.set(word, found);
    return found;
  }

  // Each pattern below starts a word only where one starts ((?<!\S)): from every character of a long
  // run without spaces (a URL, a blob in a feed) they were quadratic in the run.
  private findAfterTitle(word: string): boolean {
    if (!/^\p{Lu}[\p{L}’' .-]+$/u.test(word)) return false;
    for (const m of this.article.text.matchAll(new RegExp(String.raw`(?<!\S)(\S+)\s+${word.replace(/[.]/g, '\\.')}\b`, 'gu'))) {
      // A capitalised title: "site Facebook" is no "Prime Minister Tuilaepa".
      if ((/^\p{Lu}/u.test(m[1] ?? '') && isTitleWord(m[1] ?? '')) || /^(?:Mr|Mrs|Ms|Dr)\.?$/.test(m[1] ?? '')) return true;
    }
    return false;
  }

  /**
   * "Climate John Kerry" written after "Envoy for", "Health Ana Lobo" after "Minister of": the title's
   * field ran into the name. The longest ending of it that the article also writes as a name on its
   * own, else its last two words (three with an initial: "Tom F. Brandt").
   */
  private withoutField(name: string): string {
    const cached = this.fieldless.get(name);
    if (cached !== undefined) return cached;
    const found = this.findWithoutField(name);
    this.fieldless.set(name, found);
    return found;
  }

  private findWithoutField(name: string): string {
    const words = name.split(/\s+/);
    if (words.length < 3) return name;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Only after a title ("Envoy for", "Minister of"): "Bennoui of Reporters Without Borders" is no field.
    const after = new RegExp(String.raw`(?<!\S)(\S+)\s+(?:for|of)\s+(?:the\s+)?${escaped}\b`).exec(this.article.text);
    if (!after || !isTitleWord(after[1] ?? '')) return name;
    for (let i = 1; i <= words.length - 2; i += 1) {
      const rest = words.slice(i).join(' ');
      const esc = rest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // Written elsewhere with no field word before it.
      for (const m of this.article.text.matchAll(new RegExp(String.raw`(?<!\S)(\S+)\s+${esc}\b`, 'g'))) {
        if (m[1] !== words[i - 1]) return rest;
      }
      if (this.article.text.startsWith(rest)) return rest;
    }
    const last = /^[A-Z]\.$/.test(words.at(-2) ?? '') ? 3 : 2;
    return words.slice(-last).join(' ');
  }

  /**
   * A description ("the Kremlin leader", "the archbishop"): the alias table, else, given where it is
   * written, the person last named before it with that title ("archbishop … Jorge Eduardo Scheinig").
   */
  description(written: string, at?: number): Resolved | null {
    const e = this.aliases.byKey.get(nameKey(written));
    if (e) return fromEntry(e);
    if (at === undefined) return null;
    const title = /(?:^|\s)((?:prime\s+)?[a-z]+)$/i.exec(written.trim())?.[1]?.toLowerCase().replace(/\s+/g, ' ');
    const role = title !== undefined && ROLE_NOUNS.has(title);
    if (!title || (!role && !PERSON_TITLES.has(title.split(' ').at(-1) ?? ''))) return null;
    const qualifiers = nameKey(written)
      .split(' ')
      .filter((w) => !/^(?:the|his|her|its|their)$/.test(w) && !(w === title && ABBREVIATED_TITLE[title]));
    const short = ABBREVIATED_TITLE[title];
    const abbreviation = short ? `|${short})` : ')';
    const text = this.article.text;
    // The article's names are read once, on the first description that needs them.
    // A single name counts after its title ("Pope Francis", "King Charles").
    this.allNames ??= findNames(text).filter((n) => (n.name.includes(' ') || n.text !== n.name) && plausiblePerson(n.name));
    let found: string | undefined;
    const holders = new Set<string>();
    for (const n of this.allNames) {
      if (n.end > at && !role) break;
      // The title in the run before the name, or just before the run, with no sentence break between.
      const lead = text.slice(Math.max(0, n.start - 30), n.end - n.name.length);
      // "Sen. Tom Brandt" is "the senator": an abbreviated title counts as the word (its period is no sentence end).
      const m = new RegExp(String.raw`\b(?:${title.replace(' ', String.raw`\s+`)}\b${abbreviation}([^.;!?]*)$`, 'i').exec(lead);
      // "the local health minister" is not "Union Minister Hardeep Singh Puri": every word must be there.
      // "Vice President Joe Biden" holds another office than "the president" ("under coach X" is no office).
      const other = m && OFFICE_MODIFIER.exec(lead.slice(0, m.index))?.[1]?.toLowerCase();
      // Or in an appositive after the name: "Tom Brandt, the defence minister, said".
      const trail = m
        ? ''
        : (new RegExp(String.raw`^,\s+(?:the|a|an|\p{Lu}[\p{L}’'-]*[’']s)\s+(?:[^,.;:!?“”"]{0,40}\s)?${title.replace(' ', String.raw`\s+`)}(?=[,.;])`, 'iu').exec(text.slice(n.end, n.end + 80))?.[0] ??
          '');
      const trailOther = trail && OFFICE_MODIFIER.exec(trail.slice(0, trail.length - title.length))?.[1]?.toLowerCase();
      const viaTrail = trail !== '' && !trailOther && qualifiers.every((q) => new RegExp(String.raw`\b${q}\b`, 'i').test(trail));
      if (viaTrail || (m && (!other || role || qualifiers.includes(other)) && qualifiers.every((q) => new RegExp(String.raw`\b${q}\b`, 'i').test(lead)))) {
        if (n.end <= at) found = n.name;
        holders.add(this.name(n.name)?.id ?? n.name);
      }
      // "Her parents, Sara Lind and Jonas Lind": a role before a list gives it to no one in particular.
      if (role && new RegExp(String.raw`\b${title}e?s\b[^.;!?]*$`, 'i').test(lead)) holders.add(`${n.name}#plural`);
    }
    if (role && holders.size !== 1) return null;
    const r = found ? this.name(found) : null;
    return r && r.kind === 'person' ? r : null;
  }

  /**
   * "the ministry", "the department": the organisation with that noun the text named last before
   * `at` ("Russia’s Foreign Ministry condemned … “…,” the ministry said"); null when it named none,
   * or two different ones.
   */
  institution(written: string, at: number): Resolved | null {
    const noun = /(?:^|\s)([a-z]+)$/.exec(written.trim())?.[1];
    if (!noun || !INSTITUTION_NOUNS.has(noun)) return null;
    const title = noun.charAt(0).toUpperCase() + noun.slice(1);
    // "The government of Burundi … the government statement": a government is written in lower case too.
    const head = noun === 'government' ? '[Gg]overnment' : title;
    const run = new RegExp(String.raw`(?:[Tt]he\s+)?(?:[A-Z][\p{L}.’'&-]*\s+)*${head}\b(?:\s+(?:of|for|on)(?:\s+the)?(?:\s+[A-Z][\p{L}.’'&-]*)+)?`, 'gu');
    const holdsNoun = new RegExp(String.raw`\b${head}\b`);
    let found: string | undefined;
    const seen: string[] = [];
    for (const m of this.article.text.slice(Math.max(0, at - 3000), at).matchAll(run)) {
      // A run stops at a sentence end on either side ("the United Kingdom. The", "on Monday. The
      // government of …"): the part that holds the noun.
      const part = m[0].split(/\.\s/).find((x) => holdsNoun.test(x)) ?? '';
      const org = organisationName(part.replace(/\bgovernment\b/, 'Government'));
      if (!org) continue;
      const core = org.replace(/^The\s+/, '').replace(/^\S+[’']s\s+/, '');
      // "the Supreme Court of Puerto Rico" … "in the Supreme Court": one court, written short the
      // second time; the full name is the speaker.
      const longer = seen.find((c) => c.startsWith(`${core} of `));
      if (!longer) found = org;
      if (!longer && !seen.some((c) => c.endsWith(core) || core.endsWith(c) || core.startsWith(`${c} of `))) seen.push(core);
      const shorter = seen.findIndex((c) => core.startsWith(`${c} of `));
      if (shorter >= 0) seen[shorter] = core;
    }
    // Two different courts named before ("the Court of Session", "the Supreme Court"): "the court"
    // could be either, and a wrong speaker is worse than none.
    if (found) return seen.length === 1 ? this.group(found) : null;
    return noun === 'company' ? this.companyCalledSo(at) : null;
  }

  /**
   * "the company" for a one-word company the text calls one before `at`: "tech company Zyntra",
   * "Zyntra, a Swedish phone company,", "Zyntra Inc."; null when it calls two different ones so.
   */
  private companyCalledSo(at: number): Resolved | null {
    const before = this.article.text.slice(Math.max(0, at - 3000), at);
    const named = new Set<string>();
    const word = String.raw`(\p{Lu}[\p{L}&-]+)`;
    for (const re of [
      new RegExp(String.raw`\b(?:company|firm)\s+${word}`, 'gu'),
      new RegExp(String.raw`${word},\s+(?:a|an|the)\s+(?:[^,.;:“”"]{0,40}\s)?(?:company|firm),`, 'gu'),
      new RegExp(String.raw`${word}\s+(?:Inc|Ltd|Corp|LLC|plc)\b`, 'gu'),
    ]) {
      for (const m of before.matchAll(re)) named.add(m[1] ?? '');
    }
    const [only] = named;
    return named.size === 1 && only && !isNotName(only) ? this.group(only) : null;
  }

  /** A group ("Trump’s lawyers"), named after its canonical owner when there is one. */
  group(written: string, owner?: string): Resolved {
    const known = lookupAlias(this.aliases, written);
    if (known) return fromEntry(known);
    const who = owner ? this.name(owner) : null;
    const noun = owner ? written.replace(/^.*?(?:[’']s)?\s+(?=[a-z])/, '') : '';
    const name = who && who.kind === 'person' && noun ? `${who.name}’s ${noun}` : written.replace(/^[Tt]he\s+/, 'The ');
    return { id: slug(name), name, kind: 'group' };
  }

  /** A transcript label ("MS. PSAKI", "THE PRESIDENT", "SENIOR ADMINISTRATION OFFICIAL", "Q"). */
  label(label: string): Resolved | null {
    if (label === 'Q') {
      const e = lookupAlias(this.aliases, 'Q');
      return e ? fromEntry(e) : { id: 'reporter', name: 'Reporter', kind: 'group' };
    }
    const holder = holderOf(this.aliases, label, this.article.published);
    if (holder) return fromEntry(holder);
    const known = lookupAlias(this.aliases, label);
    if (known) return fromEntry(known);
    if (isGroupLabel(label)) {
      const name = sentenceCase(label);
      return { id: slug(name), name, kind: 'group' };
    }
    // "THE FIRST LADY": an office whose holder the alias file does not give.
    if (/^THE\s/.test(label) || nameKey(label).split(' ').every(isTitleWord)) {
      const name = sentenceCase(label);
      return { id: slug(name), name, kind: 'person' };
    }
    return this.name(titleCase(label));
  }
}

/** A person's id: middle initials do not tell people apart ("Donald J. Trump" and "Donald Trump" are one). */
function personId(name: string): string {
  return slug(stripTitles(nameKey(name)));
}

/** Levenshtein distance, for spelling variants of one name ("Vladmir Putin"); names are short. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Drops leading titles from a display name, keeping the original spelling ("Senator John McCain" → "John McCain"). */
function stripDisplayTitles(written: string): string {
  const words = written.trim().split(/\s+/);
  let i = 0;
  while (i < words.length - 1 && isTitleWord(words[i] ?? '')) i += 1;
  const rest = words.slice(i).join(' ');
  return rest === rest.toUpperCase() ? titleCase(rest) : rest;
}

/**
 * Learns surname aliases from the whole corpus: a surname used alone resolves to the one full name
 * that has it, when exactly one full name in the corpus (seen at least twice) ends with it.
 * Entries of `base` win: they are returned first, and learned aliases never override them.
 */
/** The full names of one article, as `learnAliases` counts them. */
export function articleFullNames(a: { readonly title: string; readonly text: string }): string[] {
  return fullNamesIn(`${a.title}\n${a.text}`);
}

/** Per base table, each full name: -1 (the table has it), else what it adds to its count (0: no name key). */
const countedNames = new WeakMap<AliasTable, Map<string, number>>();

/**
 * `namesOf`: each article's `articleFullNames`, when the caller keeps them (a corpus update learns
 * again from every article, and finding names is most of the cost).
 */
export function learnAliases<A extends { readonly title: string; readonly text: string }>(
  articles: readonly A[],
  base: AliasTable,
  namesOf: (a: A) => readonly string[] = articleFullNames,
): AliasTable {
  return runAll(learnAliasesInSteps(articles, base, namesOf));
}

// A corpus update learns again from every article's names: the keys of each distinct full name
// (regular expressions over its words) are worked out once, not once per update. Emptied when
// they hold more than `NAME_MEMO_MAX` names: every name ever read (a live bot's feeds bring new
// ones for as long as it runs) would otherwise stay for the life of the process.
export const NAME_MEMO_MAX = 1 << 18;
const surnames = new Map<string, string>();
const stripped = new Map<string, string>();
/** Remembers `value` for `key` in `memo`, emptying it first when full (a cache: any entry can be made again). */
function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= NAME_MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}
const surnameOf = (full: string): string => surnames.get(full) ?? remember(surnames, full, surnameKey(full));
const strippedKey = (full: string): string => stripped.get(full) ?? remember(stripped, full, stripTitles(nameKey(full)));

/** How many names the memos of name keys hold (for the tests: at most `NAME_MEMO_MAX` each). */
export function nameMemoSizes(base: AliasTable): { surnames: number; stripped: number; counted: number } {
  return { surnames: surnames.size, stripped: stripped.size, counted: countedNames.get(base)?.size ?? 0 };
}

/** Articles (or surnames) between two steps of `learnAliasesInSteps`: a few ms each. */
const LEARN_STEP = 64;

/**
 * `learnAliases` in steps of a few hundred articles, then of a few hundred surnames: a corpus
 * update learns again from every article, which took one turn of 0.1-0.4 s on whitehouse-russia
 * under load (every query waited for it). The same table, whatever the caller does between steps.
 */
export function* learnAliasesInSteps<A extends { readonly title: string; readonly text: string }>(
  articles: readonly A[],
  base: AliasTable,
  namesOf: (a: A) => readonly string[] = articleFullNames,
): Generator<void, AliasTable> {
  const counts = new Map<string, number>();
  // A corpus update learns again from every article: each distinct name is looked up once per table.
  let seen = countedNames.get(base);
  if (!seen) {
    seen = new Map();
    countedNames.set(base, seen);
  }
  for (let i = 0; i < articles.length; i++) {
    for (const full of namesOf(articles[i] as A)) {
      let add = seen.get(full);
      if (add === undefined) {
        add = lookupAlias(base, full) ? -1 : nameKey(full) ? 1 : 0;
        remember(seen, full, add);
      }
      if (add < 0) continue;
      counts.set(full, (counts.get(full) ?? 0) + add);
    }
    if (i % LEARN_STEP === LEARN_STEP - 1) yield;
  }
  const bySurname = new Map<string, string[]>();
  let k = 0;
  for (const [full, n] of counts) {
    if (++k % (LEARN_STEP * 8) === 0) yield;
    if (n < 2) continue;
    const s = surnameOf(full);
    if (!s || base.byKey.has(s)) continue;
    const list = bySurname.get(s);
    if (list) list.push(full);
    else bySurname.set(s, [full]);
  }
  yield;
  const learned: AliasEntry[] = [];
  k = 0;
  for (const [s, fulls] of bySurname) {
    if (++k % LEARN_STEP === 0) yield;
    const entry = surnameEntry(s, fulls, (f) => counts.get(f) ?? 0);
    if (entry) learned.push(entry);
  }
  return buildAliasTable([...base.entries, ...learned]).table;
}

/**
 * What one surname's full names (each seen at least twice, in the order the corpus first names
 * them, with their counts) teach: the entry of the dominant name, or nothing.
 */
function surnameEntry(s: string, fulls: readonly string[], countOf: (full: string) => number): AliasEntry | undefined {
  // Spelling variants of one name ("Brian Deese", "BRIAN DEESE", "Donald J. Trump") count once.
  const byKey = new Map<string, { name: string; n: number }>();
  for (const f of fulls) {
    const k = strippedKey(f);
    const e = byKey.get(k) ?? { name: f, n: 0 };
    e.n += countOf(f);
    byKey.set(k, e);
  }
  const ranked = [...byKey].sort((a, b) => b[1].n - a[1].n);
  const [topKey, top] = ranked[0] ?? [];
  if (!top || topKey === undefined) return undefined;
  // Misspellings of the dominant name ("Vladmir Putin" beside "Vladimir Putin") are that person; any
  // other full name with the surname ("Jill Biden") makes the surname alone ambiguous.
  const typos = ranked.slice(1).filter(([k, v]) => v.n * 10 <= top.n && editDistance(k, topKey) <= 2);
  const aliases = ranked.length === 1 + typos.length ? [s] : [];
  const variants = [...fulls.filter((f) => strippedKey(f) === topKey && f !== top.name), ...typos.flatMap(([, v]) => fulls.filter((f) => strippedKey(f) === strippedKey(v.name)))];
  if (aliases.length === 0 && variants.length === 0) return undefined;
  return { id: slug(top.name), name: top.name, kind: 'person', aliases: [...aliases, ...variants], roles: [] };
}

/** A full name the learner counts: how often the corpus names it, and which articles do (by sequence, ascending). */
interface CountedName {
  n: number;
  readonly seqs: number[];
}

/**
 * `learnAliases` kept up to date as articles come and go: the counts of each full name, and the
 * articles that name it, so that an arrival recounts its own names and works out again only the
 * surnames they have (a corpus update learned from every article again: 56-81 ms of CPU per
 * arrival on whitehouse-russia). Articles are numbered in the order they are added, which is the
 * corpus's order (an update appends its articles): the first article naming a full name, and
 * where in it, orders the names as a fresh count does. `table()` equals `learnAliases` of the
 * articles present, in their order.
 */
export class AliasLearner<A extends { readonly id: string; readonly title: string; readonly text: string }> {
  private next = 0;
  private readonly articles = new Map<string, { readonly seq: number; readonly names: readonly string[] }>();
  private readonly namesBySeq = new Map<number, readonly string[]>();
  private readonly counted = new Map<string, CountedName>();
  /** Surname → the full names with it that the learner counts (any count). */
  private readonly fullsOf = new Map<string, Set<string>>();
  /** Surname → where the corpus first names one of its full names seen twice, and what it teaches. */
  private readonly groups = new Map<string, { readonly first: number; readonly entry: AliasEntry | undefined }>();
  private readonly touched = new Set<string>();
  private readonly seen: Map<string, number>;

  constructor(
    private readonly base: AliasTable,
    private readonly namesOf: (a: A) => readonly string[] = articleFullNames,
  ) {
    let seen = countedNames.get(base);
    if (!seen) {
      seen = new Map();
      countedNames.set(base, seen);
    }
    this.seen = seen;
  }

  /** Counts an article's names, after those of the articles added before it. */
  add(article: A): void {
    if (this.articles.has(article.id)) throw new Error(`AliasLearner: ${article.id} is already counted`);
    const seq = this.next++;
    const names = this.namesOf(article);
    this.articles.set(article.id, { seq, names });
    this.namesBySeq.set(seq, names);
    for (const full of names) {
      if (this.addOf(full) <= 0) continue;
      let c = this.counted.get(full);
      if (!c) {
        c = { n: 0, seqs: [] };
        this.counted.set(full, c);
        const s = surnameOf(full);
        const set = this.fullsOf.get(s);
        if (set) set.add(full);
        else this.fullsOf.set(s, new Set([full]));
      }
      c.n += 1;
      if (c.seqs[c.seqs.length - 1] !== seq) c.seqs.push(seq);
      this.touched.add(surnameOf(full));
    }
  }

  /** Takes an article's names out of the counts (nothing when it was not counted). */
  remove(id: string): void {
    const known = this.articles.get(id);
    if (!known) return;
    this.articles.delete(id);
    this.namesBySeq.delete(known.seq);
    for (const full of known.names) {
      const c = this.counted.get(full);
      if (!c) continue;
      c.n -= 1;
      const at = c.seqs.indexOf(known.seq);
      if (at >= 0) c.seqs.splice(at, 1);
      const s = surnameOf(full);
      this.touched.add(s);
      if (c.n === 0) {
        this.counted.delete(full);
        const set = this.fullsOf.get(s);
        set?.delete(full);
        if (set?.size === 0) this.fullsOf.delete(s);
      }
    }
  }

  /** The learned table of the articles counted: the surnames touched since the last call worked out again. */
  table(): AliasTable {
    return runAll(this.tableInSteps());
  }

  /**
   * `table` in steps of `LEARN_STEP` surnames: after counting a whole corpus (the first update
   * after a start, or its preparation) every surname is touched, and working them all out in one
   * turn paused whitehouse-all's event loop for 277 ms.
   */
  *tableInSteps(): Generator<void, AliasTable> {
    let k = 0;
    for (const s of this.touched) {
      this.regroup(s);
      if (++k % LEARN_STEP === 0) yield;
    }
    this.touched.clear();
    const groups = [...this.groups.values()].sort((a, b) => a.first - b.first);
    const learned: AliasEntry[] = [];
    for (const g of groups) if (g.entry) learned.push(g.entry);
    yield;
    return buildAliasTable([...this.base.entries, ...learned]).table;
  }

  /** What `learnAliasesInSteps` adds to a full name's count per mention (-1: the base table has it). */
  private addOf(full: string): number {
    return this.seen.get(full) ?? remember(this.seen, full, lookupAlias(this.base, full) ? -1 : nameKey(full) ? 1 : 0);
  }

  /** Where the corpus first names `full`: its first article, then its place among that article's names. */
  private firstOf(full: string, c: CountedName): number {
    const seq = c.seqs[0] as number;
    const names = this.namesBySeq.get(seq) ?? [];
    return seq * 2 ** 20 + names.indexOf(full);
  }

  private regroup(s: string): void {
    this.groups.delete(s);
    if (!s || this.base.byKey.has(s)) return;
    const fulls: { full: string; first: number }[] = [];
    for (const full of this.fullsOf.get(s) ?? []) {
      const c = this.counted.get(full);
      if (c && c.n >= 2) fulls.push({ full, first: this.firstOf(full, c) });
    }
    if (fulls.length === 0) return;
    fulls.sort((a, b) => a.first - b.first);
    const ordered = fulls.map((f) => f.full);
    this.groups.set(s, { first: (fulls[0] as { first: number }).first, entry: surnameEntry(s, ordered, (f) => this.counted.get(f)?.n ?? 0) });
  }
}

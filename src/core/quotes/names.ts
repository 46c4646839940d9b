// Person names in running English text: capitalised runs, honorifics and job titles to strip, and
// the normal form used to compare names. Written by hand: the NER libraries on npm need a model or
// miss the titles of news and White House prose ("Press Secretary Jen Psaki").

/** Words that may precede a name as a title; stripped when the name is looked up. Lower case, no dots. */
const TITLE_WORDS = new Set([
  'mr',
  'ms',
  'mrs',
  'miss',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  // Religious titles before a name ("Ayatollah Ali Khamenei").
  'ayatollah',
  'sheikh',
  'the',
  'late',
  'former',
  'then',
  'president',
  'vice',
  'presidentelect',
  'secretary',
  'press',
  'deputy',
  'principal',
  'assistant',
  'senior',
  'senator',
  'sen',
  'rep',
  'representative',
  'congressman',
  'congresswoman',
  'gov',
  'governor',
  'mayor',
  'ambassador',
  'admiral',
  'adm',
  'general',
  'gen',
  'lt',
  'col',
  'colonel',
  'major',
  'maj',
  'captain',
  'capt',
  'prime',
  'minister',
  'foreign',
  'defense',
  'defence',
  'chancellor',
  'speaker',
  'leader',
  'chairman',
  'chair',
  'chairwoman',
  'director',
  'administrator',
  'attorney',
  'special',
  'counsel',
  'national',
  'security',
  'adviser',
  'advisor',
  'chief',
  'strategist',
  'staff',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'envoy',
  'republican',
  'democratic',
  'democrat',
  'us',
  'u.s',
  'american',
  'russian',
  'ukrainian',
  'british',
  'french',
  'german',
  'chinese',
  'kremlin',
  'white',
  'house',
  'state',
  'nato',
  'un',
  'eu',
  'king',
  'queen',
  'pope',
  'justice',
  'judge',
  'commissioner',
  'coordinator',
  'communications',
  'homeland',
  'treasury',
  'commerce',
  'first',
  'lady',
  'second',
  'gentleman',
  'his',
  'her',
  'excellency',
  'majesty',
  'highness',
]);

/** Particles that may sit inside a name in lower case ("Ursula von der Leyen", "Charles de Gaulle"). */
const PARTICLES = new Set(['von', 'van', 'der', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'bin', 'al', 'ibn']);

/** Capitalised words that are not names: a run made only of these names nobody. */
const NOT_NAMES = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'i',
  'it',
  'he',
  'she',
  'we',
  'they',
  'you',
  'this',
  'that',
  'these',
  'those',
  'there',
  'here',
  'but',
  'and',
  'or',
  'so',
  'if',
  'when',
  'while',
  'after',
  'before',
  'since',
  'as',
  'in',
  'on',
  'at',
  'for',
  'with',
  'by',
  'from',
  'of',
  'to',
  'a',
  'an',
  'what',
  'why',
  'how',
  'who',
  'where',
  'thank',
  'thanks',
  'yes',
  'no',
  'okay',
  'well',
  'now',
  'then',
  'also',
  'still',
  'yet',
  'today',
  'yesterday',
  'tomorrow',
  'last',
  'next',
  'during',
  'god',
  'america',
  'americans',
  'russia',
  'ukraine',
  'moscow',
  'washington',
  'kyiv',
  'kiev',
  'europe',
  'china',
  'congress',
  'senate',
  'government',
  'administration',
  'department',
  'ministry',
  'office',
  'council',
  'committee',
  'report',
  'war',
  'act',
  'plan',
  'program',
  'summit',
  'united',
  'states',
  'union',
  'federation',
  'republic',
  'west',
  'western',
  'east',
  'north',
  'south',
  'world',
  'international',
  'news',
  'wikinews',
  'bbc',
  'politico',
  'axios',
  'reuters',
  'cnn',
  'fox',
  'cbs',
  'nbc',
  'abc',
  'times',
  'post',
  'journal',
  'story',
  'many',
  'some',
  'all',
  'every',
  'each',
  'one',
  'two',
  'sign',
  'get',
  'does',
  'did',
  'will',
  'can',
  // Sentence adverbs and indefinites that open a sentence before a name ("Whereas Hitler tried").
  'whereas',
  'however',
  'meanwhile',
  'moreover',
  'therefore',
  'thus',
  'hence',
  'although',
  'though',
  'everybody',
  'everyone',
  'nobody',
  'somebody',
  'someone',
  'anyone',
  'anybody',
  // Conjunctions that open a sentence before a surname ("Neither Dasbach nor Mears would …").
  'neither',
  'either',
  'both',
  'nor',
  // Plural roles that open a sentence ("Critics attacked the plan, calling it “…”"): nobody named.
  'critics',
  // "Reports said …": news reports, not the journal "Scientific Reports".
  'reports',
  'supporters',
  'opponents',
  'officials',
  'experts',
  'analysts',
  'observers',
  'protesters',
  'demonstrators',
  'activists',
  'residents',
  'witnesses',
  'lawmakers',
  'legislators',
  'investigators',
  'prosecutors',
  'authorities',
]);

/** Last words of an institution's name, never the first word of a person's ("Ministry of Foreign Affairs", "Russian Navy"). */
const INSTITUTION_WORDS = new Set(
  'nations affairs navy army fleet forces corporation company autonomy agency bank fund institute university academy service guard police railways airlines group holding ministry department directorate committee commission'.split(
    ' ',
  ),
);

/** Lower case, without dots, accents or apostrophes, words separated by one space: the form names are compared in. */
export function nameKey(name: string): string {
  // Memoised: the same few thousand words and names are keyed millions of times in a build (the
  // word tests below, every name run); the chain of replacements took a tenth of the build.
  const known = nameKeys.get(name);
  if (known !== undefined) return known;
  const key = nameKeyUncached(name);
  if (nameKeys.size >= MEMO_MAX) nameKeys.clear();
  nameKeys.set(name, key);
  return key;
}

/** Bound of each memo of this module (cleared when full). */
const MEMO_MAX = 100_000;
const nameKeys = new Map<string, string>();

function nameKeyUncached(name: string): string {
  return (
    name
      // Letters NFKD does not decompose: "Jarosław" and "Jaroslaw" are one name.
      .replace(/[łŁ]/g, 'l')
      .replace(/[øØ]/g, 'o')
      .replace(/[đĐ]/g, 'd')
      .replace(/ß/g, 'ss')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[’'`]s\b/g, 's')
      .replace(/[’'`.]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  );
}

/** The key without leading title words ("president vladimir putin" → "vladimir putin"). */
export function stripTitles(key: string): string {
  const words = key.split(' ');
  let i = 0;
  // Keep at least one word: "Speaker" alone stays a word, not an empty name.
  while (i < words.length - 1 && TITLE_WORDS.has(words[i] ?? '')) i += 1;
  // Single middle initials do not distinguish people ("donald j trump" → "donald trump").
  return words
    .slice(i)
    .filter((w, j, all) => !(w.length === 1 && j > 0 && j < all.length - 1))
    .join(' ');
}

export function isTitleWord(word: string): boolean {
  const key = nameKey(word);
  // "Secretary-General", "Vice-President": hyphenated titles are titles too.
  return TITLE_WORDS.has(key) || (key.includes(' ') && word.includes('-') && key.split(' ').every((w) => TITLE_WORDS.has(w)));
}

export function isNotName(word: string): boolean {
  return NOT_NAMES.has(nameKey(word));
}

/** Month and compass words that are surnames too ("Theresa May", "Mrs. May", "Kanye West"). */
const SURNAMES_TOO = /^(?:may|june|west)$/i;

/** Whether a word of NOT_NAMES may be a surname: after a given name or an honorific, or alone once the text named that person in full. */
export function isSurnameToo(word: string): boolean {
  // A plain test, not nameKey: it runs on every capitalised run, and keying each one churned nameKey's memo.
  return SURNAMES_TOO.test(word);
}

/** The word is a surname here: a surname-too word after a title or a word that can begin a name ("Mrs. May", "Theresa May"). */
function surnameAfter(words: readonly string[], j: number): boolean {
  const before = words[j - 1];
  return j > 0 && isSurnameToo(words[j] ?? '') && before !== undefined && /^[A-Z]/.test(before) && (isTitleWord(before) || !isNotName(before));
}

/** A canonical id from a display name: `Vladimir Putin` → `vladimir-putin`. */
export function slug(name: string): string {
  return nameKey(name).replace(/ /g, '-') || 'unknown';
}

/** "SENIOR ADMINISTRATION OFFICIAL" → "Senior administration official"; "MR. DEESE" → "Mr. Deese" style title case. */
export function sentenceCase(text: string): string {
  const lower = text.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s\-’'])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase())
    .replace(/\bMc([a-z])/g, (_m, c: string) => `Mc${c.toUpperCase()}`);
}

// A capitalised word: "Putin", "McCain", "Jean-Pierre", "O’Brien", "Zelenskyy", an initial "J.", "U.S.".
// A dot ends the run unless it closes an initial or an abbreviated title: "Naples. Hillary Clinton"
// is two runs, "Gerald F. Seib" and "Mr. Kelly" one.
export const ABBREVIATION = String.raw`(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Sen|Rep|Gov|Gen|Lt|Col|Maj|Capt|Adm|Prof|Rev|Sgt|Hon|Amb|Pres|Atty|Supt|Cmdr)\.`;
// Lower-case letters of Latin-1 and Latin Extended-A: "Kaczyński", "Stamenković", "Erdoğan".
const LOWER = 'a-zà-ÿā-ſ';
const UPPER = 'A-ZÀ-ÞĀ-ž';
// "el-Sisi", "al-Assad": an Arabic article joined to the name by a hyphen.
const CAP_WORD = String.raw`(?<![A-Za-z0-9${LOWER}${UPPER}])(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z]{2,3}(?![\w’'&])|${ABBREVIATION}|[A-Z]\.|(?:(?:el|al|ad|as|ar)-)?[${UPPER}][${LOWER}]*(?:[A-Z][${LOWER}]+)?(?:[’'\-][A-Z]?[${LOWER}]+)*)`;
// Words of a name share a line: a title line and the first line of the text are not one name.
const NAME_RUN = new RegExp(String.raw`${CAP_WORD}(?:[^\S\n]+(?:(?:${[...PARTICLES].join('|')})[^\S\n]+)?${CAP_WORD})*`, 'g');

export interface NameSpan {
  /** The run as written, titles included ("Russian President Vladimir Putin"). */
  readonly text: string;
  /** The name without its titles ("Vladimir Putin"). */
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const MONTH_CUE_BEFORE = /\b(?:in|since|of|until|by|from|to|through|last|next|early|late|mid|this|that|each|every|the|on|during|before|after|and|or)[\s-]+$/i;

/** Capitalised runs of `text` that look like person names, titles stripped; `offset` shifts the ranges. */
export function findNames(text: string, offset = 0): NameSpan[] {
  const out: NameSpan[] = [];
  for (const m of text.matchAll(NAME_RUN)) {
    // "released in May", "the West": a month or a compass word after a preposition or determiner.
    if (isSurnameToo(m[0]) && MONTH_CUE_BEFORE.test(text.slice(Math.max(0, (m.index ?? 0) - 12), m.index))) continue;
    const span = toNameSpan(m[0], (m.index ?? 0) + offset);
    if (span) out.push(span);
  }
  return out;
}

/** Reads a capitalised run as a name: strips titles, rejects runs of non-name words. */
export function toNameSpan(run: string, start: number): NameSpan | undefined {
  // The name a run gives depends on the run alone, and runs recur ("President Putin"): memoised.
  let name = runNames.get(run);
  if (name === undefined) {
    name = nameOfRun(run);
    if (runNames.size >= MEMO_MAX) runNames.clear();
    runNames.set(run, name);
  }
  return name === null ? undefined : { text: run, name, start, end: start + run.length };
}

/** `toNameSpan`'s memo: each run's name, null when it names no one. */
const runNames = new Map<string, string | null>();

function nameOfRun(run: string): string | null {
  const words = run.split(/\s+/);
  // "The Red Cross’s Maria Lenz", "Rights Fund's Jacqueline De León": an owner's possessive inside
  // the run; the person is the full name after it.
  const owner = words.findLastIndex((w, k) => k < words.length - 2 && /[\p{L}][’'](?:s)?$/u.test(w) && /[’']s$|s[’']$/.test(w));
  if (owner >= 0) {
    const rest = nameOfRun(words.slice(owner + 1).join(' '));
    return rest?.includes(' ') && plausiblePerson(rest) ? rest : null;
  }
  // "May said", "West said": read as a surname, which the article's speakers resolve only where it names a Theresa May.
  if (words.length === 1 && isSurnameToo(run)) return run;
  let i = 0;
  while (i < words.length && (isTitleWord(words[i] ?? '') || (i === 0 && isNotName(words[i] ?? '')))) i += 1;
  // A title later in the run ends a description ("Missouri Congressman Emanuel Cleaver").
  for (let j = words.length - 2; j >= i; j -= 1)
    if (isTitleWord(words[j] ?? '') && /^[A-Z][a-z]/.test(words[j + 1] ?? '')) {
      i = j + 1;
      break;
    }
  // "President of Argentina Alberto Fernández": the country of the office is not part of the name.
  if (words.length - i >= 3 && PLACES.has(nameKey(words[i] ?? '')) && words.slice(i + 1).every((w) => /^[A-Z][a-z]/.test(w) && !isNotName(w))) i += 1;
  // "Amnesty International Man-kei Tam": the organisation before the name ends at a word no name has.
  // Only in a run short enough to be read at all (a longer one is rejected below, as before).
  for (let j = words.length - 3; j > i && words.length - i <= 4; j -= 1)
    if (isNotName(words[j] ?? '') && words.slice(j + 1).every((w) => /^[A-Z][a-z]/.test(w) && !isNotName(w) && !isTitleWord(w))) {
      i = j + 1;
      break;
    }
  // "Foreign Affairs Józef Beck", "Russian Navy Nikolai Yevmenov": the tail of an institution before a full name.
  while (words.length - i >= 3 && INSTITUTION_WORDS.has(nameKey(words[i] ?? ''))) i += 1;
  const rest = words.slice(i);
  if (rest.length === 0) return null;
  if (rest.every((w, k) => (isNotName(w) && !surnameAfter(words, i + k)) || isTitleWord(w))) return null;
  // Initials and acronyms alone ("U.S.", "NATO") name no person.
  if (rest.every((w) => /^(?:[A-Z]\.)+$|^[A-Z]{2,}$/.test(w))) return null;
  // A run such as "Putin Trump" is two names; such runs are rare in prose, and a wrong person is worse than none.
  if (rest.length > 4) return null;
  return rest.join(' ').replace(/[.,]$/, (d) => (/^[A-Z]\.$/.test(rest[rest.length - 1] ?? '') ? d : ''));
}

/** The last word of a name, the one a later mention uses ("Vladimir Putin" → "putin"). */
export function surnameKey(name: string): string {
  const words = stripTitles(nameKey(name))
    .split(' ')
    .filter((w) => !/^(?:jr|sr|ii|iii)$/.test(w));
  return words[words.length - 1] ?? '';
}

// Places, nationalities and documents: capitalised words that a careless reading takes for a speaker
// ("Korea reacted", "The Canadian", "The Beige Book said", "Dallas said").
const PLACES = new Set(
  `afghanistan albania algeria argentina armenia australia austria azerbaijan belarus belgium bolivia
bosnia brazil britain bulgaria cambodia canada chile colombia croatia cuba cyprus czechia denmark ecuador egypt england
estonia ethiopia finland france georgia germany greece hungary iceland india indonesia iran iraq ireland israel italy japan
jordan kazakhstan kenya korea kosovo kuwait kyrgyzstan latvia lebanon libya lithuania luxembourg malaysia mexico moldova
mongolia montenegro morocco netherlands nigeria norway pakistan palestine peru philippines poland portugal qatar romania
saudi scotland serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan thailand
turkey turkmenistan uae uk usa uzbekistan venezuela vietnam wales yemen crimea donbas donbass chechnya siberia asia africa
london paris berlin beijing tokyo rome madrid brussels vienna geneva warsaw minsk tbilisi ankara tehran baghdad damascus
kabul istanbul dubna chelyabinsk sochi petersburg novosibirsk vladivostok kazan yekaterinburg khabarovsk dallas houston
chicago boston atlanta seattle denver miami philadelphia detroit phoenix cleveland minneapolis richmond naples
york california texas florida ohio virginia pennsylvania michigan iowa arizona nevada carolina wisconsin minnesota
missouri kentucky tennessee alabama louisiana georgia maryland massachusetts jersey illinois indiana kansas oklahoma
oregon utah colorado wyoming montana idaho alaska hawaii maine vermont delaware connecticut mississippi arkansas nebraska
dakota manhattan brooklyn hollywood silicon valley street
american russian ukrainian british english french german chinese japanese korean canadian mexican ecuadorian iranian
iraqi israeli syrian turkish polish italian spanish indian pakistani afghan saudi european african asian western
eastern soviet georgian belarusian kazakh armenian azerbaijani austrian swiss swedish finnish norwegian danish dutch
belgian greek hungarian czech romanian bulgarian serbian croatian cuban venezuelan brazilian argentine australian
palestinian egyptian libyan lebanese jordanian qatari emirati yemeni nigerian kenyan`.split(/\s+/),
);
/** A place or nationality word ("Korea", "Canadian", "Moscow"), compared as a name key. */
export function isPlace(word: string): boolean {
  return PLACES.has(nameKey(word));
}

const DOCUMENT_WORDS =
  /\b(?:book|report|act|bill|law|order|decree|proclamation|directive|ordinance|treaty|agreement|accord|doctrine|plan|strategy|dossier|memo|memorandum|letter|statement|survey|index|study|poll|constitution|resolution|declaration|charter|program|programme|embassy|street|avenue|square|hall|valley|territory|region|oblast|province|county|city)$/;
const CONTRACTION = /[’'](?:s|re|ll|ve|d|m|t)$|n[’']t$/i;

/**
 * Whether a name as read can be a person: not a contraction or a fragment of one ("T’s", "They’re",
 * "I’ll"), not a place, nationality or document, not a run across two sentences.
 */
export function plausiblePerson(name: string): boolean {
  const words = name.trim().split(/\s+/);
  if (words.some((w) => CONTRACTION.test(w))) return false;
  if (/[.!?]\s+[A-Z]/.test(name) && !/^(?:[A-Z]\.\s*)+/.test(name)) {
    // "Ecuadorian Embassy. WikiLeaks": a sentence break inside, not an initial ("Gerald F. Seib").
    if (words.slice(0, -1).some((w) => /[a-z]{2,}\.$/.test(w) && !new RegExp(`^${ABBREVIATION}$`).test(w))) return false;
  }
  const key = nameKey(name);
  const keyWords = key.split(' ');
  if (keyWords.length === 1 && (PLACES.has(key) || NOT_NAMES.has(key))) return false;
  if (keyWords.every((w, j) => PLACES.has(w) || (NOT_NAMES.has(w) && !surnameAfter(words, j)) || TITLE_WORDS.has(w))) return false;
  if (DOCUMENT_WORDS.test(key)) return false;
  if (words[0] && /^[a-z]/.test(words[0]) && !PARTICLES.has(words[0])) return false;
  return true;
}

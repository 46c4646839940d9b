// The topics a corpus covers, for autocomplete: names and phrases in capitals ("Helsinki summit"
// is not, "Steele dossier" is half; "New START", "National Security Strategy" are) and common
// content words, counted by how many articles mention them. A small vocabulary, so autocomplete
// is a scan of precomputed entries, not a full-text search.
import { STOP_WORDS } from './search/tokenize.ts';
import { lowerBound, sortInSteps } from './sorted.ts';
import { speakerLabel } from './transcript.ts';
import type { Article } from './types.ts';
import { runAll } from './steps.ts';

export interface Topic {
  readonly name: string;
  /** Articles that mention it. */
  readonly count: number;
}

const WORD = /[\p{L}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}]/gu;
const CONNECTORS = new Set(['of', 'the', 'for', 'and', 'on', 'de']);
// "I" and "I’m" are capitalised but name nothing.
const isCapital = (w: string): boolean => /^\p{Lu}/u.test(w) && !/^I(?:['’]\w+)?$/.test(w);
const MAX_TOPICS = 20_000;

/**
 * Words common in speech and prose that are no subject to look up ("first", "saying", "thanks"):
 * kept out of topic suggestions only, never out of search.
 */
const NOT_TOPICS = new Set(
  `first second third think thinking thought thank thanks going saying doing making getting taking coming looking trying
  talking working asking telling putting seeing giving using having being really great thing things people today tomorrow
  yesterday would could should there their these those where which while about again other every another always never
  right little still whether without within across along around among before after during since until number important
  obviously certainly absolutely clearly exactly already actually continue continued continues question questions answer
  going sure okay follow point terms together whole place years today's morning afternoon evening everybody everyone
  someone something anything nothing mean means meant want wanted wants known world great greater`
    .split(/\s+/)
    .filter(Boolean),
);

const notTopic = (word: string): boolean => {
  const w = word.toLowerCase().replace(/’/g, "'");
  return STOP_WORDS.has(w) || NOT_TOPICS.has(w) || w.length < 3;
};

// Where a new sentence starts: after . ! ? (and closing quotes) plus space, unless the word before
// the stop is a title or an initial ("Mr. Putin", "J. Biden"). Only sentence-initial capitals
// matter here, so this cheap test stands in for `splitSentences` (ICU), which took two thirds of
// a whole-corpus build.
const SENTENCE_END =
  /(?<!\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov|Pres|Amb|Sec|Hon|Rev|St|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|Inc|Corp|Co|Ltd|Dept|[A-Z]))[.!?]+["”’)\]]*\s+/u;

function sentencesOf(text: string): string[] {
  // A transcript label ("MS. PSAKI:", "Q") is not part of the sentence it opens.
  return text.split(/\n+/).flatMap((para) => para.slice(speakerLabel(para)?.length ?? 0).split(SENTENCE_END));
}

/** What `candidates` asks of a word, worked out once per distinct word. */
interface WordFacts {
  readonly capital: boolean;
  readonly connector: boolean;
  /** `notTopic(word)`. */
  readonly notTopic: boolean;
  /** The word lower-cased when it is a topic on its own (not capitalised, 5+ letters, no filler, no apostrophe). */
  readonly plain: string | undefined;
}

// A build asks about every word of the corpus (tens of millions): the regular expressions and
// case folding behind each answer ran once per occurrence and took most of the topics' time.
const wordFacts = new Map<string, WordFacts>();
const WORD_FACTS_MAX = 200_000;

function factsOf(w: string): WordFacts {
  let f = wordFacts.get(w);
  if (f === undefined) {
    const capital = isCapital(w);
    const lower = w.toLowerCase();
    f = { capital, connector: CONNECTORS.has(w), notTopic: notTopic(w), plain: !capital && lower.length >= 5 && !notTopic(lower) && !/['’]/.test(lower) ? lower : undefined };
    if (wordFacts.size >= WORD_FACTS_MAX) wordFacts.clear();
    wordFacts.set(w, f);
  }
  return f;
}

/** Adds the phrases of a capitalised run (1–4 words, connectors inside only) to `out`. */
function addRun(run: string[], facts: WordFacts[], out: Set<string>): void {
  let n = run.length;
  while (n > 0 && (facts[n - 1] as WordFacts).connector) n--;
  for (let len = Math.min(4, n); len >= 1; len--) {
    for (let i = 0; i + len <= n; i++) {
      const first = facts[i] as WordFacts;
      const last = facts[i + len - 1] as WordFacts;
      if (first.connector || last.connector) continue;
      // A phrase neither starts nor ends with a filler word ("And I", "The United", "Thanks Karine").
      if (first.notTopic || last.notTopic) continue;
      out.add(len === 1 ? (run[i] as string) : run.slice(i, i + len).join(' '));
    }
  }
}

/** Candidate topics of one text: capitalised runs (1–4 words) and plain content words. */
function candidates(text: string): Set<string> {
  const out = new Set<string>();
  const run: string[] = [];
  const runFacts: WordFacts[] = [];
  const words: string[] = [];
  const facts: WordFacts[] = [];
  for (const sentence of sentencesOf(text)) {
    words.length = 0;
    facts.length = 0;
    for (const m of sentence.matchAll(WORD)) {
      const raw = m[0];
      // "Putin’s" counts as "Putin" (a regular expression here cost more than the rest of the loop).
      const apostrophe = raw.charCodeAt(raw.length - 2);
      const w = raw.length >= 2 && raw.charCodeAt(raw.length - 1) === 115 && (apostrophe === 39 || apostrophe === 0x2019) ? raw.slice(0, -2) : raw;
      words.push(w);
      facts.push(factsOf(w));
    }
    run.length = 0;
    runFacts.length = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      const f = facts[i] as WordFacts;
      // The first word of a sentence is capitalised anyway: it starts a run only if a name follows.
      if (f.capital && !(i === 0 && !(facts[1]?.capital ?? false))) {
        run.push(w);
        runFacts.push(f);
      } else if (run.length > 0 && f.connector) {
        run.push(w);
        runFacts.push(f);
      } else {
        if (run.length > 0) addRun(run, runFacts, out);
        run.length = 0;
        runFacts.length = 0;
        if (f.plain !== undefined) out.add(f.plain);
      }
    }
    if (run.length > 0) addRun(run, runFacts, out);
  }
  return out;
}

/** The topic candidates of one article (each counts once per article). */
export function articleTopicCandidates(article: Pick<Article, 'title' | 'text'>): Set<string> {
  return candidates(`${article.title}\n${article.text}`);
}

/** How many articles have each candidate: what `topicsFromCounts` ranks (kept up to date by corpus updates). */
export function topicCounts(articles: readonly Article[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of articles) for (const c of articleTopicCandidates(a)) counts.set(c, (counts.get(c) ?? 0) + 1);
  return counts;
}

/** `localeCompare`'s order, without building a collator per comparison. */
const collator = new Intl.Collator();

/** The topics' order: most articles first, then by name. */
const byRank = (x: readonly [string, number], y: readonly [string, number]): number => y[1] - x[1] || collator.compare(x[0], y[0]);

/** The least article count a topic needs (a small corpus lists every candidate). */
const minCountOf = (articleCount: number, minCount: number): number => (articleCount < 20 ? 1 : minCount);

/**
 * Whether `name` is a capitalised single word that a lower-case twin would stand for ("Sanctions"
 * beside "sanctions"), when that twin is a candidate: `topicsFromCounts` merges such names.
 */
export const mayHaveTwin = (name: string): boolean => !name.includes(' ') && isCapital(name) && name.toLowerCase() !== name;

/**
 * The capitalised single words of `counts` by their lower-case form (what a lower-case topic
 * merges), made in steps: the first update after a start makes it, the next keep it up to date.
 */
export function* capitalTwinsInSteps(counts: ReadonlyMap<string, number>): Generator<void, Map<string, string[]>> {
  const out = new Map<string, string[]>();
  let i = 0;
  for (const name of counts.keys()) {
    if (++i % STEP === 0) yield;
    if (!mayHaveTwin(name)) continue;
    const lower = name.toLowerCase();
    const list = out.get(lower);
    if (list) list.push(name);
    else out.set(lower, [name]);
  }
  return out;
}

/**
 * `topicsFromCounts` after the counts of some candidates (`changed`) changed, from the previous
 * ranking (made with `previousArticleCount` articles): only the entries those candidates touch
 * (each, its lower-case twin, and the capitalised words it stands for) are ranked again and merged
 * into the previous list. Exact when no entry of the previous list lost articles or became a twin:
 * then whatever was below the list is still beaten by the whole list, so the new list is among
 * the previous one and the touched entries. Otherwise (removals, a changed article that dropped a
 * listed topic, a new lower-case twin of a listed word, or the least count changing with a small
 * corpus) it ranks every candidate again. `capitals`: `capitalTwinsInSteps` of the current counts.
 */
export function* updateTopicsInSteps(
  previous: readonly Topic[],
  counts: ReadonlyMap<string, number>,
  capitals: ReadonlyMap<string, readonly string[]>,
  changed: Iterable<string>,
  articles: { readonly now: number; readonly before: number },
  minCount = 2,
  max = MAX_TOPICS,
): Generator<void, Topic[]> {
  const min = minCountOf(articles.now, minCount);
  const full = function* (): Generator<void, Topic[]> {
    return yield* topicsFromCountsInSteps(counts, articles.now, minCount, max);
  };
  if (min !== minCountOf(articles.before, minCount)) return yield* full();
  const touched = new Set<string>();
  let k = 0;
  for (const c of changed) {
    if (++k % TOUCHED_STEP === 0) yield;
    touched.add(c);
    if (mayHaveTwin(c)) touched.add(c.toLowerCase());
    for (const cap of capitals.get(c) ?? []) touched.add(cap);
  }
  // An entry's count as `topicsFromCounts` ranks it, or undefined when it is no entry.
  const rankedCount = (name: string): number | undefined => {
    const n = counts.get(name);
    if (n === undefined) return undefined;
    if (mayHaveTwin(name) && counts.has(name.toLowerCase())) return undefined;
    let v = n;
    for (const cap of capitals.get(name) ?? []) v = Math.max(v, counts.get(cap) ?? 0);
    return v >= min ? v : undefined;
  };
  const listed = new Map(previous.map((t) => [t.name, t.count]));
  yield;
  const again: [string, number][] = [];
  for (const name of touched) {
    // A batch touches tens of thousands of candidates (one turn of 75 ms of CPU for 20 arrivals on whitehouse-all).
    if (++k % TOUCHED_STEP === 0) yield;
    const v = rankedCount(name);
    const was = listed.get(name);
    if (was !== undefined && (v === undefined || v < was)) return yield* full();
    if (v !== undefined) again.push([name, v]);
  }
  yield;
  // In steps too: a batch's tens of thousands of entries compared by the collator.
  const ranked = yield* sortInSteps(again, byRank);
  const out: Topic[] = [];
  let j = 0;
  for (let i = 0; i < previous.length && out.length < max; i++) {
    if (i % TOUCHED_STEP === TOUCHED_STEP - 1) yield;
    const t = previous[i] as Topic;
    if (touched.has(t.name)) continue;
    while (j < ranked.length && out.length < max && byRank(ranked[j] as [string, number], [t.name, t.count]) < 0) {
      const [name, count] = ranked[j++] as [string, number];
      out.push({ name, count });
    }
    if (out.length < max) out.push(t);
  }
  while (j < ranked.length && out.length < max) {
    const [name, count] = ranked[j++] as [string, number];
    out.push({ name, count });
  }
  return out;
}

/**
 * The topics of a corpus of `articleCount` articles from its candidates' article counts (`counts`
 * is not changed). Runs on every corpus update: it reads the counts in place (no copy of 10^6
 * entries) and sorts only the candidates that can reach the top `MAX_TOPICS`.
 */
export function topicsFromCounts(source: ReadonlyMap<string, number>, articleCount: number, minCount = 2, max = MAX_TOPICS): Topic[] {
  return runAll(topicsFromCountsInSteps(source, articleCount, minCount, max));
}

/** `topicsFromCounts`, yielding every few thousand candidates (a corpus update runs it between queries). */
export function* topicsFromCountsInSteps(source: ReadonlyMap<string, number>, articleCount: number, minCount = 2, max = MAX_TOPICS): Generator<void, Topic[]> {
  const min = minCountOf(articleCount, minCount);
  // "Sanctions" at the start of a heading and "sanctions" are one topic, under the plain word.
  const twinOf = (name: string): string | undefined => (mayHaveTwin(name) && source.has(name.toLowerCase()) ? name.toLowerCase() : undefined);
  const merged = new Map<string, number>();
  let i = 0;
  for (const [name, n] of source) {
    const lower = twinOf(name);
    if (lower !== undefined) merged.set(lower, Math.max(merged.get(lower) ?? (source.get(lower) as number), n));
    if (++i % STEP === 0) yield;
  }
  let out: [string, number][] = [];
  for (const [name, n] of source) {
    if (++i % STEP === 0) yield;
    if (twinOf(name) !== undefined) continue;
    const v = merged.get(name) ?? n;
    if (v >= min) out.push([name, v]);
  }
  if (out.length > max) {
    // Only counts at or above the max-th largest can make the list (ties kept whole): found
    // from a histogram of the counts (whole numbers up to the article count), not a sort of them all.
    const least = countAtRank(out, max);
    out = out.filter((e) => e[1] >= least);
    yield;
  }
  const ranked = yield* sortInSteps(out, byRank);
  return ranked.slice(0, max).map(([name, count]) => ({ name, count }));
}

/** The count of the `rank`-th largest entry (1-based). */
function countAtRank(entries: readonly (readonly [string, number])[], rank: number): number {
  let max = 0;
  for (const e of entries) if (e[1] > max) max = e[1];
  const histogram = new Uint32Array(max + 1);
  for (const e of entries) histogram[e[1]] = (histogram[e[1]] as number) + 1;
  let seen = 0;
  for (let c = max; c > 0; c--) {
    seen += histogram[c] as number;
    if (seen >= rank) return c;
  }
  return 0;
}

/** Candidates read between two yields of `topicsFromCountsInSteps`. */
const STEP = 20_000;
/** Touched candidates ranked again between two yields of `updateTopicsInSteps` (each looks up its twins). */
const TOUCHED_STEP = 4_096;

export function extractTopics(articles: readonly Article[], minCount = 2): Topic[] {
  return topicsFromCounts(topicCounts(articles), articles.length, minCount);
}

/** Lower-cased words of every topic, and each word's topics (ascending = most common first). */
interface TopicLookup {
  readonly words: readonly (readonly string[])[];
  /** Every distinct word, sorted, for prefix ranges by binary search. */
  readonly sorted: readonly string[];
  readonly topicsOf: ReadonlyMap<string, readonly number[]>;
}

// Autocomplete runs on every keystroke: the lookup is built once per topic list, not per call.
const lookups = new WeakMap<readonly Topic[], TopicLookup>();

function lookupOf(topics: readonly Topic[]): TopicLookup {
  return lookups.get(topics) ?? runAll(lookupInSteps(topics));
}

/** Topics read between two yields of `lookupInSteps`. */
const LOOKUP_STEP = 2_048;

/** The lookup of `topics`, made in steps (20,000 topics: one turn of 26-41 ms of CPU in an update's warm-up on whitehouse-all). */
function* lookupInSteps(topics: readonly Topic[]): Generator<void, TopicLookup> {
  const words: string[][] = [];
  const topicsOf = new Map<string, number[]>();
  for (let i = 0; i < topics.length; i++) {
    if (i % LOOKUP_STEP === LOOKUP_STEP - 1) yield;
    const ws = (topics[i] as Topic).name.toLowerCase().split(' ');
    words.push(ws);
    for (const w of new Set(ws)) {
      const list = topicsOf.get(w);
      if (list) list.push(i);
      else topicsOf.set(w, [i]);
    }
  }
  yield;
  const sorted = [...topicsOf.keys()].sort();
  // Made meanwhile by a keystroke (`lookupOf`): that one is kept.
  const l = lookups.get(topics) ?? { words, sorted, topicsOf };
  lookups.set(topics, l);
  return l;
}

/** Builds the autocomplete lookup of a topic list now, in steps (an update's warm-up, between queries), rather than on the first keystroke. */
export function* prepareTopicsInSteps(topics: readonly Topic[]): Generator<void, void> {
  if (!lookups.has(topics)) yield* lookupInSteps(topics);
}

/** Past this many matching words, scanning topics in order finds `limit` matches sooner than merging lists. */
const MAX_MERGED_WORDS = 64;

/** Topics with a word starting with what the user typed (every typed word must match), most common first. */
export function suggestTopics(topics: readonly Topic[], typed: string, limit = 25): Topic[] {
  const parts = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return topics.slice(0, limit);
  const l = lookupOf(topics);
  const last = parts[parts.length - 1] as string;
  const whole = parts.slice(0, -1);
  const matches = (i: number): boolean => {
    const words = l.words[i] as readonly string[];
    return whole.every((p) => words.includes(p)) && words.some((w) => w.startsWith(last));
  };
  let candidates: Iterable<number>;
  if (whole.length > 0) {
    // A whole word narrows the most: start from its topics.
    candidates = l.topicsOf.get(whole[0] as string) ?? [];
  } else {
    const from = lowerBound(l.sorted, last);
    const to = lowerBound(l.sorted, `${last}\uffff`);
    if (to - from > MAX_MERGED_WORDS) {
      candidates = topics.keys();
    } else {
      const set = new Set<number>();
      for (let k = from; k < to; k++) for (const i of l.topicsOf.get(l.sorted[k] as string) ?? []) set.add(i);
      candidates = [...set].sort((a, b) => a - b);
    }
  }
  const out: Topic[] = [];
  for (const i of candidates) {
    if (!matches(i)) continue;
    out.push(topics[i] as Topic);
    if (out.length >= limit) break;
  }
  return out;
}

// The speaker index: canonical speakers with their aliases and quote counts, for /quote's
// speaker option (resolve), its autocomplete (suggest) and "did you mean" (closest).
import type { Quote, Speaker } from '../types.ts';
import type { AliasTable } from './aliases.ts';
import { nameKey, stripTitles, surnameKey } from './names.ts';
import { runAll } from '../steps.ts';
import { sortInSteps } from '../sorted.ts';

export interface SpeakerIndex {
  readonly speakers: readonly Speaker[];
  resolve(name: string): Speaker | undefined;
  suggest(prefix: string, limit?: number): Speaker[];
  closest(name: string, limit?: number): Speaker[];
}

/** `localeCompare`'s order, without building a collator per comparison. */
const collator = new Intl.Collator();

/** Past this many words with the typed prefix, scanning speakers by rank beats collecting and sorting them. */
const MAX_MERGED_WORDS = 256;

/** Levenshtein distance; hand-written because it is ten lines and the vocabulary is small. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Speakers of `quotes`, counted, with their aliases from the table; sorted by count, then name. */
export function buildSpeakers(quotes: readonly Quote[], aliases: AliasTable): SpeakerIndex {
  return runAll(buildSpeakersInSteps(quotes, aliases));
}

/** Quotes (or speakers) read between two yields of `buildSpeakersInSteps`: a few ms on whitehouse-russia. */
const SLICE = 4000;

/** `buildSpeakers`, yielding every few thousand quotes and speakers (a corpus update warms it between queries). */
export function* buildSpeakersInSteps(quotes: readonly Quote[], aliases: AliasTable): Generator<void, SpeakerIndex> {
  const counts = new Map<string, { name: string; count: number }>();
  let n = 0;
  for (const q of quotes) {
    if (++n % SLICE === 0) yield;
    if (!q.speakerId || !q.speaker) continue;
    const c = counts.get(q.speakerId) ?? { name: q.speaker, count: 0 };
    c.count += 1;
    counts.set(q.speakerId, c);
  }
  const entryOf = new Map(aliases.entries.map((e) => [e.id, e]));
  const unsorted: Speaker[] = [...counts].map(([id, c]) => {
    const e = entryOf.get(id);
    return { id, name: e?.name ?? c.name, kind: e?.kind ?? (/’s\s|officials?$|^The\s|group/i.test(c.name) ? 'group' : 'person'), aliases: e ? e.aliases : [], count: c.count };
  });
  yield;
  // Sorted in steps, as `sort` would: an update's warm-up builds the index again, and these two
  // sorts ran in one step each (the step's turns reached 41 ms of CPU on whitehouse-all).
  const speakers = yield* sortInSteps(unsorted, (a, b) => b.count - a.count || collator.compare(a.name, b.name));

  // Every name and alias key → speaker, and every word of them for prefix search (precomputed once).
  const byKey = new Map<string, Speaker>();
  const unsortedWords: { word: string; speaker: Speaker; rank: number }[] = [];
  /** The same words by speaker (index: rank). */
  const wordsOf: string[][] = [];
  for (const [rank, s] of speakers.entries()) {
    if (rank % SLICE === SLICE - 1) yield;
    const own: string[] = [];
    for (const n of [s.name, ...s.aliases]) {
      const key = nameKey(n);
      if (!byKey.has(key)) byKey.set(key, s);
      const stripped = stripTitles(key);
      if (!byKey.has(stripped)) byKey.set(stripped, s);
      for (const w of key.split(' ')) own.push(w);
      own.push(key);
    }
    for (const w of own) unsortedWords.push({ word: w, speaker: s, rank });
    wordsOf.push(own);
  }
  yield;
  const words = yield* sortInSteps(unsortedWords, (a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : a.rank - b.rank));
  yield;

  const lowerBound = (prefix: string): number => {
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((words[mid]?.word ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // A surname alone ("Putin") finds the speaker whose names end with it, when one of them is quoted
  // ten times as often as any other of that surname (rank order: the first is the most quoted).
  const bySurname = new Map<string, Speaker[]>();
  for (const s of speakers) {
    if (s.kind !== 'person') continue;
    const key = surnameKey(s.name);
    if (!key || key === stripTitles(nameKey(s.name))) continue;
    bySurname.set(key, [...(bySurname.get(key) ?? []), s]);
  }
  const bySurnameOnly = (key: string): Speaker | undefined => {
    const [first, second] = bySurname.get(key) ?? [];
    return first && (!second || first.count >= 10 * second.count) ? first : undefined;
  };

  return {
    speakers,
    resolve(name) {
      const key = nameKey(name);
      return byKey.get(key) ?? byKey.get(stripTitles(key)) ?? bySurnameOnly(stripTitles(key));
    },
    suggest(prefix, limit = 25) {
      const key = nameKey(prefix);
      if (!key) return speakers.slice(0, limit);
      const found = new Map<string, { s: Speaker; rank: number }>();
      // Each typed word must prefix some word of the speaker's names ("jen ps" → Jen Psaki).
      const [first = '', ...others] = key.split(' ');
      const from = lowerBound(first);
      const to = lowerBound(`${first}\uffff`);
      const matchesAll = (s: Speaker): boolean =>
        key.includes(' ') === false ||
        [s.name, ...s.aliases].some((n) => {
          const nk = nameKey(n);
          return nk.startsWith(key) || others.every((o) => nk.split(' ').some((w) => w.startsWith(o)));
        });
      if (to - from > MAX_MERGED_WORDS) {
        // A short prefix matches thousands of words: speakers in rank order reach `limit` sooner.
        const out: Speaker[] = [];
        for (let rank = 0; rank < speakers.length && out.length < limit; rank += 1) {
          const s = speakers[rank] as Speaker;
          if ((wordsOf[rank] as string[]).some((w) => w.startsWith(first)) && matchesAll(s)) out.push(s);
        }
        return out;
      }
      for (let i = from; i < to; i += 1) {
        const w = words[i];
        if (w) found.set(w.speaker.id, { s: w.speaker, rank: w.rank });
      }
      return [...found.values()]
        .filter(({ s }) => matchesAll(s))
        .sort((a, b) => a.rank - b.rank)
        .slice(0, limit)
        .map(({ s }) => s);
    },
    closest(name, limit = 3) {
      const key = stripTitles(nameKey(name));
      if (!key) return [];
      const scored = speakers.map((s) => {
        const d = Math.min(
          ...[s.name, ...s.aliases].flatMap((n) => {
            const nk = nameKey(n);
            return [editDistance(key, nk), ...nk.split(' ').map((w) => editDistance(key, w) + 0.5)];
          }),
        );
        return { s, d };
      });
      const maxDistance = Math.max(2, Math.floor(key.length / 3));
      return scored
        .filter((x) => x.d <= maxDistance)
        .sort((a, b) => a.d - b.d || b.s.count - a.s.count)
        .slice(0, limit)
        .map((x) => x.s);
    },
  };
}

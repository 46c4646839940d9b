// Reads the word vectors' file for /ask (src/core/search/word-vectors.ts parses it). Only where
// scripts/word-vectors.ts has derived it: it is not committed.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WORD_VECTORS_FILE = fileURLToPath(new URL('../data/word-vectors.bin', import.meta.url));

export function readWordVectorsFile(): Uint8Array | undefined {
  return existsSync(WORD_VECTORS_FILE) ? readFileSync(WORD_VECTORS_FILE) : undefined;
}

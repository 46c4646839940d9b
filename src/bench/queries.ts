// The committed query list (`queries.txt`), shared by the benchmark and the equivalence test.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const QUERIES_FILE = fileURLToPath(new URL('./queries.txt', import.meta.url));

export function loadQueries(file = QUERIES_FILE): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

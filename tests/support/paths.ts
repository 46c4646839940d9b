// Where tests find the repo and the shared corpora (read in place, never copied).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const SEEDS = `${SHARED}seeds/`;
export const WHITEHOUSE_RUSSIA = `${SHARED}corpora/whitehouse-russia`;
export const WIKINEWS = `${SHARED}corpora/wikinews`;
export const CORPUS = `${REPO}corpus`;

/** Every `every`-th Wikinews article file (absolute paths, in path order): a small, fixed real sample. */
export function wikinewsSample(every: number): string[] {
  return fs
    .readdirSync(WIKINEWS, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort()
    .filter((_, i) => i % every === 0)
    .map((f) => path.join(WIKINEWS, f));
}

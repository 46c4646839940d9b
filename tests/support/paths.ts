// Where tests find the repo and the shared corpora (read in place, never copied).
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const SEEDS = `${SHARED}seeds/`;
export const WHITEHOUSE_RUSSIA = `${SHARED}corpora/whitehouse-russia`;
export const WIKINEWS = `${SHARED}corpora/wikinews`;
export const CORPUS = `${REPO}corpus`;

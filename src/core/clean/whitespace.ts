import { mapParagraphs } from './stage.ts';

/** Non-breaking and other odd spaces become plain spaces; runs of spaces become one; zero-width marks go. */
export const normaliseSpaces = mapParagraphs('normalise-spaces', (p) =>
  p
    .replace(/\u200b|\u200c|\u200d|\u2060|\ufeff/g, '')
    .replace(/[\u00a0\u2007\u202f\t\u2000-\u200a]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim(),
);

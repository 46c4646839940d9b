// Quotations extracted from one sentence or paragraph given as a whole article (one passage), with
// the bundled corpus's aliases: what the attribution tests feed the extractor.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parseAliasFile } from '../../src/core/quotes/aliases.ts';
import { extractQuotes } from '../../src/core/quotes/extract.ts';
import type { Article, Passage, Quote } from '../../src/core/types.ts';
import { CORPUS } from './paths.ts';

export const aliases = parseAliasFile(readFileSync(`${CORPUS}/aliases.yml`, 'utf8'), 'corpus/aliases.yml').table;

/** Every quotation of `text`, each checked to stand verbatim at its range. */
export function quotesOf(text: string, published = '2019-10-02'): Quote[] {
  const a: Article = { id: 'a', title: 'T', outlet: 'O', published, authors: [], tags: [], source: 's', text };
  const passages: Passage[] = [{ id: 'a#1', articleId: 'a', n: 1, text, start: 0, end: text.length }];
  const qs = extractQuotes(a, passages, aliases);
  for (const q of qs) expect(text.slice(q.start, q.end)).toBe(q.text);
  return qs;
}

/** The speaker of the first quotation of `text` that starts with `startOfQuote`; undefined when none does. */
export function speakerOf(text: string, startOfQuote: string): string | null | undefined {
  return quotesOf(text).find((q) => q.text.startsWith(startOfQuote))?.speaker;
}

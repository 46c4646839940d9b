import { describe, expect, it } from 'vitest';
import { splitPassages } from '../src/core/passages.ts';
import { splitSentences } from '../src/core/sentences.ts';
import type { Article } from '../src/core/types.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS, WHITEHOUSE_RUSSIA } from './support/paths.ts';

const article = (text: string, id = 'a'): Article => ({ id, title: 'T', outlet: 'O', published: '2020-01-01', authors: [], tags: [], source: 'test', text });
const words = (s: string) => (s.match(/\S+/g) ?? []).length;

/** The bound every passage keeps, whatever the input (README: 40–150 words). */
const MAX_WORDS = 150;
const MAX_CHARS = 1200;

/**
 * Every passage is an exact slice within the bound; together they cover the text, and every
 * sentence that fits in a passage lies in exactly one.
 */
function checkInvariants(a: Article): void {
  const ps = splitPassages(a);
  let prevEnd = 0;
  for (const p of ps) {
    expect(p.text).toBe(a.text.slice(p.start, p.end));
    expect(words(p.text), p.text.slice(0, 60)).toBeLessThanOrEqual(MAX_WORDS);
    expect(p.text.length, p.text.slice(0, 60)).toBeLessThanOrEqual(MAX_CHARS);
    expect(p.id).toBe(`${a.id}#${p.n}`);
    expect(p.start).toBeGreaterThanOrEqual(prevEnd);
    // Between passages there is only whitespace: no sentence falls between two passages.
    expect(a.text.slice(prevEnd, p.start).trim()).toBe('');
    prevEnd = p.end;
  }
  expect(a.text.slice(prevEnd).trim()).toBe('');
  for (const s of splitSentences(a.text)) {
    const t = s.text.trim();
    if (t === '' || words(t) > MAX_WORDS || t.length > MAX_CHARS) continue;
    const start = s.start + s.text.indexOf(t);
    const holders = ps.filter((p) => p.start <= start && start + t.length <= p.end);
    expect(holders.length, `sentence in exactly one passage: ${t.slice(0, 60)}`).toBe(1);
  }
}

describe('passages', () => {
  it('merge short paragraphs and keep passages between 40 and 150 words where the text allows', () => {
    const para = (n: number, w: string) => `${Array.from({ length: n }, () => w).join(' ')}.`;
    const a = article([para(10, 'alpha'), para(20, 'beta'), para(30, 'gamma'), para(200, 'delta'), para(50, 'eps')].join('\n\n'));
    const ps = splitPassages(a);
    expect(ps[0]?.text).toContain('alpha');
    expect(ps[0]?.text).toContain('gamma');
    checkInvariants(a);
  });

  it('split long paragraphs at sentence ends, never inside a quotation that fits in a passage', () => {
    const s = (i: number) => `Sentence number ${i} has exactly eight words here.`;
    const quote = `He said: “${Array.from({ length: 15 }, (_, i) => s(i)).join(' ')}” Then he left.`;
    const a = article([`${Array.from({ length: 10 }, (_, i) => s(i)).join(' ')} ${quote}`].join('\n\n'));
    const ps = splitPassages(a);
    expect(ps.length).toBeGreaterThan(1);
    for (const p of ps) {
      const opens = (p.text.match(/“/g) ?? []).length;
      const closes = (p.text.match(/”/g) ?? []).length;
      expect(opens).toBe(closes);
    }
    checkInvariants(a);
  });

  it('cut a quotation longer than a passage at its own sentence ends', () => {
    const s = (i: number) => `Sentence number ${i} has exactly eight words here.`;
    const quote = `He said: “${Array.from({ length: 60 }, (_, i) => s(i)).join(' ')}” Then he left.`;
    const a = article(quote);
    const ps = splitPassages(a);
    expect(ps.length).toBeGreaterThanOrEqual(4);
    for (const p of ps) expect(p.text).toMatch(/^(?:He said: “)?Sentence number \d+ .*(?:here\.|left\.)$/);
    checkInvariants(a);
  });

  it('bound a sentence longer than a passage: cut after its clauses, or else between words', () => {
    const clauses = `${Array.from({ length: 80 }, (_, i) => `the ${i}th clause has these six words,`).join(' ')} end.`;
    const ps = splitPassages(article(clauses));
    expect(ps.length).toBeGreaterThan(3);
    for (const p of ps.slice(0, -1)) expect(p.text).toMatch(/words,$/);
    checkInvariants(article(clauses));
    const bare = Array.from({ length: 1000 }, (_, i) => `word${i}`).join(' ');
    expect(splitPassages(article(bare)).length).toBeGreaterThanOrEqual(7);
    checkInvariants(article(bare));
    // One "word" of 5,000 characters (a pasted blob) is cut into fixed slices, never inside a surrogate pair.
    const blob = `${'x'.repeat(1199)}${'😀'.repeat(1000)} tail.`;
    const cut = splitPassages(article(blob));
    for (const p of cut) expect(p.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    checkInvariants(article(blob));
  });

  it('bound a 1.8 MB paragraph with no sentence end: every passage an exact slice within the bound', () => {
    const vocabulary = ['putin', 'summit', 'sanctions', 'diplomats', 'kremlin', 'moscow', 'treaty', 'and', 'the', 'of'];
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 1_800_000; i++) {
      const w = (vocabulary[(i * 7 + (i >> 3)) % vocabulary.length] ?? '') + (i % 17 === 16 ? ',' : '');
      parts.push(w);
      size += w.length + 1;
    }
    const a = article(`A short opening paragraph.\n\n${parts.join(' ')}\n\nA closing paragraph.`);
    const ps = splitPassages(a);
    expect(ps.length).toBeGreaterThan(1_800_000 / MAX_CHARS);
    expect(Math.max(...ps.map((p) => p.text.length))).toBeLessThanOrEqual(MAX_CHARS);
    checkInvariants(a);
  });

  it('come from sentences of at most 2,000 characters that cover the text exactly', () => {
    for (const text of ['Mr. Putin met Mr. Trump and '.repeat(20_000), 'no full stop here and '.repeat(20_000), 'Short one. '.repeat(40_000)]) {
      const sentences = splitSentences(text);
      expect(sentences.map((s) => s.text).join('')).toBe(text);
      expect(Math.max(...sentences.map((s) => s.text.length))).toBeLessThanOrEqual(2000);
    }
    // Ordinary sentences are ICU's, with abbreviations joined back, as before.
    expect(splitSentences('Mr. Putin met Mr. Trump. They talked.').map((s) => s.text)).toEqual(['Mr. Putin met Mr. Trump. ', 'They talked.']);
  });

  it('keep a transcript speaker label with its words and record the speaker', () => {
    const a = article(
      [`MS. PSAKI: Good afternoon. ${'We have a lot to cover today. '.repeat(12)}`, 'Q Thank you. Two questions on Russia.', `MS. PSAKI: Sure. ${'The sanctions are strong. '.repeat(12)}`].join(
        '\n\n',
      ),
    );
    const ps = splitPassages(a);
    expect(ps[0]?.speaker).toBe('MS. PSAKI');
    for (const p of ps) expect(p.text).not.toMatch(/(?:MS\. PSAKI|Q):?\s*$/);
    checkInvariants(a);
  });

  it('are stable across runs and hold the invariants on the real corpora', async () => {
    const { articles } = await loadArticles([CORPUS, WHITEHOUSE_RUSSIA], { log: silentLogger() });
    const sample = articles.filter((_, i) => i % 25 === 0);
    for (const a of sample) {
      checkInvariants(a);
      expect(splitPassages(a)).toEqual(splitPassages(a));
    }
    expect(splitPassages(articles[0] as Article).map((p) => p.id)).toEqual(splitPassages({ ...(articles[0] as Article) }).map((p) => p.id));
  }, 60_000);
});

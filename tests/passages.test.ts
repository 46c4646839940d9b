import { describe, expect, it } from 'vitest';
import { splitPassages } from '../src/core/passages.ts';
import { splitSentences } from '../src/core/sentences.ts';
import type { Article } from '../src/core/types.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { CORPUS, WHITEHOUSE_RUSSIA } from './support/paths.ts';

const article = (text: string, id = 'a'): Article => ({ id, title: 'T', outlet: 'O', published: '2020-01-01', authors: [], tags: [], source: 'test', text });
const words = (s: string) => (s.match(/\S+/g) ?? []).length;

/** Every passage is an exact slice; together they cover every sentence exactly once. */
function checkInvariants(a: Article): void {
  const ps = splitPassages(a);
  let prevEnd = 0;
  for (const p of ps) {
    expect(p.text).toBe(a.text.slice(p.start, p.end));
    expect(p.id).toBe(`${a.id}#${p.n}`);
    expect(p.start).toBeGreaterThanOrEqual(prevEnd);
    // Between passages there is only whitespace: no sentence falls between two passages.
    expect(a.text.slice(prevEnd, p.start).trim()).toBe('');
    prevEnd = p.end;
  }
  expect(a.text.slice(prevEnd).trim()).toBe('');
  for (const s of splitSentences(a.text)) {
    const t = s.text.trim();
    if (t === '') continue;
    const start = s.start + s.text.indexOf(t);
    const holders = ps.filter((p) => p.start <= start && start + t.length <= p.end);
    expect(holders.length, `sentence in exactly one passage: ${t.slice(0, 60)}`).toBe(1);
  }
}

describe('passages', () => {
  it('merge short paragraphs and keep passages between 40 and 150 words where the text allows', () => {
    const para = (n: number, w: string) => Array.from({ length: n }, () => w).join(' ') + '.';
    const a = article([para(10, 'alpha'), para(20, 'beta'), para(30, 'gamma'), para(200, 'delta'), para(50, 'eps')].join('\n\n'));
    const ps = splitPassages(a);
    expect(ps.every((p) => words(p.text) <= 150 || !/\. /.test(p.text))).toBe(true);
    expect(ps[0]?.text).toContain('alpha');
    expect(ps[0]?.text).toContain('gamma');
    checkInvariants(a);
  });

  it('split long paragraphs at sentence ends, never inside a quotation', () => {
    const s = (i: number) => `Sentence number ${i} has exactly eight words here.`;
    const quote = `He said: “${Array.from({ length: 30 }, (_, i) => s(i)).join(' ')}” Then he left.`;
    const a = article([Array.from({ length: 10 }, (_, i) => s(i)).join(' ') + ' ' + quote].join('\n\n'));
    const ps = splitPassages(a);
    expect(ps.length).toBeGreaterThan(1);
    for (const p of ps) {
      const opens = (p.text.match(/“/g) ?? []).length;
      const closes = (p.text.match(/”/g) ?? []).length;
      expect(opens).toBe(closes);
    }
    checkInvariants(a);
  });

  it('keep a transcript speaker label with its words and record the speaker', () => {
    const a = article(['MS. PSAKI: Good afternoon. ' + 'We have a lot to cover today. '.repeat(12), 'Q Thank you. Two questions on Russia.', 'MS. PSAKI: Sure. ' + 'The sanctions are strong. '.repeat(12)].join('\n\n'));
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

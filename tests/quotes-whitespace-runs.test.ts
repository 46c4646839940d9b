// Article text comes from untrusted feeds: a paragraph of 50 KB whose sentences each hold a long run
// of spaces before the reporting verb (non-breaking spaces in a feed, or masked quotations), then a
// stack of auxiliaries and many short quotations. Each pattern that strips a tail off the subject
// ("\s+(?:also|…)$", "\s*\(FP\)$", "\s+from …$") once tried every space of the run as a start,
// quadratic in the run for every quotation; this paragraph took minutes. It must finish within the
// configured test timeout.
import { describe, expect, it } from 'vitest';
import { quotesOf } from './support/quote-text.ts';

describe('a 50 KB paragraph of long whitespace runs', () => {
  it('is read in linear time and still names the speaker', () => {
    const quotes = Array.from({ length: 100 }, () => '“a”').join(' ');
    const sentence = `Tom${' '.repeat(1000)}Brandt${' also'.repeat(100)} said ${quotes}. `;
    const text = `${sentence.repeat(Math.ceil(50_000 / sentence.length)).slice(0, 50_000)}“We will rebuild the bridge,” Tom Brandt also said.`;
    expect(text.length).toBeGreaterThan(50_000);
    const q = quotesOf(text).find((x) => x.text.startsWith('We will rebuild'));
    expect(q?.speaker).toBe('Tom Brandt');
  });
});

describe('a 400 KB run without spaces (a URL or a blob in a feed) before the names', () => {
  it('is read in linear time, and the short name and the title field still resolve', () => {
    // Finding "Prime Minister Tuilaepa" or "Envoy for Climate John Kerry" elsewhere in the article once
    // tried every character of such a run as the start of the word before the name: quadratic, minutes here.
    const run = 'x'.repeat(400_000);
    const text = `${run} Prime Minister Tuilaepa Sailele Malielegaoi spoke on Monday. "We must act now," Prime Minister Tuilaepa said. ${run} "We must act too," said Special Presidential Envoy for Climate John Kerry.`;
    const quotes = quotesOf(text);
    expect(quotes.find((q) => q.text.startsWith('We must act now'))?.speaker).toBe('Tuilaepa Sailele Malielegaoi');
    expect(quotes.find((q) => q.text.startsWith('We must act too'))?.speaker).toBe('John Kerry');
  });
});

// The extraction eval's scoring rules (src/eval/quote-scoring.ts, src/eval/date-scoring.ts), on
// made-up annotations: what counts as found, as the right speaker, as a right date.
import { describe, expect, it } from 'vitest';
import { dateRates, scoreDates } from '../src/eval/date-scoring.ts';
import { quoteRates, sameSpeaker, scoreQuotes, type QuoteFixture } from '../src/eval/quote-scoring.ts';
import type { Quote } from '../src/core/types.ts';

const quote = (text: string, speakerId: string | null, speaker: string | null = speakerId): Quote =>
  ({ text, speakerId, speaker, cue: '', start: 0, end: text.length, passageId: 'a#1', articleId: 'a', context: text }) as unknown as Quote;

const fx: QuoteFixture = {
  corpus: 'wikinews',
  speakers: { 'kyriakos-mitsotakis': ['Greek prime minister Kyriakos Mitsotakis', 'he'], 'cairo-ministers': ['They'] },
  spans: [
    { text: 'null and void', kind: 'quote', partial: true, speaker: 'cairo-ministers' },
    { text: 'null and void', kind: 'quote', partial: true, speaker: 'kyriakos-mitsotakis' },
    { text: 'The agreement assumes', kind: 'quote', speaker: 'kyriakos-mitsotakis' },
    { text: 'Operation Peace Spring', kind: 'not-quote' },
  ],
};

describe('quote scoring', () => {
  it('scores a repeated quotation once per occurrence, full and partial apart', () => {
    const t = scoreQuotes('x', fx, [quote('null and void', null), quote('The agreement assumes that our islands', 'mitsotakis', 'Mitsotakis')]);
    expect(t.partial).toEqual({ n: 2, found: 1 });
    expect(t.full).toEqual({ n: 1, found: 1 });
    const r = quoteRates(t);
    expect(r.recallAll).toBeCloseTo(2 / 3);
    expect(r.speakerNamedRate).toBe(0.5);
    expect(r.speakerRightRate).toBe(1);
    expect(t.problems).toContain('x: missed partial "null and void"');
  });

  it('counts a reported name or title as a false report', () => {
    const t = scoreQuotes('x', fx, [quote('Operation Peace Spring', null), quote('something else', null)]);
    expect(t.falseReports).toBe(2);
    expect(quoteRates(t).precision).toBe(0);
  });

  it('takes a surname, a middle initial or a title before the name as the person, an office alone not', () => {
    const span = fx.spans[2] ?? { text: '', kind: 'quote' };
    const gold = 'kyriakos-mitsotakis';
    expect(sameSpeaker({ speakerId: 'mitsotakis', speaker: 'Mitsotakis' }, gold, span, fx)).toBe(true);
    expect(sameSpeaker({ speakerId: 'prime-minister-kyriakos-mitsotakis', speaker: null }, gold, span, fx)).toBe(true);
    expect(sameSpeaker({ speakerId: 'kyriakos-k-mitsotakis', speaker: null }, gold, span, fx)).toBe(true);
    expect(sameSpeaker({ speakerId: 'greek-prime-minister', speaker: null }, gold, span, fx)).toBe(false);
    expect(sameSpeaker({ speakerId: 'konstantinos-mitsotakis', speaker: null }, gold, span, fx)).toBe(false);
  });
});

describe('date scoring', () => {
  const ev = (expression: string, date: string, precision: 'year' | 'month' | 'day') => ({ expression, date, precision, text: expression });

  it('keeps week expressions out of the calendar score and counts a week read as a month wrong', () => {
    const gold = [
      { expression: 'On Tuesday', date: '2019-09-10', precision: 'day' },
      { expression: 'next week', date: '2019-09-16', precision: 'week' },
    ];
    const t = scoreDates('x', gold, [ev('Tuesday', '2019-09-10', 'day'), ev('next week', '2019-09', 'month')]);
    const r = dateRates(t);
    expect(r.calendar).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3 });
    expect(r.all.recall).toBe(0.5);
    expect(t.problems).toEqual(['x: missed next week → 2019-09-16 (week)', 'x: wrong next week → 2019-09 (month) in “next week”']);
  });
});

describe('the misses list', () => {
  it('never lists a held-out file’s misses, even one in the whitehouse+seeds row', async () => {
    const { formatExtractionMisses } = await import('../src/eval/extraction-report.ts');
    const { emptyDateTally } = await import('../src/eval/date-scoring.ts');
    const { emptyQuoteTally } = await import('../src/eval/quote-scoring.ts');
    const dates = { ...emptyDateTally(), problems: ['wh-gaggle-blind.json: missed next week', 'wh-remarks.json: missed Friday'] };
    const text = formatExtractionMisses([{ set: 'whitehouse+seeds', quoteArticles: 0, quotes: emptyQuoteTally(), dateArticles: 2, dates }]);
    expect(text).toContain('wh-remarks.json: missed Friday');
    expect(text).not.toContain('blind');
  });
});

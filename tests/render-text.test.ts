import { describe, expect, it } from 'vitest';
import type { Answer, AnswerItem } from '../src/core/answer.ts';
import type { Citation } from '../src/core/types.ts';
import { citationLine, markHighlights, renderText } from '../src/render/text.ts';

const reuters: Citation = {
  articleId: 'reuters-javelin',
  passageId: 'reuters-javelin#3',
  title: 'U.S. approves Javelin sale to Ukraine',
  outlet: 'Reuters',
  published: '2025-02-13T09:30:00Z',
  url: 'https://example.com/javelin',
  position: { n: 3, of: 12, start: 1024, end: 1530 },
};

const excerpt = 'In December 2017 the administration approved the sale of Javelin anti-tank missiles to Ukraine, a step the previous administration had declined to take.';

const event: AnswerItem = {
  excerpt,
  highlights: [[3, 16]],
  citation: reuters,
  date: { iso: '2017-12', precision: 'month', label: 'Dec 2017' },
  alsoIn: [{ ...reuters, outlet: 'CNN', published: '2025-02-14', passageId: 'cnn#1' }],
};

const { url: _, ...noUrl } = reuters;
const quote: AnswerItem = { excerpt: '“We will respond,” he said.', highlights: [], citation: noUrl, cue: 'he said' };

describe('renderText', () => {
  it('numbers results, bolds highlights, wraps at the width and cites each one', () => {
    const answer: Answer = {
      command: 'timeline',
      title: 'Timeline: Javelin',
      answered: true,
      notice: 'Events dated in articles that mention Javelin, oldest first.',
      items: [event, quote],
      paging: { page: 0, pageCount: 3, total: 27 },
    };
    expect(renderText(answer, { width: 80 })).toBe(
      [
        'Timeline: Javelin',
        '',
        'Events dated in articles that mention Javelin, oldest first.',
        '',
        '1. In **December 2017** the administration approved the sale of Javelin',
        '   anti-tank missiles to Ukraine, a step the previous administration had',
        '   declined to take.',
        '   Event: Dec 2017',
        '   U.S. approves Javelin sale to Ukraine — Reuters, 13 Feb 2025 — https://example.com/javelin — passage 3 of 12 (chars 1024–1530)',
        '   Also reported by: CNN, 14 Feb 2025',
        '',
        '2. “We will respond,” he said.',
        '   Speaker: Unattributed (“he said”)',
        '   U.S. approves Javelin sale to Ukraine — Reuters, 13 Feb 2025 — passage 3 of 12 (chars 1024–1530)',
        '',
        'Page 1 of 3 (27 events). Add --page 2 for more.',
        '',
      ].join('\n'),
    );
  });

  it('keeps every word of the excerpt when wrapping', () => {
    const long = `${excerpt} `.repeat(20).trim();
    const out = renderText({ command: 'ask', title: 'Results', answered: true, items: [{ ...event, excerpt: long, highlights: [] }] }, { width: 60 });
    const body = out
      .split('\n')
      .slice(2)
      .filter((l) => l.startsWith('   ') || l.startsWith('1.'))
      .slice(0, -3);
    expect(body.map((l) => l.slice(3)).join(' ')).toBe(long);
    expect(body.every((l) => l.length <= 60)).toBe(true);
  });

  it('says nothing more on the last page, and shows the speaker of a quote', () => {
    const out = renderText({
      command: 'quote',
      title: 'Quotes: respond',
      answered: true,
      items: [{ ...quote, speaker: 'Vladimir Putin', date: { iso: '2024-06', precision: 'month', label: 'June 2024' } }],
      paging: { page: 2, pageCount: 3, total: 21 },
    });
    expect(out).toContain('   Said: June 2024 · Speaker: Vladimir Putin (“he said”)\n');
    expect(out).toContain('Page 3 of 3 (21 quotes).\n');
    expect(out).not.toContain('--page');
  });

  it('prints help-style bodies and facts, nothing-found notices and errors', () => {
    expect(renderText({ command: 'about', title: 'About Attaché', answered: true, items: [], body: 'Answers from 2,622 documents.', fields: [{ name: 'Version', value: '0.1.0' }] })).toBe(
      'About Attaché\n\nAnswers from 2,622 documents.\n\nVersion: 0.1.0\n',
    );
    expect(renderText({ command: 'ask', title: 'Results for “zebras”', answered: false, notice: 'Nothing in the corpus mentions zebras.', items: [] })).toBe(
      'Results for “zebras”\n\nNothing in the corpus mentions zebras.\n',
    );
    expect(renderText({ command: 'timeline', title: 'Cannot do that', answered: false, notice: '“from” must come before “to”.', items: [], error: true })).toBe(
      'Error: “from” must come before “to”.\n',
    );
  });

  it('marks highlights and formats citations on their own', () => {
    expect(
      markHighlights('expelled 35 diplomats', [
        [12, 21],
        [0, 8],
      ]),
    ).toBe('**expelled** 35 **diplomats**');
    expect(citationLine({ ...noUrl, title: '', outlet: '', published: '' })).toBe('Untitled — passage 3 of 12 (chars 1024–1530)');
  });
});

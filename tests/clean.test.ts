import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advertisementMarkers, dropEmpty, emptyBrackets, newsletterSignup, strayEmphasisMarks, videoCaptions } from '../src/core/clean/boilerplate.ts';
import { datelinePrefix, reportingCredit, updateStamp } from '../src/core/clean/metadata.ts';
import { toParagraphs } from '../src/core/clean/paragraphs.ts';
import { cleanBody, runStages } from '../src/core/clean/pipeline.ts';
import type { Stage } from '../src/core/clean/stage.ts';
import { normaliseSpaces } from '../src/core/clean/whitespace.ts';
import { SEEDS } from './support/paths.ts';

const run = (stage: Stage, paragraphs: string[]) => stage.apply({ paragraphs, meta: {} });

describe('normalise-spaces', () => {
  it('turns non-breaking and repeated spaces into one space and drops zero-width marks', () => {
    expect(run(normaliseSpaces, ['MS.\u00a0PSAKI:\u00a0 Good\u200b evening,   everyone.\u00a0']).paragraphs).toEqual(['MS. PSAKI: Good evening, everyone.']);
  });
  it('leaves ordinary text alone', () => {
    expect(run(normaliseSpaces, ['A plain sentence.']).paragraphs).toEqual(['A plain sentence.']);
  });
});

describe('dateline-prefix', () => {
  it('moves a leading "date YYYY-MM-DD" into the publication date', () => {
    const out = run(datelinePrefix, ['date 2025-02-13 Donald Trump and Vladimir Putin have agreed to meet.', 'Next.']);
    expect(out.paragraphs).toEqual(['Donald Trump and Vladimir Putin have agreed to meet.', 'Next.']);
    expect(out.meta.published).toBe('2025-02-13');
  });
  it('ignores "date" used as a word, and dates later in the text', () => {
    const paragraphs = ['Dates matter: the date 2025-02-13 was chosen.', 'date 2024-01-01 later'];
    expect(run(datelinePrefix, paragraphs)).toEqual({ paragraphs, meta: {} });
  });
});

describe('update-stamp', () => {
  it('moves "Updated 12:50, 19-Jul-2018" into metadata', () => {
    const out = run(updateStamp, ['Title', 'Updated 12:50, 19-Jul-2018', 'Body.']);
    expect(out.paragraphs).toEqual(['Title', 'Body.']);
    expect(out.meta.updated).toBe('2018-07-19T12:50');
  });
  it('keeps a sentence that mentions an update', () => {
    const paragraphs = ['Updated guidance was issued on 19 July 2018 to all embassies.'];
    expect(run(updateStamp, paragraphs).paragraphs).toEqual(paragraphs);
  });
});

describe('reporting-credit', () => {
  it('moves reporters into authors and keeps the credit line', () => {
    const out = run(reportingCredit, ['Body.', '(Reporting by Mark Trevelyan; Editing by Sharon Singleton)']);
    expect(out.paragraphs).toEqual(['Body.']);
    expect(out.meta.authors).toEqual(['Mark Trevelyan']);
    expect(out.meta.credit).toBe('Reporting by Mark Trevelyan; Editing by Sharon Singleton');
  });
  it('splits several reporters', () => {
    expect(run(reportingCredit, ['(Reporting by Jane Doe and John Roe; Writing by Ann Poe)']).meta.authors).toEqual(['Jane Doe', 'John Roe', 'Ann Poe']);
  });
  it('keeps a parenthesised sentence that is not a credit', () => {
    const paragraphs = ['(The reporting by state media was later retracted.)'];
    expect(run(reportingCredit, paragraphs).paragraphs).toEqual(paragraphs);
  });
});

describe('advertisement-markers', () => {
  it('drops "Story continues below advertisement"', () => {
    expect(run(advertisementMarkers, ['A.', 'Story continues below advertisement', 'B.']).paragraphs).toEqual(['A.', 'B.']);
  });
  it('keeps sentences about advertisements', () => {
    const paragraphs = ['The advertisement ran in Moscow newspapers.'];
    expect(run(advertisementMarkers, paragraphs).paragraphs).toEqual(paragraphs);
  });
});

describe('newsletter-signup', () => {
  const block =
    "Get daily National news Get the day's top news, political, economic, and current affairs headlines, delivered to your inbox once a day. Sign up for daily National newsletter Sign Up By providing your email address, you have read and agree to Global News' Terms and Conditions and Privacy Policy";
  it('drops a sign-up block', () => {
    expect(run(newsletterSignup, ['A.', block]).paragraphs).toEqual(['A.']);
  });
  it('keeps an article sentence that mentions a newsletter', () => {
    const paragraphs = ['The Kremlin newsletter said relations would improve, and readers could sign up online.'];
    expect(run(newsletterSignup, paragraphs).paragraphs).toEqual(paragraphs);
  });
});

describe('video-captions', () => {
  it('drops durations with or without a caption', () => {
    const out = run(videoCaptions, [
      '1:53 Trump pushes for meeting with Putin after threatening Russia with sanctions',
      '02:39',
      '2:20 Will Trump keep his promise and end the war in Ukraine?',
      'Text.',
    ]);
    expect(out.paragraphs).toEqual(['Text.']);
  });
  it('keeps transcript clock times and sentences starting with a time', () => {
    const paragraphs = ['9:36 A.M. EDT', '7:06 P.M. EST', '10:30 was when the talks began. Both sides left early.'];
    expect(run(videoCaptions, paragraphs).paragraphs).toEqual(paragraphs);
  });
});

describe('empty-brackets and drop-empty', () => {
  it('removes empty brackets and the paragraphs they leave empty', () => {
    const s = dropEmpty.apply(run(emptyBrackets, ['[]', 'Text [] here ().', '( )']));
    expect(s.paragraphs).toEqual(['Text here.']);
  });
  it('keeps brackets with content', () => {
    expect(run(emptyBrackets, ['He said [the Kremlin] agreed.']).paragraphs).toEqual(['He said [the Kremlin] agreed.']);
  });
});

describe('stray-emphasis-marks', () => {
  it('removes bold marks Markdown could not pair', () => {
    expect(run(strayEmphasisMarks, ['**White House Deputy Press Secretary Kush Desai: **“Michael said.”']).paragraphs).toEqual(['White House Deputy Press Secretary Kush Desai: “Michael said.”']);
  });
  it('keeps single asterisks and snake_case words', () => {
    expect(run(strayEmphasisMarks, ['Footnote* applies to file_name values.']).paragraphs).toEqual(['Footnote* applies to file_name values.']);
  });
});

describe('cleaning is idempotent', () => {
  // An imported file is cleaned on import and again when the loader reads it: a second pass that
  // cut more made `attache import` refuse the text (found by the round-trip property in
  // import-text.test.ts with `[()]a` and `*__*a`).
  it('cuts what a cut uncovers: nested empty brackets, emphasis marks around marks', () => {
    expect(runStages(['[()]a']).paragraphs).toEqual(['a']);
    expect(runStages(['*__*a', 'b']).paragraphs).toEqual(['a', 'b']);
    expect(runStages(['*()*a']).paragraphs).toEqual(['a']);
    expect(runStages(['see ([ ]) here']).paragraphs).toEqual(['see here']);
  });
  it('a second pass changes nothing, for any text of syntax characters', () => {
    const text = fc.array(fc.constantFrom('a', ' ', '*', '_', '[', ']', '(', ')', '.', '1'), { minLength: 1, maxLength: 30 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (paras) => {
        const once = runStages(paras).paragraphs;
        expect(runStages(once).paragraphs).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('markdown to paragraphs', () => {
  it('keeps link text, drops emphasis, makes bullets paragraphs and joins hard wraps', () => {
    const md = 'A **bold** claim with a [link](https://example.com)\nwrapped here.\n\n-   First bullet\n    continues.\n-   Second bullet.\n\n## A heading';
    expect(toParagraphs(md, 'markdown')).toEqual(['A bold claim with a link wrapped here.', 'First bullet continues.', 'Second bullet.', 'A heading']);
  });
  it('treats lines of non-breaking spaces as blank (transcript turns stay apart)', () => {
    expect(toParagraphs('7:06 P.M. EST  \n\u00a0 \nMS. PSAKI: Good evening.', 'markdown')).toEqual(['7:06 P.M. EST', 'MS. PSAKI: Good evening.']);
  });
  it('plain text without blank lines has one paragraph a line', () => {
    expect(toParagraphs('One.\nTwo.', 'text')).toEqual(['One.', 'Two.']);
    expect(toParagraphs('One\nwrapped.\n\nTwo.', 'text')).toEqual(['One wrapped.', 'Two.']);
  });
});

describe('the seeds', () => {
  const seed = (name: string) => fs.readFileSync(`${SEEDS}${name}`, 'utf8');
  const globalNews = cleanBody(seed('000_4c9a5f2f9b5a68b5.txt'), 'text');
  const cgtn = cleanBody(seed('003_3f56c4f93f261330.txt'), 'text');

  it('lose their boilerplate', () => {
    for (const text of [globalNews.text, cgtn.text]) {
      expect(text).not.toMatch(/Story continues below advertisement|Sign up for daily|Privacy Policy|^\d{1,2}:\d{2}\b|\[\]|Updated 12:50|Reporting by/m);
    }
  });
  it('keep their metadata', () => {
    expect(globalNews.meta).toMatchObject({ published: '2025-02-13', authors: ['Mark Trevelyan'] });
    expect(cgtn.meta).toMatchObject({ updated: '2018-07-19T12:50' });
  });
  it('keep every sentence word for word', () => {
    const raw = seed('000_4c9a5f2f9b5a68b5.txt');
    for (const sentence of [
      'He rejects that, saying that no U.S. president was ever tougher on Moscow.',
      'Responding to the Mueller report, Trump declared: “After three years of lies and smears and slander, the Russia hoax is finally dead.”',
    ]) {
      expect(raw).toContain(sentence);
      expect(globalNews.text).toContain(sentence);
    }
    // Every word of the raw article outside the removed boilerplate is still there, in order.
    const words = (s: string) => s.match(/[\p{L}\p{N}’']+/gu) ?? [];
    const kept = words(globalNews.text).join(' ');
    expect(kept).toContain(words('Many of its claims were never substantiated, and Trump’s lawyers have said it was “egregiously inaccurate”').join(' '));
  });
  it('clean to the text in corpus/ (cleaning is idempotent)', () => {
    const again = runStages(globalNews.text.split('\n\n'));
    expect(again.paragraphs.join('\n\n')).toBe(globalNews.text);
  });
});

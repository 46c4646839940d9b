// The eval's hit rule: evidence copied byte for byte from a Markdown file is found in the cleaned
// passage it came from, and only there.
import { describe, expect, it } from 'vitest';
import { evidenceMatcher, firstHitRank, passageHolds, passageHoldsWhole } from '../src/eval/match.ts';
import { parseQuestions } from '../src/eval/questions.ts';
import type { Passage } from '../src/core/types.ts';

const passage = (articleId: string, text: string): Passage => ({ id: `${articleId}#1`, articleId, n: 1, text, start: 0, end: text.length });

describe('eval hit rule', () => {
  const cleaned = 'Mr. Witkoff said the talks, held in Geneva on Tuesday, were “productive” and would resume next week.';
  const raw = 'said the talks, held in\nGeneva on  Tuesday, were\u00a0"productive" and would resume';

  it('matches hard-wrapped, double-spaced, differently quoted evidence in the cleaned passage', () => {
    expect(passageHolds(passage('a', cleaned), evidenceMatcher('x/a.md', 'a', raw))).toBe(true);
    expect(passageHolds(passage('a', cleaned), evidenceMatcher('x/a.md', 'a', 'Mr. \\[Witkoff\\] said the talks, held in Geneva'))).toBe(true);
  });

  it('needs the same document and a run of eight shared words', () => {
    expect(passageHolds(passage('b', cleaned), evidenceMatcher('x/a.md', 'a', raw))).toBe(false);
    expect(passageHolds(passage('a', cleaned), evidenceMatcher('x/a.md', 'a', 'the talks were productive and would resume in Geneva'))).toBe(false);
    expect(passageHolds(passage('a', cleaned), evidenceMatcher('x/a.md', undefined, raw))).toBe(false);
  });

  it('ranks the first result whose passage or near-duplicate holds the evidence', () => {
    const ev = [evidenceMatcher('x/a.md', 'a', raw)];
    const other = { passage: passage('c', 'Unrelated text about something else entirely, nothing shared.'), duplicates: [] };
    expect(firstHitRank([other, { passage: passage('a', cleaned), duplicates: [] }], ev)).toBe(2);
    expect(firstHitRank([{ passage: passage('d', cleaned), duplicates: [passage('a', cleaned)] }], ev)).toBe(1);
    expect(firstHitRank([other], ev)).toBeUndefined();
  });

  it('with --wire-copies, also counts another file that holds the whole excerpt, and only the whole', () => {
    const ev = [evidenceMatcher('x/a.md', 'a', raw)];
    const wire = { passage: passage('w', `Reuters reported: ${cleaned}`), duplicates: [] };
    expect(firstHitRank([wire], ev)).toBeUndefined();
    expect(firstHitRank([wire], ev, true)).toBe(1);
    expect(passageHoldsWhole(passage('w', 'Witkoff said the talks, held in Geneva on Tuesday, were over.'), ev[0] as (typeof ev)[number])).toBe(false);
  });

  it('with --wire-copies, does not count another file for an excerpt shorter than eight words', () => {
    // eval/questions.jsonl holds "Polish President Andrzej Duda" (r010): any article naming him is no wire copy.
    const ev = [evidenceMatcher('x/a.md', 'a', 'Polish President Andrzej Duda')];
    const other = { passage: passage('w', 'Polish President Andrzej Duda met the Lithuanian prime minister on Friday.'), duplicates: [] };
    expect(firstHitRank([other], ev, true)).toBeUndefined();
    expect(firstHitRank([{ passage: passage('a', 'Joining the call was Polish President Andrzej Duda.'), duplicates: [] }], ev, true)).toBe(1);
  });
});

describe('evaluation set validation', () => {
  it('names the line of a bad record', () => {
    const good = '{"id":"s1","split":"tune","corpus":"seeds","style":"natural","kind":"who","question":"Who?","answerable":false,"evidence":[]}';
    expect(parseQuestions(good)).toHaveLength(1);
    expect(() => parseQuestions(`${good}\n${good.replace('"tune"', '"tuning"')}`)).toThrow(/questions.jsonl:2: split/);
    expect(() => parseQuestions(good.replace('false', 'true'))).toThrow(/need evidence/);
  });
});

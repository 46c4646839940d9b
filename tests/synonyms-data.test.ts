// The shipped synonym groups (src/data/synonyms.yml with lemmas.yml), on passages of political
// news: a group must not carry a question to a passage that uses one of its words in another
// sense. The stemmer decides what a member matches, so a member also stands for every word with
// its stem ("accord" for "according", "aid" for "aide", "criticism" for "critical").
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadSynonyms } from '../src/app/open-corpus.ts';
import { PassageSearch } from '../src/core/search/engine.ts';
import type { Passage } from '../src/core/types.ts';
import { silentLogger } from '../src/log.ts';

const { table } = loadSynonyms([], silentLogger());

/** The passages of `texts` a question finds, by text. */
function found(texts: readonly string[], question: string): string[] {
  const passages: Passage[] = texts.map((text, i) => ({ id: `a${i}#1`, articleId: `a${i}`, n: 1, text, start: 0, end: text.length }));
  const search = PassageSearch.build(passages, () => '', table);
  return search.search(question).hits.map((h) => texts[h.idx] as string);
}

describe('shipped synonym groups', () => {
  it('load without a warning, so every group counts (YAML reads a bare `false` as a boolean)', () => {
    const warnings: string[] = [];
    loadSynonyms([], pino({ level: 'warn' }, { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) }));
    expect(warnings).toEqual([]);
    expect(found(['The minister said the claim was false.'], 'Was the video fake?')).toEqual(['The minister said the claim was false.']);
  });

  it('still carry a question to a passage in other words', () => {
    expect(found(['The treaty was signed in Vienna.', 'The weather was mild.'], 'Was the pact signed?')).toEqual(['The treaty was signed in Vienna.']);
    expect(found(['Two journalists were detained at the border.'], 'Who was arrested?')).toEqual(['Two journalists were detained at the border.']);
  });

  it.each([
    ['Is there a treaty?', 'According to the ministry, the border crossing reopened on Monday.'],
    ['What assistance was promised?', 'A senior aide to the president said the vote was delayed.'],
    ['Who was indicted?', 'The official in charge of the inquiry left on Friday.'],
    ['Who was indicted?', 'She was charged with organising the summit.'],
    ['Who condemned it?', 'Two victims remain in critical condition.'],
    ['What did the survey show?', 'Voters went to the polls on Sunday.'],
    ['What sanctions did Russia face?', 'The court upheld the death penalty for the two men.'],
  ])('“%s” does not find “%s”', (question, passage) => {
    expect(found([passage], question)).toEqual([]);
  });
});

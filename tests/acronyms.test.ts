import { describe, expect, it } from 'vitest';
import { expandAcronyms, learnAcronyms, longFormBefore } from '../src/core/search/acronyms.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import { terms } from '../src/core/search/tokenize.ts';

// Sentences as White House documents in ../shared/corpora/whitehouse-russia write them (public domain).
const TEXTS = [
  'the Director of the National Security Agency (NSA), in their capacity as the National Manager for National Security Systems',
  'the Cybersecurity and Infrastructure Security Agency (CISA), and in coordination with the Secretary of Defense',
  'In partnership with the Department of Defense (DoD), the initiative will expand training.',
  'The U.S. International Development Finance Corporation (DFC) will provide financing.',
  'Rep. Mike Kelly (R-PA): “When President Trump met with Marc Fogel’s mother, he pledged to do everything he could.”',
  'The summit (2021) and the talks (Geneva) were mentioned by the press (AP).',
];

describe('acronyms learned from the corpus', () => {
  const table = learnAcronyms(TEXTS);
  const longForms = (acr: string) => table.expansions.get(acr)?.map((e) => e.text);

  it('pairs a bracketed acronym with the long form its initials spell', () => {
    expect(longForms('nsa')).toEqual(['National Security Agency']);
    expect(longForms('cisa')).toEqual(['Cybersecurity and Infrastructure Security Agency']);
    expect(longForms('dod')).toEqual(['Department of Defense']);
    expect(longForms('dfc')).toEqual(['Development Finance Corporation']);
  });

  it('ignores brackets that are not an acronym of the words before them', () => {
    expect(table.expansions.has('ap')).toBe(false);
    expect(longFormBefore('Rep. Mike Kelly ', 'R-PA')).toBeUndefined();
    expect([...table.expansions.keys()].sort()).toEqual(['cisa', 'dfc', 'dod', 'nsa']);
  });

  const phrases = buildSynonyms([]).table.phrases;
  const groupsOf = (q: string) => terms(q, phrases).map((t) => [t]);

  it('spells out an acronym of the question, as an alternative to the acronym’s own group', () => {
    const x = expandAcronyms(table, groupsOf('what did CISA warn about'));
    expect(x?.extra).toEqual(['Cybersecurity and Infrastructure Security Agency']);
    expect(x?.alternatives[0]).toEqual([['cybersecur', 'infrastructur', 'secur', 'agenc']]);
  });

  it('turns a spelled-out name of the question into its acronym', () => {
    const x = expandAcronyms(table, groupsOf('who leads the National Security Agency'));
    expect(x?.extra).toEqual(['NSA']);
    expect(x?.alternatives.slice(1)).toEqual([[['nsa']], [['nsa']], [['nsa']]]);
  });

  it('adds nothing to a question without either', () => {
    expect(expandAcronyms(table, groupsOf('Helsinki summit'))).toBeUndefined();
  });
});

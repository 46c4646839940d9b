// Word vectors for /ask (issue 13 experiment): the shipped file, derived by scripts/word-vectors.ts
// from GloVe 6B 100-d. The file is not committed (5.5 MB, regenerated from the GloVe JSON), so
// these tests run only where it has been derived.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWordVectorsFile, WORD_VECTORS_FILE } from '../src/app/word-vectors-file.ts';
import { rankQuestion } from '../src/core/ask.ts';
import { buildCorpus } from '../src/core/corpus.ts';
import { relatedWords, VECTORS } from '../src/core/search/related-words.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import { terms } from '../src/core/search/tokenize.ts';
import { nearestTerms, termCosine, useWordVectors, wordVectors } from '../src/core/search/word-vectors.ts';
import type { Article } from '../src/core/types.ts';

describe.skipIf(!existsSync(WORD_VECTORS_FILE))('word vectors', () => {
  beforeAll(() => useWordVectors(readWordVectorsFile));

  it('reads the file: one vector per index term', () => {
    const v = wordVectors();
    expect(v.dims).toBe(100);
    expect(v.terms.length).toBe(40_000);
    expect(v.index.get('investig')).toBeDefined();
  });

  it('puts news paraphrases near each other, and unrelated words far', () => {
    expect(termCosine('probe', 'investig')).toBeGreaterThan(0.75);
    expect(termCosine('troop', 'soldier')).toBeGreaterThan(0.75);
    expect(termCosine('probe', 'weather')).toBeLessThan(0.4);
    expect(nearestTerms('troop', 4, 0.7).map((n) => n.term)).toContain('soldier');
  });

  it('expands a question word to the near terms the corpus holds', () => {
    const phrases = buildSynonyms([]).table.phrases;
    const groups = terms('probe', phrases).map((t) => [t]);
    const x = relatedWords('probe', groups, (t) => t !== 'inquiri');
    expect(x?.related[0]).toEqual([['investig']]);
  });

  const article = (id: string, text: string): Article => ({ id, title: id, outlet: 'Wire', published: '2024-01-01', authors: [], tags: [], source: `${id}.md`, text });
  const corpus = buildCorpus({
    articles: [
      article('parade', 'The mayor of Gdansk waved to the crowd: Gdansk loves its mayor, the mayor said.'),
      article('inquiry', 'Prosecutors opened an investigation into the Gdansk mayor on Monday.'),
      article('weather', 'Rain is expected across the Baltic coast this week.'),
    ],
    synonyms: buildSynonyms([]).table,
    extractors: {},
    builtAt: 0,
  });

  it('ranks first the passage that says "investigation" for a question that says "probe"', () => {
    const saved = { ...VECTORS };
    try {
      const top = () => corpus.passages[rankQuestion(corpus, 'the probe of the Gdansk mayor').ranked[0]?.hit.idx ?? -1]?.articleId;
      expect(top()).toBe('inquiry');
      Object.assign(VECTORS, { related: 0 });
      expect(top()).toBe('parade');
    } finally {
      Object.assign(VECTORS, saved);
    }
  });
});

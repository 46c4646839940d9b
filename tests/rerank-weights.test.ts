// The reranker's weights are data (src/data/rerank-weights.json, written by src/eval/fit-rerank.ts):
// the file is checked when loaded, and the features it may weigh change a ranking when weighed.
import { describe, expect, it } from 'vitest';
import file from '../src/data/rerank-weights.json' with { type: 'json' };
import { PassageSearch } from '../src/core/search/engine.ts';
import { analyseQuery, HAND_WEIGHTS, rerank, type RerankWeights } from '../src/core/search/rerank.ts';
import { parseRerankWeights, RERANK_WEIGHTS } from '../src/core/search/rerank-weights.ts';
import { buildSynonyms } from '../src/core/search/synonyms.ts';
import type { Passage } from '../src/core/types.ts';

// Both passages hold every question word once; only the close one says it in one breath.
const SCATTERED = 'Sanctions were the first topic of the long meeting in Geneva, where many officials from several ministries gathered to argue about tariffs and Venezuela.';
const CLOSE = 'Officials argued about tariffs in Geneva for many hours, and then the ministries turned to Venezuela sanctions at the meeting.';
const OTHERS = ['The weather in Lisbon was mild this week.', 'A new bridge opened in Warsaw.', 'Trade talks resumed in Brussels on Monday.'];

function ranked(question: string, texts: readonly string[], weights: RerankWeights, position: (idx: number) => number = () => 1): string[] {
  const passages: Passage[] = texts.map((text, i) => ({ id: `a${i}#1`, articleId: `a${i}`, n: 1, text, start: 0, end: text.length }));
  const search = PassageSearch.build(passages, () => '', buildSynonyms([]).table);
  const q = analyseQuery(search, search.queryGroups(question), question);
  const { hits } = search.search(question, { limit: 10 });
  const src = { text: (i: number) => texts[i] ?? '', published: () => '', title: () => '', phrases: search.synonyms.phrases, position };
  return rerank(q, hits, src, weights).map((r) => texts[r.hit.idx] ?? '');
}

describe('rerank weights file', () => {
  it('loads every feature weight from the data file', () => {
    expect(RERANK_WEIGHTS).toEqual(file.weights);
  });

  it('rejects a file missing a feature, naming an unknown one, or holding a non-number', () => {
    const { proximity: _, ...missing } = HAND_WEIGHTS;
    expect(() => parseRerankWeights(missing)).toThrow(/proximity/);
    expect(() => parseRerankWeights({ ...HAND_WEIGHTS, colour: 1 })).toThrow(/colour/);
    expect(() => parseRerankWeights({ ...HAND_WEIGHTS, bm25: '0.25' })).toThrow(/bm25/);
    expect(parseRerankWeights({ ...HAND_WEIGHTS })).toEqual(HAND_WEIGHTS);
  });
});

describe('features the weights may use', () => {
  it('proximity: the passage saying the question words together wins once weighed', () => {
    const question = 'Venezuela sanctions meeting';
    const texts = [SCATTERED, CLOSE, ...OTHERS];
    expect(ranked(question, texts, { ...HAND_WEIGHTS, proximity: 1 })[0]).toBe(CLOSE);
    expect(ranked(question, texts, { ...HAND_WEIGHTS, proximity: -1 })[0]).toBe(SCATTERED);
  });

  it('early: a story’s lede wins over a later passage holding the same words once weighed', () => {
    const lede = 'Ukraine and Russia agreed to a prisoner exchange on Friday.';
    const later = 'Ukraine and Russia agreed to a prisoner exchange on Friday!';
    const texts = [later, lede, ...OTHERS];
    const position = (idx: number): number => (idx === 0 ? 7 : 1);
    expect(ranked('prisoner exchange Ukraine Russia', texts, { ...HAND_WEIGHTS, early: 1 }, position)[0]).toBe(lede);
    expect(ranked('prisoner exchange Ukraine Russia', texts, { ...HAND_WEIGHTS, early: -1 }, position)[0]).toBe(later);
  });
});

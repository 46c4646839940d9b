// The sentence vocabulary of an update that keeps every old term: the arriving terms slotted in.
import { describe, expect, it } from 'vitest';
import { slotInTerms } from '../src/core/lookups-update.ts';

describe('slotInTerms', () => {
  it('merges the new terms into the old in order and renumbers the old ones', () => {
    const termTo = new Int32Array(3);
    expect(slotInTerms(['b', 'd', 'f'], ['a', 'c', 'g'], termTo)).toEqual(['a', 'b', 'c', 'd', 'f', 'g']);
    expect([...termTo]).toEqual([1, 3, 4]);
  });

  it('takes a bulk import of 300,000 new terms', () => {
    const key = (i: number): string => `t${String(i).padStart(7, '0')}`;
    // Old terms end in "x": none of them is among the new ones, as in an update.
    const oldVocab = Array.from({ length: 1000 }, (_, i) => `${key(i * 300)}x`);
    const extra = Array.from({ length: 300_000 }, (_, i) => key(i));
    const termTo = new Int32Array(oldVocab.length);
    const merged = slotInTerms(oldVocab, extra, termTo);
    expect(merged.length).toBe(301_000);
    expect(merged.every((t, i) => i === 0 || (merged[i - 1] as string) < t)).toBe(true);
    for (const [i, t] of oldVocab.entries()) expect(merged[termTo[i] as number]).toBe(t);
  });
});

// The numbered shingles group exactly as string shingles do (the definition: Jaccard of word 4-shingles).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupNearDuplicates, similarity } from '../src/core/near-duplicates.ts';

function stringShingles(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  if (words.length < 4) out.add(words.join(' '));
  for (let i = 0; i + 4 <= words.length; i++) out.add(words.slice(i, i + 4).join(' '));
  return out;
}

function referenceSimilarity(a: string, b: string): number {
  const sa = stringShingles(a);
  const sb = stringShingles(b);
  let inter = 0;
  for (const s of sa) if (sb.has(s)) inter++;
  return inter / (sa.size + sb.size - inter);
}

function referenceGroups(texts: readonly string[], threshold = 0.7): string[][] {
  const groups: { head: string; members: string[] }[] = [];
  for (const t of texts) {
    const home = groups.find((g) => referenceSimilarity(t, g.head) >= threshold);
    if (home) home.members.push(t);
    else groups.push({ head: t, members: [t] });
  }
  return groups.map((g) => g.members);
}

// Few distinct words, so texts share many shingles and near-duplicates are common.
const word = fc.constantFrom('Russia', 'sanctions', 'the', 'U.S.', 'Putin', 'said', 'on', 'Monday', 'Kyiv', 'aid');
const text = fc.array(word, { minLength: 0, maxLength: 14 }).map((w) => w.join(' '));
/** Variants of a base text: a word changed, dropped or appended, so some pairs pass the threshold. */
const family = fc.tuple(fc.array(word, { minLength: 3, maxLength: 20 }), fc.array(fc.tuple(fc.nat(30), word, fc.constantFrom('set', 'drop', 'add')), { maxLength: 12 })).map(([base, edits]) =>
  edits.map(([at, w, op]) => {
    const v = [...base];
    if (op === 'set') v[at % v.length] = w;
    else if (op === 'drop') v.splice(at % v.length, 1);
    else v.push(w);
    return v.join(' ');
  }),
);

describe('near-duplicates', () => {
  it('a wire story and its copy with another dateline are one result; a different story is not', () => {
    const wire = 'The United States and its allies imposed new sanctions on Russian banks on Monday, officials said, in response to the invasion of Ukraine.';
    const copy = `WASHINGTON — ${wire}`;
    const other = 'President Biden met President Zelenskyy in Kyiv and announced a new package of security assistance for Ukraine.';
    expect(groupNearDuplicates([wire, other, copy], (t) => t)).toEqual([[wire, copy], [other]]);
  });

  it('similarity is the Jaccard index of word 4-shingles', () => {
    fc.assert(fc.property(text, text, (a, b) => similarity(a, b) === referenceSimilarity(a, b)));
  });

  it('groups exactly as string shingles do', () => {
    fc.assert(
      fc.property(family, fc.array(text, { maxLength: 5 }), (variants, others) => {
        const texts = [...variants, ...others];
        expect(groupNearDuplicates(texts, (t) => t)).toEqual(referenceGroups(texts));
      }),
    );
  });
});

// The memos of name keys that corpus updates share are bounded: a live bot reads new names for as
// long as it runs, and each would otherwise stay for the life of the process.
import { describe, expect, it } from 'vitest';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { AliasLearner, learnAliases, NAME_MEMO_MAX, nameMemoSizes } from '../src/core/quotes/canonical.ts';

type Named = { readonly id: string; readonly title: string; readonly text: string; readonly names: readonly string[] };

/** A distinct capitalised word for `n` ("Qab", "Qac", ...). */
const word = (n: number, head: string): string => head + n.toString(26).replace(/[0-9a-p]/g, (c) => String.fromCharCode(97 + Number.parseInt(c, 26)));

describe('the memos of name keys', () => {
  it('stay bounded while articles naming ever new people come and go, and learn what a fresh count learns', () => {
    const learner = new AliasLearner<Named>(EMPTY_ALIASES, (a) => a.names);
    const total = NAME_MEMO_MAX + 20_000;
    const kept: Named[] = [];
    for (let i = 0; i < total / 2; i++) {
      const names = [`${word(i, 'Q')} ${word(i, 'Z')}`, `${word(i, 'K')} ${word(i, 'Z')}`];
      const a: Named = { id: `a${i}`, title: '', text: '', names: [...names, names[0] as string] };
      learner.add(a);
      // Most leave again (a feed's stream), a few stay.
      if (i % 5000 === 0) kept.push(a);
      else learner.remove(a.id);
      if (i % 2000 === 0) learner.table();
    }
    const sizes = nameMemoSizes(EMPTY_ALIASES);
    expect(sizes.surnames).toBeLessThanOrEqual(NAME_MEMO_MAX);
    expect(sizes.stripped).toBeLessThanOrEqual(NAME_MEMO_MAX);
    expect(sizes.counted).toBeLessThanOrEqual(NAME_MEMO_MAX);
    // The memos emptied on the way: what is learned is still a fresh count's.
    expect(learner.table().entries).toEqual(learnAliases(kept, EMPTY_ALIASES, (a) => a.names).entries);
    expect(learner.table().entries.length).toBeGreaterThan(0);
  }, 120_000);
});

// The word ids the timeline's grouping keeps across updates are bounded: a live bot reads new
// words for as long as it runs, and each would otherwise stay for the life of the process.
import { describe, expect, it } from 'vitest';
import { EVENT_WORD_IDS_MAX, eventWordIdCount, groupEventIndexes, regroupEventIndexesInSteps } from '../src/core/events/grouping.ts';
import type { DatedEvent } from '../src/core/types.ts';

/** A distinct lower-case word for `n`. */
const word = (n: number): string => `w${String(n).replace(/[0-9]/g, (c) => String.fromCharCode(97 + Number(c)))}`;

const event = (articleId: string, text: string): DatedEvent => ({ date: '2019-03-03', precision: 'day', text, expression: '3 March 2019', start: 0, end: 10, passageId: `${articleId}#1`, articleId });

describe('the word ids of the timeline grouping', () => {
  it('stay bounded while events with ever new words arrive, and group as a fresh grouping', () => {
    const shared = 'the ministry announced new measures on grain exports to the region';
    let next = 0;
    const per = 200;
    const rounds = Math.ceil((EVENT_WORD_IDS_MAX + 20_000) / per);
    for (let r = 0; r < rounds; r++) {
      // An old statement of the day, and a newer one arriving with the same sentence and new words.
      const words = Array.from({ length: per }, () => word(next++)).join(' ');
      const before = [event(`old${r}`, `${shared} ${words}`)];
      const after = [...before, event(`new${r}`, r % 2 === 0 ? `${shared} ${words}` : `${words} ${shared}`)];
      const published = (id: string): string => (id.startsWith('old') ? '2019-03-04' : '2019-03-05');
      const steps = regroupEventIndexesInSteps({ events: before, groups: groupEventIndexes(before, published) }, after, Int32Array.of(0), 1, published);
      let got = steps.next();
      while (!got.done) got = steps.next();
      if (r % 97 === 0 || r === rounds - 1) expect(got.value).toEqual(groupEventIndexes(after, published));
    }
    expect(eventWordIdCount()).toBeLessThanOrEqual(EVENT_WORD_IDS_MAX + 2 * per + 20);
  }, 120_000);
});

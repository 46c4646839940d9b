// Events with the precisions and modifiers of issue 18 survive the index cache (corpus-codec.ts
// packs them into one byte): a corpus loaded from the cache has the same events and timeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../src/app/open-corpus.ts';
import { queryTimeline, timelineJson } from '../src/core/timeline-answer.ts';
import { silentLogger } from '../src/log.ts';

const ARTICLE = `---
title: Sentencing
outlet: Wire
published: 2019-03-15
---

Manafort was sentenced last week. After his conviction last summer, he agreed to help. The deal collapsed late last July. Sales began in early 2011. The board met on March 4, 2019.
`;

describe('events in the index cache', () => {
  it('keep their week and season precisions and their modifiers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-events-codec-'));
    fs.writeFileSync(path.join(dir, 'a.md'), ARTICLE);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-events-codec-data-'));
    const first = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: () => 0 });
    const again = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: () => 0 });
    expect(again.fromCache).toBe(true);
    const shown = (es: typeof first.corpus.events) => es.map((e) => [e.expression, e.date, e.precision, e.modifier ?? '']);
    expect(shown(first.corpus.events)).toEqual([
      ['last week', '2019-03-04', 'week', ''],
      ['last summer', '2018-06', 'season', ''],
      ['late last July', '2018-07', 'month', 'late'],
      ['early 2011', '2011', 'year', 'early'],
      ['March 4, 2019', '2019-03-04', 'day', ''],
    ]);
    expect(again.corpus.events).toEqual(first.corpus.events);

    // /timeline from the cached corpus: in timeline order, labelled, the modifier in the JSON;
    // "from: 2018-08" keeps summer 2018 (June to August) and drops July 2018.
    const r = queryTimeline(again.corpus, { from: '2018-08' });
    if (!r.ok) throw new Error(r.message);
    expect(timelineJson(again.corpus, r).events.map((e) => [e.label, e.precision, e.modifier ?? ''])).toEqual([
      ['summer 2018', 'season', ''],
      ['week of 4 Mar 2019', 'week', ''],
      ['4 Mar 2019', 'day', ''],
    ]);
    const all = queryTimeline(again.corpus, {});
    if (!all.ok) throw new Error(all.message);
    expect(timelineJson(again.corpus, all).events.map((e) => e.label)).toEqual(['early 2011', 'summer 2018', 'late Jul 2018', 'week of 4 Mar 2019', '4 Mar 2019']);
  });

  it('keep a weekend, labelled by its Saturday', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-events-codec-'));
    // Tuesday 22 Sep 2015: the weekend just gone is 19-20 September.
    fs.writeFileSync(path.join(dir, 'a.md'), ARTICLE.replace('2019-03-15', '2015-09-22').replace(/\n\n[^\n]+\n$/, '\n\nThousands marched last weekend.\n'));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-events-codec-data-'));
    const first = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: () => 0 });
    const again = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: () => 0 });
    expect(again.fromCache).toBe(true);
    expect(again.corpus.events).toEqual(first.corpus.events);
    expect(again.corpus.events.map((e) => [e.expression, e.date, e.precision, e.modifier ?? ''])).toEqual([['last weekend', '2015-09-14', 'week', 'weekend']]);
    const all = queryTimeline(again.corpus, {});
    if (!all.ok) throw new Error(all.message);
    expect(timelineJson(again.corpus, all).events.map((e) => [e.label, e.modifier ?? ''])).toEqual([['weekend of 19 Sep 2015', 'weekend']]);
  });
});

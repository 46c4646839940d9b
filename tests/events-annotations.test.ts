// Precision and recall of extracted dates against hand annotations (tests/fixtures/events/*.json):
// the two seed articles and ten White House documents, a transcript and two fact sheets among them.
// An extracted event matches an annotation of the same document when the dates, precisions and
// expressions agree (one expression containing the other, so "on January 20" and "January 20"
// match); each annotation matches at most one event, in text order (src/eval/date-scoring.ts,
// shared with `npm run eval -- --extraction`).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../src/core/article-file.ts';
import { extractEvents } from '../src/core/events/extract.ts';
import { splitPassages } from '../src/core/passages.ts';
import type { DatedEvent } from '../src/core/types.ts';
import { emptyDateTally, scoreDates, type DateAnnotation } from '../src/eval/date-scoring.ts';

const root = new URL('../', import.meta.url);
const fixtures = new URL('./fixtures/events/', import.meta.url);
// The Wikinews files (wn-*) are scored by `npm run eval -- --extraction`, not held to these bars.
const names = fs.readdirSync(fixtures).filter((f) => f.endsWith('.json') && !f.startsWith('wn-')).sort();

function load(a: DateAnnotation): DatedEvent[] {
  const file = fileURLToPath(new URL(a.source, root));
  const r = parseArticleFile({ id: a.source, source: a.source, content: fs.readFileSync(file, 'utf8'), format: 'markdown' });
  if (!r.ok) throw new Error(`${a.source}: ${r.reason}`);
  return extractEvents(r.article, splitPassages(r.article));
}

describe('extracted dates against hand annotations', () => {
  it(`reaches precision ≥ 0.95 and recall ≥ 0.85 over ${names.length} documents`, () => {
    const tally = emptyDateTally();
    for (const name of names) {
      const a = JSON.parse(fs.readFileSync(new URL(name, fixtures), 'utf8')) as DateAnnotation;
      scoreDates(name, a.events, load(a), tally);
    }
    const { annotated, extracted, right: truePositives, problems: misses } = tally;
    const precision = truePositives / extracted;
    const recall = truePositives / annotated;
    console.log(
      `dates: ${annotated} annotated, ${extracted} extracted, ${truePositives} right; ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}` +
        (misses.length ? `\n  ${misses.join('\n  ')}` : ''),
    );
    expect(annotated).toBeGreaterThanOrEqual(40);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.85);
  });
});

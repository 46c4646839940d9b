// Precision and recall of extracted dates against hand annotations (tests/fixtures/events/*.json):
// the two seed articles and ten White House documents, a transcript and two fact sheets among them.
// An extracted event matches an annotation of the same document when the dates, precisions and
// expressions agree (one expression containing the other, so "on January 20" and "January 20"
// match); each annotation matches at most one event, in text order.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../src/core/article-file.ts';
import { extractEvents } from '../src/core/events/extract.ts';
import { splitPassages } from '../src/core/passages.ts';
import type { DatedEvent, Precision } from '../src/core/types.ts';

interface Gold {
  readonly expression: string;
  readonly date: string;
  readonly precision: Precision;
}
interface Annotation {
  readonly source: string;
  readonly notes: string;
  readonly events: readonly Gold[];
}

const root = new URL('../', import.meta.url);
const fixtures = new URL('./fixtures/events/', import.meta.url);
// The Wikinews files (wn-*) are scored by `npm run eval -- --extraction`, not held to these bars.
const names = fs.readdirSync(fixtures).filter((f) => f.endsWith('.json') && !f.startsWith('wn-')).sort();

function load(a: Annotation): DatedEvent[] {
  const file = fileURLToPath(new URL(a.source, root));
  const r = parseArticleFile({ id: a.source, source: a.source, content: fs.readFileSync(file, 'utf8'), format: 'markdown' });
  if (!r.ok) throw new Error(`${a.source}: ${r.reason}`);
  return extractEvents(r.article, splitPassages(r.article));
}

const same = (e: DatedEvent, g: Gold): boolean =>
  e.date === g.date &&
  e.precision === g.precision &&
  (e.expression.toLowerCase().includes(g.expression.toLowerCase()) || g.expression.toLowerCase().includes(e.expression.toLowerCase()));

describe('extracted dates against hand annotations', () => {
  it(`reaches precision ≥ 0.95 and recall ≥ 0.85 over ${names.length} documents`, () => {
    let truePositives = 0;
    let extracted = 0;
    let annotated = 0;
    const misses: string[] = [];
    for (const name of names) {
      const a = JSON.parse(fs.readFileSync(new URL(name, fixtures), 'utf8')) as Annotation;
      const events = load(a);
      const used = new Set<number>();
      for (const g of a.events) {
        const i = events.findIndex((e, k) => !used.has(k) && same(e, g));
        if (i >= 0) used.add(i);
        else misses.push(`${name}: missed ${g.expression} → ${g.date}`);
      }
      events.forEach((e, k) => {
        if (!used.has(k)) misses.push(`${name}: wrong ${e.expression} → ${e.date} in “${e.text}”`);
      });
      truePositives += used.size;
      extracted += events.length;
      annotated += a.events.length;
    }
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

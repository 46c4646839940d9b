// Precision and recall of extracted dates against hand annotations (tests/fixtures/events/*.json):
// the two seed articles and twelve White House documents (transcripts and fact sheets among them),
// and eleven Wikinews articles (wn-*: ordinary news text), scored apart.
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
const names = fs.readdirSync(fixtures).filter((f) => f.endsWith('.json')).sort();

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

interface Score {
  readonly annotated: number;
  readonly extracted: number;
  readonly right: number;
  readonly misses: readonly string[];
}

function score(files: readonly string[]): Score {
  let right = 0;
  let extracted = 0;
  let annotated = 0;
  const misses: string[] = [];
  for (const name of files) {
    const a = JSON.parse(fs.readFileSync(new URL(name, fixtures), 'utf8')) as Annotation;
    const events = load(a);
    const used = new Set<number>();
    for (const g of a.events) {
      const i = events.findIndex((e, k) => !used.has(k) && same(e, g));
      if (i >= 0) used.add(i);
      else misses.push(`${name}: missed ${g.expression} → ${g.date} (${g.precision})`);
    }
    events.forEach((e, k) => {
      if (!used.has(k)) misses.push(`${name}: wrong ${e.expression} → ${e.date} (${e.precision}) in “${e.text}”`);
    });
    right += used.size;
    extracted += events.length;
    annotated += a.events.length;
  }
  return { annotated, extracted, right, misses };
}

function report(title: string, s: Score): { precision: number; recall: number } {
  const precision = s.right / s.extracted;
  const recall = s.right / s.annotated;
  console.log(
    `${title}: ${s.annotated} annotated, ${s.extracted} extracted, ${s.right} right; ` +
      `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}` +
      (s.misses.length ? `\n  ${s.misses.join('\n  ')}` : ''),
  );
  return { precision, recall };
}

// The White House documents and seeds, and the Wikinews news articles (wn-*), are scored apart:
// the second set measures ordinary newspaper text. "-blind" files were never tuned on.
const whiteHouse = names.filter((n) => !n.startsWith('wn-'));
const news = names.filter((n) => n.startsWith('wn-'));

describe('extracted dates against hand annotations', () => {
  it(`reaches precision ≥ 0.95 and recall ≥ 0.85 over ${whiteHouse.length} White House and seed documents`, () => {
    report('dates (White House, blind)', score(whiteHouse.filter((n) => n.includes('-blind'))));
    const s = score(whiteHouse);
    const { precision, recall } = report('dates (White House, seeds)', s);
    expect(s.annotated).toBeGreaterThanOrEqual(40);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.85);
  });

  it(`reaches precision ≥ 0.85 and recall ≥ 0.85 over ${news.length} Wikinews articles`, () => {
    report('dates (Wikinews, blind)', score(news.filter((n) => n.includes('-blind'))));
    const s = score(news);
    const { precision, recall } = report('dates (Wikinews, all)', s);
    expect(s.annotated).toBeGreaterThanOrEqual(30);
    expect(precision).toBeGreaterThanOrEqual(0.85);
    expect(recall).toBeGreaterThanOrEqual(0.85);
  });
});

// Extraction over the whole whitehouse-russia corpus (2,635 documents): invariants every event
// must keep, whatever the text.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { isIsoOfPrecision } from '../src/core/events/calendar.ts';
import { extractEvents } from '../src/core/events/extract.ts';
import { splitPassages } from '../src/core/passages.ts';
import type { Article, DatedEvent } from '../src/core/types.ts';
import { loadArticles } from '../src/load/loader.ts';
import { WHITEHOUSE_RUSSIA } from './support/paths.ts';

const corpus = WHITEHOUSE_RUSSIA;

/** The day a year after `published` ("2025-02-13" → "2026-02-13"), as an ISO date. */
function yearAfter(published: string): string {
  return `${Number(published.slice(0, 4)) + 1}${published.slice(4, 10)}`;
}

function problems(a: Article, e: DatedEvent): string[] {
  const out: string[] = [];
  if (a.text.slice(e.start, e.end) !== e.expression) out.push('expression is not the text at its offsets');
  if (!e.text.includes(e.expression)) out.push('sentence does not contain the expression');
  if (!a.text.includes(e.text)) out.push('sentence is not verbatim');
  if (e.text !== e.text.trim() || e.text === '') out.push('sentence not trimmed');
  if (!isIsoOfPrecision(e.date, e.precision)) out.push(`date ${e.date} is not ISO at ${e.precision}`);
  if (!e.passageId.startsWith(`${a.id}#`)) out.push('passage of another article');
  // Future references are legitimate ("effective August 27", "next year", "by 2030"), but a date
  // more than a year after publication must state its year, in figures or in words ("December of
  // next year"): nothing implied may land that far.
  if (!/\b\d{4}\b|\bnext\s+year\b/i.test(e.expression) && e.date.slice(0, 10) > yearAfter(a.published)) out.push('implied date over a year after publication');
  return out;
}

describe('extraction over the whitehouse-russia corpus', () => {
  it('keeps every invariant on every event', async () => {
    const { articles } = await loadArticles([corpus], { log: pino({ level: 'silent' }) });
    expect(articles.length).toBeGreaterThan(2500);
    let count = 0;
    const bad: string[] = [];
    const byPrecision = { year: 0, season: 0, month: 0, week: 0, day: 0 };
    for (const a of articles) {
      const passages = splitPassages(a);
      for (const e of extractEvents(a, passages)) {
        count++;
        byPrecision[e.precision]++;
        const p = passages.find((x) => x.id === e.passageId);
        const issues = problems(a, e);
        if (!p || e.start < p.start || e.end > p.end) issues.push('expression outside its passage');
        if (issues.length) bad.push(`${a.id}: ${e.expression} → ${e.date}: ${issues.join('; ')}`);
      }
    }
    console.log(
      `${articles.length} documents, ${count} events (${byPrecision.year} years, ${byPrecision.season} seasons, ${byPrecision.month} months, ${byPrecision.week} weeks, ${byPrecision.day} days)`,
    );
    expect(bad.slice(0, 20)).toEqual([]);
    expect(count).toBeGreaterThan(articles.length);
  }, 300_000);
});

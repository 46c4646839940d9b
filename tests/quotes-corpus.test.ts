// Quotes on real documents: hand annotations of the two seeds and three White House documents
// (a transcript, a speech, a statement with quotes) measure recall, attribution accuracy and the
// rate of non-quotes reported; and over the whole whitehouse-russia corpus every quote is verbatim.
import { readdirSync, readFileSync } from 'node:fs';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitPassages } from '../src/core/passages.ts';
import { extractQuotes } from '../src/core/quotes/extract.ts';
import { learnAliases } from '../src/core/quotes/canonical.ts';
import { buildSpeakers } from '../src/core/quotes/speakers.ts';
import type { AliasTable } from '../src/core/quotes/aliases.ts';
import type { Article, Quote } from '../src/core/types.ts';
import { loadAliases } from '../src/load/aliases.ts';
import { loadArticles } from '../src/load/loader.ts';
import { emptyQuoteTally, scoreQuotes, type QuoteFixture } from '../src/eval/quote-scoring.ts';
import { CORPUS, WHITEHOUSE_RUSSIA } from './support/paths.ts';

const repoCorpus = CORPUS;
const whitehouse = WHITEHOUSE_RUSSIA;
const fixtures = new URL('./fixtures/quotes/', import.meta.url);

const log = pino({ level: 'silent' });
let seeds: Article[] = [];
let wh: Article[] = [];
let aliases: AliasTable;

beforeAll(async () => {
  aliases = (await loadAliases([repoCorpus])).table;
  seeds = (await loadArticles([repoCorpus], { log })).articles;
  wh = (await loadArticles([whitehouse], { log })).articles;
});

describe('annotated documents', () => {
  it('finds the annotated quotes with the right speakers and few non-quotes', () => {
    const learned = learnAliases([...seeds, ...wh], aliases);
    const tally = emptyQuoteTally();
    // The Wikinews files (wn-*) are scored by `npm run eval -- --extraction`, not held to these bars.
    for (const name of readdirSync(fixtures)
      .filter((f) => f.endsWith('.json') && !f.startsWith('wn-'))
      .sort()) {
      const fx = JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as QuoteFixture;
      const pool = fx.corpus === 'corpus' ? seeds : wh;
      const id = fx.articleId ?? (fx.file ?? '').split('/').pop()?.replace(/\.md$/, '');
      const article = pool.find((a) => a.id === id);
      expect(article, `${name}: article ${id}`).toBeDefined();
      if (!article) continue;
      scoreQuotes(name, fx, extractQuotes(article, splitPassages(article), learned), tally);
    }
    const required = tally.full.n + tally.partial.n;
    const found = tally.full.found + tally.partial.found;
    const { correct, wrong, unattributed } = tally.attribution;
    const recall = found / required;
    const accuracy = correct / (correct + wrong);
    const falseRate = tally.falseReports / tally.extracted;
    console.log(
      `quotes: recall ${(recall * 100).toFixed(1)}% (${found}/${required}); attribution accuracy ${(accuracy * 100).toFixed(1)}% (${correct} right, ${wrong} wrong, ${unattributed} left unattributed); non-quotes reported ${(falseRate * 100).toFixed(1)}% (${tally.falseReports}/${tally.extracted})`,
    );
    if (tally.problems.length) console.log(tally.problems.join('\n'));
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(falseRate).toBeLessThanOrEqual(0.05);
  });
});

describe('whole whitehouse-russia corpus', () => {
  it('every extracted quote is verbatim at its range, inside its passage, with a passage of its article', () => {
    const learned = learnAliases(wh, aliases);
    let count = 0;
    const bad: string[] = [];
    const all: Quote[] = [];
    for (const a of wh) {
      const passages = splitPassages(a);
      const byId = new Map(passages.map((p) => [p.id, p]));
      for (const q of extractQuotes(a, passages, learned)) {
        count += 1;
        all.push(q);
        const p = byId.get(q.passageId);
        if (a.text.slice(q.start, q.end) !== q.text || q.text === '' || !p || p.start > q.start || p.end <= q.start || !a.text.includes(q.context) || q.articleId !== a.id) {
          if (bad.length < 5) bad.push(`${a.id} ${q.start}-${q.end} ${q.passageId}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(count).toBeGreaterThan(100_000);
    const index = buildSpeakers(all, learned);
    console.log(
      `whitehouse-russia: ${count} quotes, ${index.speakers.length} speakers; top: ${index.speakers
        .slice(0, 8)
        .map((s) => `${s.name} ${s.count}`)
        .join(', ')}`,
    );
    // The people users ask about are found under their canonical ids.
    for (const [name, id] of [
      ['Psaki', 'jen-psaki'],
      ['MS. JEAN-PIERRE', 'karine-jean-pierre'],
      ['Kirby', 'john-kirby'],
      ['President Biden', 'joe-biden'],
      ['trump', 'donald-trump'],
    ]) {
      expect(index.resolve(name as string)?.id).toBe(id);
    }
  });
});

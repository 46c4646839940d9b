// `npm run eval -- --extraction`: how well /quote and /timeline read the annotated articles
// (tests/fixtures/quotes, tests/fixtures/events). Three sets, scored apart: the White House
// documents and seeds the extractors were built on, and the Wikinews news articles, tune and blind.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { parseArticleFile } from '../core/article-file.ts';
import { extractEvents } from '../core/events/extract.ts';
import { splitPassages } from '../core/passages.ts';
import { learnAliases } from '../core/quotes/canonical.ts';
import { extractQuotes } from '../core/quotes/extract.ts';
import type { Article } from '../core/types.ts';
import { loadAliases } from '../load/aliases.ts';
import { loadArticles } from '../load/loader.ts';
import { REPO, SHARED } from '../bench/corpora.ts';
import { dateRates, emptyDateTally, scoreDates, type DateAnnotation, type DateTally } from './date-scoring.ts';
import { emptyQuoteTally, quoteRates, scoreQuotes, type QuoteFixture, type QuoteTally } from './quote-scoring.ts';

export const EXTRACTION_SETS = ['whitehouse+seeds', 'wikinews-tune', 'wikinews-blind'] as const;
export type ExtractionSet = (typeof EXTRACTION_SETS)[number];

/** Which set a fixture file belongs to, by its name: `wn-*` are Wikinews, `*-blind` held out. */
export function setOf(file: string): ExtractionSet {
  if (!file.startsWith('wn-')) return 'whitehouse+seeds';
  return file.endsWith('-blind.json') ? 'wikinews-blind' : 'wikinews-tune';
}

export interface ExtractionRow {
  readonly set: ExtractionSet;
  readonly quoteArticles: number;
  readonly quotes: QuoteTally;
  readonly dateArticles: number;
  readonly dates: DateTally;
}

const FIXTURES = path.join(REPO, 'tests/fixtures');
const DIRS = {
  corpus: path.join(REPO, 'corpus'),
  'whitehouse-russia': path.join(SHARED, 'whitehouse-russia'),
  wikinews: path.join(SHARED, 'wikinews'),
} as const;

const jsonFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** Runs both extractors on every annotated article and scores them, one row per set. */
export async function runExtraction(progress: (text: string) => void): Promise<ExtractionRow[]> {
  const rows = new Map<ExtractionSet, { quoteArticles: number; quotes: QuoteTally; dateArticles: number; dates: DateTally }>(
    EXTRACTION_SETS.map((s) => [s, { quoteArticles: 0, quotes: emptyQuoteTally(), dateArticles: 0, dates: emptyDateTally() }]),
  );
  const row = (file: string) => rows.get(setOf(file)) as NonNullable<ReturnType<typeof rows.get>>;

  // Quotes: each corpus loaded whole, and its speaker names learnt over it, as the bot does.
  const log = pino({ level: 'silent' });
  const aliases = (await loadAliases([DIRS.corpus])).table;
  const quoteFiles = jsonFiles(path.join(FIXTURES, 'quotes')).map((name) => ({ name, fx: readJson<QuoteFixture>(path.join(FIXTURES, 'quotes', name)) }));
  const pools = new Map<QuoteFixture['corpus'], Article[]>();
  for (const corpus of new Set(quoteFiles.map((q) => q.fx.corpus))) {
    progress(`quotes: loading ${DIRS[corpus]}`);
    pools.set(corpus, (await loadArticles([DIRS[corpus]], { log })).articles);
  }
  // The seeds and whitehouse-russia learn names together, as in tests/quotes-corpus.test.ts.
  const seedsAndWh = [...(pools.get('corpus') ?? []), ...(pools.get('whitehouse-russia') ?? [])];
  const learned = new Map<'wikinews' | 'whitehouse+seeds', ReturnType<typeof learnAliases>>();
  const learnedFor = (corpus: QuoteFixture['corpus']): ReturnType<typeof learnAliases> => {
    const key = corpus === 'wikinews' ? 'wikinews' : 'whitehouse+seeds';
    const table = learned.get(key) ?? learnAliases(key === 'wikinews' ? (pools.get('wikinews') ?? []) : seedsAndWh, aliases);
    learned.set(key, table);
    return table;
  };
  for (const { name, fx } of quoteFiles) {
    const id = fx.articleId ?? path.basename(fx.file ?? '').replace(/\.md$/, '');
    const article = pools.get(fx.corpus)?.find((a) => a.id === id);
    if (!article) throw new Error(`${name}: article ${id} not found in ${DIRS[fx.corpus]}`);
    const r = row(name);
    r.quoteArticles += 1;
    scoreQuotes(name, fx, extractQuotes(article, splitPassages(article), learnedFor(fx.corpus)), r.quotes);
  }

  // Dates: each annotated file parsed on its own, as tests/events-annotations.test.ts does.
  progress('dates: extracting');
  for (const name of jsonFiles(path.join(FIXTURES, 'events'))) {
    const a = readJson<DateAnnotation>(path.join(FIXTURES, 'events', name));
    const file = path.resolve(REPO, a.source);
    const parsed = parseArticleFile({ id: a.source, source: a.source, content: fs.readFileSync(file, 'utf8'), format: 'markdown' });
    if (!parsed.ok) throw new Error(`${a.source}: ${parsed.reason}`);
    const r = row(name);
    r.dateArticles += 1;
    scoreDates(name, a.events, extractEvents(parsed.article, splitPassages(parsed.article)), r.dates);
  }
  return EXTRACTION_SETS.map((set) => ({ set, ...(rows.get(set) as NonNullable<ReturnType<typeof rows.get>>) }));
}

/** Rows as plain numbers, for `--json`. */
export function extractionJson(rows: readonly ExtractionRow[]): unknown {
  return rows.map((r) => ({
    set: r.set,
    quoteArticles: r.quoteArticles,
    quotes: {
      ...quoteRates(r.quotes),
      counts: { full: r.quotes.full, partial: r.quotes.partial, extracted: r.quotes.extracted, falseReports: r.quotes.falseReports, speakerNamed: r.quotes.speakerNamed },
    },
    dateArticles: r.dateArticles,
    dates: { ...dateRates(r.dates), counts: { ...r.dates, problems: undefined } },
  }));
}

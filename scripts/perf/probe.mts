// Perf probe: single-threaded build phases, encode/decode, warm-up steps, and query timings + answer dump.
// Usage: ROOT=/work/buildperf EVERY=1 OUT=/tmp/perf/x tsx /tmp/perf/probe.ts
import fs from 'node:fs';
import path from 'node:path';
const ROOT = process.env.ROOT ?? '/work/buildperf';
const EVERY = Number(process.env.EVERY ?? '1');
const OUT = process.env.OUT ?? '/tmp/perf/out';
const QUERIES = process.env.QUERIES !== '0';
const BUILD_ONLY = process.env.BUILD_ONLY === '1';
const imp = (p: string) => import(path.join(ROOT, p));
const t = () => performance.now();
const times: Record<string, number> = {};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function time<T>(name: string, f: () => T): T { const s = cpu(); const r = f(); times[name] = (times[name] ?? 0) + cpu() - s; return r; }
const log = { info() {}, warn() {}, error() {}, debug() {}, child() { return log; } } as never;
const corpusDir = (process.env.CORPUS ?? path.resolve(ROOT, '../shared/corpora/whitehouse-russia'));
const { readCorpusFiles, parseCorpusFiles } = await imp('src/load/loader.ts');
const oc = await imp('src/app/open-corpus.ts');
const { loadAliasesSync } = await imp('src/load/aliases.ts');
const ex = await imp('src/app/extractors.ts');
const co = await imp('src/core/corpus.ts');
const { splitPassages } = await imp('src/core/passages.ts');
const { extractEvents } = await imp('src/core/events/extract.ts');
const { learnAliases } = await imp('src/core/quotes/canonical.ts');
const { extractQuotes } = await imp('src/core/quotes/extract.ts');
const { PassageSearch } = await imp('src/core/search/engine.ts');
const { extractTopics } = await imp('src/core/topics.ts');
const aliases = loadAliasesSync([corpusDir]);
const read = readCorpusFiles([corpusDir], { log });
const files = read.files.filter((_: unknown, i: number) => i % EVERY === 0);
const parsed = time('parse', () => parseCorpusFiles(files, { log }));
const articles = parsed.articles;
const synonyms = oc.loadSynonyms([corpusDir], log).table;
// Phase by phase, as buildCorpus does.
const byArticle = new Map();
const passages: unknown[] = [];
const events: unknown[] = [];
for (const a of articles) {
  const ps = time('split', () => splitPassages(a));
  byArticle.set(a.id, ps);
  for (const p of ps) passages.push(p);
  for (const e of time('events', () => extractEvents(a, ps))) events.push(e);
}
const namesOf = ex.fullNamesKept?.();
const learned = time('learnAliases', () => (namesOf ? learnAliases(articles, aliases.table, namesOf) : learnAliases(articles, aliases.table)));
const quotes: unknown[] = [];
for (const a of articles) for (const q of time('quotes', () => extractQuotes(a, byArticle.get(a.id) ?? [], learned, namesOf?.(a)))) quotes.push(q);
const titles = new Map(articles.map((a: { id: string; title: string }) => [a.id, a.title]));
const search = time('index', () => PassageSearch.build(passages, (id: string) => titles.get(id) ?? '', synonyms));
const topics = time('topics', () => extractTopics(articles));
const corpus = time('assemble', () => co.assembleCorpus({ articles, passages, events, quotes, search, builtAt: 0, aliases: aliases.table, topics }));
let buildTotal = 0; for (const k of ['split', 'events', 'learnAliases', 'quotes', 'index', 'topics', 'assemble']) buildTotal += times[k] ?? 0;
times.buildTotal = buildTotal;
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'quotes.json'), JSON.stringify(quotes));
fs.writeFileSync(path.join(OUT, 'events.json'), JSON.stringify(events));
if (!BUILD_ONLY) {
  const cache = await imp('src/store/index-cache.ts');
  const buf = time('encode', () => cache.encodeCorpusBuffer({ builtAt: 0, data: corpus.data, index: corpus.search.serialize(), seq: 0, files: {} }));
  {
    const { encodeCorpus } = await imp('src/core/corpus-codec.ts');
    const h = (await import('node:crypto')).createHash('sha256');
    const rep = (_k: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Uint8Array) : v instanceof Map ? [...v] : v instanceof Set ? [...v] : v);
    for (const part of encodeCorpus(0, corpus.data, corpus.search.serialize())) h.update(JSON.stringify(part, rep) ?? 'u');
    fs.writeFileSync(path.join(OUT, 'index.sha'), h.digest('hex') + '\n');
  }
  const dec = time('decode', () => cache.decodeCorpusBuffer(buf));
  const { restoreCorpus } = await imp('src/core/corpus-codec.ts');
  const restored = time('restore', () => restoreCorpus({ ...dec, key: 'k' }, { synonyms, aliases: aliases.table }));
  const { warmUpSteps } = await imp('src/core/warm-up.ts');
  for (const s of warmUpSteps(restored)) time('warm:' + s.name, () => s.run());
  if (QUERIES) {
    const { loadQueries } = await imp('src/bench/queries.ts');
    const { ask, askAnswer, clearAskCache } = await imp('src/core/ask.ts');
    const { queryTimeline, timelineAnswer } = await imp('src/core/timeline-answer.ts');
    const { findQuotes, quoteAnswer } = await imp('src/core/quote-answer.ts');
    const qs: string[] = loadQueries();
    const dump: string[] = [];
    const lat: Record<string, number[]> = { ask: [], timeline: [], quote: [] };
    for (let rep = 0; rep < Number(process.env.REPS ?? '1'); rep++)
    for (const q of qs) {
      clearAskCache();
      let s = t(); const a = askAnswer(restored, ask(restored, q, { limit: 3, page: 0 }), 0, 3); lat.ask.push(t() - s);
      s = t(); const tl = timelineAnswer(restored, queryTimeline(restored, { topic: q }), 0, 5); lat.timeline.push(t() - s);
      s = t(); const qu = quoteAnswer(restored, findQuotes(restored, { topic: q }), 0, 5); lat.quote.push(t() - s);
      if (rep === 0) dump.push(JSON.stringify({ q, a, tl, qu }));
    }
    fs.writeFileSync(path.join(OUT, 'answers.jsonl'), dump.join('\n'));
    const pct = (xs: number[], p: number) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number; };
    for (const [k, xs] of Object.entries(lat)) { times[k + '.sum'] = xs.reduce((x, y) => x + y, 0); times[k + '.p50'] = pct(xs, 0.5); times[k + '.p95'] = pct(xs, 0.95); }
  }
}
const line = Object.entries(times).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(' ');
console.log(`articles=${articles.length} passages=${passages.length} events=${events.length} quotes=${quotes.length}`);
console.log(line);
fs.writeFileSync(path.join(OUT, 'times.txt'), line + '\n');

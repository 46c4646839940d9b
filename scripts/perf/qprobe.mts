import path from 'node:path';
const ROOT = process.env.ROOT ?? '/work/buildperf';
const DATA = process.env.DATA ?? '/tmp/perf/data';
const imp = (p: string) => import(path.join(ROOT, p));
const log = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child() { return log; } } as never;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
import fs from 'node:fs';
const oc = await imp('src/app/open-corpus.ts');
const { loadAliasesSync } = await imp('src/load/aliases.ts');
const cache = await imp('src/store/index-cache.ts');
const { restoreCorpus } = await imp('src/core/corpus-codec.ts');
const file = path.join(DATA, fs.readdirSync(DATA).find((f) => f.startsWith('index-') && f.endsWith('.v8')) as string);
const buf = fs.readFileSync(file);
const nl2 = buf.indexOf(10, buf.indexOf(10) + 1);
const decoded = cache.decodeCorpusBuffer(buf.subarray(nl2 + 1));
const dirs = [(process.env.CORPUS ?? path.resolve(ROOT, '../shared/corpora/whitehouse-russia'))];
const c = restoreCorpus({ key: 'k', ...decoded }, { synonyms: oc.loadSynonyms(dirs, log).table, aliases: loadAliasesSync(dirs).table });
const opened = { fromCache: 'file' };
const { warmUpSteps } = await imp('src/core/warm-up.ts');
for (const s of warmUpSteps(c)) s.run();
const { ask, askAnswer, clearAskCache } = await imp('src/core/ask.ts');
const { queryTimeline, timelineAnswer } = await imp('src/core/timeline-answer.ts');
const { findQuotes, quoteAnswer } = await imp('src/core/quote-answer.ts');
const { loadQueries } = await imp('src/bench/queries.ts');
const qs: string[] = loadQueries();
const which = (process.env.CMDS ?? 'ask,timeline,quote').split(',');
const res: Record<string, number[]> = {};
for (let rep = 0; rep < Number(process.env.REPS ?? 3); rep++) {
  for (const q of qs) {
    clearAskCache();
    for (const w of which) {
      const s = cpu();
      if (w === 'ask') askAnswer(c, ask(c, q, { limit: 3, page: 0 }), 0, 3);
      if (w === 'timeline') timelineAnswer(c, queryTimeline(c, { topic: q }), 0, 5);
      if (w === 'quote') quoteAnswer(c, findQuotes(c, { topic: q }), 0, 5);
      if (rep > 0) (res[w] ??= []).push(cpu() - s);
    }
  }
}
const pct = (xs: number[], p: number) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number; };
console.log(`fromCache=${opened.fromCache} ` + Object.entries(res).map(([k, xs]) => `${k}: sum=${xs.reduce((a, b) => a + b, 0).toFixed(0)} p50=${pct(xs, 0.5).toFixed(2)} p95=${pct(xs, 0.95).toFixed(2)} p99=${pct(xs, 0.99).toFixed(2)}`).join(' | '));
process.exit(0);

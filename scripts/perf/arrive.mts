// Arrival probe: CPU per step of one article's update and of the new corpus's warm-up, on a corpus
// loaded from an index cache (DATA), with the last HOLD files held back and landed one by one.
// First run builds and writes the cache (minutes); later runs load it (reuseIndexAcrossCode: the
// probe is for changes that keep what the index holds).
// ROOT=/work/arrive CORPUS=/tmp/x/corpus HELD=/tmp/x/held DATA=/tmp/x/data N=5 [SKIP=k] [BATCH=100] [PROFILE=out.cpuprofile] node --import tsx scripts/perf/arrive.mts
import fs from 'node:fs';
import path from 'node:path';
const ROOT = process.env.ROOT ?? process.cwd();
const CORPUS = process.env.CORPUS as string;
const HELD = process.env.HELD as string;
const DATA = process.env.DATA as string;
const N = Number(process.env.N ?? '5');
const BATCH = Number(process.env.BATCH ?? '0');
const imp = (p: string) => import(path.join(ROOT, p));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const log = { info() {}, warn() {}, error() {}, debug() {}, fatal() {}, trace() {}, child() { return log; } } as never;
const { openCorpus } = await imp('src/app/open-corpus.ts');
const { applyChangesInSteps } = await imp('src/core/corpus-update.ts');
const { runAll } = await imp('src/core/steps.ts');
const { makeUpdateExtractors } = await imp('src/app/extractors.ts');
const { loadAliasesSync } = await imp('src/load/aliases.ts');
const { readCorpusFiles, parseCorpusFiles } = await imp('src/load/loader.ts');
const { warmUpSteps } = await imp('src/core/warm-up.ts');
const t0 = performance.now();
const opened = openCorpus({ dirs: [CORPUS], dataDir: DATA, log, now: Date.now, readOnly: fs.existsSync(DATA), reuseIndexAcrossCode: true });
console.log(`open ${Math.round(performance.now() - t0)} ms fromCache ${opened.fromCache} articles ${opened.corpus.articles.length}`);
opened.journal?.close?.();
const warm = (c: unknown): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const s of warmUpSteps(c)) { const a = cpu(); s.run(); out[s.name] = Math.round(cpu() - a); }
  return out;
};
console.log('initial warm', JSON.stringify(warm(opened.corpus)));
const extractors = makeUpdateExtractors(loadAliasesSync([CORPUS]).table);
const files = readCorpusFiles([HELD], { log }).files.sort((a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1));
const articles = parseCorpusFiles(files, { log }).articles;
let corpus = opened.corpus;
const round = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]));
const arrive = (some: unknown[], label: string): void => {
  const a = cpu();
  const r = runAll(applyChangesInSteps(corpus, some.map((article) => ({ kind: 'upsert', article })), { extractors, builtAt: 0, clock: cpu }));
  const u = cpu() - a;
  const w = warm(r.corpus);
  corpus = r.corpus;
  const wt = Object.values(w).reduce((x, y) => x + y, 0);
  console.log(`${label}: update ${Math.round(u)} + warm ${wt} = ${Math.round(u + wt)} ms CPU; requoted ${r.requoted}`, JSON.stringify(round(r.ms)), 'warm', JSON.stringify(w));
};
const inspector = await import('node:inspector');
const session = new inspector.Session();
const post = (m: string, p?: object) => new Promise<any>((res, rej) => session.post(m, p ?? {}, (e: unknown, r: unknown) => (e ? rej(e) : res(r))));
if (process.env.PROFILE) { session.connect(); await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 500 }); await post('Profiler.start'); }
const SKIP = Number(process.env.SKIP ?? '0');
for (let i = 0; i < N; i++) arrive([articles[SKIP + i]], `arrival ${SKIP + i + 1}`);
if (BATCH > 0) arrive(articles.slice(SKIP + N, SKIP + N + BATCH), `batch of ${BATCH}`);
if (process.env.PROFILE) { const { profile } = await post('Profiler.stop'); fs.writeFileSync(process.env.PROFILE, JSON.stringify(profile)); }

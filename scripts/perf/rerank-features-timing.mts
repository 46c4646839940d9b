// Cost of the reranker's extra features (fit-rerank experiment): the rerank step of /ask for every
// seeds+whitehouse-russia question, the code before (a copy of the previous rerank.ts) and after,
// interleaved in one process, four rounds. First copy the code before:
//   git show HEAD~1:src/core/search/rerank.ts > src/core/search/rerank-before.tmp.ts
// then run: npx tsx scripts/perf/rerank-features-timing.mts (after `npm run eval -- --reuse-index` built the caches)
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../../src/bench/corpora.ts';
import { candidatesOf } from '../../src/core/ask.ts';
import { rerank as rerankAfter } from '../../src/core/search/rerank.ts';
import { rerank as rerankBefore } from '../../src/core/search/rerank-before.tmp.ts';
import { loadQuestions } from '../../src/eval/questions.ts';
import { openSetting, questionsFor } from '../../src/eval/run.ts';
import { prepareSetting } from '../../src/eval/settings.ts';

const setting = prepareSetting('seeds+whitehouse-russia');
const { corpus } = openSetting(setting, path.join(REPO, 'data/eval'), true);
// Tune and blind alike: only timings are read, never answers.
const qs = questionsFor(setting, loadQuestions(path.join(REPO, 'eval/questions.jsonl'))).map((q) => q.question);
const cands = qs.map((q) => candidatesOf(corpus, q)).filter((c) => c !== undefined);
const times = { before: [] as number[], after: [] as number[] };
for (const c of cands) rerankBefore(c.q, c.hits, c.src), rerankAfter(c.q, c.hits, c.src);
const cpu0 = { before: 0, after: 0 };
for (let round = 0; round < 4; round++) {
  for (const which of round % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)) {
    const f = which === 'before' ? rerankBefore : rerankAfter;
    const u = process.cpuUsage();
    for (const c of cands) {
      const t = performance.now();
      f(c.q, c.hits, c.src);
      times[which].push(performance.now() - t);
    }
    const d = process.cpuUsage(u);
    cpu0[which] += (d.user + d.system) / 1000;
  }
}
const pct = (xs: number[], p: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
for (const k of ['before', 'after'] as const) {
  process.stdout.write(`${k}: ${cands.length} questions x4, rerank CPU ${(cpu0[k] / times[k].length).toFixed(2)} ms/question, wall p50 / p95 / p99 ${pct(times[k], 0.5).toFixed(2)} / ${pct(times[k], 0.95).toFixed(2)} / ${pct(times[k], 0.99).toFixed(2)} ms\n`);
}
process.stdout.write(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);

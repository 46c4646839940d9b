// Cost of the word-vector expansion in /ask (issue 13): the eval's questions of one setting, asked
// with the expansion off and on, interleaved in one process (answer cache emptied before each ask),
// so both sides see the same load. Prints wall p50/p95/p99 and CPU ms per question for each side.
//   SETTING=seeds+whitehouse-russia REPS=4 node --import tsx scripts/perf/vectors-timing.mts
import path from 'node:path';
import { ask, clearAskCache } from '../../src/core/ask.ts';
import { VECTORS } from '../../src/core/search/related-words.ts';
import { wordVectors } from '../../src/core/search/word-vectors.ts';
import { loadQuestions } from '../../src/eval/questions.ts';
import { openSetting, questionsFor } from '../../src/eval/run.ts';
import { prepareSetting, type SettingName } from '../../src/eval/settings.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const setting = prepareSetting((process.env['SETTING'] ?? 'seeds+whitehouse-russia') as SettingName);
const { corpus } = openSetting(setting, path.join(process.env['DATA_DIR'] ?? path.join(REPO, 'data'), 'eval'), true);
const questions = questionsFor(setting, loadQuestions(path.join(REPO, 'eval/questions.jsonl'))).map((q) => q.question);
// SOFT=0.3 times soft coverage too (off by default: not the kept settings).
const on = { ...VECTORS, soft: Number(process.env['SOFT'] ?? VECTORS.soft) };
const heap0 = process.memoryUsage();
const t0 = performance.now();
wordVectors();
const heap1 = process.memoryUsage();
console.log(`vectors loaded in ${(performance.now() - t0).toFixed(1)} ms, heap +${((heap1.heapUsed - heap0.heapUsed) / 1e6).toFixed(1)} MB, external+arrays +${((heap1.external + heap1.arrayBuffers - heap0.external - heap0.arrayBuffers) / 1e6).toFixed(1)} MB, rss +${((heap1.rss - heap0.rss) / 1e6).toFixed(1)} MB`);
const set = (mode: 'off' | 'on'): void => {
  Object.assign(VECTORS, mode === 'on' ? on : { ...on, related: 0, soft: 0 });
};
const times: Record<'off' | 'on', number[]> = { off: [], on: [] };
const cpu: Record<'off' | 'on', number> = { off: 0, on: 0 };
for (const mode of ['off', 'on'] as const) {
  set(mode);
  for (const q of questions) ask(corpus, q, { limit: 10 });
}
const reps = Number(process.env['REPS'] ?? 4);
for (let r = 0; r < reps; r++) {
  for (const mode of r % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
    set(mode);
    for (const q of questions) {
      clearAskCache();
      const c = process.cpuUsage();
      const s = performance.now();
      ask(corpus, q, { limit: 10 });
      times[mode].push(performance.now() - s);
      const d = process.cpuUsage(c);
      cpu[mode] += (d.user + d.system) / 1000;
    }
  }
}
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
for (const mode of ['off', 'on'] as const) {
  const xs = times[mode];
  console.log(`${mode}: ${questions.length} questions × ${reps}: wall p50 / p95 / p99 ${pct(xs, 50).toFixed(1)} / ${pct(xs, 95).toFixed(1)} / ${pct(xs, 99).toFixed(1)} ms, CPU ${(cpu[mode] / xs.length).toFixed(2)} ms per question`);
}

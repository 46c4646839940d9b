// `npm run eval -- --baseline` (issue 13): beside /ask, the same questions ranked by our ranking
// with the decision to answer off and by plain minisearch over the same passages, both scored by
// the same hit rule and never refusing. Run on the seeds setting; nothing here is timed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreSetting } from '../src/eval/metrics.ts';
import { loadQuestions } from '../src/eval/questions.ts';
import { formatSetting } from '../src/eval/report.ts';
import { runSetting } from '../src/eval/run.ts';
import { prepareSetting } from '../src/eval/settings.ts';
import { REPO } from './support/paths.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-eval-baseline-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const questions = loadQuestions(path.join(REPO, 'eval/questions.jsonl'));

describe('npm run eval --baseline', () => {
  it('scores ours with the gate off and plain minisearch on the seeds, printed as rows beside ask', () => {
    const run = runSetting(prepareSetting('seeds'), questions, dataDir, false, true);
    // Every answerable question got a minisearch rank (a number, or null for not in the top 10).
    expect(run.results.filter((r) => r.rankMinisearch === undefined).map((r) => r.id)).toEqual([]);
    const scores = scoreSetting(run.results);
    const plain = scores.minisearch?.splits.all;
    const off = scores.gateOff.splits.all;
    // Neither refuses: every answerable question answered, no near-miss refused.
    expect([plain?.answeredRate, plain?.refusedRate, off.answeredRate, off.refusedRate]).toEqual([1, 0, 1, 0]);
    // The library alone finds most seeds answers (0.76 hit@3 on 2026-12-01); ours with the gate
    // off finds at least what ask finds, which only adds refusals to the same ranking.
    expect(plain?.hit3).toBeGreaterThanOrEqual(0.7);
    expect(off.hit3).toBeGreaterThanOrEqual(scores.splits.all.hit3);
    const table = formatSetting(run, scores);
    for (const split of ['tune', 'blind', 'all']) {
      for (const ranking of ['ask', 'ours, gate off', 'plain minisearch']) expect(table).toContain(`| ${split} | ${ranking} |`);
    }
  });

  it('without --baseline: the gate-off row, no minisearch row', () => {
    const run = runSetting(prepareSetting('seeds'), questions, dataDir);
    const scores = scoreSetting(run.results);
    expect(scores.minisearch).toBeUndefined();
    const table = formatSetting(run, scores);
    expect(table).toContain('| all | ours, gate off |');
    expect(table).not.toContain('plain minisearch');
  });
});

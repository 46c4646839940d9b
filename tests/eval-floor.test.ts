// Answer quality cannot silently regress: the seeds and Wikinews settings of `npm run eval` run
// through the harness's own functions, and each score must stay at or above a floor set a little
// under what /ask reached when the floor was written (2026-11-30: the value minus 0.05, rounded
// down). Raise the floors when /ask improves. Nothing here is timed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreSetting, type Scores } from '../src/eval/metrics.ts';
import { loadQuestions } from '../src/eval/questions.ts';
import { runSetting } from '../src/eval/run.ts';
import { prepareSetting, type SettingName } from '../src/eval/settings.ts';
import { REPO } from './support/paths.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-eval-floor-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
const questions = loadQuestions(path.join(REPO, 'eval/questions.jsonl'));

type Floor = Pick<Scores, 'hit1' | 'hit3' | 'mrr10' | 'answeredRate' | 'refusedRate'>;

/** Floors on the whole set (tune and blind together) of each setting. */
const FLOORS: Record<'seeds' | 'wikinews', Floor> = {
  // Raised with the answerability model (issue 13): seeds hit@3 0.68 -> 0.88, answered 0.68 ->
  // 0.88; refusal lowered, its model (fitted over three settings) refuses 2 of the 8 near-misses.
  // Then the answer-evidence features (2026-12-01): hit@3 0.88 -> 0.92, answered 0.88 -> 0.92,
  // refused 0.25 -> 0.38 (3 of 8 near-misses).
  // Then news paraphrase synonyms (2026-12-01): hit@1 0.76 -> 0.80, MRR 0.83 -> 0.85.
  seeds: { hit1: 0.75, hit3: 0.87, mrr10: 0.8, answeredRate: 0.87, refusedRate: 0.32 },
  // Answered 0.84 -> 0.88 and refused 0.24 -> 0.29 with the answerability model. Then lemmas,
  // acronyms, the kind-aware reranker and the refit model: hit@1 0.64 -> 0.69, hit@3 0.78 ->
  // 0.85, answered 0.88 -> 0.95, refused 0.29 -> 0.12 (the model now answers more: 2 of 17 refused).
  // Then the answer-evidence features (2026-12-01): hit@1 0.69 -> 0.72, hit@3 0.84 -> 0.88,
  // answered 0.95 -> 0.98, refused 0.12 -> 0.12 (2 of 17).
  // Re-based on the 308-question set (2026-12-01): 24 harder answerable and 17 near-miss Wikinews
  // tune questions added, same code: all hit@1 0.66, hit@3 0.77, MRR 0.73, answered 0.93, refused 0.18.
  wikinews: { hit1: 0.61, hit3: 0.72, mrr10: 0.68, answeredRate: 0.87, refusedRate: 0.12 },
};

describe('npm run eval: quality floors', () => {
  for (const name of Object.keys(FLOORS) as (keyof typeof FLOORS & SettingName)[]) {
    it(`${name}: every question asked, every evidence found in its document, scores at or above the floor`, () => {
      const run = runSetting(prepareSetting(name), questions, dataDir);
      const expected = questions.filter((q) => (name === 'seeds' ? q.corpus === 'seeds' : q.corpus === 'wikinews'));
      expect(run.results.map((r) => r.id)).toEqual(expected.map((q) => q.id));
      // The hit rule can reach every answer: otherwise a score would be capped by the harness.
      expect(run.results.filter((r) => r.missingEvidence.length > 0 || r.unmatchable).map((r) => r.id)).toEqual([]);
      const all = scoreSetting(run.results).splits.all;
      const floor = FLOORS[name];
      for (const key of Object.keys(floor) as (keyof Floor)[]) {
        expect({ [key]: all[key] >= floor[key] ? 'at or above the floor' : all[key] }).toEqual({ [key]: 'at or above the floor' });
      }
    });
  }
});

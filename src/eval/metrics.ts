// Scores over per-question results. Ranking metrics are over answerable questions (an unanswered
// one scores 0); the decision to answer is scored on both sides.
import { summarize } from '../bench/stats.ts';
import type { QuestionResult } from './run.ts';
import { STYLES, type Style } from './questions.ts';

export interface Scores {
  readonly n: number;
  readonly answerable: number;
  readonly unanswerable: number;
  readonly hit1: number;
  readonly hit3: number;
  readonly mrr10: number;
  /** Answerable questions that got an answer (right or wrong). */
  readonly answeredRate: number;
  /** Unanswerable questions that got "nothing in the corpus answers this". */
  readonly refusedRate: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function score(results: readonly QuestionResult[]): Scores {
  const ans = results.filter((r) => r.answerable);
  const un = results.filter((r) => !r.answerable);
  const within = (k: number): number => ans.filter((r) => r.rank !== null && r.rank <= k).length;
  return {
    n: results.length,
    answerable: ans.length,
    unanswerable: un.length,
    hit1: ratio(within(1), ans.length),
    hit3: ratio(within(3), ans.length),
    mrr10: ratio(
      ans.reduce((s, r) => s + (r.rank === null ? 0 : 1 / r.rank), 0),
      ans.length,
    ),
    answeredRate: ratio(ans.filter((r) => r.answered).length, ans.length),
    refusedRate: ratio(un.filter((r) => !r.answered).length, un.length),
  };
}

export type SplitName = 'tune' | 'blind' | 'all';

export interface StyleScore {
  readonly style: Style;
  /** Answerable questions of this style that hit@3, and how many there are, per split. */
  readonly hit3: Record<SplitName, { readonly hits: number; readonly n: number }>;
}

/** A ranking's scores per split and per style. */
export interface RankingScores {
  readonly splits: Record<SplitName, Scores>;
  readonly styles: readonly StyleScore[];
}

export interface SettingScores extends RankingScores {
  readonly latencyMs: { readonly n: number; readonly p50: number; readonly p95: number; readonly max: number };
  /** Our ranking with the decision to answer switched off: every question answered. */
  readonly gateOff: RankingScores;
  /** Plain minisearch over the same passages (never refuses), when the run had `--baseline`. */
  readonly minisearch?: RankingScores;
}

function ofSplit(results: readonly QuestionResult[], split: SplitName): QuestionResult[] {
  return split === 'all' ? [...results] : results.filter((r) => r.split === split);
}

export function scoreSetting(results: readonly QuestionResult[]): SettingScores {
  const lat = summarize(results.map((r) => r.ms));
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  // A ranking that never refuses, scored by the same rules: its rank in place of ask's.
  const neverRefusing = (rankOf: (r: QuestionResult) => number | null): RankingScores => scoreRanking(results.map((r) => ({ ...r, answered: true, rank: rankOf(r) })));
  const withBaseline = results.length > 0 && results.every((r) => r.rankMinisearch !== undefined);
  return {
    ...scoreRanking(results),
    latencyMs: { n: lat.n, p50: r2(lat.p50), p95: r2(lat.p95), max: r2(lat.max) },
    gateOff: neverRefusing((r) => r.rankGateOff),
    ...(withBaseline && { minisearch: neverRefusing((r) => r.rankMinisearch ?? null) }),
  };
}

function scoreRanking(results: readonly QuestionResult[]): RankingScores {
  const splits = { tune: score(ofSplit(results, 'tune')), blind: score(ofSplit(results, 'blind')), all: score(results) };
  const styles = STYLES.map((style) => {
    const count = (split: SplitName) => {
      const rs = ofSplit(results, split).filter((r) => r.answerable && r.style === style);
      return { hits: rs.filter((r) => r.rank !== null && r.rank <= 3).length, n: rs.length };
    };
    return { style, hit3: { tune: count('tune'), blind: count('blind'), all: count('all') } };
  }).filter((s) => s.hit3.all.n > 0);
  return { splits, styles };
}

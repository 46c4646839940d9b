// The human-readable report: one Markdown table per setting (tune and blind apart), a line per
// question style, the latency line, and on request the tune split's misses.
import type { RankingScores, SettingScores, SplitName, StyleScore } from './metrics.ts';
import type { SettingRun } from './run.ts';

const f2 = (x: number): string => x.toFixed(2);
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The rankings a run scored: ask as a user gets it, then the ones that never refuse. */
function rankingsOf(scores: SettingScores): { name: string; r: RankingScores }[] {
  return [{ name: 'ask', r: scores }, { name: 'ours, gate off', r: scores.gateOff }, ...(scores.minisearch ? [{ name: 'plain minisearch', r: scores.minisearch }] : [])];
}

export function formatSetting(run: SettingRun, scores: SettingScores): string {
  const b = run.build;
  const rankings = rankingsOf(scores);
  const lines = [
    `## ${run.setting}: ${b.articles.toLocaleString('en-US')} articles, ${b.passages.toLocaleString('en-US')} passages (index ${b.fromCache ? 'from cache' : 'built'} in ${(b.ms / 1000).toFixed(1)} s)`,
    '',
    '| split | ranking | questions | answerable | hit@1 | hit@3 | MRR@10 | answerable answered | unanswerable refused |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const split of ['tune', 'blind', 'all'] as const satisfies readonly SplitName[]) {
    for (const { name, r } of rankings) {
      const s = r.splits[split];
      lines.push(`| ${split} | ${name} | ${s.n} | ${s.answerable} | ${f2(s.hit1)} | ${f2(s.hit3)} | ${f2(s.mrr10)} | ${f2(s.answeredRate)} | ${s.unanswerable === 0 ? '—' : f2(s.refusedRate)} |`);
    }
  }
  lines.push('', 'hit@3 by style (tune · blind · all):', '', `| style | ${rankings.map((x) => x.name).join(' | ')} |`, `|---|${rankings.map(() => '---|').join('')}`);
  const c = (x: { hits: number; n: number }): string => `${x.hits}/${x.n}`;
  for (const [i, st] of scores.styles.entries()) {
    const cells = rankings.map(({ r }) => {
      const h = (r.styles[i] as StyleScore).hit3;
      return `${c(h.tune)} · ${c(h.blind)} · ${c(h.all)}`;
    });
    lines.push(`| ${st.style} | ${cells.join(' | ')} |`);
  }
  if (run.baselineBuild) {
    lines.push('', `plain minisearch index built in ${(run.baselineBuild.ms / 1000).toFixed(1)} s, heap +${run.baselineBuild.heapMb} MB`);
  }
  const l = scores.latencyMs;
  lines.push('', `ask latency over ${l.n} questions (answer cache cleared before each): p50 ${ms(l.p50)} ms, p95 ${ms(l.p95)} ms, max ${ms(l.max)} ms`);
  const missing = run.results.filter((r) => r.missingEvidence.length > 0);
  if (missing.length > 0) {
    lines.push('', `warning: ${missing.length} questions name evidence this setting did not load: ${missing.map((r) => `${r.id} (${r.missingEvidence.join(', ')})`).join('; ')}`);
  }
  const copies = run.results.flatMap((r) => r.evidenceCopies ?? []);
  if (copies.length > 0) lines.push('', `note: evidence in files the loader skipped as duplicates, matched in the copy it kept: ${[...new Set(copies)].join('; ')}`);
  const unmatchable = run.results.filter((r) => r.unmatchable && r.missingEvidence.length === 0);
  if (unmatchable.length > 0) {
    lines.push('', `warning: no passage of the evidence's document holds the evidence of ${unmatchable.map((r) => r.id).join(', ')} (they can never hit)`);
  }
  return lines.join('\n');
}

/**
 * Missed tune questions: answerable ones without a hit in the top 3, and near-misses that were
 * answered. The blind split is never listed, so nobody tunes on it.
 */
export function formatMisses(run: SettingRun): string {
  const lines = [`### ${run.setting}: tune-split misses`];
  for (const r of run.results) {
    if (r.split !== 'tune') continue;
    const missed = r.answerable ? r.rank === null || r.rank > 3 : r.answered;
    if (!missed) continue;
    const what = !r.answerable ? 'near-miss answered' : !r.answered ? 'refused' : r.rank === null ? 'not in top 10' : `rank ${r.rank}`;
    const top = r.top ? `${r.top.title}: ${r.top.text.slice(0, 100).replace(/\s+/g, ' ')}` : '(no result)';
    lines.push(`- ${r.id} [${r.style}] “${r.question}”: ${what} · top: ${top}`);
  }
  if (lines.length === 1) lines.push('(none)');
  const better = run.results.filter((r) => r.split === 'tune' && r.rankMinisearch != null && (r.rankGateOff === null || r.rankMinisearch < r.rankGateOff));
  if (run.results.some((r) => r.rankMinisearch !== undefined)) {
    lines.push('', `### ${run.setting}: tune questions plain minisearch ranks higher than ours (gate off)`);
    for (const r of better) lines.push(`- ${r.id} [${r.style}] “${r.question}”: minisearch rank ${r.rankMinisearch}, ours ${r.rankGateOff ?? 'not in top 10'}`);
    if (better.length === 0) lines.push('(none)');
  }
  return lines.join('\n');
}

/** One table over every setting run: the README's "latest table". */
export function formatSummary(rows: readonly { run: SettingRun; scores: SettingScores }[]): string {
  const lines = [
    '| setting | split | ranking | answerable / near-misses | hit@1 | hit@3 | MRR@10 | answerable answered | unanswerable refused | ask p50 / p95 ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { run, scores } of rows) {
    for (const split of ['tune', 'blind'] as const) {
      for (const [i, { name, r }] of rankingsOf(scores).entries()) {
        const s = r.splits[split];
        const lat = split === 'tune' && i === 0 ? `${ms(scores.latencyMs.p50)} / ${ms(scores.latencyMs.p95)}` : '';
        lines.push(
          `| ${split === 'tune' && i === 0 ? run.setting : ''} | ${i === 0 ? split : ''} | ${name} | ${s.answerable} / ${s.unanswerable} | ${f2(s.hit1)} | ${f2(s.hit3)} | ${f2(s.mrr10)} | ${f2(s.answeredRate)} | ${s.unanswerable === 0 ? '—' : f2(s.refusedRate)} | ${lat} |`,
        );
      }
    }
  }
  return lines.join('\n');
}

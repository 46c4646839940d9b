// Asks every question of a setting through the product's own entry points (openCorpus, ask) and
// records, per question, whether it was answered, the rank of the first hit and the latency.
import path from 'node:path';
import { openCorpus } from '../app/open-corpus.ts';
import { PlainMinisearch } from '../bench/minisearch-reference.ts';
import { type AskHit, ask, clearAskCache, pageOfRanked, rankQuestion } from '../core/ask.ts';
import type { Corpus } from '../core/corpus.ts';
import { silentLogger } from '../log.ts';
import { articlesByPath, evidenceMatcher, firstHitRank, passageHolds, type EvidenceMatcher } from './match.ts';
import type { Question, Split, Style } from './questions.ts';
import type { Setting } from './settings.ts';

/** Results requested per question: MRR is computed @10. */
export const LIMIT = 10;

export interface QuestionResult {
  readonly id: string;
  readonly question: string;
  readonly split: Split;
  readonly corpus: string;
  readonly style: Style;
  readonly kind: string;
  readonly answerable: boolean;
  readonly answered: boolean;
  /** 1-based rank of the first result holding the evidence, within the top LIMIT; null: none. */
  readonly rank: number | null;
  /** The same, of our ranking with the decision to answer switched off (never refuses). */
  readonly rankGateOff: number | null;
  /** The same, of plain minisearch with default options over the same passages (`--baseline`). */
  readonly rankMinisearch?: number | null;
  readonly ms: number;
  /** Evidence files this setting does not load (a path typo, or the loader skipped the file). */
  readonly missingEvidence: readonly string[];
  /** Evidence files the loader skipped as duplicates, matched in the copy it kept ("a → b"). */
  readonly evidenceCopies?: readonly string[];
  /** Answerable, but no passage of the evidence's document holds the evidence by the hit rule. */
  readonly unmatchable: boolean;
  /** The top result, for `--list-misses`: tune split only, so nobody tunes on the blind one. */
  readonly top?: { readonly title: string; readonly text: string };
}

export interface SettingRun {
  readonly setting: string;
  readonly dirs: readonly string[];
  readonly build: { readonly ms: number; readonly fromCache: boolean; readonly articles: number; readonly passages: number; readonly warnings: number };
  readonly results: readonly QuestionResult[];
  /** Building the plain minisearch index of `--baseline`, when asked for. */
  readonly baselineBuild?: { readonly ms: number; readonly heapMb: number };
}

export interface RunOptions {
  /** Also rank every question with plain minisearch over the same passages (issue 13's baseline). */
  readonly baseline?: PlainMinisearch;
  /** Also count a passage of another file holding the whole excerpt (match.ts, passageHoldsWhole). */
  readonly wireCopies?: boolean;
}

export function questionsFor(setting: Pick<Setting, 'corpora'>, questions: readonly Question[]): Question[] {
  return questions.filter((q) => setting.corpora.includes(q.corpus));
}

/**
 * Where a setting's index cache lives. `reuseIndex` (`--reuse-index`, a developer option) keeps
 * its own folder and loads the index whatever code built it (OpenOptions.reuseIndexAcrossCode),
 * so ranking experiments skip the rebuild; the default folder is keyed by the code and untouched.
 */
export function settingDataDir(setting: Pick<Setting, 'name'>, dataDir: string, reuseIndex = false): string {
  return path.join(dataDir, reuseIndex ? `${setting.name}.reuse-index` : setting.name);
}

export function openSetting(setting: Setting, dataDir: string, reuseIndex = false): { corpus: Corpus; build: SettingRun['build'] } {
  const opened = openCorpus({
    dirs: setting.dirs,
    dataDir: settingDataDir(setting, dataDir, reuseIndex),
    log: silentLogger(),
    now: Date.now,
    ...(reuseIndex && { reuseIndexAcrossCode: true }),
  });
  const { corpus } = opened;
  return {
    corpus,
    build: { ms: Math.round(opened.ms), fromCache: opened.fromCache, articles: corpus.articles.length, passages: corpus.passages.length, warnings: opened.warnings.length },
  };
}

export function askQuestions(corpus: Corpus, setting: Pick<Setting, 'resolve'>, questions: readonly Question[], opts: RunOptions = {}): QuestionResult[] {
  const byPath = articlesByPath(corpus.articles);
  // Every question once untimed first, so timings are of a warm process (as a running bot is),
  // not of the JIT compiling the search on the first few questions.
  for (const q of questions) ask(corpus, q.question, { limit: LIMIT });
  return questions.map((q) => {
    const missing: string[] = [];
    const copies: string[] = [];
    const evidence: EvidenceMatcher[] = q.evidence.map((e) => {
      const abs = setting.resolve(e.file);
      const id = abs === undefined ? undefined : byPath.get(abs);
      if (id !== undefined) return evidenceMatcher(e.file, id, e.text);
      // The loader keeps one file per id (basename) and per URL: a skipped duplicate's text is
      // served from the copy it kept, which counts when that copy holds the evidence too.
      const copy = evidenceMatcher(e.file, path.basename(e.file).replace(/\.[^.]+$/, ''), e.text);
      if (copy.articleId !== undefined && corpus.articleById.has(copy.articleId) && holdsAnywhere(corpus, copy)) {
        copies.push(`${e.file} → ${corpus.article(copy.articleId).source}`);
        return copy;
      }
      missing.push(e.file);
      return evidenceMatcher(e.file, undefined, e.text);
    });
    clearAskCache();
    const started = performance.now();
    const res = ask(corpus, q.question, { limit: LIMIT });
    const ms = performance.now() - started;
    const results = res.answered ? res.results.slice(0, LIMIT) : [];
    const rankOf = (rs: readonly Pick<AskHit, 'passage' | 'duplicates'>[]): number | null => (q.answerable ? (firstHitRank(rs, evidence, opts.wireCopies) ?? null) : null);
    const rank = rankOf(results);
    const head = results[0];
    const unmatchable = q.answerable && !evidence.some((ev) => holdsAnywhere(corpus, ev));
    const ranked = rankQuestion(corpus, q.question);
    const rankGateOff = rankOf(pageOfRanked(corpus, ranked.groups, ranked.ranked, 0, LIMIT).results);
    // Plain minisearch does not group near-duplicates: each of its results is one passage.
    const plain = opts.baseline?.search(q.question, LIMIT).map((passage) => ({ passage, duplicates: [] }));
    return {
      id: q.id,
      question: q.question,
      split: q.split,
      corpus: q.corpus,
      style: q.style,
      kind: q.kind,
      answerable: q.answerable,
      answered: res.answered,
      rank,
      rankGateOff,
      ...(plain && { rankMinisearch: rankOf(plain) }),
      ms: Math.round(ms * 100) / 100,
      missingEvidence: missing,
      ...(copies.length > 0 && { evidenceCopies: copies }),
      unmatchable,
      ...(head && q.split === 'tune' && { top: { title: corpus.citation(head.passage).title, text: head.passage.text } }),
    };
  });
}

/** Some passage of the evidence's document holds the evidence by the hit rule. */
function holdsAnywhere(corpus: Corpus, ev: EvidenceMatcher): boolean {
  return ev.articleId !== undefined && (corpus.passagesOf.get(ev.articleId) ?? []).some((p) => passageHolds(p, ev));
}

export function runSetting(setting: Setting, questions: readonly Question[], dataDir: string, reuseIndex = false, baseline = false, wireCopies = false): SettingRun {
  const { corpus, build } = openSetting(setting, dataDir, reuseIndex);
  const wire = wireCopies ? { wireCopies } : {};
  if (!baseline) return { setting: setting.name, dirs: setting.dirs, build, results: askQuestions(corpus, setting, questionsFor(setting, questions), wire) };
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const plain = new PlainMinisearch(corpus.passages);
  const baselineBuild = { ms: Math.round(performance.now() - started), heapMb: Math.round((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20) };
  const results = askQuestions(corpus, setting, questionsFor(setting, questions), { baseline: plain, ...wire });
  return { setting: setting.name, dirs: setting.dirs, build, results, baselineBuild };
}

// Fits /ask's reranker weights (src/data/rerank-weights.json) on the TUNE split of
// eval/questions.jsonl only. Every answerable tune question of the seeds, wikinews and
// seeds+whitehouse-russia settings gets BM25's candidates as /ask does; each candidate's features
// (rerank.ts, CandidateFeatures) are read, and labelled by the eval's hit rule (match.ts). The
// ranking is then simulated for any weights exactly as rerank() does it (shallow score, the best
// sentence for the RERANK.deep best only), and coordinate ascent over a grid of weights maximises
// MRR@10 + hit@3 over the questions. Five folds, by evidence document (a question asked in two
// settings, or two questions on one document, stay in one fold), repeated over three fold seeds,
// compare the hand weights with weights fitted without the held-out fold. Blind questions are never read.
//
//   npx tsx src/eval/fit-rerank.ts --reuse-index            # print the cross-validation, change nothing
//   npx tsx src/eval/fit-rerank.ts --reuse-index --write    # also write the weights fitted on all tune questions
//   npx tsx src/eval/fit-rerank.ts --dump rows.jsonl        # every candidate's features and label
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../bench/corpora.ts';
import { candidatesOf } from '../core/ask.ts';
import { candidateFeatures, DEEP_FEATURES, type FeatureName, HAND_WEIGHTS, RERANK, type RerankWeights, SHALLOW_FEATURES } from '../core/search/rerank.ts';
import type { Passage } from '../core/types.ts';
import { articlesByPath, passageHolds } from './match.ts';
import { loadQuestions } from './questions.ts';
import { evidenceOf, LIMIT, openSetting, questionsFor } from './run.ts';
import { prepareSetting, type SettingName } from './settings.ts';

const SETTINGS: readonly SettingName[] = ['seeds', 'wikinews', 'seeds+whitehouse-russia'];
const FOLDS = 5;
const FOLD_SEEDS = [1, 2, 3];
const WEIGHTS_FILE = path.join(REPO, 'src/data/rerank-weights.json');
/** Values coordinate ascent tries for each weight; coverage stays 1 (the scale). */
const GRID = [-1, -0.5, -0.25, -0.1, 0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.25, 1.5, 2];
const onlyAt = process.argv.indexOf('--only');
/** `--only a,b`: fit those weights alone, the others kept at the hand values. */
const FITTED: readonly FeatureName[] = onlyAt >= 0 ? ((process.argv[onlyAt + 1] ?? '').split(',') as FeatureName[]) : [...SHALLOW_FEATURES, ...DEEP_FEATURES].filter((n) => n !== 'coverage');
const SWEEPS = 4;

/** One question's candidates as numbers: shallow and deep features, row-major, and labels. */
interface QRow {
  readonly id: string;
  readonly setting: SettingName;
  /** Fold key: the question's first evidence document. */
  readonly doc: string;
  readonly shallow: Float64Array;
  readonly deep: Float64Array;
  readonly label: Uint8Array;
}

const dump: string[] = [];

function rows(): QRow[] {
  const questions = loadQuestions(path.join(REPO, 'eval/questions.jsonl')).filter((q) => q.split === 'tune' && q.answerable);
  const out: QRow[] = [];
  for (const name of SETTINGS) {
    const setting = prepareSetting(name);
    const { corpus } = openSetting(setting, path.join(process.env['DATA_DIR'] ?? path.join(REPO, 'data'), 'eval'), process.argv.includes('--reuse-index'));
    const byPath = articlesByPath(corpus.articles);
    let n = 0;
    for (const q of questionsFor(setting, questions)) {
      const found = candidatesOf(corpus, q.question);
      const { evidence } = evidenceOf(corpus, setting, q, byPath);
      const cands = found ? candidateFeatures(found.q, found.hits, found.src) : [];
      const shallow = new Float64Array(cands.length * SHALLOW_FEATURES.length);
      const deep = new Float64Array(cands.length * DEEP_FEATURES.length);
      const label = new Uint8Array(cands.length);
      cands.forEach((c, i) => {
        SHALLOW_FEATURES.forEach((f, j) => {
          shallow[i * SHALLOW_FEATURES.length + j] = c.f[f];
        });
        DEEP_FEATURES.forEach((f, j) => {
          deep[i * DEEP_FEATURES.length + j] = c.f[f];
        });
        const p = corpus.passages[c.hit.idx] as Passage;
        label[i] = evidence.some((ev) => passageHolds(p, ev)) ? 1 : 0;
        if (dumping) dump.push(JSON.stringify({ id: q.id, setting: name, bm25Rank: i + 1, label: label[i], ...c.f }));
      });
      out.push({ id: q.id, setting: name, doc: q.evidence[0]?.file ?? q.id, shallow, deep, label });
      n++;
    }
    process.stderr.write(`${name}: ${n} answerable tune questions\n`);
  }
  return out;
}

/** 1-based rank of the first hit under `w`, simulated as rerank() ranks; 0 when none in the top LIMIT. */
function rankUnder(r: QRow, w: RerankWeights): number {
  const n = r.label.length;
  const ns = SHALLOW_FEATURES.length;
  const nd = DEEP_FEATURES.length;
  const base = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < ns; j++) s += w[SHALLOW_FEATURES[j] as FeatureName] * (r.shallow[i * ns + j] as number);
    base[i] = s;
  }
  // Stable sorts, as rerank()'s: ties keep BM25's order.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (base[b] as number) - (base[a] as number));
  const score = new Float64Array(n);
  order.forEach((i, at) => {
    let s = base[i] as number;
    if (at < RERANK.deep) for (let j = 0; j < nd; j++) s += w[DEEP_FEATURES[j] as FeatureName] * (r.deep[i * nd + j] as number);
    score[i] = s;
  });
  const final = order.slice().sort((a, b) => (score[b] as number) - (score[a] as number));
  for (let k = 0; k < Math.min(LIMIT, n); k++) if (r.label[final[k] as number] === 1) return k + 1;
  return 0;
}

interface Scores {
  readonly n: number;
  readonly hit1: number;
  readonly hit3: number;
  readonly mrr: number;
}

function scores(data: readonly QRow[], w: RerankWeights): Scores {
  let hit1 = 0;
  let hit3 = 0;
  let mrr = 0;
  for (const r of data) {
    const k = rankUnder(r, w);
    if (k === 1) hit1++;
    if (k >= 1 && k <= 3) hit3++;
    if (k >= 1) mrr += 1 / k;
  }
  const n = Math.max(1, data.length);
  return { n: data.length, hit1: hit1 / n, hit3: hit3 / n, mrr: mrr / n };
}

const objective = (s: Scores): number => s.mrr + s.hit3;

/** Coordinate ascent from the hand weights: a weight moves only when the objective strictly rises. */
function ascend(train: readonly QRow[]): RerankWeights {
  const w: Record<FeatureName, number> = { ...HAND_WEIGHTS };
  let best = objective(scores(train, w));
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    let moved = false;
    for (const f of FITTED) {
      const keep = w[f];
      let bestValue = keep;
      for (const v of GRID) {
        if (v === keep) continue;
        w[f] = v;
        const o = objective(scores(train, w));
        if (o > best + 1e-9) {
          best = o;
          bestValue = v;
        }
      }
      w[f] = bestValue;
      if (bestValue !== keep) moved = true;
    }
    if (!moved) break;
  }
  return Object.freeze(w);
}

/** Every feature of candidate i, shallow then deep, in ALL_NAMES order. */
const ALL_NAMES: readonly FeatureName[] = [...SHALLOW_FEATURES, ...DEEP_FEATURES];
function vectorOf(r: QRow, i: number): number[] {
  const ns = SHALLOW_FEATURES.length;
  const nd = DEEP_FEATURES.length;
  return [...r.shallow.subarray(i * ns, i * ns + ns), ...r.deep.subarray(i * nd, i * nd + nd)];
}

/**
 * A pairwise logistic model (RankNet's linear case): each hit against the hardest misses of its
 * question (the best-ranked under the hand weights), on standardised features, L2-penalised,
 * every question weighing the same. Deep features are read for every candidate here.
 */
function fitPairwise(train: readonly QRow[], l2 = PAIR_L2, negatives = 30): RerankWeights {
  const d = ALL_NAMES.length;
  const pairs: { x: number[]; weight: number }[] = [];
  const vectors: number[][] = [];
  for (const r of train) {
    const pos: number[] = [];
    const neg: number[] = [];
    const hand = handOrder(r);
    for (const i of hand) (r.label[i] === 1 ? pos : neg).push(i);
    if (pos.length === 0) continue;
    const hard = neg.slice(0, negatives);
    const weight = 1 / (pos.length * hard.length);
    for (const i of pos) for (const k of hard) pairs.push({ x: vectorOf(r, i).map((v, j) => v - (vectorOf(r, k)[j] as number)), weight });
    for (const i of hand.slice(0, 60)) vectors.push(vectorOf(r, i));
  }
  const scale = Array.from({ length: d }, (_, j) => {
    const m = vectors.reduce((s, v) => s + (v[j] as number), 0) / Math.max(1, vectors.length);
    return Math.sqrt(vectors.reduce((s, v) => s + ((v[j] as number) - m) ** 2, 0) / Math.max(1, vectors.length)) || 1;
  });
  const xs = pairs.map((p) => p.x.map((v, j) => v / (scale[j] as number)));
  const total = pairs.reduce((s, p) => s + p.weight, 0);
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < 600; it++) {
    const g = w.map((wj) => l2 * wj);
    xs.forEach((x, i) => {
      const z = x.reduce((s, v, j) => s + v * (w[j] as number), 0);
      const c = ((pairs[i] as { weight: number }).weight * (1 / (1 + Math.exp(-z)) - 1)) / total;
      for (let j = 0; j < d; j++) g[j] = (g[j] as number) + c * (x[j] as number);
    });
    for (let j = 0; j < d; j++) w[j] = (w[j] as number) - 1 * (g[j] as number);
  }
  // Back to raw features, scaled so coverage weighs 1 as in the hand weights.
  const raw = w.map((v, j) => v / (scale[j] as number));
  const unit = Math.abs(raw[0] as number) || 1;
  return Object.freeze(Object.fromEntries(ALL_NAMES.map((n, j) => [n, Math.round(((raw[j] as number) / unit) * 1000) / 1000])) as Record<FeatureName, number>);
}

/** Candidates in the order the hand weights rank them. */
function handOrder(r: QRow): number[] {
  const n = r.label.length;
  const sc = Array.from({ length: n }, (_, i) => vectorOf(r, i).reduce((s, v, j) => s + HAND_WEIGHTS[ALL_NAMES[j] as FeatureName] * v, 0));
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => (sc[b] as number) - (sc[a] as number));
}

const MODEL = process.argv.includes('--pairwise') ? 'pairwise' : 'ascent';
const PAIR_L2 = Number(process.argv[process.argv.indexOf('--l2') + 1] ?? 0.01) || 0.01;
const fitWith = (train: readonly QRow[]): RerankWeights => (MODEL === 'pairwise' ? fitPairwise(train) : ascend(train));

function foldOf(doc: string, seed: number): number {
  let h = seed * 2654435761;
  for (const c of doc) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return h % FOLDS;
}

const dumpAt = process.argv.indexOf('--dump');
const dumping = dumpAt >= 0;
const data = rows();
if (dumping) fs.writeFileSync(process.argv[dumpAt + 1] ?? 'rerank-rows.jsonl', `${dump.join('\n')}\n`);

const f2 = (x: number): string => x.toFixed(3);
const perSetting: Record<string, { hand: Scores[]; learned: Scores[] }> = {};
for (const seed of FOLD_SEEDS) {
  const handRows: Map<string, QRow[]> = new Map();
  const learnedRanks: Map<string, { r: QRow; w: RerankWeights }[]> = new Map();
  for (let k = 0; k < FOLDS; k++) {
    const train = data.filter((r) => foldOf(r.doc, seed) !== k);
    const test = data.filter((r) => foldOf(r.doc, seed) === k);
    const w = fitWith(train);
    process.stderr.write(`seed ${seed} fold ${k}: ${ALL_NAMES.map((f) => `${f} ${w[f]}`).join(', ')}\n`);
    for (const r of test) {
      handRows.set(r.setting, [...(handRows.get(r.setting) ?? []), r]);
      learnedRanks.set(r.setting, [...(learnedRanks.get(r.setting) ?? []), { r, w }]);
    }
  }
  for (const name of SETTINGS) {
    const rs = handRows.get(name) ?? [];
    const hand = scores(rs, HAND_WEIGHTS);
    // Each held-out question scored under the weights fitted without its fold.
    const items = learnedRanks.get(name) ?? [];
    let hit1 = 0;
    let hit3 = 0;
    let mrr = 0;
    for (const { r, w } of items) {
      const k = rankUnder(r, w);
      if (k === 1) hit1++;
      if (k >= 1 && k <= 3) hit3++;
      if (k >= 1) mrr += 1 / k;
    }
    const n = Math.max(1, items.length);
    const slot = perSetting[name] ?? { hand: [], learned: [] };
    slot.hand.push(hand);
    slot.learned.push({ n: items.length, hit1: hit1 / n, hit3: hit3 / n, mrr: mrr / n });
    perSetting[name] = slot;
  }
}
const mean = (xs: readonly Scores[], k: keyof Scores): number => xs.reduce((s, x) => s + x[k], 0) / Math.max(1, xs.length);
const lines: string[] = ['| setting | questions | hand hit@1 / hit@3 / MRR | learned, held out |', '|---|---|---|---|'];
const cv: Record<string, unknown> = {};
for (const name of SETTINGS) {
  const s = perSetting[name] ?? { hand: [], learned: [] };
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  const hand = { hit1: r3(mean(s.hand, 'hit1')), hit3: r3(mean(s.hand, 'hit3')), mrr: r3(mean(s.hand, 'mrr')) };
  const learned = { hit1: r3(mean(s.learned, 'hit1')), hit3: r3(mean(s.learned, 'hit3')), mrr: r3(mean(s.learned, 'mrr')) };
  lines.push(`| ${name} | ${s.hand[0]?.n ?? 0} | ${f2(hand.hit1)} / ${f2(hand.hit3)} / ${f2(hand.mrr)} | ${f2(learned.hit1)} / ${f2(learned.hit3)} / ${f2(learned.mrr)} |`);
  cv[name] = { questions: s.hand[0]?.n ?? 0, hand, learned };
}
process.stdout.write(
  `${data.length} answerable tune questions, ${FOLDS}-fold by evidence document, ${FOLD_SEEDS.length} fold seeds (held-out means; ranking without the gate, near-duplicates not grouped):\n\n${lines.join('\n')}\n`,
);
const all = fitWith(data);
const inSample = scores(data, all);
process.stdout.write(`\n${MODEL} fitted on all: ${ALL_NAMES.map((f) => `${f} ${all[f]}`).join(', ')} (in-sample hit@1 ${f2(inSample.hit1)}, hit@3 ${f2(inSample.hit3)}, MRR ${f2(inSample.mrr)})\n`);
if (process.argv.includes('--write')) {
  const file = {
    about: `Written by src/eval/fit-rerank.ts --write on ${new Date().toISOString().slice(0, 10)}: coordinate ascent on MRR@10 + hit@3 over ${data.length} answerable tune questions of eval/questions.jsonl (seeds, wikinews, seeds+whitehouse-russia; ${data.reduce((s, r) => s + r.label.length, 0)} candidates), from the hand weights, coverage fixed at 1. Cross-validation: ${FOLDS} folds by evidence document, ${FOLD_SEEDS.length} fold seeds, held-out means in "cv".`,
    cv,
    weights: all,
  };
  fs.writeFileSync(WEIGHTS_FILE, `${JSON.stringify(file, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(REPO, WEIGHTS_FILE)}\n`);
}

// Does a returned passage hold the evidence? Passages are cleaned Markdown (links, escapes, hard
// wraps and double spaces gone) while evidence is copied byte for byte from the file, so both are
// compared as sequences of lowercased letter/digit tokens: a hit shares a run of at least
// min(8, evidence length) consecutive tokens with the evidence. Eight tokens are rarely shared by
// chance, and a run that long survives an evidence sentence split across two passages.
import path from 'node:path';
import type { AskHit } from '../core/ask.ts';
import type { Article, Passage } from '../core/types.ts';

export const MIN_RUN = 8;

export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** One evidence excerpt, ready to match: its document and every run of `n` tokens in it. */
export interface EvidenceMatcher {
  /** The article id of the evidence's document in this corpus, or undefined when it is not loaded. */
  readonly articleId: string | undefined;
  readonly file: string;
  readonly n: number;
  readonly runs: ReadonlySet<string>;
  /** Every token of the excerpt, space-joined: what a wire copy in another file must hold whole. */
  readonly whole: string;
}

export function evidenceMatcher(file: string, articleId: string | undefined, text: string): EvidenceMatcher {
  const tokens = wordTokens(text);
  const n = Math.min(MIN_RUN, tokens.length);
  return { file, articleId, n, runs: runsOf(tokens, n), whole: tokens.join(' ') };
}

function runsOf(tokens: readonly string[], n: number): Set<string> {
  const out = new Set<string>();
  if (n === 0) return out;
  for (let i = 0; i + n <= tokens.length; i++) out.add(tokens.slice(i, i + n).join(' '));
  return out;
}

/** The passage is from the evidence's document and shares a run of `n` tokens with it. */
export function passageHolds(passage: Passage, ev: EvidenceMatcher): boolean {
  if (ev.articleId === undefined || passage.articleId !== ev.articleId || ev.n === 0) return false;
  const tokens = wordTokens(passage.text);
  for (let i = 0; i + ev.n <= tokens.length; i++) if (ev.runs.has(tokens.slice(i, i + ev.n).join(' '))) return true;
  return false;
}

/**
 * The wire-copy rule (`npm run eval -- --wire-copies`): a passage of any other file holds the whole
 * excerpt, word for word, and the excerpt is at least eight words. An agency story reprinted by two
 * outlets answers as well from either; a shared run of eight words is not enough there, as a quoted
 * line recurs across unrelated stories.
 */
export function passageHoldsWhole(passage: Passage, ev: EvidenceMatcher): boolean {
  // An excerpt of a few words ("Polish President Andrzej Duda") is in any story naming them: no wire copy.
  if (ev.n < MIN_RUN) return false;
  return ` ${wordTokens(passage.text).join(' ')} `.includes(` ${ev.whole} `);
}

/** A result hits when its passage, or one of its near-duplicates, holds any evidence excerpt. */
export function resultHits(hit: Pick<AskHit, 'passage' | 'duplicates'>, evidence: readonly EvidenceMatcher[], wireCopies = false): boolean {
  const holds = (p: Passage, ev: EvidenceMatcher): boolean => passageHolds(p, ev) || (wireCopies && passageHoldsWhole(p, ev));
  return evidence.some((ev) => holds(hit.passage, ev) || hit.duplicates.some((d) => holds(d, ev)));
}

/** 1-based rank of the first hitting result, or undefined. */
export function firstHitRank(results: readonly Pick<AskHit, 'passage' | 'duplicates'>[], evidence: readonly EvidenceMatcher[], wireCopies = false): number | undefined {
  const i = results.findIndex((r) => resultHits(r, evidence, wireCopies));
  return i < 0 ? undefined : i + 1;
}

/**
 * Article ids by absolute file path. Ids are file basenames and can repeat across folders (the
 * loader keeps the first), so the evidence's document is found by its path, never by its id.
 * `source` is relative to the working directory the corpus was loaded from.
 */
export function articlesByPath(articles: readonly Pick<Article, 'id' | 'source'>[], cwd = process.cwd()): Map<string, string> {
  return new Map(articles.map((a) => [path.resolve(cwd, a.source), a.id]));
}

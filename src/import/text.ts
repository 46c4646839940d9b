// Plain-text articles (as pasted from a page, like the seeds): a title line, when the first line
// looks like a headline, becomes the title; the cleaning stages then move a `date …` prefix, an
// `Updated …` stamp and a reporting credit into the front matter (compose.ts).
import { runStages } from '../core/clean/pipeline.ts';
import { toParagraphs } from '../core/clean/paragraphs.ts';
import { splitSentences } from '../core/sentences.ts';
import type { Extracted } from './draft.ts';

const STAMP = /^(?:date:?\s+\d{4}-\d{2}-\d{2}|updated:?\s|\d{1,2}:\d{2}\b|\[\s*\]$|\(\s*\)$)/i;

/**
 * A headline: one short line, some capitalised words, no sentence-ending full stop, and article
 * text after it. Written by hand: no library tells a headline from a one-line paragraph.
 */
export function isTitleLine(line: string, rest: number): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  if (rest < 1 || words.length < 2 || words.length > 25 || line.length > 200) return false;
  if (STAMP.test(line)) return false;
  if (/[.,;:!…]["”’)]?$/.test(line)) return false;
  // A question is a headline only when short ("Is the summit off?").
  if (/\?["”’)]?$/.test(line) && words.length > 15) return false;
  return /^[\p{Lu}\p{N}"“‘']/u.test(line);
}

/** When there is no title line: the lede's question (the one an explainer answers), else its first sentence. */
export function titleFromLede(lede: string): { title: string; how: string } | undefined {
  const sentences = splitSentences(lede).map((s) => lede.slice(s.start, s.end).trim());
  const question = sentences.find((s) => /\?["”’)]?$/.test(s));
  if (question) return { title: question, how: 'the question its lede asks' };
  const first = sentences[0];
  if (first === undefined) return undefined;
  const words = first.split(/\s+/);
  const title = words.length <= 30 ? first : `${words.slice(0, 12).join(' ')}…`;
  return { title, how: 'the first sentence of its lede' };
}

export function extractText(content: string): Extracted {
  const raw = toParagraphs(content, 'text');
  if (raw.length === 0) return { ok: false, reason: 'the file is empty' };
  const first = raw[0] as string;
  if (isTitleLine(first, raw.length - 1)) return { ok: true, draft: { title: first, paragraphs: raw.slice(1) } };
  const lede = runStages(raw).paragraphs[0];
  const guess = lede === undefined ? undefined : titleFromLede(lede);
  if (!guess) return { ok: false, reason: 'no title line and no lede to take a title from (pass --title)' };
  return {
    ok: true,
    draft: { title: guess.title, paragraphs: raw, notes: [`no title line: title taken from ${guess.how} (pass --title to set it)`] },
  };
}

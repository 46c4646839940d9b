// Splits an article into passages for search and citation: paragraphs, with very short ones merged
// into their neighbours and long ones split at sentence boundaries (never inside a quotation).
// Every passage is an exact slice of the article text, so its range is its citation.
import { splitSentences, type Span } from './sentences.ts';
import { speakerLabel } from './transcript.ts';
import type { Article, Passage } from './types.ts';

export interface PassageOptions {
  /** Passages shorter than this merge with the next paragraph. */
  readonly minWords: number;
  /** Passages never grow past this by merging; longer paragraphs are split. */
  readonly maxWords: number;
}

export const DEFAULT_PASSAGE_OPTIONS: PassageOptions = { minWords: 40, maxWords: 150 };

const wordCount = (s: string): number => (s.match(/\S+/g) ?? []).length;

/** Paragraph spans of a cleaned text (paragraphs are separated by blank lines). */
export function paragraphSpans(text: string): Span[] {
  const spans: Span[] = [];
  const re = /[^\n]+(?:\n(?!\n)[^\n]+)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return spans;
}

/** Net change in open double quotes across `s` (curly pairs, and straight quotes by parity). */
function quoteDepthAfter(s: string, depth: number): number {
  let d = depth;
  for (const ch of s) {
    if (ch === '“') d++;
    else if (ch === '”') d = Math.max(0, d - 1);
    else if (ch === '"') d = d > 0 ? d - 1 : d + 1;
  }
  return d;
}

/** Splits a long paragraph into chunks at sentence ends that lie outside quotations. */
function splitLong(p: Span, maxWords: number): Span[] {
  const sentences = splitSentences(p.text, p.start);
  const chunks: Span[] = [];
  let start = p.start;
  let words = 0;
  let depth = 0;
  let lastEnd = p.start;
  const target = Math.min(maxWords, Math.max(60, Math.ceil(wordCount(p.text) / Math.ceil(wordCount(p.text) / maxWords))));
  for (const s of sentences) {
    const w = wordCount(s.text);
    // Close the chunk before this sentence if it would overflow and we are not inside a quote.
    if (words > 0 && words + w > target && depth === 0) {
      chunks.push({ text: '', start, end: lastEnd });
      start = s.start;
      words = 0;
    }
    words += w;
    depth = quoteDepthAfter(s.text, depth);
    lastEnd = s.start + s.text.trimEnd().length;
  }
  chunks.push({ text: '', start, end: p.end });
  return chunks;
}

export function splitPassages(article: Article, opts: PassageOptions = DEFAULT_PASSAGE_OPTIONS): Passage[] {
  const text = article.text;
  const pieces: { start: number; end: number; words: number; label?: string }[] = [];
  for (const para of paragraphSpans(text)) {
    const label = speakerLabel(para.text)?.label;
    const parts = wordCount(para.text) > opts.maxWords ? splitLong(para, opts.maxWords) : [para];
    parts.forEach((part, i) => {
      const piece = { start: part.start, end: part.end, words: wordCount(text.slice(part.start, part.end)) };
      pieces.push(i === 0 && label !== undefined ? { ...piece, label } : piece);
    });
  }

  const groups: { start: number; end: number; words: number }[] = [];
  const labels: (string | undefined)[] = [];
  let current: { start: number; end: number; words: number } | undefined;
  let speaker: string | undefined;
  let speakerAtStart: string | undefined;
  for (const piece of pieces) {
    if (current && (current.words >= opts.minWords || current.words + piece.words > opts.maxWords)) {
      groups.push(current);
      labels.push(speakerAtStart);
      current = undefined;
    }
    if (!current) {
      current = { ...piece };
      speakerAtStart = piece.label ?? speaker;
    } else {
      current.end = piece.end;
      current.words += piece.words;
    }
    // A passage that opens before the first label of a transcript is credited to that label.
    if (piece.label !== undefined) {
      speaker = piece.label;
      if (speakerAtStart === undefined) speakerAtStart = piece.label;
    }
  }
  if (current) {
    const last = groups[groups.length - 1];
    // A short tail joins the passage before it when the two still fit.
    if (last && current.words < opts.minWords / 2 && last.words + current.words <= opts.maxWords) {
      last.end = current.end;
      last.words += current.words;
    } else {
      groups.push(current);
      labels.push(speakerAtStart);
    }
  }

  return groups.map((g, i) => {
    const label = labels[i];
    return {
      id: `${article.id}#${i + 1}`,
      articleId: article.id,
      n: i + 1,
      text: text.slice(g.start, g.end),
      start: g.start,
      end: g.end,
      ...(label !== undefined && { speaker: label }),
    };
  });
}

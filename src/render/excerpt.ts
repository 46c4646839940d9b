// Excerpts as embed Markdown: highlights in bold, the best sentence underlined, escaped, and when
// too long a window around the best sentence (else the first highlight) cut at word boundaries with "…".
import type { Highlight } from '../core/answer.ts';
import { ELLIPSIS, firstSpaceIn, graphemeBoundaryAfter, graphemeBoundaryBefore, lastSpaceIn, measure, truncate } from './limits.ts';
import { escapeRange } from './markdown.ts';

/**
 * Whether `at` is certainly a grapheme boundary without asking Intl.Segmenter (slow: it segments
 * from the start): between two characters below U+0300 or general punctuation (U+2010–U+205F).
 * No character in those ranges joins a grapheme with its neighbour (combining marks, joiners,
 * regional indicators, emoji modifiers all lie elsewhere), and a CR LF pair is excluded.
 */
function plainBoundary(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true;
  const a = text.charCodeAt(at - 1);
  const b = text.charCodeAt(at);
  const plain = (c: number): boolean => c < 0x300 || (c >= 0x2010 && c <= 0x205f);
  return plain(a) && plain(b) && !(a === 13 && b === 10);
}

/** Sorted, clipped, merged highlights with surrounding whitespace moved outside the bold. */
function cleanHighlights(text: string, highlights: readonly Highlight[]): Highlight[] {
  const sorted = highlights
    .map(([s, e]): Highlight => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))])
    .map(([s, e]): Highlight => [plainBoundary(text, s) ? s : graphemeBoundaryBefore(text, s), plainBoundary(text, e) ? e : graphemeBoundaryAfter(text, e)])
    .map(([s, e]): Highlight => {
      while (s < e && /\s/.test(text[s] ?? '')) s++;
      while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
      return [s, e];
    })
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = merged.at(-1);
    // Touching ranges would print "****", which Discord shows as asterisks: merge them.
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

function formatWindow(text: string, hl: readonly Highlight[], a: number, b: number, mark?: Highlight): string {
  // The marked range (the best sentence) is underlined; highlights are split at its edges so that
  // bold and underline nest rather than cross.
  const ms = mark ? Math.max(mark[0], a) : -1;
  const me = mark ? Math.min(mark[1], b) : -1;
  const marked = ms >= 0 && me > ms;
  const cuts = marked
    ? hl
        .flatMap(([s, e]): Highlight[] => [
          [s, Math.min(e, ms)],
          [Math.max(s, ms), Math.min(e, me)],
          [Math.max(s, me), e],
        ])
        .filter(([s, e]) => e > s)
    : hl;
  let out = '';
  let i = a;
  const to = (at: number): void => {
    if (marked && i <= ms && at > ms) {
      out += `${escapeRange(text, i, ms, a)}__`;
      i = ms;
    }
    if (marked && i < me && at >= me) {
      out += `${escapeRange(text, i, me, a)}__`;
      i = me;
    }
    out += escapeRange(text, i, at, a);
    i = at;
  };
  for (const [s0, e0] of cuts) {
    const s = Math.max(s0, a);
    const e = Math.min(e0, b);
    if (e <= s) continue;
    to(s);
    if (marked && s === ms) {
      out += '__';
      i = s;
    }
    out += `**${escapeRange(text, s, e, a)}**`;
    i = e;
    if (marked && e === me) out += '__';
  }
  to(b);
  return (a > 0 ? ELLIPSIS : '') + out + (b < text.length ? ELLIPSIS : '');
}

/** Share of the window given to text before the first highlight. */
const LEAD = 0.3;

/**
 * The excerpt as embed markdown of at most `max` characters: escaped, highlights in bold, and
 * when too long, a window around the first highlight cut at word boundaries with "…".
 */
export function renderExcerpt(excerpt: string, highlights: readonly Highlight[], max: number, best?: { start: number; end: number }): string {
  const text = excerpt;
  const hl = cleanHighlights(text, highlights);
  const mark = best ? cleanHighlights(text, [[best.start, best.end]])[0] : undefined;
  const full = formatWindow(text, hl, 0, text.length, mark);
  if (measure(full) <= max) return full;
  // The window opens on the best sentence when there is one, else on the first highlight.
  const focus = mark?.[0] ?? hl[0]?.[0] ?? 0;
  let budget = max - 2 * ELLIPSIS.length;
  while (budget > 0) {
    let a = Math.max(0, focus - Math.min(Math.floor(budget * LEAD), focus));
    if (a > 0) {
      // Start at a word: the first one after a space, else the highlighted one itself.
      const space = firstSpaceIn(text, a - 1, focus);
      a = space >= 0 ? space + 1 : focus;
    }
    let b = Math.min(text.length, a + budget);
    if (b < text.length) {
      const space = lastSpaceIn(text, a + Math.floor(budget * 0.75), b + 1);
      b = space > a ? space : graphemeBoundaryBefore(text, b);
    }
    while (b > a && /\s/.test(text[b - 1] ?? '')) b--;
    while (a < b && /\s/.test(text[a] ?? '')) a++;
    const out = formatWindow(text, hl, a, b, mark);
    const over = measure(out) - max;
    if (over <= 0) return out;
    budget -= Math.max(over, 1);
  }
  return truncate(ELLIPSIS, max);
}

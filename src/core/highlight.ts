// Marks where query terms stand in an excerpt, by normalising the excerpt's words the same way the
// index did, so "expelled" is highlighted for a query about "expulsion".
import type { Highlight } from './answer.ts';
import { termsWithOffsets, type PhraseSet } from './search/tokenize.ts';

export function highlightTerms(text: string, matched: ReadonlySet<string>, phrases: PhraseSet): Highlight[] {
  return termsWithOffsets(text, phrases)
    .filter((t) => matched.has(t.term))
    .map((t) => [t.start, t.end] as const);
}

/** A short window of `text` around its densest cluster of highlights, with the marks in `**`. */
export function snippet(text: string, highlights: readonly Highlight[], width = 240): string {
  let from = 0;
  if (highlights.length > 0 && text.length > width) {
    let best = 0;
    let bestCount = -1;
    for (let i = 0; i < highlights.length; i++) {
      const start = (highlights[i] as Highlight)[0];
      const count = highlights.filter(([s, e]) => s >= start && e <= start + width).length;
      if (count > bestCount) {
        best = start;
        bestCount = count;
      }
    }
    from = Math.max(0, best - Math.floor(width / 4));
    const space = text.lastIndexOf(' ', from);
    from = from === 0 ? 0 : space < 0 ? from : space + 1;
  }
  let to = Math.min(text.length, from + width);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from) to = space;
  }
  let out = '';
  let pos = from;
  for (const [s, e] of highlights) {
    if (s < from || e > to) continue;
    out += `${text.slice(pos, s)}**${text.slice(s, e)}**`;
    pos = e;
  }
  out += text.slice(pos, to);
  return `${from > 0 ? '…' : ''}${out}${to < text.length ? '…' : ''}`;
}

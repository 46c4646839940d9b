// An Answer as plain text for the console: numbered results, highlights in **bold**, and a
// citation line a reader can follow back to the source.
import type { Answer, AnswerItem, Highlight } from '../core/answer.ts';
import type { Citation } from '../core/types.ts';
import { formatDate, itemNoun } from './format.ts';

export interface TextOptions {
  /** Wrap lines at this many columns (default 100); 0 turns wrapping off. */
  readonly width?: number;
  /** How the reader asks for page n (1-based): a CLI flag by default, `next` in the console. */
  readonly moreHint?: (page: number) => string;
}

const INDENT = '   ';

/** Marks the start of the sentence that best answers, in the console. */
export const BEST_SENTENCE_MARK = '› ';

/** The excerpt with highlighted ranges wrapped in `**`, and the best sentence opened by `›`. */
export function markHighlights(text: string, highlights: readonly Highlight[], best?: { start: number }): string {
  let out = '';
  let i = 0;
  let marked = best === undefined || best.start < 0 || best.start > text.length;
  const markTo = (at: number): void => {
    if (!marked && best !== undefined && best.start <= at) {
      out += `${text.slice(i, best.start)}${BEST_SENTENCE_MARK}`;
      i = best.start;
      marked = true;
    }
  };
  for (const [s0, e0] of [...highlights].sort((a, b) => a[0] - b[0])) {
    const s = Math.max(s0, i);
    const e = Math.min(e0, text.length);
    if (e <= s) continue;
    markTo(s);
    out += `${text.slice(i, s)}**${text.slice(s, e)}**`;
    i = e;
  }
  markTo(text.length);
  return out + text.slice(i);
}

/** "Title — Outlet, 13 Feb 2025 — url — passage 3 of 12 (chars 1024–1530)". */
export function citationLine(c: Citation): string {
  const source = [c.outlet, c.published ? formatDate(c.published) : ''].filter((p) => p !== '').join(', ');
  const { n, of, start, end } = c.position;
  return [c.title || 'Untitled', source, c.url ?? '', `passage ${n} of ${of} (chars ${start}–${end})`].filter((p) => p !== '').join(' — ');
}

/** Greedy word wrap that keeps every word and line break; a word longer than the width gets its own line. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (width <= 0) {
      lines.push(indent + paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/[ \t]+/).filter((w) => w !== '')) {
      if (line !== '' && indent.length + line.length + 1 + word.length > width) {
        lines.push(indent + line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(indent + line);
  }
  return lines.map((l) => l.trimEnd());
}

function itemLines(command: string, item: AnswerItem, n: number, width: number): string[] {
  const c = item.citation;
  const [first = '', ...rest] = wrap(markHighlights(item.excerpt, item.highlights, item.bestSentence), width, INDENT);
  const lines = [`${`${n}.`.padEnd(INDENT.length)}${first.slice(INDENT.length)}`, ...rest];
  const facts: string[] = [];
  if (item.date !== undefined && !c.published.startsWith(item.date.iso)) {
    facts.push(`${command === 'quote' || item.speaker !== undefined ? 'Said' : 'Event'}: ${item.date.label || formatDate(item.date.iso)}`);
  }
  if (command === 'quote' || item.speaker !== undefined || item.cue !== undefined) {
    facts.push(`Speaker: ${item.speaker?.trim() || 'Unattributed'}${item.cue?.trim() ? ` (“${item.cue.trim()}”)` : ''}`);
  }
  if (facts.length > 0) lines.push(INDENT + facts.join(' · '));
  lines.push(`${INDENT}${citationLine(c)}`);
  if (item.alsoIn !== undefined && item.alsoIn.length > 0) {
    const others = item.alsoIn.map((o) => [o.outlet, o.published ? formatDate(o.published) : ''].filter((p) => p !== '').join(', '));
    lines.push(`${INDENT}Also reported by: ${others.join('; ')}`);
  }
  return lines;
}

/** The answer as console text. */
export function renderText(answer: Answer, opts: TextOptions = {}): string {
  const width = opts.width ?? 100;
  const blocks: string[] = [];
  if (answer.error === true) return `Error: ${answer.notice ?? answer.title}\n`;
  blocks.push(answer.title);
  if (answer.notice !== undefined && answer.notice.trim() !== '') blocks.push(wrap(answer.notice, width, '').join('\n'));
  if (answer.body !== undefined && answer.body.trim() !== '') blocks.push(answer.body.trimEnd());
  if (answer.fields !== undefined && answer.fields.length > 0) {
    blocks.push(answer.fields.map((f) => `${f.name}: ${f.value}`).join('\n'));
  }
  const paging = answer.paging;
  for (const [i, item] of answer.items.entries()) {
    blocks.push(itemLines(answer.command, item, i + 1, width).join('\n'));
  }
  if (paging !== undefined && paging.pageCount > 1) {
    const noun = itemNoun(answer.command, paging.total);
    const more = opts.moreHint ?? ((n: number) => `Add --page ${n} for more.`);
    const hint = paging.page + 1 < paging.pageCount ? ` ${more(paging.page + 2)}` : '';
    blocks.push(`Page ${paging.page + 1} of ${paging.pageCount} (${paging.total} ${noun}).${hint}`);
  }
  return `${blocks.join('\n\n')}\n`;
}

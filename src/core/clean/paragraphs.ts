// Turns an article body into paragraphs of plain text. Markdown goes through markdown-it (fast and
// CommonMark-compliant), so links keep their text, emphasis marks go and list items become their
// own paragraphs; hard-wrapped lines inside a block are joined with a space.
import markdownit, { type MarkdownIt, type Token } from 'markdown-it';

export type BodyFormat = 'markdown' | 'text';

let parser: MarkdownIt | undefined;

function inlineText(children: readonly Token[] | null): string {
  let out = '';
  for (const t of children ?? []) {
    if (t.type === 'text' || t.type === 'code_inline') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += '\n';
    // link_open/close, strong/em marks, images and inline HTML add no text.
  }
  return out;
}

function markdownBlocks(body: string): string[] {
  parser ??= markdownit({ html: true, linkify: false, typographer: false });
  const out: string[] = [];
  let row: string[] | undefined;
  for (const t of parser.parse(body, {})) {
    if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') {
      if (row) out.push(row.join(' | '));
      row = undefined;
    } else if (t.type === 'inline') {
      if (row) row.push(inlineText(t.children));
      else out.push(inlineText(t.children));
    } else if (t.type === 'code_block' || t.type === 'fence') {
      // Indented text that CommonMark reads as code is still article text here.
      out.push(t.content);
    }
  }
  return out;
}

/** Joins a block's hard-wrapped lines and trims it. */
function joinLines(block: string): string {
  return block.replace(/[ \t\u00a0]*\r?\n[ \t\u00a0]*/g, ' ').trim();
}

/** A line of only spaces and non-breaking spaces is a blank line, whatever CommonMark says. */
const BLANKISH = /^[ \t\u00a0\u2007\u202f\u200b\ufeff]+$/gm;

/**
 * Paragraphs of `body`. Plain text with blank lines between paragraphs has its lines joined;
 * plain text without any blank line (as pasted from a web page) has one paragraph a line.
 */
export function toParagraphs(body: string, format: BodyFormat): string[] {
  const text = body.replace(/\r\n?/g, '\n').replace(BLANKISH, '');
  let raw: string[];
  if (format === 'markdown') raw = markdownBlocks(text);
  else raw = /\n\n/.test(text) ? text.split(/\n{2,}/) : text.split('\n');
  return raw.map(joinLines).filter((p) => p.length > 0);
}

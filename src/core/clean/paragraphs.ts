// Turns an article body into paragraphs of plain text. Markdown goes through mdast (the
// micromark parser), so links keep their text, emphasis marks go and list items become their own
// paragraphs; hard-wrapped lines inside a block are joined with a space.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes, RootContent } from 'mdast';

export type BodyFormat = 'markdown' | 'text';

function inlineText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return ' ';
    case 'html':
    case 'image':
    case 'imageReference':
    case 'footnoteReference':
      return '';
    default:
      return 'children' in node ? node.children.map((c) => inlineText(c as Nodes)).join('') : '';
  }
}

function blocks(nodes: readonly RootContent[], out: string[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        out.push(inlineText(node));
        break;
      case 'code':
        // Indented text that micromark reads as code is still article text here.
        out.push(node.value);
        break;
      case 'blockquote':
      case 'list':
      case 'listItem':
        blocks(node.children, out);
        break;
      case 'table':
        for (const row of node.children) out.push(row.children.map((cell) => inlineText(cell)).join(' | '));
        break;
      default:
        break; // thematic breaks, html blocks, definitions: not article text
    }
  }
}

/** Joins a block's hard-wrapped lines and trims it. */
function joinLines(block: string): string {
  return block.replace(/[ \t\u00a0]*\r?\n[ \t\u00a0]*/g, ' ').trim();
}

/**
 * Paragraphs of `body`. Plain text with blank lines between paragraphs has its lines joined;
 * plain text without any blank line (as pasted from a web page) has one paragraph a line.
 */
export function toParagraphs(body: string, format: BodyFormat): string[] {
  let raw: string[];
  if (format === 'markdown') {
    raw = [];
    blocks(fromMarkdown(body).children, raw);
  } else {
    raw = /\n[ \t\u00a0]*\n/.test(body) ? body.split(/\n[ \t\u00a0]*\n/) : body.split('\n');
  }
  return raw.map(joinLines).filter((p) => p.length > 0);
}

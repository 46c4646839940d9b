// HTML pages: Mozilla Readability (on linkedom, a light server-side DOM) finds the article body;
// its blocks become paragraphs, headings stay marked; metadata comes from the page (html-meta.ts).
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { ELEMENT_NODE, TEXT_NODE, type DomDocument, type DomElement, type DomNode } from './dom.ts';
import type { Extracted } from './draft.ts';
import { pageMetadata } from './html-meta.ts';

/** Elements whose text is one paragraph. */
const LEAF_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'dt', 'dd', 'td', 'th']);
/** Elements that hold blocks (walked into), or end a run of inline text. */
const CONTAINERS = new Set(['div', 'section', 'article', 'main', 'blockquote', 'ul', 'ol', 'li', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'header', 'aside', 'details', 'center']);
/** Not article text: captions, media, forms. */
const SKIP = new Set(['figure', 'figcaption', 'img', 'picture', 'video', 'audio', 'iframe', 'script', 'style', 'noscript', 'svg', 'button', 'form', 'input', 'select', 'textarea', 'nav']);
const HEADING = /^h[1-6]$/;

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

type HtmlBlock = { text: string; heading: boolean };

function blocksOf(root: DomElement): HtmlBlock[] {
  const out: HtmlBlock[] = [];
  let inline = '';
  const flush = (): void => {
    const t = squash(inline);
    if (t) out.push({ text: t, heading: false });
    inline = '';
  };
  const inlineText = (node: DomNode): string => {
    if (node.nodeType === TEXT_NODE) return node.textContent ?? '';
    if (node.nodeType !== ELEMENT_NODE) return '';
    const tag = (node as DomElement).tagName.toLowerCase();
    if (SKIP.has(tag)) return '';
    if (tag === 'br') return ' ';
    return Array.from(node.childNodes).map(inlineText).join('');
  };
  const walk = (el: DomElement): void => {
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === TEXT_NODE) {
        inline += node.textContent ?? '';
        continue;
      }
      if (node.nodeType !== ELEMENT_NODE) continue;
      const child = node as DomElement;
      const tag = child.tagName.toLowerCase();
      if (SKIP.has(tag)) continue;
      const hasBlocks = Array.from(child.children).some((c) => LEAF_BLOCKS.has(c.tagName.toLowerCase()) || CONTAINERS.has(c.tagName.toLowerCase()));
      if (LEAF_BLOCKS.has(tag) && !hasBlocks) {
        flush();
        const t = squash(inlineText(child));
        if (t) out.push({ text: t, heading: HEADING.test(tag) });
      } else if (LEAF_BLOCKS.has(tag) || CONTAINERS.has(tag)) {
        flush();
        walk(child);
        flush();
      } else {
        inline += inlineText(child);
      }
    }
  };
  walk(root);
  flush();
  return out;
}

/** "By Anna Kowalski and David Osei", "Published 20 November 2023": page furniture before the first sentence, not text. */
const BYLINE = /^(?:by|published|updated|posted|last updated)\b/i;
function dropLeadingBylines(blocks: HtmlBlock[]): HtmlBlock[] {
  const first = blocks.findIndex((b) => b.heading || !BYLINE.test(b.text) || b.text.split(' ').length > 15);
  return first === -1 ? [] : blocks.slice(first);
}

export function extractHtml(html: string, pageUrl?: string): Extracted {
  const { document } = parseHTML(html) as unknown as { document: DomDocument };
  const meta = pageMetadata(document, pageUrl);
  let parsed: ReturnType<Readability<DomNode>['parse']>;
  try {
    // Readability's types name the browser's Document; linkedom's document is the same shape.
    parsed = new Readability<DomNode>(document as never, { serializer: (n) => n as unknown as DomNode, charThreshold: 200 }).parse();
  } catch (err) {
    return { ok: false, reason: `the page could not be read (${err instanceof Error ? err.message : String(err)})` };
  }
  const content = parsed?.content;
  if (!parsed || !content) return { ok: false, reason: 'no article text found on the page' };
  const blocks = dropLeadingBylines(blocksOf(content as DomElement));
  if (blocks.length === 0) return { ok: false, reason: 'no article text found on the page' };
  const byline = parsed.byline?.replace(/^\s*by\s+/i, '').trim();
  const authors = meta.authors ?? (byline ? byline.split(/\s*,\s*|\s+and\s+/).filter((n) => n.length > 0 && n.length < 80) : undefined);
  const title = meta.title ?? parsed.title ?? undefined;
  const outlet = meta.outlet ?? parsed.siteName ?? undefined;
  return {
    ok: true,
    draft: {
      ...(title !== undefined && { title }),
      ...(outlet !== undefined && { outlet }),
      ...(meta.published !== undefined && { published: meta.published }),
      ...(meta.updated !== undefined && { updated: meta.updated }),
      ...(authors !== undefined && { authors }),
      ...(meta.url !== undefined && { url: meta.url }),
      ...((meta.language ?? parsed.lang) && { language: (meta.language ?? parsed.lang) as string }),
      paragraphs: blocks.map((b) => b.text),
      headings: new Set(blocks.filter((b) => b.heading).map((b) => b.text)),
    },
  };
}

/**
 * The blocks of an HTML fragment that is already the article (a feed's content:encoded or Atom
 * content): no Readability, which looks for the article inside a page and discards short ones.
 */
export function htmlFragmentBlocks(html: string): { paragraphs: string[]; headings: Set<string> } {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`) as unknown as { document: DomDocument };
  const body = document.querySelector('body');
  const blocks = body === null ? [] : dropLeadingBylines(blocksOf(body));
  return { paragraphs: blocks.map((b) => b.text), headings: new Set(blocks.filter((b) => b.heading).map((b) => b.text)) };
}

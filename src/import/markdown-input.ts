// Markdown files with front matter: validated by the loader's own parser (so a file that imports
// is a file that loads), then normalised: common archive field names become the corpus names,
// dates become ISO, the body goes through the cleaning stages. Unknown fields are kept.
import markdownit from 'markdown-it';
import { parse as parseYaml, stringify } from 'yaml';
import { parseArticleFile, type FolderDefaults } from '../core/article-file.ts';
import { toParagraphs } from '../core/clean/paragraphs.ts';
import type { Draft, Extracted, Overrides } from './draft.ts';

const FRONT = /^\ufeff?---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;
/** Every front-matter name the loader reads (article-file.ts), plus `credit`, which import writes. */
const KNOWN = new Set([
  'title',
  'outlet',
  'source',
  'published',
  'date',
  'published_time',
  'updated',
  'modified_time',
  'url',
  'source_url',
  'link',
  'authors',
  'author',
  'language',
  'lang',
  'tags',
  'credit',
]);

function headingTexts(body: string): Set<string> {
  const out = new Set<string>();
  const tokens = markdownit({ html: true }).parse(body, {});
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const inline = tokens[i + 1];
    const text = (inline?.children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' ? ' ' : '')).join('');
    out.add(text.replace(/\s+/g, ' ').trim());
  });
  return out;
}

export function extractMarkdown(content: string, source: string, overrides: Overrides = {}, defaults?: FolderDefaults): Extracted {
  const m = FRONT.exec(content);
  if (!m) return { ok: false, reason: 'no front matter (a Markdown article starts with `---`, its fields, and `---`)' };
  let fm: unknown;
  try {
    fm = parseYaml(m[1] ?? '', { logLevel: 'error' }) ?? {};
  } catch (err) {
    return { ok: false, reason: `broken front matter: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` };
  }
  if (typeof fm !== 'object' || fm === null || Array.isArray(fm)) return { ok: false, reason: 'front matter is not a mapping of fields' };
  const fields: Record<string, unknown> = { ...(fm as Record<string, unknown>), ...overrides };
  const body = content.slice(m[0].length);
  const parsed = parseArticleFile({
    id: 'import',
    source,
    content: `---\n${stringify(fields)}---\n${body}`,
    format: 'markdown',
    ...(defaults !== undefined && { defaults }),
  });
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const a = parsed.article;
  const extra = Object.fromEntries(Object.entries(fields).filter(([k]) => !KNOWN.has(k)));
  const credit = fields['credit'];
  const draft: Draft = {
    title: a.title,
    outlet: a.outlet,
    published: a.published,
    ...(a.updated !== undefined && { updated: a.updated }),
    authors: a.authors,
    ...(typeof credit === 'string' && { credit }),
    ...(a.url !== undefined && { url: a.url }),
    ...(a.language !== undefined && { language: a.language }),
    tags: a.tags,
    paragraphs: toParagraphs(body, 'markdown'),
    headings: headingTexts(body),
    ...(Object.keys(extra).length > 0 && { extra }),
  };
  return { ok: true, draft };
}

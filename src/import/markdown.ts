// Cleaned article text written back as a Markdown corpus file. The loader reads bodies through
// markdown-it, so every character markdown-it would treat as syntax is escaped; the caller reads
// the written file back to prove the text survives unchanged (see compose.ts).
import { Document, isSeq } from 'yaml';

/** The front matter of an imported file, in the corpus format's field order. */
export interface FrontMatter {
  readonly title: string;
  readonly outlet: string;
  readonly published: string;
  readonly updated?: string;
  readonly url?: string;
  readonly authors?: readonly string[];
  readonly credit?: string;
  readonly language?: string;
  readonly tags?: readonly string[];
  /** Fields of an imported Markdown file the corpus format does not know, kept as they were. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface Block {
  readonly text: string;
  readonly heading?: boolean;
}

/** Escapes inline syntax everywhere and block syntax at the start of the paragraph. */
export function escapeMarkdown(text: string): string {
  let out = text
    .replace(/\\/g, '\\\\')
    .replace(/[`*_[\]<~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  // Block starts: headings, quotes, list markers, thematic breaks, setext lines, ordered lists.
  out = out.replace(/^([#>+=|-])/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return out;
}

/** Every ASCII punctuation character escaped: the fallback when the light escaping does not read back. */
export function escapeAllPunctuation(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

export function renderBody(blocks: readonly Block[], escapeText: (t: string) => string = escapeMarkdown): string {
  return blocks.map((b) => (b.heading ? `## ${escapeText(b.text).replace(/#+$/, (m) => m.replace(/#/g, '\\#'))}` : escapeText(b.text))).join('\n\n');
}

/** Front matter (via the `yaml` package, so quoting is always right) and body. */
export function renderArticleFile(fm: FrontMatter, blocks: readonly Block[], escapeText?: (t: string) => string): string {
  const fields: Record<string, unknown> = { title: fm.title, outlet: fm.outlet, published: fm.published };
  if (fm.updated !== undefined) fields['updated'] = fm.updated;
  if (fm.url !== undefined) fields['url'] = fm.url;
  if (fm.authors !== undefined && fm.authors.length > 0) fields['authors'] = [...fm.authors];
  if (fm.credit !== undefined) fields['credit'] = fm.credit;
  for (const [k, v] of Object.entries(fm.extra ?? {})) if (!(k in fields) && k !== 'language' && k !== 'tags') fields[k] = v;
  if (fm.language !== undefined) fields['language'] = fm.language;
  if (fm.tags !== undefined && fm.tags.length > 0) fields['tags'] = [...fm.tags];
  const doc = new Document(fields);
  // Tags on one line, as the hand-written corpus files have them.
  const tags = doc.get('tags', true);
  if (isSeq(tags)) tags.flow = true;
  const yamlText = doc.toString({ lineWidth: 0 });
  return `---\n${yamlText}---\n\n${renderBody(blocks, escapeText)}\n`;
}

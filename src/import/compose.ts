// A draft becomes a corpus file: the shared cleaning stages run over its paragraphs (moving a
// dateline, an update stamp or a credit into metadata), command-line overrides and folder
// defaults fill in, and the written Markdown is read back with the loader's own parser, so a file
// that import writes is exactly what the bot will load.
import { normaliseDate, outletFromUrl, parseArticleFile, type FolderDefaults } from '../core/article-file.ts';
import { runStages } from '../core/clean/pipeline.ts';
import type { Article } from '../core/types.ts';
import { cleanBody, cleanField } from '../load/sanitize.ts';
import type { Draft, Overrides } from './draft.ts';
import { escapeAllPunctuation, renderArticleFile, type Block, type FrontMatter } from './markdown.ts';
import { articleFileName } from './slug.ts';

export interface Composed {
  readonly fileName: string;
  readonly content: string;
  /** The article as the loader will read it from `content`. */
  readonly article: Article;
  readonly notes: readonly string[];
}

export type ComposeResult = ({ ok: true } & Composed) | { ok: false; reason: string };

/** An ISO date or date-time from what pages print (`2025-02-13T10:15:00.000Z`, `Thu, 13 Feb 2025 10:15:00 GMT`). */
export function isoDate(value: string): string | undefined {
  const direct = normaliseDate(value);
  if (direct !== undefined) return direct;
  // Anything else must carry a year and a month name or number to be trusted to Date.parse.
  if (!/\b\d{4}\b/.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** `en-US`, `en_GB` -> `en`: the corpus records the language, not the region. */
export function languageCode(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^([A-Za-z]{2,3})(?:[-_].*)?$/.exec(value.trim());
  return m ? (m[1] as string).toLowerCase() : undefined;
}

const same = (a: string, b: string): boolean => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The draft without terminal control characters, whatever the page held: a remote `<title>` could
 * otherwise set the window title or clear the screen of whoever reads the corpus.
 */
function cleanDraft(d: Draft): Draft {
  const field = (v: string | undefined): string | undefined => (v === undefined ? undefined : cleanField(v));
  const list = (v: readonly string[] | undefined): string[] | undefined => v?.map(cleanField).filter((x) => x.length > 0);
  const extra = d.extra === undefined ? undefined : (cleanValue(d.extra) as Record<string, unknown>);
  const out: { -readonly [K in keyof Draft]: Draft[K] } = { ...d, paragraphs: d.paragraphs.map(cleanBody) };
  for (const k of ['title', 'outlet', 'published', 'updated', 'credit', 'url', 'language'] as const) {
    const v = field(d[k]);
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  const authors = list(d.authors);
  const tags = list(d.tags);
  if (authors !== undefined) out.authors = authors;
  if (tags !== undefined) out.tags = tags;
  if (extra !== undefined) out.extra = extra;
  if (d.headings !== undefined) out.headings = new Set([...d.headings].map(cleanBody));
  return out;
}

function cleanValue(v: unknown): unknown {
  if (typeof v === 'string') return cleanBody(v);
  if (Array.isArray(v)) return v.map(cleanValue);
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [cleanField(k), cleanValue(x)]));
  return v;
}

export function composeArticle(raw: Draft, opts: { overrides?: Overrides; defaults?: FolderDefaults; suffix?: string } = {}): ComposeResult {
  const draft = cleanDraft(raw);
  const o = opts.overrides ?? {};
  const d = opts.defaults ?? {};
  const notes = [...(draft.notes ?? [])];
  const cleaned = runStages(draft.paragraphs);
  const found = cleaned.meta;

  const title = (o.title ?? draft.title)?.replace(/\s+/g, ' ').trim();
  if (!title) return { ok: false, reason: 'no title found (pass --title)' };
  let paragraphs = [...cleaned.paragraphs];
  // Pages often repeat the headline as the first line of the body.
  if (paragraphs[0] !== undefined && same(paragraphs[0], title)) paragraphs = paragraphs.slice(1);
  if (paragraphs.length === 0) return { ok: false, reason: 'no article text left after cleaning' };

  const updatedRaw = draft.updated ?? found.updated;
  const updated = updatedRaw === undefined ? undefined : isoDate(updatedRaw);
  if (updatedRaw !== undefined && updated === undefined) notes.push(`ignored an unreadable update date ${JSON.stringify(updatedRaw)}`);
  let publishedRaw = o.published ?? draft.published ?? found.published;
  if (publishedRaw === undefined && updated !== undefined) {
    // A page that prints only "Updated …" was published that day or before; the day is the best
    // date it gives, and the summary says so.
    publishedRaw = updated.slice(0, 10);
    notes.push('publication date taken from the update stamp (pass --published to set it)');
  }
  if (publishedRaw === undefined) return { ok: false, reason: 'no publication date found (pass --published YYYY-MM-DD)' };
  const published = isoDate(publishedRaw);
  if (published === undefined) return { ok: false, reason: `unreadable publication date ${JSON.stringify(publishedRaw)}` };

  const url = draft.url;
  let outlet = o.outlet ?? draft.outlet ?? d.outlet;
  if (outlet === undefined && url !== undefined) {
    outlet = outletFromUrl(url);
    if (outlet !== undefined) notes.push(`outlet taken from the address (${outlet}); pass --outlet to name it`);
  }
  if (!outlet) return { ok: false, reason: 'the text does not name its outlet (pass --outlet, or set `outlet:` in the folder’s corpus.yml)' };

  const authors = draft.authors !== undefined && draft.authors.length > 0 ? draft.authors : (found.authors ?? d.authors ?? []);
  const language = languageCode(o.language ?? draft.language ?? d.language);
  const tags = o.tags ?? draft.tags ?? d.tags ?? [];
  const fm: FrontMatter = {
    title,
    outlet,
    published,
    ...(updated !== undefined && updated !== published && { updated }),
    ...(url !== undefined && { url }),
    authors,
    ...((found.credit ?? draft.credit) !== undefined && { credit: (found.credit ?? draft.credit) as string }),
    ...(language !== undefined && { language }),
    tags,
    ...(draft.extra !== undefined && { extra: draft.extra }),
  };
  const headings = draft.headings ?? new Set<string>();
  const blocks: Block[] = paragraphs.map((text) => ({ text, ...(headings.has(text) && { heading: true }) }));
  const fileName = articleFileName(published, title, opts.suffix);
  const id = fileName.replace(/\.md$/, '');
  const text = paragraphs.join('\n\n');

  // Read the file back as the loader will; if light escaping changed a character, escape everything.
  for (const escapeText of [undefined, escapeAllPunctuation]) {
    const content = renderArticleFile(fm, blocks, escapeText);
    const back = parseArticleFile({ id, source: fileName, content, format: 'markdown' });
    if (!back.ok) return { ok: false, reason: back.reason };
    if (back.article.text === text) return { ok: true, fileName, content, article: back.article, notes };
  }
  return { ok: false, reason: 'the text would not read back unchanged from Markdown (please report this input)' };
}

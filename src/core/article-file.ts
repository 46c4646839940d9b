// One corpus file (front matter + body) to an Article, or a reason it cannot be one. Pure: the
// loader does the reading. Common front-matter names from other archives are accepted unchanged.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { cleanBody, type BodyFormat } from './clean/pipeline.ts';
import type { Article } from './types.ts';

/** Defaults a folder's `corpus.yml` may give its files. */
export interface FolderDefaults {
  readonly outlet?: string;
  readonly language?: string;
  readonly authors?: readonly string[];
  readonly tags?: readonly string[];
}

/** Hosts whose outlet name is not the host itself. */
const HOST_OUTLETS: Record<string, string> = {
  'whitehouse.gov': 'The White House',
  'bidenwhitehouse.archives.gov': 'The White House',
  'trumpwhitehouse.archives.gov': 'The White House',
  'obamawhitehouse.archives.gov': 'The White House',
};

const stringList = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (typeof v === 'string' ? v.split(/\s*,\s*/) : v.map(String)).map((s) => s.trim()).filter((s) => s.length > 0));
const scalar = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

const frontMatterSchema = z
  .object({
    title: scalar.optional(),
    outlet: scalar.optional(),
    source: scalar.optional(),
    published: scalar.optional(),
    date: scalar.optional(),
    published_time: scalar.optional(),
    updated: scalar.optional(),
    modified_time: scalar.optional(),
    url: scalar.optional(),
    source_url: scalar.optional(),
    link: scalar.optional(),
    authors: stringList.optional(),
    author: stringList.optional(),
    language: scalar.optional(),
    lang: scalar.optional(),
    tags: stringList.optional(),
  })
  .loose();

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A valid ISO date or date-time, normalised (`2021-04-15 14:57:34-04:00` -> `2021-04-15T14:57:34-04:00`), or undefined. */
export function normaliseDate(value: string): string | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, hh, mm, ss, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const probe = new Date(Date.UTC(Number(y), month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day) return undefined;
  if (hh === undefined) return `${y}-${mo}-${d}`;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss ?? 0) > 59) return undefined;
  const z2 = zone === undefined ? '' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${y}-${mo}-${d}T${hh}:${mm}${ss === undefined ? '' : `:${ss}`}${z2}`;
}

export function outletFromUrl(url: string): string | undefined {
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return HOST_OUTLETS[host] ?? host;
  } catch {
    return undefined;
  }
}

export type FileResult = { ok: true; article: Article } | { ok: false; reason: string };

/** Splits `---` front matter from the body; a file without front matter has an empty one. */
function splitFrontMatter(content: string): { yaml: string; body: string } | { error: string } {
  const text = content.replace(/^\ufeff/, '');
  if (!/^---[ \t]*\r?\n/.test(text)) return { yaml: '', body: text };
  const end = /\r?\n---[ \t]*(?:\r?\n|$)/.exec(text.slice(3));
  if (!end) return { error: 'front matter is not closed by a `---` line' };
  return { yaml: text.slice(text.indexOf('\n') + 1, 3 + end.index), body: text.slice(3 + end.index + end[0].length) };
}

/**
 * Parses and cleans one corpus file. `id` is the file's name without extension; `source` names it
 * in warnings. Metadata the body carries (a `date` prefix, an update stamp, a credit) fills fields
 * the front matter leaves empty.
 */
export function parseArticleFile(input: { id: string; source: string; content: string; format: BodyFormat; defaults?: FolderDefaults }): FileResult {
  const split = splitFrontMatter(input.content);
  if ('error' in split) return { ok: false, reason: split.error };
  let raw: unknown;
  try {
    raw = split.yaml.trim() === '' ? {} : parseYaml(split.yaml, { logLevel: 'error' });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return { ok: false, reason: `broken front matter: ${first}` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'front matter is not a mapping of fields' };
  const fm = frontMatterSchema.safeParse(raw);
  if (!fm.success) {
    const issue = fm.error.issues[0];
    return { ok: false, reason: `front matter field \`${String(issue?.path[0] ?? '?')}\`: ${issue?.message ?? 'invalid'}` };
  }
  const f = fm.data;
  const cleaned = cleanBody(split.body, input.format);
  if (cleaned.text.trim() === '') return { ok: false, reason: 'no body text' };
  const title = f.title;
  if (!title) return { ok: false, reason: 'no title (front matter `title`)' };

  const publishedRaw = f.published ?? f.date ?? f.published_time ?? cleaned.meta.published;
  if (publishedRaw === undefined) return { ok: false, reason: 'no publication date (front matter `published` or `date`)' };
  const published = normaliseDate(publishedRaw);
  if (published === undefined) return { ok: false, reason: `unparseable publication date ${JSON.stringify(publishedRaw)} (expected YYYY-MM-DD or an ISO date-time)` };
  const updatedRaw = f.updated ?? f.modified_time ?? cleaned.meta.updated;
  const updated = updatedRaw === undefined ? undefined : normaliseDate(updatedRaw);
  if (updatedRaw !== undefined && updated === undefined) return { ok: false, reason: `unparseable update date ${JSON.stringify(updatedRaw)}` };

  const url = f.url ?? f.source_url ?? f.link;
  if (url !== undefined && !/^https?:\/\/\S+$/i.test(url)) return { ok: false, reason: `url is not an http(s) address: ${JSON.stringify(url)}` };
  const outlet = f.outlet ?? f.source ?? input.defaults?.outlet ?? (url === undefined ? undefined : outletFromUrl(url));
  if (!outlet) return { ok: false, reason: 'no outlet (front matter `outlet`, a corpus.yml default, or a url)' };
  const language = f.language ?? f.lang ?? input.defaults?.language;

  const article: Article = {
    id: input.id,
    title: title.replace(/\s+/g, ' '),
    outlet,
    published,
    ...(url !== undefined && { url }),
    authors: f.authors ?? f.author ?? cleaned.meta.authors ?? input.defaults?.authors ?? [],
    ...(updated !== undefined && { updated }),
    ...(language !== undefined && { language }),
    tags: f.tags ?? input.defaults?.tags ?? [],
    source: input.source,
    text: cleaned.text,
  };
  return { ok: true, article };
}

export const folderDefaultsSchema = z.object({ outlet: z.string().optional(), language: z.string().optional(), authors: stringList.optional(), tags: stringList.optional() }).strict();

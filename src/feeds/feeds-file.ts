// feeds.yml: a deployment's feeds, declared. Read at start (bot, `feeds run`, every `feeds`
// command) and made the truth for the feeds it declared: added or changed, and those removed from
// the file removed from the store. Feeds added with `feeds add` or OPML are not touched.
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { StartupError } from '../startup-error.ts';
import type { FeedSettings, FeedStore } from '../store/feeds.ts';

/** `15m`, `2h`, `1d`, `900s` (or a bare number of minutes) in seconds. */
export function parseEvery(value: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)?\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase();
  const s = Math.round(n * (unit === 's' ? 1 : unit === 'h' ? 3600 : unit === 'd' ? 86_400 : 60));
  return s > 0 ? s : undefined;
}

export const DEFAULT_EVERY_S = 15 * 60;
export const MIN_EVERY_S = 10 * 60;

const every = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = parseEvery(String(v));
  if (s === undefined) ctx.addIssue({ code: 'custom', message: `"${v}" is not an interval like 15m, 2h or 1d` });
  else if (s < MIN_EVERY_S) ctx.addIssue({ code: 'custom', message: `"${v}" is more often than every 10m, the floor for any feed` });
  return s ?? DEFAULT_EVERY_S;
});
const httpUrl = z.string().refine((u) => /^https?:\/\/[^\s]+$/i.test(u) && URL.canParse(u), 'must be an http(s) address');
const tags = z.union([
  z.array(z.string().min(1)),
  z.string().transform((t) =>
    t
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
]);
const options = { outlet: z.string().min(1).optional(), into: z.string().min(1).optional(), every: every.optional(), language: z.string().min(2).max(20).optional(), tags: tags.optional() };

const schema = z.strictObject({
  defaults: z.strictObject({ into: options.into, every: options.every, language: options.language, tags: options.tags }).optional(),
  feeds: z.array(z.preprocess((v) => (typeof v === 'string' ? { url: v } : v), z.strictObject({ url: httpUrl, ...options }))).default([]),
});

/** The feeds a file declares, with its defaults applied; a bad file is a StartupError naming each problem. */
export function readFeedsFile(file: string): FeedSettings[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StartupError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { logLevel: 'error' }) ?? {};
  } catch (err) {
    throw new StartupError(`${file} is not valid YAML: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new StartupError(`${file} has problems:\n${problems.join('\n')}`);
  }
  const d = parsed.data.defaults ?? {};
  const seen = new Set<string>();
  const out: FeedSettings[] = [];
  for (const f of parsed.data.feeds) {
    if (seen.has(f.url)) throw new StartupError(`${file} lists ${f.url} twice`);
    seen.add(f.url);
    const into = f.into ?? d.into;
    const language = f.language ?? d.language;
    out.push({
      url: f.url,
      ...(f.outlet !== undefined && { outlet: f.outlet }),
      ...(into !== undefined && { into }),
      intervalS: f.every ?? d.every ?? DEFAULT_EVERY_S,
      ...(language !== undefined && { language }),
      tags: f.tags ?? d.tags ?? [],
      origin: 'file',
    });
  }
  return out;
}

/** Makes the store match the file for the feeds it owns. Returns what changed, for the log. */
export async function syncFeedsFile(file: string, store: FeedStore, nowMs: number): Promise<{ declared: number; removed: string[] } | undefined> {
  const declared = readFeedsFile(file);
  if (declared === undefined) return undefined;
  const urls = new Set(declared.map((f) => f.url));
  const removed: string[] = [];
  for (const f of await store.list()) {
    if (f.origin === 'file' && !urls.has(f.url)) {
      await store.remove(f.url);
      removed.push(f.url);
    }
  }
  for (const f of declared) {
    const before = await store.get(f.url);
    // Unchanged settings leave the poll state alone (a disabled feed stays disabled until edited).
    const same =
      before !== undefined &&
      before.origin === 'file' &&
      before.outlet === f.outlet &&
      before.into === f.into &&
      before.intervalS === f.intervalS &&
      before.language === f.language &&
      JSON.stringify(before.tags) === JSON.stringify(f.tags);
    if (!same) await store.upsert(f, nowMs);
  }
  return { declared: declared.length, removed };
}

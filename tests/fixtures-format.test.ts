// The Wikinews annotation fixtures (tests/fixtures/{quotes,events}/wn-*.json) are well formed and
// point at the article they annotate: every field the format asks for (tests/fixtures/FORMATS.md),
// the provenance agreeing with the article's front matter, and every quotation, surface form and
// date expression standing verbatim in that article. No extractor runs here, so these checks can
// be run on blind files before anyone scores them. Older tune files are held to less: their URLs
// are other spellings of the page (redirects) and their speakers list name variants the article
// does not write ("Volodymyr Zelenskyy"), kept for merging; the held-out files are held to all.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixtures = new URL('./fixtures/', import.meta.url);
const wikinews = fileURLToPath(new URL('../../shared/corpora/wikinews/', import.meta.url));
const repo = fileURLToPath(new URL('../', import.meta.url));
const wn = (dir: string): string[] =>
  fs
    .readdirSync(new URL(`${dir}/`, fixtures))
    .filter((f) => f.startsWith('wn-') && f.endsWith('.json'))
    .sort();
const readJson = (dir: string, name: string): Record<string, unknown> => JSON.parse(fs.readFileSync(new URL(`${dir}/${name}`, fixtures), 'utf8')) as Record<string, unknown>;
const squash = (s: string): string => s.replace(/\s+/g, ' ');

/** The article's front matter fields and its body with whitespace runs as single spaces. */
function article(file: string): { meta: Record<string, string>; body: string } {
  const text = fs.readFileSync(file, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`${file}: no front matter`);
  const meta: Record<string, string> = {};
  for (const line of (m[1] ?? '').split('\n')) {
    const kv = /^(\w+):\s*"?(.*?)"?$/.exec(line);
    if (kv?.[1]) meta[kv[1]] = kv[2] ?? '';
  }
  return { meta, body: squash(m[2] ?? '') };
}

const PRECISION: Record<string, RegExp> = {
  year: /^\d{4}$/,
  season: /^\d{4}-(03|06|09|12)$/,
  month: /^\d{4}-\d{2}$/,
  week: /^\d{4}-\d{2}-\d{2}$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
};

describe('Wikinews quote fixtures', () => {
  it.each(wn('quotes'))('%s names its article and quotes it verbatim', (name) => {
    const fx = readJson('quotes', name);
    expect(fx.corpus).toBe('wikinews');
    expect(typeof fx.file).toBe('string');
    const { meta, body } = article(`${wikinews}${fx.file as string}`);
    const blind = name.endsWith('-blind.json');
    expect(fx.url).toMatch(/^https:\/\/en\.wikinews\.org\/wiki\//);
    if (blind) expect(fx.url).toBe(meta.url);
    expect(fx.published).toBe(meta.published);
    const speakers = fx.speakers as Record<string, string[]>;
    for (const [id, forms] of Object.entries(speakers)) {
      if (blind) for (const form of forms) expect(body, `${id}: "${form}"`).toContain(squash(form));
    }
    const spans = fx.spans as { text: string; kind: string; speaker?: string | null; accept?: string[] }[];
    expect(spans.length).toBeGreaterThan(0);
    for (const s of spans) {
      expect(['quote', 'fragment', 'not-quote']).toContain(s.kind);
      expect(body, s.text).toContain(squash(s.text));
      // `accept` may name ids the article's speakers list leaves out (another body that counts as right).
      if (s.speaker) expect(Object.keys(speakers), s.text).toContain(s.speaker);
    }
  });
});

describe('Wikinews date fixtures', () => {
  it.each(wn('events'))('%s names its article and its expressions stand in it', (name) => {
    const a = readJson('events', name);
    const { meta, body } = article(`${repo}${a.source as string}`);
    // The first date files carry no URL; the article's front matter has it.
    if (a.url !== undefined && name.endsWith('-blind.json')) expect(a.url).toBe(meta.url);
    expect(typeof a.notes).toBe('string');
    for (const e of a.events as { expression: string; date: string; precision: string; modifier?: string }[]) {
      expect(body.toLowerCase(), e.expression).toContain(squash(e.expression).toLowerCase());
      expect(e.date, e.expression).toMatch(PRECISION[e.precision] ?? /^$/);
      if (e.modifier) expect(['early', 'mid', 'late', 'weekend']).toContain(e.modifier);
    }
  });
});

// Property tests of the corpus loader over hostile files: random bytes, random front matter,
// terminal control characters, huge lines, invalid UTF-8. Whatever a folder holds, loading never
// throws; every file either loads or is skipped with a warning that names it and says why; good
// files always load; and nothing loaded carries a control character a terminal would obey.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importSources } from '../src/import/run.ts';
import { loadAliasesSync } from '../src/load/aliases.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-fuzz-corpus-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let runs = 0;

const MAX_BYTES = 100_000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finds control characters that must not survive loading
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

type Spec = { readonly name: string; readonly bytes: Uint8Array; readonly good?: { readonly title: string } };

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 1, maxLength: 10 });
const controlChar = fc.integer({ min: 0, max: 0x9f }).filter((c) => c !== 0 && c !== 10 && (c < 0x20 || c >= 0x7f));
const escapeSeq = fc.constantFrom('\\e]0;pwned\\a', '\\e[2J', '\\e[H', '\\e[31m', '\\x9b1m', '\\a', '\\b', '\\x7f', '\\e');
const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A file that must load: plain words, with escape sequences (YAML-escaped) mixed into its title and raw control characters in its body. */
const goodFile = fc
  .record({
    words: fc.array(word, { minLength: 1, maxLength: 6 }),
    escapes: fc.array(fc.tuple(fc.nat(), escapeSeq), { maxLength: 3 }),
    outlet: word,
    published: date,
    body: fc.array(fc.tuple(word, fc.option(controlChar, { nil: undefined })), { minLength: 1, maxLength: 30 }),
  })
  .map(({ words, escapes, outlet, published, body }) => {
    const parts = [...words];
    for (const [at, seq] of escapes) parts.splice(at % (parts.length + 1), 0, seq);
    const text = body.map(([w, c]) => (c === undefined ? w : `${w}${String.fromCharCode(c)}`)).join(' ');
    const content = `---\ntitle: "${parts.join(' ')}"\noutlet: ${outlet}\npublished: ${published}\n---\n\nThe minister spoke about sanctions. ${text}\n`;
    return { content, title: words.join('') };
  });

const yamlValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.constant(''),
  fc.constant('[unclosed'),
  fc.constant('{ a: 1'),
  fc.constant('"quoted'),
  date,
  fc.array(fc.string(), { maxLength: 3 }).map((a) => `[${a.join(', ')}]`),
);
const fieldName = fc.constantFrom('title', 'outlet', 'published', 'date', 'url', 'authors', 'author', 'tags', 'language', 'updated', 'source', 'link', 'x');
const randomFrontMatter = fc
  .record({ fields: fc.array(fc.tuple(fieldName, yamlValue), { maxLength: 6 }), body: fc.string({ unit: 'binary', maxLength: 300 }), close: fc.boolean() })
  .map(({ fields, body, close }) => `---\n${fields.map(([k, v]) => `${k}: ${String(v)}`).join('\n')}\n${close ? '---\n' : ''}${body}`);

const hostile = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  randomFrontMatter.map(enc),
  // Invalid UTF-8 (a lone continuation byte, a truncated sequence, an overlong form) inside a good file.
  fc.tuple(goodFile, fc.constantFrom([0x80], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xff]), fc.nat()).map(([g, bad, at]) => {
    const b = enc(g.content);
    const i = 4 + (at % (b.length - 4));
    return Uint8Array.from([...b.subarray(0, i), ...bad, ...b.subarray(i)]);
  }),
  // A huge line: one paragraph near or past the size limit.
  fc.tuple(goodFile, fc.integer({ min: MAX_BYTES - 2000, max: MAX_BYTES + 2000 })).map(([g, n]) => enc(`${g.content}${'x'.repeat(n)}\n`)),
  fc.string({ unit: 'binary', maxLength: 500 }).map((s) => enc(`---\ntitle: ${s}\noutlet: X\npublished: 2020-01-01\n---\n\n${s}\n`)),
  controlChar.map((c) => enc(`---\ntitle: "\\x${c.toString(16).padStart(2, '0')}"\noutlet: X\npublished: 2020-01-01\n---\n\nBody.\n`)),
);

const folder = fc.tuple(fc.array(goodFile, { maxLength: 4 }), fc.array(fc.tuple(hostile, fc.constantFrom('.md', '.txt', '.markdown')), { minLength: 1, maxLength: 6 })).map(([goods, bads]): Spec[] => [
  // Each good file says something of its own, so that none is a duplicate of another.
  ...goods.map((g, i) => ({ name: `good-${i}.md`, bytes: enc(g.content.replace('The minister', `Minister ${['one', 'two', 'three', 'four'][i]}`)), good: { title: g.title } })),
  ...bads.map(([bytes, ext], i) => ({ name: `bad-${i}${ext}`, bytes })),
]);

describe('loading a corpus folder of hostile files', () => {
  it('never throws; every file loads or is skipped with a reason naming it; good files load clean', async () => {
    await fc.assert(
      fc.asyncProperty(folder, async (specs) => {
        const dir = path.join(root, String(runs++));
        fs.mkdirSync(dir);
        for (const s of specs) fs.writeFileSync(path.join(dir, s.name), s.bytes);
        const { articles, warnings } = await loadArticles([dir], { log: silentLogger(), maxBytes: MAX_BYTES });

        const loaded = new Set(articles.map((a) => path.basename(a.source)));
        const warned = new Map(warnings.map((w) => [path.basename(w.file), w.reason]));
        for (const s of specs) {
          // Exactly one of the two, and a skip always says why.
          expect(loaded.has(s.name) !== warned.has(s.name), s.name).toBe(true);
          if (warned.has(s.name)) expect(warned.get(s.name)?.trim().length, s.name).toBeGreaterThan(0);
          if (s.good) {
            expect(loaded.has(s.name), `${s.name}: ${warned.get(s.name) ?? ''}`).toBe(true);
            const a = articles.find((x) => path.basename(x.source) === s.name);
            expect(a?.title.replace(/\s+/g, '')).toBe(s.good.title);
          }
        }
        expect(warnings.length + articles.length).toBe(specs.length);
        for (const a of articles) {
          for (const field of [a.title, a.outlet, a.published, a.url ?? '', a.language ?? '', ...a.authors, ...a.tags]) expect(field).not.toMatch(CONTROL);
          expect(a.text).not.toMatch(CONTROL);
          expect(a.title.trim()).not.toBe('');
          expect(a.text.trim()).not.toBe('');
        }
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('import takes the same files one by one: never throws, one outcome each, and what it writes loads clean', async () => {
    await fc.assert(
      fc.asyncProperty(folder, async (specs) => {
        const dir = path.join(root, String(runs++));
        const into = `${dir}-into`;
        fs.mkdirSync(dir);
        for (const s of specs) fs.writeFileSync(path.join(dir, s.name), s.bytes);
        const outcomes = await importSources([dir], { into, fetch: { maxBytes: MAX_BYTES } });
        expect(outcomes.map((o) => path.basename(o.input)).sort()).toEqual(specs.map((s) => s.name).sort());
        for (const o of outcomes) if (o.status !== 'imported') expect(o.reason?.trim().length, o.input).toBeGreaterThan(0);
        for (const s of specs) if (s.good) expect(outcomes.find((o) => path.basename(o.input) === s.name)?.status).toBe('imported');
        const written = outcomes.filter((o) => o.status === 'imported');
        if (written.length > 0) {
          const { articles, warnings } = await loadArticles([into], { log: silentLogger() });
          expect(warnings).toEqual([]);
          expect(articles).toHaveLength(written.length);
          for (const f of fs.readdirSync(into)) expect(fs.readFileSync(path.join(into, f), 'utf8')).not.toMatch(CONTROL);
        }
        for (const d of [dir, into]) fs.rmSync(d, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it("a folder's aliases.yml and corpus.yml, whatever they hold, are at worst a warning", async () => {
    const yamlish = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.array(fc.tuple(fc.string({ maxLength: 12 }), yamlValue), { maxLength: 6 }).map((kv) => kv.map(([k, v]) => `${k}: ${String(v)}`).join('\n')),
      fc
        .array(fc.tuple(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 })), { maxLength: 4 })
        .map((kv) => kv.map(([k, v]) => `- canonical: ${k}\n  aliases: [${v.join(', ')}]`).join('\n')),
    );
    await fc.assert(
      fc.asyncProperty(yamlish, yamlish, goodFile, async (aliases, defaults, g) => {
        const dir = path.join(root, String(runs++));
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'aliases.yml'), aliases);
        fs.writeFileSync(path.join(dir, 'corpus.yml'), defaults);
        fs.writeFileSync(path.join(dir, 'good.md'), g.content);
        const a = loadAliasesSync([dir]);
        for (const w of a.warnings) expect(w.reason.length).toBeGreaterThan(0);
        const { articles } = await loadArticles([dir], { log: silentLogger() });
        // Folder defaults fill gaps; they never take a good file's own title away.
        expect(articles.map((x) => x.title.replace(/\s+/g, ''))).toEqual([g.title]);
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});

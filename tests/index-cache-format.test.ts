// The index cache's v7 layout (index-cache.ts, corpus-codec.ts): articles' text stored as one
// joined string per part and sliced back, the update state's string lists joined by line breaks
// (kept as a list when one of them holds a line break). A start from the cache must hold exactly
// what the build held.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../src/app/open-corpus.ts';
import type { SavedUpdateState } from '../src/core/corpus-update.ts';
import { silentLogger } from '../src/log.ts';
import { cacheFile, decodeCorpusBuffer, encodeCorpusBuffer, readCache, readCacheToReplace, writeCache } from '../src/store/index-cache.ts';
import { makeUpdateExtractors } from '../src/app/extractors.ts';
import { restoreCorpus } from '../src/core/corpus-codec.ts';
import { applyChanges } from '../src/core/corpus-update.ts';
import { loadArticles } from '../src/load/loader.ts';
import { cacheKey, loadSynonyms } from '../src/app/open-corpus.ts';
import { loadAliasesSync } from '../src/load/aliases.ts';

const article = (title: string, body: string) => `---\ntitle: ${title}\noutlet: Wire\npublished: 2024-05-0${title.length % 9}\n---\n\n${body}\n`;

describe('the index cache layout', () => {
  it('gives back every article, its text and its passages as the build made them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-'));
    fs.writeFileSync(path.join(dir, 'a.md'), article('Plain', 'The minister said the talks would resume on Monday. Nothing else was agreed.'));
    // Characters outside Latin-1 (curly quotes, a dash, an emoji) make a two-byte string.
    fs.writeFileSync(path.join(dir, 'b.md'), article('Curly “quotes”', 'He said: “We’re ready — now.” 🚀 Then he left.\n\nA second paragraph follows it.'));
    fs.writeFileSync(path.join(dir, 'c.md'), article('Third', 'Short.'));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-data-'));
    const built = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: () => 0 });
    const loaded = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: () => 0, readOnly: true });
    expect(loaded.fromCache).toBe(true);
    expect(loaded.corpus.articles.map((a) => a.text)).toEqual(built.corpus.articles.map((a) => a.text));
    expect(loaded.corpus.articles).toEqual(built.corpus.articles);
    // Same keys in the same order (answers are rendered from them).
    expect(loaded.corpus.articles.map((a) => Object.keys(a))).toEqual(built.corpus.articles.map((a) => Object.keys(a)));
    expect(loaded.corpus.passages).toEqual(built.corpus.passages);
    expect(loaded.corpus.quotes).toEqual(built.corpus.quotes);
    expect(loaded.corpus.events).toEqual(built.corpus.events);
  });

  it('keeps the update state, a topic name with a line break and empty word lists included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-'));
    fs.writeFileSync(path.join(dir, 'a.md'), article('Plain', 'The minister said the talks would resume on Monday.'));
    const { corpus } = openCorpus({ dirs: [dir], dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-data-')), log: silentLogger(), now: () => 0 });
    const cases: SavedUpdateState[] = [
      { learned: null, names: [['Jane Doe']], topicNames: ['a\nb', 'c'], topicCounts: Uint32Array.of(2, 1), words: { vocabulary: ['jane', 'doe'], of: [Uint32Array.of(0, 1)] } },
      { learned: null, names: [[]], topicNames: [], topicCounts: new Uint32Array(0), words: { vocabulary: [], of: [new Uint32Array(0)] } },
      { learned: null, names: null, topicNames: ['x', ''], topicCounts: Uint32Array.of(1, 1) },
    ];
    for (const updates of cases) {
      const decoded = decodeCorpusBuffer(encodeCorpusBuffer({ builtAt: 0, data: corpus.data, index: corpus.search.serialize(), updates }));
      expect(decoded.updates).toEqual(updates);
      expect(decoded.data.articles).toEqual(corpus.articles);
    }
  });

  it('loads the search index without keeping the bytes of the whole cache file in memory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-'));
    // Articles whose text outweighs their postings, as in any real corpus.
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(dir, `a${i}.md`), article(`Article ${i}`, `The minister said the talks would resume. ${'Nothing else was agreed that day. '.repeat(200)}`));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-data-'));
    const log = silentLogger();
    openCorpus({ dirs: [dir], dataDir, log, now: () => 0 });
    const key = cacheKey({ synonyms: loadSynonyms([dir], log).text, aliases: loadAliasesSync([dir]).text, fingerprint: null });
    const fileBytes = fs.statSync(cacheFile(dataDir, key)).size;
    const check = (index: { fields: readonly { offsets: Uint32Array; docs: Uint32Array; tfs: Uint16Array; lengths: Uint16Array }[] }): void => {
      const arrays = index.fields.flatMap((f) => [f.offsets, f.docs, f.tfs, f.lengths]);
      const held = [...new Set(arrays.map((a) => a.buffer))].reduce((n, b) => n + b.byteLength, 0);
      // What the postings hold (their part's bytes), not the whole file with every article's text.
      expect(held).toBeLessThan(fileBytes / 2);
    };
    const cached = readCache(dataDir, key, log);
    expect(cached).toBeDefined();
    check((cached as NonNullable<typeof cached>).index);
    const file = fs.readFileSync(cacheFile(dataDir, key));
    const decoded = decodeCorpusBuffer(file.subarray(file.indexOf(10, file.indexOf(10) + 1) + 1));
    check(decoded.index);
    // Nothing decoded refers to the bytes it was read from (a start reads every part into one reused buffer).
    const postings = decoded.index.fields.map((f) => [...f.docs, ...f.tfs]);
    file.fill(0);
    expect(decoded.index.fields.map((f) => [...f.docs, ...f.tfs])).toEqual(postings);
    expect(decoded.data.articles).toEqual((cached as NonNullable<typeof cached>).data.articles);
  });

  it('writes a cache that replaces another with the articles parts it holds unchanged copied, and loads as what it wrote', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-'));
    for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(dir, `a${i}.md`), article(`Talks ${i}`, `The minister said the talks would resume on Monday ${i}. Nothing “else” was agreed.`));
    const more = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-more-'));
    fs.writeFileSync(path.join(more, 'new.md'), article('Arrival', 'The president said the summit would open in Geneva on Tuesday.'));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-data-'));
    const log = silentLogger();
    openCorpus({ dirs: [dir], dataDir, log, now: () => 0 });
    const key = cacheKey({ synonyms: loadSynonyms([dir], log).text, aliases: loadAliasesSync([dir]).text, fingerprint: null });
    const aliases = loadAliasesSync([dir]).table;
    const arrival = (await loadArticles([more], { log })).articles[0];
    expect(arrival).toBeDefined();
    for (const change of ['add', 'remove'] as const) {
      // Runs of any size copied (a compaction copies only runs of half a part or more).
      const read = readCacheToReplace(dataDir, key, log, 0);
      expect(read).toBeDefined();
      const { cached, stored } = read as NonNullable<typeof read>;
      const before = fs.readFileSync(cacheFile(dataDir, key));
      const run = stored.runs[0];
      // One part as built; after the arrival, the old articles' part and the arrival's.
      expect(stored.runs.map((r) => r.articles.length)).toEqual(change === 'add' ? [4] : [4, 1]);
      const corpus = restoreCorpus(cached, { synonyms: loadSynonyms([dir], log).table, aliases });
      const first = corpus.articles[0]?.id ?? '';
      const next = applyChanges(corpus, [change === 'add' ? { kind: 'upsert', article: arrival as NonNullable<typeof arrival> } : { kind: 'remove', id: first }], {
        extractors: makeUpdateExtractors(aliases),
        builtAt: 1,
      }).corpus;
      try {
        expect(writeCache(dataDir, { key, builtAt: next.builtAt, data: next.data, index: next.search.serialize(), warnings: [], seq: 0, files: {} }, log, stored)).toBe(true);
      } finally {
        fs.closeSync(stored.fd);
      }
      const after = fs.readFileSync(cacheFile(dataDir, key));
      const runBytes = before.subarray(run?.at ?? 0, (run?.at ?? 0) + (run?.size ?? 0));
      // An arrival leaves the old articles' part as it was (copied); a removal changes the run, encoded again.
      expect(after.includes(runBytes)).toBe(change === 'add');
      const loaded = readCache(dataDir, key, log);
      expect(loaded?.data.articles).toEqual(next.data.articles);
      expect(loaded?.data.passages).toEqual(next.data.passages);
      expect(loaded?.data.events).toEqual(next.data.events);
      expect(loaded?.data.quotes).toEqual(next.data.quotes);
    }
  });

  it('reads a meta line of several megabytes (whitehouse-all: 5.5 MB), and refuses a cut or damaged file so that it is rebuilt', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-'));
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(dir, `a${i}.md`), article(`Talks ${i}`, 'The minister said the talks would resume on Monday.'));
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-cache-format-data-'));
    const log = silentLogger();
    const built = openCorpus({ dirs: [dir], dataDir, log, now: () => 0 });
    const key = cacheKey({ synonyms: loadSynonyms([dir], log).text, aliases: loadAliasesSync([dir]).text, fingerprint: null });
    const file = cacheFile(dataDir, key);
    const bytes = fs.readFileSync(file);
    const first = bytes.indexOf(10);
    const second = bytes.indexOf(10, first + 1);
    // The meta line grown past three of the reader's 1 MB chunks (a field the reader ignores).
    const meta = JSON.parse(bytes.subarray(first + 1, second).toString('utf8')) as Record<string, unknown>;
    const big = Buffer.from(JSON.stringify({ ...meta, padding: 'x'.repeat(3.5 * 2 ** 20) }), 'utf8');
    const grown = Buffer.concat([bytes.subarray(0, first + 1), big, bytes.subarray(second)]);
    fs.writeFileSync(file, grown);
    expect(built.corpus.articles).toHaveLength(3);
    expect(readCache(dataDir, key, log)?.data.articles).toEqual(built.corpus.articles);
    // Cut inside the meta line, right after it, and inside the parts: each refused (undefined: rebuilt).
    const partsAt = first + 1 + big.length + 1;
    for (const at of [first + 10, first + 1 + 2 ** 20 + 5, partsAt + 2, partsAt + 40, grown.length - 3]) {
      fs.writeFileSync(file, grown.subarray(0, at));
      expect(readCache(dataDir, key, log), `cut at ${at}`).toBeUndefined();
    }
    // A part's length damaged to 4 GB: refused before anything that size is allocated.
    const damaged = Buffer.from(grown);
    damaged.writeUInt32LE(0xffff_fff0, partsAt);
    fs.writeFileSync(file, damaged);
    expect(readCache(dataDir, key, log)).toBeUndefined();
  });
});

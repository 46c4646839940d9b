// The cached index plus the change log: a start after changes loads the cache and applies the log
// and the changed files (no rebuild), and a crash at any step leaves a state that loads to what a
// fresh build of the same files holds. Crashes are simulated by stopping between the steps (a
// torn log line, a log written but never swapped in, a cache renamed but its log not emptied).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as askCommand } from '../commands/ask.ts';
import { makeExtractors, makeUpdateExtractors } from '../src/app/extractors.ts';
import { restoreCorpus } from '../src/core/corpus-codec.ts';
import { hasUpdateState, indexNameWords, prepareUpdates, type SavedUpdateState, saveUpdateState } from '../src/core/corpus-update.ts';
import { runAll } from '../src/core/steps.ts';
import { loadSynonyms, openCorpus, type Opened } from '../src/app/open-corpus.ts';
import { buildCorpus, type Corpus } from '../src/core/corpus.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { loadArticles, readCorpusFiles, readNamedFiles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import { logFile, readLog } from '../src/store/change-log.ts';
import { readCache, writeCache } from '../src/store/index-cache.ts';
import { capturedLogger } from './support/captured-log.ts';
import { wikinewsSample } from './support/paths.ts';
import { commandRunner } from './support/seed-corpus.ts';

const log = silentLogger();
let root: string;
let dir: string;
let dataDir: string;
let sources: string[];
let byName: Map<string, string>;
const copy = (name: string): void => fs.copyFileSync(byName.get(name) as string, path.join(dir, name));

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-journal-'));
  dir = path.join(root, 'corpus');
  dataDir = path.join(root, 'data');
  fs.mkdirSync(dir);
  // 24 real articles (every tenth of Wikinews), copied into a scratch folder that the test edits.
  byName = new Map(wikinewsSample(10).map((f) => [path.basename(f), f]));
  sources = [...byName.keys()].slice(0, 30);
  for (const f of sources.slice(0, 24)) copy(f);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const open = (autoCompact = false): Opened => openCorpus({ dirs: [dir], dataDir, log, now: () => 0, autoCompact });

/** A fresh build of the files on disk, in the article order `corpus` holds (the updated ones last). */
async function freshLike(corpus: Corpus): Promise<Corpus> {
  const { articles } = await loadArticles([dir], { log });
  const at = new Map(corpus.articles.map((a, i) => [a.id, i]));
  expect(articles.map((a) => a.id).sort()).toEqual([...at.keys()].sort());
  articles.sort((a, b) => (at.get(a.id) as number) - (at.get(b.id) as number));
  return buildCorpus({ articles, synonyms: loadSynonyms([dir], log).table, extractors: makeExtractors(EMPTY_ALIASES), builtAt: 0, aliases: EMPTY_ALIASES });
}

/** What a user would see, and everything the corpus holds. */
function view(corpus: Corpus) {
  const ask = commandRunner(askCommand, () => corpus);
  return { data: { ...corpus.data, topics: corpus.topics }, ask: ['police', 'election', 'government said'].map((query) => ask.allItems({ query })) };
}

async function expectFresh(corpus: Corpus): Promise<void> {
  expect(view(corpus)).toEqual(view(await freshLike(corpus)));
}

/** Adds two files, edits one, removes one. */
function editFiles(): void {
  for (const f of sources.slice(24, 26)) copy(f);
  const edited = path.join(dir, sources[3] as string);
  fs.writeFileSync(edited, `${fs.readFileSync(edited, 'utf8')}\n\nThe police said on Monday that the election would go ahead.\n`);
  fs.rmSync(path.join(dir, sources[7] as string));
}

/** A saved update state, its topic counts in a stable order (an update appends new candidates to the map). */
function comparable(saved: SavedUpdateState | undefined) {
  if (!saved) return undefined;
  const topics = saved.topicNames.map((name, i) => [name, saved.topicCounts[i]] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // The words each article names, as words (their ids are the process's).
  const words = saved.words?.of.map((ids) => [...ids].map((id) => saved.words?.vocabulary[id]).sort());
  return { learned: saved.learned, names: saved.names, topics, words };
}

/** The update state the cache holds, and the one prepared afresh from the corpus it holds. */
function cachedAndAfresh(key: string) {
  const cached = readCache(dataDir, key, log);
  if (!cached) throw new Error('no cache');
  const extractors = makeUpdateExtractors(EMPTY_ALIASES);
  const plain = restoreCorpus(cached, { synonyms: loadSynonyms([dir], log).table, aliases: EMPTY_ALIASES });
  expect(hasUpdateState(plain)).toBe(false);
  runAll(prepareUpdates(plain, extractors));
  // What the build adds for the requote: every article's words (a fresh build indexes them).
  indexNameWords(plain.articles);
  return { cached: comparable(cached.updates), afresh: comparable(saveUpdateState(plain, extractors)) };
}

describe('cache and change log', () => {
  it('stores what an update needs from the whole corpus with the cache, equal to what preparing it afresh gives', async () => {
    const first = open();
    const key = first.journal?.key ?? '';
    const built = cachedAndAfresh(key);
    expect(built.cached?.names).toHaveLength(24);
    expect(built.cached?.words).toHaveLength(24);
    expect(built.cached?.topics.length).toBeGreaterThan(100);
    expect(built.cached).toEqual(built.afresh);
    // A start from the cache has it (its first update prepares nothing) and answers as before.
    const second = open();
    expect(hasUpdateState(second.corpus)).toBe(true);
    expect(comparable(saveUpdateState(second.corpus, makeUpdateExtractors(EMPTY_ALIASES)))).toEqual(built.cached);
    // After changes and a compaction, the new cache's state is the updated corpus's, equal to one prepared afresh.
    editFiles();
    const third = open(true);
    expect(third.journal?.logged).toBe(0);
    const compacted = cachedAndAfresh(key);
    expect(compacted.cached?.names).toHaveLength(25);
    expect(compacted.cached).toEqual(compacted.afresh);
    await expectFresh(open().corpus);
  });

  it('starts from the cache and applies changed files instead of rebuilding, and again from cache + log', async () => {
    expect(open().fromCache).toBe(false);
    editFiles();
    const second = open();
    expect(second.fromCache).toBe(true);
    expect(second.journal?.logged).toBe(4);
    await expectFresh(second.corpus);
    // The next start replays the log: the same corpus, the same order.
    const third = open();
    expect(third.fromCache).toBe(true);
    expect(third.corpus.articles.map((a) => a.id)).toEqual(second.corpus.articles.map((a) => a.id));
    await expectFresh(third.corpus);
  });

  it('knows the files whichever folder the bot starts from: a cache hit, no file applied again', async () => {
    const started = process.cwd();
    try {
      // Built from the folder above the corpus, with the corpus named relative to it...
      process.chdir(root);
      const first = openCorpus({ dirs: ['corpus'], dataDir, log, now: () => 0, autoCompact: false });
      expect(first.fromCache).toBe(false);
      // ...and started again from elsewhere, with the corpus named by its full path.
      process.chdir(dataDir);
      const second = open();
      expect(second.fromCache).toBe(true);
      expect(second.journal?.logged).toBe(0);
      expect(fs.existsSync(logFile(dataDir, second.journal?.key ?? ''))).toBe(false);
      expect(second.version).toBe(first.version);
      // A file the watcher names is the file a full read knows: one change, not a removal and an add.
      const edited = path.join(dir, sources[3] as string);
      fs.writeFileSync(edited, `${fs.readFileSync(edited, 'utf8')}\n\nThe police said on Monday that the election would go ahead.\n`);
      const named = readNamedFiles([dir], [edited], { log });
      expect([...(named?.sources ?? [])]).toEqual(
        readCorpusFiles([dir], { log })
          .files.filter((f) => f.absPath === edited)
          .map((f) => f.key),
      );
      const synced = second.journal?.syncInSteps(second.corpus, named?.files ?? [], named?.sources);
      const result = synced ? runAll(synced) : undefined;
      expect(result?.files).toBe(1);
      expect(result?.corpus.articles).toHaveLength(24);
      // Equal to a fresh build but for the paths the articles were read from (relative to the
      // working folder of the process that read them; never shown to a user).
      const pathless = (c: Corpus) => {
        const v = view(c);
        return { ...v, data: { ...v.data, articles: v.data.articles.map(({ source: _, ...a }) => a) } };
      };
      expect(pathless(result?.corpus as Corpus)).toEqual(pathless(await freshLike(result?.corpus as Corpus)));
    } finally {
      process.chdir(started);
    }
  });

  it('does not read files whose stat the cache recorded: a touched file is not applied; a same-size edit with its time set back waits for a full read', async () => {
    // Files last written an hour ago (a corpus at rest): their stat is recorded with their hash.
    const hourAgo = Date.now() / 1000 - 3600;
    for (const f of sources.slice(0, 24)) fs.utimesSync(path.join(dir, f), hourAgo, hourAgo);
    const first = open();
    const key = first.journal?.key ?? '';
    const recorded = readCache(dataDir, key, log)?.files ?? {};
    expect(Object.values(recorded).filter((f) => f.stat !== undefined)).toHaveLength(24);

    // Touched: a new time, the same bytes. Hashed (its stat differs), found unchanged, not applied.
    const touched = path.join(dir, sources[5] as string);
    fs.utimesSync(touched, hourAgo + 60, hourAgo + 60);
    const second = open();
    expect(second.fromCache).toBe(true);
    expect(second.journal?.logged).toBe(0);
    expect(second.corpus.articles.map((a) => a.id)).toEqual(first.corpus.articles.map((a) => a.id));

    // Rewritten with the same size and inode, its time set back to the recorded one: the start
    // takes the stat at its word and keeps the old article (the documented caveat)...
    const edited = path.join(dir, sources[3] as string);
    const text = fs.readFileSync(edited, 'utf8');
    const changed = text.replace(/the/, 'THE');
    expect(changed).not.toBe(text);
    fs.writeFileSync(edited, changed);
    fs.utimesSync(edited, hourAgo, hourAgo);
    const third = open();
    expect(third.journal?.logged).toBe(0);
    const id = third.corpus.articles.find((a) => a.source.endsWith(sources[3] as string))?.id ?? '';
    expect(third.corpus.articleById.get(id)?.text).not.toContain('THE');
    // ...and a full read (what kill -HUP does) hashes every file and applies it.
    const synced = third.journal?.sync(third.corpus, readCorpusFiles([dir], { log }).files);
    expect(synced?.files).toBe(1);
    expect(synced?.corpus.articleById.get(id)?.text).toContain('THE');
    await expectFresh(synced?.corpus as Corpus);

    // A file written just now is hashed on every start until it is older than the clock can be trusted for.
    copy(sources[24] as string);
    const read = readCorpusFiles([dir], { log }).files;
    expect(read.find((f) => f.absPath.endsWith(sources[24] as string))?.stat).toBeUndefined();
    expect(read.find((f) => f.absPath === touched)?.stat).toBeDefined();

    // A folder setting changes every file's hash: their stat (which records the defaults) no longer matches.
    fs.writeFileSync(path.join(dir, 'corpus.yml'), 'tags: [wire]\n');
    const fourth = open();
    // The full read's change (logged above), then the 24 files and the new one.
    expect(fourth.journal?.logged).toBe(26);
    expect(fourth.corpus.articles.every((a) => a.tags.includes('wire'))).toBe(true);
  });

  it('parses the files of a batch a file a step, before logging them (a live update answers queries between them)', async () => {
    const first = open();
    const arriving = sources.slice(24, 30);
    for (const f of arriving) copy(f);
    const named = readNamedFiles(
      [dir],
      arriving.map((f) => path.join(dir, f)),
      { log },
    );
    const journal = first.journal;
    if (!named || !journal) throw new Error('no journal or files');
    const steps = journal.syncInSteps(first.corpus, named.files, named.sources);
    let before = 0;
    let r = steps.next();
    for (; !r.done && journal.logged === 0; r = steps.next()) before++;
    expect(before).toBeGreaterThanOrEqual(arriving.length);
    while (!r.done) r = steps.next();
    expect(r.value.files).toBe(arriving.length);
    await expectFresh(r.value.corpus);
  });

  it('loads to a fresh build after a torn last log line (a crash mid-append)', async () => {
    open();
    editFiles();
    const second = open();
    fs.appendFileSync(logFile(dataDir, second.journal?.key ?? ''), '{"seq":5,"file":"corpus/x.md","hash":"ab');
    const third = open();
    expect(third.fromCache).toBe(true);
    await expectFresh(third.corpus);
    // And a change after it still logs on a line of its own.
    fs.rmSync(path.join(dir, sources[0] as string));
    await expectFresh(open().corpus);
    await expectFresh(open().corpus);
  });

  it('loads to a fresh build after a compaction crashed between writing the cache and emptying the log', async () => {
    open();
    editFiles();
    const second = open();
    const journal = second.journal;
    if (!journal) throw new Error('no journal');
    // Step 1 of compaction only: the cache (holding the logged changes) is renamed into place.
    const s = journal.state;
    expect(writeCache(dataDir, { key: s.key, builtAt: 0, data: second.corpus.data, index: second.corpus.search.serialize(), seq: s.seq, files: s.files }, log)).toBe(true);
    expect(fs.existsSync(logFile(dataDir, s.key))).toBe(true);
    const third = open();
    // The log's changes are in the cache: none is applied twice (an upsert again would move its article last).
    expect(third.corpus.articles.map((a) => a.id)).toEqual(second.corpus.articles.map((a) => a.id));
    await expectFresh(third.corpus);
  });

  it('loads to a fresh build when the log was written but the change never swapped in, or a cache write was cut short', async () => {
    const first = open();
    editFiles();
    // The changes reach the log, then the process dies before answering from them.
    first.journal?.sync(first.corpus, readCorpusFiles([dir], { log }).files);
    fs.writeFileSync(path.join(dataDir, 'index-0123456789abcdef.v8.999.tmp'), 'half a cache');
    const second = open();
    expect(second.fromCache).toBe(true);
    await expectFresh(second.corpus);
  });

  it('removes the temporary files of writers that are gone on opening, and keeps those of live ones', async () => {
    const first = open();
    const cache = fs.readdirSync(dataDir).find((n) => n.endsWith('.v8')) as string;
    const logName = path.basename(logFile(dataDir, first.journal?.key ?? ''));
    // A process that has exited (its id is not reused this soon); one that is still running.
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const live = sleeper.pid as number;
      const tmp = (name: string, pid: number): string => `${name}.${pid}.tmp`;
      const write = (name: string): void => fs.writeFileSync(path.join(dataDir, name), 'half a cache');
      for (const name of [tmp(cache, dead), tmp(logName, dead), tmp(cache, live), tmp(cache, process.pid), 'notes.1.tmp']) write(name);
      // One named for this process but older than it: another process that had its id (a container's restart).
      const before = tmp(logName, process.pid);
      write(before);
      const old = new Date(Date.now() - process.uptime() * 1000 - 60_000);
      fs.utimesSync(path.join(dataDir, before), old, old);
      const { log: captured, lines } = capturedLogger();
      const second = openCorpus({ dirs: [dir], dataDir, log: captured, now: () => 0, autoCompact: false });
      expect(second.fromCache).toBe(true);
      expect(
        fs
          .readdirSync(dataDir)
          .filter((n) => n.endsWith('.tmp'))
          .sort(),
      ).toEqual([tmp(cache, live), tmp(cache, process.pid), 'notes.1.tmp'].sort());
      expect(lines.filter((l) => l.includes('a temporary file left by a process that is gone'))).toHaveLength(3);
      await expectFresh(second.corpus);
    } finally {
      sleeper.kill();
    }
  });

  it('compacts into a new cache that holds every change, with an empty log', async () => {
    const first = open();
    editFiles();
    const second = open();
    const journal = second.journal;
    if (!journal) throw new Error('no journal');
    expect(journal.compact(second.corpus)).toBe(true);
    expect(fs.existsSync(logFile(dataDir, journal.key))).toBe(false);
    expect(readCache(dataDir, journal.key, log)?.seq).toBe(4);
    const third = open();
    expect(third.journal?.logged).toBe(0);
    expect(third.corpus.search.pendingDocuments).toBe(0);
    await expectFresh(third.corpus);
    expect(first.corpus.articles.length).toBe(24);
    // On opening, a log that outgrew its cache (here 4 changes to 24 articles) is compacted.
    fs.rmSync(path.join(dir, sources[1] as string));
    for (const f of sources.slice(26, 30)) copy(f);
    const fourth = open(true);
    expect(fourth.journal?.logged).toBe(0);
    expect(fourth.corpus.search.pendingDocuments).toBe(0);
    await expectFresh(fourth.corpus);
  });

  it('counts a change once when a background compaction replaced the log during its fsync', async () => {
    const first = open();
    const journal = first.journal;
    if (!journal) throw new Error('no journal');
    editFiles();
    const steps = journal.syncInSteps(first.corpus, readCorpusFiles([dir], { log }).files, undefined, { fsyncOffThread: true });
    let r = steps.next();
    while (!r.done && !(r.value instanceof Promise)) r = steps.next();
    if (r.done) throw new Error('nothing logged');
    // A compaction through the changes before these ends while their fsync runs: they stay in the log.
    journal.compactedThrough(journal.position);
    await r.value;
    expect(runAll(steps).files).toBe(4);
    expect(journal.logged).toBe(4);
    expect(readLog(logFile(dataDir, journal.key)).length).toBe(4);
  });

  it('rebuilds from the files on request (attache index rebuild), emptying the log, in the folder order again', async () => {
    open();
    editFiles();
    const updated = open();
    const key = updated.journal?.key ?? '';
    expect(fs.existsSync(logFile(dataDir, key))).toBe(true);
    const rebuilt = openCorpus({ dirs: [dir], dataDir, log, now: () => 0, rebuild: true });
    expect(rebuilt.fromCache).toBe(false);
    expect(fs.existsSync(logFile(dataDir, key))).toBe(false);
    const { articles } = await loadArticles([dir], { log });
    expect(rebuilt.corpus.articles.map((a) => a.id)).toEqual(articles.map((a) => a.id));
    const next = open();
    expect(next.fromCache).toBe(true);
    expect(next.journal?.logged).toBe(0);
    expect(next.corpus.articles.map((a) => a.id)).toEqual(articles.map((a) => a.id));
  });
});

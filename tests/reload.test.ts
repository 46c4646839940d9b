// Live reload: a corpus folder changes under a running holder; answers keep coming from the old
// corpus until the new one is swapped in; a failed rebuild keeps the old one and says why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { runCommand, type AppDeps } from '../src/app/dispatch.ts';
import type { Invocation } from '../src/contract/interaction.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import { startCorpusReload, watchedFile, type CorpusHolder } from '../src/app/corpus-holder.ts';
import { foldEstimateMs } from '../src/app/fold-estimate.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { importSources } from '../src/import/run.ts';
import { createLogger, silentLogger } from '../src/log.ts';

function article(title: string, date: string, body: string): string {
  return `---\ntitle: ${title}\noutlet: Test Wire\npublished: ${date}\n---\n\n${body}\n`;
}
const GENEVA = 'Diplomats from both countries met in Geneva on Tuesday to discuss the future of the arms control treaty and the inspections that were suspended.';
const HELSINKI = 'The leaders held a summit in Helsinki where they discussed election interference, Syria and the future of nuclear arms limits between the powers.';

function setup(): { dir: string; dataDir: string; open: () => Corpus } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-reload-'));
  const dir = path.join(root, 'corpus');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, '2024-05-14-geneva.md'), article('Envoys meet in Geneva', '2024-05-14', GENEVA));
  const dataDir = path.join(root, 'data');
  const open = (): Corpus => openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, noCache: true }).corpus;
  return { dir, dataDir, open };
}

function capturedLog(): { log: ReturnType<typeof createLogger>; lines: () => { level: number; msg: string; reason?: string }[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const log = createLogger({ level: 'info', pretty: false, stream });
  return {
    log,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { level: number; msg: string }),
  };
}

/** A build the test finishes when it wants. */
function gate(): { build: () => Promise<Corpus>; calls: () => number; release: (c: Corpus | Error) => void } {
  let calls = 0;
  let pending: ((c: Corpus | Error) => void)[] = [];
  return {
    build: () => {
      calls++;
      return new Promise<Corpus>((resolve, reject) => pending.push((c) => (c instanceof Error ? reject(c) : resolve(c))));
    },
    calls: () => calls,
    release: (c) => {
      const p = pending;
      pending = [];
      for (const f of p) f(c);
    },
  };
}

async function askTitles(holder: CorpusHolder, query: string): Promise<string[]> {
  const deps: AppDeps = { corpus: () => holder.current(), log: silentLogger(), now: Date.now, startedAt: Date.now(), version: 'test' };
  const inv: Invocation = { kind: 'command', id: '1', name: 'ask', subcommand: [], options: { query }, userId: 'u' };
  const outcome = await runCommand(inv, deps);
  return outcome.answer.items.map((i) => i.citation.title);
}

const holders: CorpusHolder[] = [];
afterEach(async () => {
  await Promise.all(holders.splice(0).map((h) => h.close()));
});
function hold(opts: Parameters<typeof startCorpusReload>[0]): CorpusHolder {
  const h = startCorpusReload(opts);
  holders.push(h);
  return h;
}

describe('live reload', () => {
  test('a file added to the folder (here by import) is picked up after the debounce, rebuilt in a worker thread', async () => {
    const { dir, dataDir, open } = setup();
    const holder = hold({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, initial: open(), debounceMs: 150, sighup: false });
    expect(await askTitles(holder, 'Helsinki summit')).toEqual([]);

    const src = path.join(path.dirname(dir), 'helsinki.md');
    fs.writeFileSync(src, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    const [imported] = await importSources([src], { into: dir });
    expect(imported?.status).toBe('imported');

    await vi.waitFor(
      () =>
        expect(
          holder
            .current()
            .articles.map((a) => a.title)
            .sort(),
        ).toEqual(['Envoys meet in Geneva', 'Leaders meet in Helsinki']),
      { timeout: 20_000, interval: 50 },
    );
    expect(await askTitles(holder, 'Helsinki summit')).toEqual(['Leaders meet in Helsinki']);
    // The worker wrote the index cache, so the next start loads it instead of rebuilding.
    expect(openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now }).fromCache).toBe(true);
  });

  test('a burst of changes makes one rebuild, after the last of them', async () => {
    const { dir, dataDir, open } = setup();
    const g = gate();
    const holder = hold({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, initial: open(), debounceMs: 300, sighup: false, build: g.build });
    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(dir, `2024-01-0${i + 1}-n.md`), article(`Note ${i}`, `2024-01-0${i + 1}`, GENEVA.replace('Tuesday', `day ${i}`)));
    await vi.waitFor(() => expect(g.calls()).toBe(1), { timeout: 5000, interval: 20 });
    g.release(open());
    await vi.waitFor(() => expect(holder.current().articles).toHaveLength(6), { timeout: 5000, interval: 20 });
    expect(g.calls()).toBe(1);
  });

  test('queries during a rebuild are answered from the old corpus; the new one answers once swapped in', async () => {
    const { dir, dataDir, open } = setup();
    const g = gate();
    const old = open();
    const holder = hold({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, initial: old, watch: false, sighup: false, build: g.build });
    fs.writeFileSync(path.join(dir, '2018-07-16-helsinki.md'), article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    const done = holder.reload('test');
    expect(holder.rebuilding).toBe(true);
    expect(holder.current()).toBe(old);
    expect(await askTitles(holder, 'arms control Geneva')).toEqual(['Envoys meet in Geneva']);
    expect(await askTitles(holder, 'Helsinki summit')).toEqual([]);
    g.release(open());
    expect(await done).toMatchObject({ ok: true, trigger: 'test', articles: 2 });
    expect(holder.rebuilding).toBe(false);
    expect(await askTitles(holder, 'Helsinki summit')).toEqual(['Leaders meet in Helsinki']);
  });

  test('a rebuild that fails keeps the old corpus and logs why', async () => {
    const { dir, dataDir, open } = setup();
    const g = gate();
    const { log, lines } = capturedLog();
    const old = open();
    const holder = hold({ dirs: [dir], dataDir, log, now: Date.now, initial: old, watch: false, sighup: false, build: g.build });
    const done = holder.reload('test');
    g.release(new Error('synonyms.yml: unreadable'));
    expect(await done).toMatchObject({ ok: false, reason: 'synonyms.yml: unreadable', articles: 1 });
    expect(holder.current()).toBe(old);
    expect(await askTitles(holder, 'arms control Geneva')).toEqual(['Envoys meet in Geneva']);
    expect(lines().find((l) => l.level === 50)?.msg).toBe('corpus rebuild failed, still answering from the previous corpus: synonyms.yml: unreadable');
  });

  test('a folder that vanished is a failed rebuild, not an empty corpus (real worker)', async () => {
    const { dir, dataDir, open } = setup();
    const { log, lines } = capturedLog();
    const old = open();
    const holder = hold({ dirs: [dir], dataDir, log, now: Date.now, initial: old, watch: false, sighup: false });
    fs.renameSync(dir, `${dir}-moved`);
    const r = await holder.reload('test');
    expect(r).toMatchObject({ ok: false, reason: 'the rebuilt corpus has no articles (are the corpus folders there?)' });
    expect(holder.current()).toBe(old);
    // The worker's own warning reached the main log.
    expect(lines().some((l) => l.level === 40 && l.msg.includes('corpus folder does not exist'))).toBe(true);
  });

  test('SIGHUP rebuilds; triggers during a rebuild coalesce into one more', async () => {
    const { dir, dataDir, open } = setup();
    const g = gate();
    const before = process.listenerCount('SIGHUP');
    const holder = hold({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, initial: open(), watch: false, build: g.build });
    expect(process.listenerCount('SIGHUP')).toBe(before + 1);
    process.kill(process.pid, 'SIGHUP');
    await vi.waitFor(() => expect(g.calls()).toBe(1), { timeout: 5000, interval: 20 });
    const later = [holder.reload('a'), holder.reload('b'), holder.reload('c')];
    g.release(open());
    await vi.waitFor(() => expect(g.calls()).toBe(2), { timeout: 5000, interval: 20 });
    g.release(open());
    const results = await Promise.all(later);
    expect(results.map((r) => r.trigger)).toEqual(['c', 'c', 'c']);
    expect(g.calls()).toBe(2);
    await holder.close();
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });

  test('a reload waiting behind a rebuild when the holder closes is refused, not left pending', async () => {
    const { dir, dataDir, open } = setup();
    const g = gate();
    const old = open();
    const holder = hold({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, initial: old, watch: false, sighup: false, build: g.build });
    const first = holder.reload('first');
    const waiting = holder.reload('waiting');
    const closing = holder.close();
    g.release(open());
    await closing;
    expect(await first).toMatchObject({ ok: false, trigger: 'first', reason: 'closed' });
    expect(await waiting).toMatchObject({ ok: false, trigger: 'waiting', reason: 'closed', articles: 1 });
    expect(g.calls()).toBe(1);
    expect(holder.current()).toBe(old);
  });

  test('with the cache and its change log: import, edits, removal and SIGHUP apply changes, not rebuilds, and a restart replays them', async () => {
    const { dir, dataDir } = setup();
    const opened = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    const { log, lines } = capturedLog();
    const holder = hold({ dirs: [dir], dataDir, log, now: Date.now, initial: opened.corpus, debounceMs: 150, ...(opened.journal && { journal: opened.journal }) });

    const src = path.join(path.dirname(dir), 'helsinki.md');
    fs.writeFileSync(src, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    await importSources([src], { into: dir });
    await vi.waitFor(() => expect(holder.current().articles.length).toBe(2), { timeout: 20_000, interval: 50 });
    expect(await askTitles(holder, 'Helsinki summit')).toEqual(['Leaders meet in Helsinki']);

    // An edit and a removal, then SIGHUP (no watcher event needed).
    const geneva = path.join(dir, '2024-05-14-geneva.md');
    fs.writeFileSync(geneva, article('Envoys meet again in Geneva', '2024-05-14', GENEVA));
    const imported = fs.readdirSync(dir).find((f) => f.includes('helsinki')) as string;
    fs.rmSync(path.join(dir, imported));
    const updated = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (
          holder
            .current()
            .articles.map((a) => a.title)
            .join() === 'Envoys meet again in Geneva'
        ) {
          clearInterval(check);
          resolve();
        }
      }, 50);
    });
    process.kill(process.pid, 'SIGHUP');
    await updated;
    expect(await askTitles(holder, 'Helsinki summit')).toEqual([]);
    expect(lines().some((l) => l.msg.startsWith('corpus updated:'))).toBe(true);
    expect(lines().some((l) => l.msg.startsWith('corpus rebuild started'))).toBe(false);

    // A restart loads the cache (here compacted already: one change is a large share of a tiny
    // corpus) and replays the log: the same corpus, not a rebuild.
    await holder.close();
    const again = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    expect(again.fromCache).toBe(true);
    expect(again.corpus.articles.map((a) => a.title)).toEqual(['Envoys meet again in Geneva']);
  });

  test('watched files: articles and folder settings, not hidden temporary or backup files', () => {
    expect(['a.md', 'sub/b.txt', 'corpus.yml', 'sub', null].map(watchedFile)).toEqual([true, true, true, true, true]);
    expect(['.a.md.123.tmp', '.a.md.swp', 'a.md~', 'index.v8', 'notes.json'].map(watchedFile)).toEqual([false, false, false, false, false]);
  });
});

describe('incremental live reload', () => {
  /** The test corpus opened with a change log (no automatic compaction at open), held without watching, and the path a new article lands at. */
  const incremental = () => {
    const { dir, dataDir } = setup();
    const opened = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    const holder = hold({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, initial: opened.corpus, watch: false, sighup: false, ...(opened.journal && { journal: opened.journal }) });
    return { dir, dataDir, holder, helsinki: path.join(dir, '2018-07-16-helsinki.md') };
  };

  test('a file the watcher names is applied alone; a compaction in a worker then folds the log into the cache and the index into one segment', async () => {
    const { dir, dataDir, holder, helsinki } = incremental();
    fs.writeFileSync(helsinki, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    // Edited too, but not named: only a full read (SIGHUP) would see it.
    fs.writeFileSync(path.join(dir, '2024-05-14-geneva.md'), article('Envoys meet again in Geneva', '2024-05-14', GENEVA));
    const r = await holder.filesChanged([helsinki]);
    expect(r).toMatchObject({ ok: true, changedFiles: 1 });
    expect(await askTitles(holder, 'Helsinki summit')).toEqual(['Leaders meet in Helsinki']);
    expect(holder.current().articles.map((a) => a.title)).toEqual(['Envoys meet in Geneva', 'Leaders meet in Helsinki']);

    // One new article is a large share of a tiny corpus: a compaction ran in a worker.
    await holder.compacted();
    expect(holder.current().search.pendingDocuments).toBe(0);
    // The fold on closing is now estimated at the rate the worker measured writing this cache.
    const estimate = holder.foldEstimate();
    expect(estimate.bytes).toBeGreaterThan(0);
    expect(estimate.ms).not.toBe(foldEstimateMs(estimate.bytes, undefined));
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('changes-'))).toEqual([]);
    expect(await askTitles(holder, 'Helsinki summit')).toEqual(['Leaders meet in Helsinki']);

    await holder.reload('SIGHUP');
    expect(holder.current().articles.map((a) => a.title)).toEqual(['Leaders meet in Helsinki', 'Envoys meet again in Geneva']);
    await holder.close();
    // The restart: cache (compacted) + log (the edit), equal to a fresh read of the files.
    const again = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    expect(again.fromCache).toBe(true);
    expect(again.corpus.articles.map((a) => a.title)).toEqual(['Leaders meet in Helsinki', 'Envoys meet again in Geneva']);
    expect(again.version).toBe(openCorpus({ dirs: [dir], dataDir: path.join(dataDir, 'fresh'), log: silentLogger(), now: Date.now }).version);
  });

  test('a start prepares what the first update needs in the background: the first arrival prepares nothing', async () => {
    const { holder, helsinki } = incremental();
    await holder.prepared();
    fs.writeFileSync(helsinki, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    const r = await holder.filesChanged([helsinki]);
    expect(r).toMatchObject({ ok: true, changedFiles: 1 });
    expect(Object.keys(r.steps ?? {})).not.toContain('prepare');
    expect(await askTitles(holder, 'Helsinki summit')).toEqual(['Leaders meet in Helsinki']);
  });

  test('a reload that changes nothing, started while the start prepares, leaves the corpus prepared all the same', async () => {
    const { holder, helsinki } = incremental();
    // Stops the preparation at its first step; it finds no file changed.
    const noop = await holder.reload('SIGHUP');
    expect(noop.ok).toBe(true);
    await holder.prepared();
    fs.writeFileSync(helsinki, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    const r = await holder.filesChanged([helsinki]);
    expect(r).toMatchObject({ ok: true, changedFiles: 1 });
    expect(Object.keys(r.steps ?? {})).not.toContain('prepare');
  });

  test('closing folds the change log into the cache (a running compaction is stopped first): a restart replays nothing', async () => {
    const { dir, dataDir } = setup();
    const opened = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    const { log, lines } = capturedLog();
    // Within its budget: a tiny cache is written in well under a minute at any rate.
    const holder = hold({ dirs: [dir], dataDir, log, now: Date.now, initial: opened.corpus, watch: false, sighup: false, closeBudgetMs: 60_000, ...(opened.journal && { journal: opened.journal }) });
    const helsinki = path.join(dir, '2018-07-16-helsinki.md');
    fs.writeFileSync(helsinki, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    expect(await holder.filesChanged([helsinki])).toMatchObject({ ok: true, changedFiles: 1 });
    // A large share of a tiny corpus: a background compaction has started; closing stops it and folds.
    await holder.close();
    expect(lines().some((l) => l.msg === 'change log folded into the index cache on closing')).toBe(true);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('changes-') || f.endsWith('.tmp'))).toEqual([]);
    const again = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    expect(again.fromCache).toBe(true);
    expect(again.journal?.logged).toBe(0);
    expect(again.corpus.articles.map((a) => a.title)).toEqual(['Envoys meet in Geneva', 'Leaders meet in Helsinki']);
    expect(again.version).toBe(openCorpus({ dirs: [dir], dataDir: path.join(dataDir, 'fresh'), log: silentLogger(), now: Date.now }).version);
  });

  test.each([
    ['the holder was given no time for it', { closeBudgetMs: 0 }, undefined],
    // A stop whose drain used up the grace: what is left of it, not the whole grace, bounds the fold.
    ['the stop has no time left for it', { closeBudgetMs: 60_000 }, { budgetMs: 0 }],
  ])('closing leaves the change log for the next start when folding it would take longer than the budget: %s', async (_, budget, closing) => {
    const { dir, dataDir } = setup();
    // Enough articles that one more stays under the share that starts a background compaction.
    for (let i = 1; i <= 15; i++)
      fs.writeFileSync(path.join(dir, `2024-05-${String(i).padStart(2, '0')}-talks.md`), article(`Talks resume, day ${i}`, `2024-05-${String(i).padStart(2, '0')}`, GENEVA));
    const opened = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    const cache = fs.readdirSync(dataDir).find((f) => f.endsWith('.v8')) as string;
    const cacheBefore = fs.readFileSync(path.join(dataDir, cache));
    const { log, lines } = capturedLog();
    // No time at all: any fold is estimated past it.
    const holder = hold({ dirs: [dir], dataDir, log, now: Date.now, initial: opened.corpus, watch: false, sighup: false, ...budget, ...(opened.journal && { journal: opened.journal }) });
    const helsinki = path.join(dir, '2018-07-16-helsinki.md');
    fs.writeFileSync(helsinki, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    expect(await holder.filesChanged([helsinki])).toMatchObject({ ok: true, changedFiles: 1 });
    await holder.close(closing);
    expect(holder.compactions).toBe(0);
    expect(lines().some((l) => /^change log left for the next start: folding it would take ~\d+ s$/.test(l.msg))).toBe(true);
    expect(lines().some((l) => l.msg === 'change log folded into the index cache on closing')).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, cache)).equals(cacheBefore)).toBe(true);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('changes-'))).toHaveLength(1);
    // The next start replays it, to what a fresh build of the files holds.
    const again = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    expect(again.fromCache).toBe(true);
    expect(again.journal?.logged).toBe(1);
    expect(again.corpus.articles.map((a) => a.title)).toContain('Leaders meet in Helsinki');
    expect(again.version).toBe(openCorpus({ dirs: [dir], dataDir: path.join(dataDir, 'fresh'), log: silentLogger(), now: Date.now }).version);
  });

  test('estimates the fold from the size of the cache, at the rate of the last measured write or else the slowest one measured', () => {
    // whitehouse-russia's cache: 193 MB, folded in 5.5–13 s under load.
    expect(foldEstimateMs(193_000_000, undefined)).toBeCloseTo(12_867, 0);
    expect(foldEstimateMs(193_000_000, { bytes: 190_000_000, ms: 5_700 })).toBeCloseTo(5_790, 0);
    // A write too quick to time says nothing.
    expect(foldEstimateMs(193_000_000, { bytes: 190_000_000, ms: 0 })).toBeCloseTo(12_867, 0);
  });

  test('a change logged but not swapped in when the holder closes stays in the log, and the restart replays it', async () => {
    const { dir, dataDir, holder, helsinki } = incremental();
    fs.writeFileSync(helsinki, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    // The update logs the change at once; the close makes it refuse the swap.
    const update = holder.filesChanged([helsinki]);
    await holder.close();
    expect(await update).toMatchObject({ ok: false, reason: 'closed' });
    expect(holder.current().articles.map((a) => a.title)).toEqual(['Envoys meet in Geneva']);
    // Not folded: the corpus in memory lacks the change; the log keeps it.
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('changes-'))).toHaveLength(1);
    const again = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    expect(again.journal?.logged).toBe(1);
    expect(again.corpus.articles.map((a) => a.title)).toEqual(['Envoys meet in Geneva', 'Leaders meet in Helsinki']);
  });

  test('changes applied while a compaction runs are folded by the next one, without waiting for another update', async () => {
    const { dir, dataDir, holder, helsinki } = incremental();
    fs.writeFileSync(helsinki, article('Leaders meet in Helsinki', '2018-07-16', HELSINKI));
    expect(await holder.filesChanged([helsinki])).toMatchObject({ ok: true, changedFiles: 1 });
    // A compaction (a worker: seconds) now runs; this edit is applied and logged meanwhile.
    const geneva = path.join(dir, '2024-05-14-geneva.md');
    fs.writeFileSync(geneva, article('Envoys meet again in Geneva', '2024-05-14', GENEVA));
    expect(await holder.filesChanged([geneva])).toMatchObject({ ok: true, changedFiles: 1 });
    // The first compaction, and the one it starts when it finds the log past the threshold.
    for (let i = 0; i < 4; i++) await holder.compacted();
    await holder.close();
    // Nothing left for a restart to replay: the cache holds both changes.
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('changes-'))).toEqual([]);
    const again = openCorpus({ dirs: [dir], dataDir, log: silentLogger(), now: Date.now, autoCompact: false });
    expect(again.journal?.logged).toBe(0);
    expect(again.corpus.articles.map((a) => a.title).sort()).toEqual(['Envoys meet again in Geneva', 'Leaders meet in Helsinki']);
  });
});

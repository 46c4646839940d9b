// The stores' worker thread itself: calls under way when it closes, calls after, a worker that
// cannot open its database. (What each store does is in follow-store and feed-store tests.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import { sqliteFollowStore } from '../src/store/store-thread.ts';
import { REPO } from './support/paths.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-store-thread-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  openDatabase(databaseFile(dir)).close();
  return dir;
}

/** A child process that opens a follows store as `store`, runs `body`, and ends on its own (or is killed after 120 s: status null). */
function childWithStore(body: string): { status: number | null; stdout: string } {
  const dir = dataDir();
  const child = path.join(dir, 'child.mts');
  fs.writeFileSync(
    child,
    `import { sqliteFollowStore } from ${JSON.stringify(path.join(REPO, 'src/store/store-thread.ts'))};
    const store = sqliteFollowStore(${JSON.stringify(databaseFile(dir))});
    ${body}`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', child], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout.trim() };
}

describe('a store in a worker thread', () => {
  it('answers the calls under way before it closes, every close() waiting for them; later calls are refused', async () => {
    const store = sqliteFollowStore(databaseFile(dataDir()));
    let answered = false;
    const enqueued = store.enqueue(['a-1', 'a-2'], 1000).then(() => {
      answered = true;
    });
    const first = store.close();
    // A second close (an error path closing again) returns only when the first has.
    await store.close();
    expect(answered).toBe(true);
    await first;
    await enqueued;
    await expect(store.inbox()).rejects.toThrow('the follows store is closed');
  });

  it('a worker that cannot open its database fails the call with the reason, not hanging it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-store-thread-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = sqliteFollowStore(path.join(dir, 'no-such-folder', 'attache.db'));
    cleanups.push(() => store.close());
    await expect(store.inbox()).rejects.toThrow(/the follows store stopped \(Cannot open database because the directory does not exist\)/);
  });

  it('holds the process only while calls are under way: a process done with its store ends without close()', () => {
    // Held by the worker, the child would run until the timeout (then killed: status null).
    expect(
      childWithStore(`await store.enqueue(['a-1'], 1000);
      console.log(JSON.stringify(await store.inbox()));`),
    ).toEqual({ status: 0, stdout: '[{"articleId":"a-1","arrivedMs":1000}]' });
  }, 130_000);

  it('start() boots the thread before any call without holding the process: a bot that stops before using it ends on its own', () => {
    expect(
      childWithStore(`await store.start();
      console.log('up');`),
    ).toEqual({ status: 0, stdout: 'up' });
  }, 130_000);

  it('start() on a store that cannot open its database resolves, and the first call says why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-store-thread-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = sqliteFollowStore(path.join(dir, 'no-such-folder', 'attache.db'));
    cleanups.push(() => store.close());
    await store.start();
    await expect(store.inbox()).rejects.toThrow(/the follows store stopped \(Cannot open database because the directory does not exist\)/);
  });
});

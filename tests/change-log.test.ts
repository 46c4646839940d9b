// The corpus change log's fsync off the event loop: entries are in the file as soon as appended
// (a compaction's read sees them), the promise resolves once they are on disk, and a log replaced
// while an fsync runs neither loses them nor closes the descriptor under the fsync.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInSlices } from '../src/app/slices.ts';
import { runAll } from '../src/core/steps.ts';
import { ChangeLog, type LoggedChange, readLog } from '../src/store/change-log.ts';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function entry(seq: number): LoggedChange {
  return { seq, file: `a${seq}.md`, hash: `h${seq}`, change: { kind: 'remove', id: `id-${seq}` } };
}

describe('change log appended with the fsync on the pool', () => {
  it('holds the entries at once, resolves once synced, and survives a replace during the fsync', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-changelog-'));
    dirs.push(dir);
    const log = new ChangeLog(path.join(dir, 'changes.log'));
    const synced = log.appendAsync([entry(1), entry(2)]);
    expect(readLog(log.file, 0).map((e) => e.seq)).toEqual([1, 2]);
    // A compaction that held seq 1 replaces the log while the fsync is in flight.
    log.replace(readLog(log.file, 1));
    await expect(synced).resolves.toBeUndefined();
    await log.appendAsync([entry(3)]);
    expect(readLog(log.file, 0).map((e) => e.seq)).toEqual([2, 3]);
    log.close();
  });
});

describe('a failed fsync', () => {
  // The disk refuses the write (EIO): the update is refused and reported, so the log must not keep
  // its entries — a later update reuses their sequence numbers, and a start or compaction would
  // replay a change the running bot never applied.
  const failNextFsync = () =>
    vi
      .spyOn(fs, 'fsync')
      .mockImplementationOnce(((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) =>
        process.nextTick(cb, Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }))) as typeof fs.fsync);

  it('leaves none of its entries in the log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-changelog-'));
    dirs.push(dir);
    const log = new ChangeLog(path.join(dir, 'changes.log'));
    await log.appendAsync([entry(1), entry(2)]);
    failNextFsync();
    await expect(log.appendAsync([entry(3), entry(4)])).rejects.toThrow(/EIO/);
    expect(readLog(log.file, 0).map((e) => e.seq)).toEqual([1, 2]);
    // The retry takes the same numbers: each once in the log.
    await log.appendAsync([entry(3)]);
    expect(readLog(log.file, 0).map((e) => e.seq)).toEqual([1, 2, 3]);
    log.close();
  });

  it('leaves none of them in a log a compaction replaced during the fsync', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-changelog-'));
    dirs.push(dir);
    const log = new ChangeLog(path.join(dir, 'changes.log'));
    await log.appendAsync([entry(1), entry(2)]);
    failNextFsync();
    const synced = log.appendAsync([entry(3)]);
    // A compaction that held seq 1 keeps the later lines, the one being synced among them.
    log.replace(readLog(log.file, 1));
    await expect(synced).rejects.toThrow(/EIO/);
    expect(readLog(log.file, 0).map((e) => e.seq)).toEqual([2]);
    log.close();
  });

  it('leaves none of them when appended synchronously', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-changelog-'));
    dirs.push(dir);
    const log = new ChangeLog(path.join(dir, 'changes.log'));
    log.append([entry(1)]);
    vi.spyOn(fs, 'fsyncSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    });
    expect(() => log.append([entry(2)])).toThrow(/EIO/);
    expect(readLog(log.file, 0).map((e) => e.seq)).toEqual([1]);
    log.close();
  });
});

describe('steps that wait for I/O', () => {
  function* steps(order: string[]): Generator<void | Promise<void>, string> {
    order.push('logged');
    yield new Promise<void>((r) =>
      setTimeout(() => {
        order.push('synced');
        r();
      }, 20),
    );
    order.push('applied');
    return 'done';
  }

  it('runInSlices applies nothing until the yielded write is on disk', async () => {
    const order: string[] = [];
    await expect(runInSlices(steps(order))).resolves.toBe('done');
    expect(order).toEqual(['logged', 'synced', 'applied']);
  });

  it('runAll refuses them rather than going on before the write is on disk', () => {
    const order: string[] = [];
    expect(() => runAll(steps(order))).toThrow(/runInSlices/);
    expect(order).toEqual(['logged']);
  });

  it('runAll leaves no unhandled rejection when the write it refused fails later', async () => {
    // A failed fsync rejects the promise after runAll has thrown: with no one listening, Node
    // would end the process on an unhandled rejection.
    let fail: (err: Error) => void = () => {};
    const write = new Promise<void>((_resolve, reject) => {
      fail = reject;
    });
    function* failing(): Generator<void | Promise<void>, string> {
      yield write;
      return 'done';
    }
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      expect(() => runAll(failing())).toThrow(/runInSlices/);
      fail(new Error('EIO: i/o error, fsync'));
      // Node reports unhandled rejections once the microtasks run out, before the next macrotask.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});

// One request in flight per host (the politeness rule): a second request to a host waits
// for the first to end, even when it failed; another host is not held up.
import { expect, it } from 'vitest';
import { HostGate } from '../src/feeds/host-gate.ts';

function deferred(): { promise: Promise<string>; resolve: (v: string) => void; reject: (e: Error) => void } {
  let resolve!: (v: string) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

it('runs one request per host at a time, in order, and other hosts alongside', async () => {
  const gate = new HostGate();
  const started: string[] = [];
  const calls = new Map<string, ReturnType<typeof deferred>>();
  const request = (url: string, name: string) =>
    gate.run(url, () => {
      started.push(name);
      const d = deferred();
      calls.set(name, d);
      return d.promise;
    });
  const flush = () => new Promise<void>((r) => setImmediate(r));
  const feed = request('https://news.example/rss', 'feed');
  const page = request('https://NEWS.example/article/1', 'page');
  const robots = request('https://news.example/robots.txt', 'robots');
  const other = request('https://wire.example/feed.json', 'other');
  await flush();
  expect(started).toEqual(['feed', 'other']);
  calls.get('feed')?.reject(new Error('HTTP 500'));
  await expect(feed).rejects.toThrow('HTTP 500');
  await flush();
  expect(started).toEqual(['feed', 'other', 'page']);
  calls.get('page')?.resolve('ok');
  await expect(page).resolves.toBe('ok');
  await flush();
  expect(started).toEqual(['feed', 'other', 'page', 'robots']);
  calls.get('robots')?.resolve('robots');
  calls.get('other')?.resolve('other');
  expect(await Promise.all([robots, other])).toEqual(['robots', 'other']);
});

// The follow store on every backend (SQLite, and PostgreSQL when TEST_DATABASE_URL is set): follows
// per server, the inbox, one delivery per (follow, story) also when a copy or a restart records
// it again, the send lifecycle a restart must find as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FollowError, type NewFollow } from '../src/core/follows/follow.ts';
import type { PostData } from '../src/core/follows/post.ts';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import type { FollowStore, NewDelivery } from '../src/store/follows.ts';
import { sqliteFollowStore } from '../src/store/store-thread.ts';
import { openPostgres } from '../src/store/postgres/db.ts';
import { pgFollowStore } from '../src/store/postgres/follows.ts';
import { freshSchema, TEST_DATABASE_URL } from './support/services.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A store, and the same database opened again (a restart). */
type Open = () => Promise<{ store: FollowStore; reopen: () => Promise<FollowStore> }>;

const sqlite: Open = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-follows-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const open = async (): Promise<FollowStore> => {
    const db = openDatabase(databaseFile(dir));
    cleanups.push(() => {
      db.close();
    });
    return sqliteFollowStore(db.name);
  };
  return { store: await open(), reopen: open };
};

const postgres: Open = async () => {
  const url = TEST_DATABASE_URL ?? '';
  const { schema, drop } = await freshSchema(url);
  cleanups.push(drop);
  const open = async (): Promise<FollowStore> => {
    const db = await openPostgres({ url, schema, max: 4 });
    cleanups.push(() => db.close());
    return pgFollowStore(db);
  };
  return { store: await open(), reopen: open };
};

const backends: [string, Open, boolean][] = [
  ['SQLite', sqlite, true],
  ['PostgreSQL', postgres, TEST_DATABASE_URL !== undefined],
];

const newFollow = (over: Partial<NewFollow> = {}): NewFollow => ({ guildId: 'g1', channelId: 'c1', topic: 'sanctions on Russia', createdBy: 'u1', createdAt: 1000, ...over });
const post = (followId: number, head: string, also: string[] = [], nextMs = 5000): NewDelivery => {
  const data: PostData = { topic: 't', passageId: `${head}#1`, articles: [head, ...also], matched: ['russia'] };
  return { followId, storyKey: head, kind: 'post', data, articles: data.articles, nextMs };
};
const batch = (deliveries: NewDelivery[], over: Partial<Parameters<FollowStore['record']>[0]> = {}) => ({ done: [], deliveries, joins: [], counts: [], nowMs: 2000, windowMs: 86_400_000, ...over });

describe.each(backends)('follow store on %s', (_name, open, enabled) => {
  it.runIf(enabled)('adds, lists, pauses and removes follows per server, within the limit', async () => {
    const { store } = await open();
    const a = await store.add(newFollow(), 2);
    const b = await store.add(newFollow({ topic: 'Arctic council', source: 'Polar Post', channelId: 'c2' }), 2);
    await store.add(newFollow({ guildId: 'g2' }), 2);
    await expect(store.add(newFollow({ topic: 'third' }), 2)).rejects.toBeInstanceOf(FollowError);
    expect((await store.list('g1')).map((f) => [f.id, f.topic, f.channelId, f.source, f.paused])).toEqual([
      [a.id, 'sanctions on Russia', 'c1', undefined, false],
      [b.id, 'Arctic council', 'c2', 'Polar Post', false],
    ]);
    expect((await store.setPaused('g1', b.id, true))?.paused).toBe(true);
    expect((await store.active()).map((f) => f.id)).not.toContain(b.id);
    // Another server's follow cannot be touched by id.
    expect(await store.setPaused('g2', a.id, true)).toBeUndefined();
    expect(await store.remove('g2', a.id)).toBe(false);
    expect(await store.remove('g1', a.id)).toBe(true);
    expect((await store.list('g1')).map((f) => f.id)).toEqual([b.id]);
  });

  it.runIf(enabled)('records a story once: again after a restart, and a copy joins it while it waits', async () => {
    const { store, reopen } = await open();
    const f = await store.add(newFollow(), 25);
    await store.enqueue(['a1', 'a2', 'a3'], 1500);
    await store.record(batch([post(f.id, 'a1')], { done: ['a1'] }));
    expect((await store.inbox()).map((i) => i.articleId)).toEqual(['a2', 'a3']);
    // Matched again after a restart, with its copy now first: still the one story.
    const again = await reopen();
    await again.record(batch([post(f.id, 'a2', ['a1'])], { done: ['a2'], joins: [{ followId: f.id, storyKey: 'a1', articleId: 'a3' }] }));
    const due = await again.due(10_000, 10);
    expect(due.map((d) => [d.storyKey, [...(d.data as PostData).articles].sort()])).toEqual([['a1', ['a1', 'a2', 'a3']]]);
    expect(await again.postedSince(f.id, 0)).toBe(1);
    expect(await again.recent(f.id, 0)).toEqual([{ storyKey: 'a1', passageId: 'a1#1' }]);
    // Not due before its time.
    expect(await again.due(4999, 10)).toEqual([]);
  });

  it.runIf(enabled)('keeps the send lifecycle across a restart: sending, retried, sent; and reports failures', async () => {
    const { store, reopen } = await open();
    const f = await store.add(newFollow(), 25);
    await store.record(batch([post(f.id, 's1'), post(f.id, 's2')]));
    expect(await store.begin(f.id, 's1', 0, 6000)).toBe(true);
    // Another process that read it before cannot take it too.
    expect(await store.begin(f.id, 's1', 0, 6001)).toBe(false);
    // A restart mid-send finds it in doubt, not due.
    const after = await reopen();
    expect((await after.inDoubt()).map((d) => [d.storyKey, d.attempts, d.attemptMs])).toEqual([['s1', 1, 6000]]);
    expect((await after.due(10_000, 10)).map((d) => d.storyKey)).toEqual(['s2']);
    await after.failed(f.id, 's1', 'Attaché lacks permission to post there (Discord 50013: Missing Permissions)', 66_000);
    expect(await after.due(10_000, 10).then((d) => d.map((x) => x.storyKey))).toEqual(['s2']);
    let [summary] = await after.list('g1');
    expect(summary).toMatchObject({ posted: 0, waiting: 1, failing: 1, nextRetryMs: 66_000, lastError: expect.stringContaining('50013') });
    // Due in the order of their time: s2 since 5000, s1 since its retry time.
    expect((await after.due(66_000, 10)).map((d) => d.storyKey)).toEqual(['s2', 's1']);
    expect(await after.begin(f.id, 's1', 1, 66_000)).toBe(true);
    await after.sent(f.id, 's1', 'm1', 66_500);
    // Sent is final: it can never be begun (and so sent) again.
    expect(await after.begin(f.id, 's1', 2, 70_000)).toBe(false);
    expect(await after.begin(f.id, 's2', 0, 70_000)).toBe(true);
    await after.failed(f.id, 's2', 'the channel no longer exists (Discord 10003)', undefined);
    [summary] = await after.list('g1');
    expect(summary).toMatchObject({ posted: 1, lastPostMs: 66_500, waiting: 0, failing: 0, failed: 1, lastError: expect.stringContaining('10003') });
    expect(await after.due(1e12, 10)).toEqual([]);
  });

  it.runIf(enabled)('holds posts of a paused follow, and counts matches for "narrow it"', async () => {
    const { store } = await open();
    const f = await store.add(newFollow(), 25);
    await store.record(batch([post(f.id, 'p1')], { counts: [{ followId: f.id, considered: 30, matched: 20 }] }));
    await store.record(batch([], { counts: [{ followId: f.id, considered: 10, matched: 1 }], nowMs: 3000 }));
    await store.setPaused('g1', f.id, true);
    expect(await store.due(1e9, 10)).toEqual([]);
    await store.setPaused('g1', f.id, false);
    expect((await store.due(1e9, 10)).length).toBe(1);
    const [summary] = await store.list('g1');
    expect(summary?.window).toEqual({ startMs: 2000, considered: 40, matched: 21 });
    // A story listed in a digest is a recent story (its late copies join it); it is not a post.
    const digested: NewDelivery = { ...post(f.id, 'd1'), kind: 'digested' };
    await store.record(batch([digested]));
    expect((await store.recent(f.id, 0)).map((r) => r.storyKey).sort()).toEqual(['d1', 'p1']);
    expect(await store.postedSince(f.id, 0)).toBe(1);
  });

  it.runIf(enabled)('records a daily digest once per day, listing the stories waiting before its time, with their late copies', async () => {
    const { store, reopen } = await open();
    const f = await store.add(newFollow({ digestMinute: 480 }), 25);
    const hourly = await store.add(newFollow({ topic: 'hourly' }), 25);
    expect(f.digestMinute).toBe(480);
    const waiting = (head: string, also: string[] = []): NewDelivery => ({ ...post(f.id, head, also), kind: 'digested' });
    await store.record(batch([waiting('s1'), waiting('s2', ['s2b'])], { nowMs: 1000 }));
    // A story over an hourly quota is listed in its hourly digest, never in a daily one.
    await store.record(batch([{ ...post(hourly.id, 'h1'), kind: 'digested', digestKey: 'digest:h1' }], { nowMs: 1000 }));
    // A late copy joins the waiting story; a story after the digest time waits for the next day.
    await store.record(batch([waiting('s3')], { nowMs: 9000, joins: [{ followId: f.id, storyKey: 's1', articleId: 's1b' }] }));
    expect((await store.list('g1')).map((x) => [x.id, x.collected, x.waiting])).toEqual([
      [f.id, 3, 0],
      [hourly.id, 0, 0],
    ]);
    expect((await store.awaitingDigest()).map((x) => x.id)).toEqual([f.id]);
    expect(await store.recordDaily(f.id, 'daily:2026-03-29', '2026-03-29', 5000, 6000)).toBe(2);
    // Asked again, after a restart, or from another process: the day's digest exists, nothing more.
    const again = await reopen();
    expect(await again.recordDaily(f.id, 'daily:2026-03-29', '2026-03-29', 9500, 9600)).toBe(0);
    const [digest, ...rest] = await again.due(1e9, 10);
    expect(rest).toEqual([]);
    expect(digest).toMatchObject({
      storyKey: 'daily:2026-03-29',
      kind: 'digest',
      data: {
        day: '2026-03-29',
        heads: ['s1', 's2'],
        stories: [
          ['s1', 's1b'],
          ['s2', 's2b'],
        ],
      },
    });
    expect((await again.list('g1'))[0]?.collected).toBe(1);
    // The next day lists what waited since; the digest time can be turned off.
    expect(await again.recordDaily(f.id, 'daily:2026-03-30', '2026-03-30', 20_000, 20_000)).toBe(1);
    expect((await again.awaitingDigest()).map((x) => x.id)).toEqual([]);
    expect((await again.setDigest('g1', f.id, undefined))?.digestMinute).toBeUndefined();
    expect(await again.setDigest('g2', f.id, 60)).toBeUndefined();
  });
});

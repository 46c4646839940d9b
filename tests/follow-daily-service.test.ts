// The daily digest as a moderator changes it: a new time (or zone) set after the day's digest is
// kept that same day, as /follow digest promises, and a story is still listed only once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FollowService } from '../src/app/follow-service.ts';
import type { Corpus } from '../src/core/corpus.ts';
import type { PostData } from '../src/core/follows/post.ts';
import { silentLogger } from '../src/log.ts';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import type { DigestData, NewDelivery } from '../src/store/follows.ts';
import { sqliteFollowStore } from '../src/store/store-thread.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-daily-'));
  dirs.push(dir);
  const db = openDatabase(databaseFile(dir));
  const store = sqliteFollowStore(db.name);
  let now = 0;
  const service = new FollowService({
    store,
    corpus: () => ({}) as Corpus,
    send: async () => ({ ok: true, messageId: 'm' }),
    log: silentLogger(),
    now: () => now,
    limits: { maxPerHour: 2, groupMs: 0, retryBaseMs: 60_000 },
    zoneOf: async () => 'Europe/Paris',
  });
  const waiting = (followId: number, head: string): NewDelivery => {
    const data: PostData = { topic: 't', passageId: `${head}#1`, articles: [head], matched: ['t'] };
    return { followId, storyKey: head, kind: 'digested', data, articles: data.articles, nextMs: 0 };
  };
  const story = (followId: number, head: string) => store.record({ done: [], deliveries: [waiting(followId, head)], joins: [], counts: [], nowMs: now, windowMs: 86_400_000 });
  const digests = async () => (await store.due(Number.MAX_SAFE_INTEGER, 100)).filter((d) => d.kind === 'digest').map((d) => (d.data as DigestData).heads);
  return { db, store, service, story, digests, at: (iso: string) => (now = Date.parse(iso)) };
}

describe('daily digest when a moderator changes its time', () => {
  it('moved later on the day of its digest, it still posts at the new time that day', async () => {
    const { db, store, service, story, digests, at } = setup();
    const f = await store.add({ guildId: 'g', channelId: 'c', topic: 't', digestMinute: 8 * 60, createdBy: 'u', createdAt: 0 }, 25);
    at('2026-06-01T05:00:00Z');
    await story(f.id, 's1');
    at('2026-06-01T06:00:30Z'); // 08:00 in Paris (CEST)
    await service.dailyDigests();
    expect(await digests()).toEqual([['s1']]);
    // At 10:00 the moderator moves the digest to 20:00; /follow digest says the next is today 20:00.
    at('2026-06-01T08:00:00Z');
    await store.setDigest('g', f.id, 20 * 60);
    await story(f.id, 's2');
    at('2026-06-01T18:00:30Z'); // 20:00 in Paris
    await service.dailyDigests();
    expect(await digests()).toEqual([['s1'], ['s2']]);
    // Asked again (another minute, a restart): nothing more, each story listed once.
    at('2026-06-01T18:01:30Z');
    await service.dailyDigests();
    expect(await digests()).toEqual([['s1'], ['s2']]);
    db.close();
  });
});

describe('daily digest when the server time zone cannot be read', () => {
  it('waits for the zone rather than posting at the UTC time', async () => {
    const { db, store, story, digests, at } = setup();
    const service = new FollowService({
      store,
      corpus: () => ({}) as Corpus,
      send: async () => ({ ok: true, messageId: 'm' }),
      log: silentLogger(),
      now: () => Date.parse('2026-06-01T08:00:30Z'),
      limits: { maxPerHour: 2, groupMs: 0, retryBaseMs: 60_000 },
      zoneOf: async () => {
        throw new Error('settings store unavailable');
      },
    });
    const f = await store.add({ guildId: 'g', channelId: 'c', topic: 't', digestMinute: 8 * 60, createdBy: 'u', createdAt: 0 }, 25);
    at('2026-06-01T05:00:00Z');
    await story(f.id, 's1');
    // 08:00 UTC: the server may be anywhere (New York: 04:00); no digest while its zone is unknown.
    await service.dailyDigests();
    expect(await digests()).toEqual([]);
    db.close();
  });
});

describe('the daily digest check', () => {
  it('asked every few minutes of a day with stories waiting, records only the digest due, without a transaction per check', async () => {
    const { db, store, service, story, digests, at } = setup();
    let transactions = 0;
    const recordDaily = store.recordDaily.bind(store);
    store.recordDaily = (...args) => {
      transactions++;
      return recordDaily(...args);
    };
    const f = await store.add({ guildId: 'g', channelId: 'c', topic: 't', digestMinute: 8 * 60, createdBy: 'u', createdAt: 0 }, 25);
    at('2026-06-01T07:00:00Z'); // 09:00 in Paris: the day's digest time has passed, before this story
    await story(f.id, 's1');
    const start = Date.parse('2026-06-01T07:02:00Z');
    for (let t = start; t < start + 86_400_000; t += 5 * 60_000) {
      at(new Date(t).toISOString());
      await service.dailyDigests();
    }
    // One digest, the next morning at 08:00 Paris time; the other 287 checks found nothing due by reading alone.
    expect(await digests()).toEqual([['s1']]);
    expect(transactions).toBe(1);
    db.close();
  });
});

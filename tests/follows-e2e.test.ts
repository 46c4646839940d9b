// Follows end to end, in one process with the clock injected: a loopback feed server, the real
// poller and import pipeline, the corpus applying the new files, /follow through dispatch, and
// posts through Discord's REST API to the fake Discord. An item published on a feed answers /ask
// and is posted once to the following channel, with its wire copy from a second feed as "also
// reported by"; a stop between Discord creating the post and the store recording it sends nothing
// twice after the restart; a channel that refuses (403, 50013) is retried and reported.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CorpusHolder, startCorpusReload } from '../src/app/corpus-holder.ts';
import { type AppDeps, runCommand } from '../src/app/dispatch.ts';
import { FollowService, restSender, type ChannelSender } from '../src/app/follow-service.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import type { Invocation } from '../src/contract/interaction.ts';
import { FeedPoller, type WrittenItem } from '../src/feeds/poller.ts';
import { silentLogger } from '../src/log.ts';
import { databaseFile, openDatabase, type Db } from '../src/store/db.ts';
import { type FeedStore, SqliteFeedStore } from '../src/store/feeds.ts';
import type { FollowStore } from '../src/store/follows.ts';
import { sqliteFollowStore } from '../src/store/store-thread.ts';
import { SqliteSettingsStore } from '../src/store/settings.ts';
import { type ChannelMessageRecord, type FakeDiscord, startFakeDiscord } from './support/fake-discord.ts';
import { CORPUS } from './support/paths.ts';

const GUILD = '1300000000000000001';
const NEWS = '1300000000000000010';
const LOCKED = '1300000000000000011';
const MOD = '1200000000000000001';
const MIN = 60_000;
const log = silentLogger();

let clock = Date.UTC(2026, 10, 30, 12);
const feedItems = new Map<string, string[]>([
  ['/polar.xml', []],
  ['/wire.xml', []],
]);
let server: Server;
let base: string;
let fake: FakeDiscord;
let dir: string;
const dbs: Db[] = [];
let feeds: SqliteFeedStore;
let poller: FeedPoller;
let holder: CorpusHolder;
let follows: FollowStore;
let service: FollowService;
let deps: AppDeps;

const body = (lead: string): string =>
  [
    `${lead}The Arctic council agreed a shared icebreaker schedule for the northern sea route this winter, after two days of talks in Tromsø.`,
    'Under the icebreaker schedule, convoys leave Murmansk every ten days from December, and coast guards of five member states share the escort duty.',
    'Shipping companies had asked for a fixed schedule since last year, when ice closed the route for three weeks and cargo waited at anchor.',
    'Observers from China and India attended the talks; the council will review the schedule in March, when the ice begins to break up.',
  ]
    .map((p) => `<p>${p}</p>`)
    .join('');
const item = (o: { guid: string; title: string; html: string; minutesAgo: number }): string =>
  `<item><title>${o.title}</title><link>${base}/a/${o.guid}</link><guid isPermaLink="false">${o.guid}</guid><pubDate>${new Date(clock - o.minutesAgo * MIN).toUTCString()}</pubDate><content:encoded><![CDATA[${o.html}]]></content:encoded></item>`;
// Over the feed reader's 400 characters of full text, so no page is fetched.
const filler = (topic: string): string =>
  Array.from({ length: 5 }, (_, i) => `<p>Paragraph ${i + 1} on ${topic}: the committee published its minutes and the members thanked the staff for the preparation.</p>`).join('');

function moderator(subcommand: string, options: Record<string, string | number> = {}): Invocation {
  return {
    kind: 'command',
    id: `i${Math.random()}`,
    name: 'follow',
    subcommand: [subcommand],
    options,
    userId: MOD,
    guildId: GUILD,
    channelId: NEWS,
    memberPermissions: '32',
    appPermissions: '1071698660929',
  };
}
async function slash(inv: Invocation) {
  return (await runCommand(inv, deps)).answer;
}
const posts = (channelId: string): ChannelMessageRecord[] => fake.records.filter((r): r is ChannelMessageRecord => r.kind === 'channel-message' && r.channelId === channelId);
const created = (channelId: string) => [...fake.messages.values()].filter((m) => m.channel_id === channelId);

function followService(store: FollowStore, send: ChannelSender): FollowService {
  return new FollowService({ store, corpus: () => holder.current(), send, log, now: () => clock, limits: { maxPerHour: 5, groupMs: 0, retryBaseMs: MIN } });
}
function openFollowStore(): FollowStore {
  const db = openDatabase(databaseFile(path.join(dir, 'data')));
  dbs.push(db);
  return sqliteFollowStore(db.name);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const items = feedItems.get(req.url ?? '');
    if (items === undefined) return void res.writeHead(404).end();
    const title = req.url === '/polar.xml' ? 'Polar Post' : 'Wire Service';
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title>${items.join('')}</channel></rss>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = await startFakeDiscord({
    guilds: [
      {
        id: GUILD,
        name: 'Test Guild',
        channels: [
          { id: NEWS, name: 'news' },
          { id: LOCKED, name: 'locked' },
        ],
        roles: [{ id: GUILD, name: '@everyone', permissions: '1071698660929' }],
      },
    ],
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-follows-e2e-'));
  const corpusDir = path.join(dir, 'corpus');
  fs.cpSync(CORPUS, corpusDir, { recursive: true });
  const dataDir = path.join(dir, 'data');
  const feedDb = openDatabase(databaseFile(dataDir));
  dbs.push(feedDb);
  feeds = new SqliteFeedStore(feedDb);
  poller = new FeedPoller({
    store: feeds,
    defaultInto: corpusDir,
    log,
    now: () => clock,
    random: () => 0.5,
    version: '9.9.9',
    allowLoopback: true,
    onWritten: (items: readonly WrittenItem[]) => void service.arrived(items),
  });
  const opened = openCorpus({ dirs: [corpusDir], dataDir, log, now: () => clock });
  holder = startCorpusReload({ dirs: [corpusDir], dataDir, log, now: () => clock, initial: opened.corpus, watch: false, sighup: false, ...(opened.journal && { journal: opened.journal }) });
  follows = openFollowStore();
  deps = { corpus: () => holder.current(), log, now: () => clock, startedAt: clock, version: 'test', settings: new SqliteSettingsStore(feedDb), follows };
  await feeds.upsert({ url: `${base}/polar.xml`, outlet: 'Polar Post', intervalS: 900, tags: [], origin: 'cli' }, clock);
  await feeds.upsert({ url: `${base}/wire.xml`, outlet: 'Wire Service', intervalS: 900, tags: [], origin: 'cli' }, clock);
}, 120_000);

afterAll(async () => {
  await holder?.close();
  for (const db of dbs) db.close();
  await fake?.close();
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

it('posts a new article once per story, survives a stop mid-post, and retries a refused channel', async () => {
  // What the feeds hold at their first poll is imported but never announced.
  feedItems.set('/polar.xml', [item({ guid: 'p0', title: 'Committee publishes minutes', html: filler('the minutes'), minutesAgo: 90 })]);
  feedItems.set('/wire.xml', [item({ guid: 'w0', title: 'Committee thanks staff', html: filler('the staff'), minutesAgo: 80 })]);
  const real = restSender({ apiBase: fake.apiBase, token: fake.token });
  service = followService(follows, real);
  expect((await poller.pollDue()).map((r) => r.written.length)).toEqual([1, 1]);
  await holder.reload('test');

  // A moderator follows the topic in #news, and in #locked where Attaché may not post.
  const added = await slash(moderator('add', { topic: 'icebreaker schedule northern sea route', channel: NEWS }));
  expect(added.error).toBeUndefined();
  expect(added.body).toContain('#1 “icebreaker schedule northern sea route” in <#1300000000000000010>');
  await slash(moderator('add', { topic: 'icebreaker schedule', channel: LOCKED }));
  fake.refuseChannel(LOCKED, { status: 403, code: 50013, message: 'Missing Permissions' });
  await service.tick();
  expect(posts(NEWS)).toEqual([]);

  // The Polar Post publishes the story; the wire service carries the same text with a dateline.
  clock += 30 * MIN;
  feedItems.get('/polar.xml')?.push(item({ guid: 'p1', title: 'Arctic council sets icebreaker schedule', html: body(''), minutesAgo: 5 }));
  feedItems.get('/wire.xml')?.push(item({ guid: 'w1', title: 'Arctic states agree icebreaker convoys', html: body('TROMSØ (Wire) — '), minutesAgo: 4 }));
  expect((await poller.pollDue()).map((r) => r.written.filter((w) => w.announce).length)).toEqual([1, 1]);
  const reloaded = await holder.reload('test');
  expect(reloaded.ok).toBe(true);
  const answer = await runCommand(
    { kind: 'command', id: 'ask1', name: 'ask', subcommand: [], options: { query: 'icebreaker schedule northern sea route' }, userId: '1200000000000000002', guildId: GUILD, channelId: NEWS },
    deps,
  );
  expect(answer.answer.items.map((i) => i.citation.title)).toContain('Arctic council sets icebreaker schedule');

  // The first process dies after Discord created the post, before it recorded it as sent.
  const dying: ChannelSender = async (channelId, message) => {
    await real(channelId, message);
    throw new Error('killed mid-send');
  };
  service = followService(follows, dying);
  await expect(service.tick()).rejects.toThrow('killed mid-send');
  expect(created(NEWS)).toHaveLength(1);

  // Restarted: the post in doubt goes again with its nonce, and Discord returns the first one.
  clock += 30_000;
  const restarted = openFollowStore();
  service = followService(restarted, real);
  await service.recover();
  await service.tick();
  await service.tick();
  const news = created(NEWS);
  expect(news).toHaveLength(1);
  expect(posts(NEWS).at(-1)?.repeatOf).toBe(news[0]?.id);
  const embed = news[0]?.embeds[0];
  expect(['Arctic council sets icebreaker schedule', 'Arctic states agree icebreaker convoys']).toContain(embed?.title);
  expect(embed?.description).toMatch(/\*\*icebreaker\*\*/i);
  const other = embed?.title === 'Arctic council sets icebreaker schedule' ? 'Wire Service' : 'Polar Post';
  expect(embed?.fields?.find((f) => f.name === 'Also reported by')?.value).toContain(other);
  expect(posts(NEWS).every((r) => JSON.stringify(r.body.allowed_mentions) === '{"parse":[]}')).toBe(true);

  // #locked refused the post: it is reported, and retried, never dropped.
  expect(posts(LOCKED).map((r) => r.status)).toEqual([403]);
  deps = { ...deps, follows: restarted };
  let listed = await slash(moderator('list'));
  const lockedField = listed.fields?.find((f) => f.name.startsWith('#2'));
  expect(lockedField?.value).toContain('1 failing');
  expect(lockedField?.value).toContain('50013');
  expect(listed.fields?.find((f) => f.name.startsWith('#1'))?.value).toContain('1 posted');
  // /config check in #locked says the same.
  const check = await runCommand({ ...moderator('check'), name: 'config', channelId: LOCKED }, deps);
  expect(check.answer.fields?.find((f) => f.name === 'Follow #2 “icebreaker schedule”')?.value).toContain('50013');

  // Not before its time; once the permission is granted, posted exactly once.
  fake.refuseChannel(LOCKED, undefined);
  await service.tick();
  expect(posts(LOCKED)).toHaveLength(1);
  clock += 2 * MIN;
  await service.tick();
  await service.tick();
  expect(created(LOCKED)).toHaveLength(1);
  listed = await slash(moderator('list'));
  expect(listed.fields?.find((f) => f.name.startsWith('#2'))?.value).toMatch(/^In <#\d+>\. 1 posted/);

  // Another restart, and another poll with nothing new: nothing is posted again.
  service = followService(openFollowStore(), real);
  await service.recover();
  clock += 30 * MIN;
  await poller.pollDue();
  await service.tick();
  expect(created(NEWS)).toHaveLength(1);
  expect(created(LOCKED)).toHaveLength(1);
  expect(fake.takeViolations()).toEqual([]);
}, 120_000);

const tidal = (lead: string, angle: string): string =>
  [
    `${lead}The tidal barrage across the Severn estuary won planning consent on Monday, ${angle}.`,
    'The tidal barrage will carry turbines along sixteen kilometres of embankment and supply power to two million homes once the sluices close in 2031.',
    'Fishermen and bird charities had opposed the tidal barrage for a decade, citing the mudflats where waders feed through the winter months.',
    'Engineers expect the tidal barrage to take seven years to build, with the first turbines turning before the embankment is finished.',
  ]
    .map((p) => `<p>${p}</p>`)
    .join('');

it("posts a daily digest once at the server's local time, with wire copies grouped, also after a restart", async () => {
  const real = restSender({ apiBase: fake.apiBase, token: fake.token });
  const settings = deps.settings;
  service = new FollowService({
    store: follows,
    corpus: () => holder.current(),
    send: real,
    log,
    now: () => clock,
    limits: { maxPerHour: 5, groupMs: 0, retryBaseMs: MIN },
    zoneOf: async (g) => (await settings?.get(g))?.timeZone,
  });
  // The server is in Tokyo (UTC+9): 08:00 there is 23:00 UTC the day before.
  const zone = await runCommand({ ...moderator('timezone', { zone: 'asia/tokyo' }), name: 'config' }, deps);
  expect(zone.answer.body).toContain('Asia/Tokyo');
  const added = await slash(moderator('add', { topic: 'tidal barrage', channel: NEWS, digest: '08:00' }));
  expect(added.body).toContain('daily digest at 08:00');
  expect(added.body).toContain('posted daily at 08:00 Asia/Tokyo');
  const before = created(NEWS).length;

  clock = Date.UTC(2026, 11, 1, 10);
  feedItems.get('/polar.xml')?.push(item({ guid: 'p2', title: 'Severn tidal barrage approved', html: tidal('', 'ending a forty-year argument'), minutesAgo: 5 }));
  feedItems.get('/wire.xml')?.push(item({ guid: 'w2', title: 'UK backs Severn barrage', html: tidal('CARDIFF (Wire) — ', 'ending a forty-year argument'), minutesAgo: 4 }));
  await poller.pollDue();
  clock += 20 * MIN;
  feedItems.get('/polar.xml')?.push(
    item({
      guid: 'p3',
      title: 'What the barrage means for waders',
      html: `<p>Bird charities counted the waders on the tidal barrage site at dawn on Tuesday and said the tidal barrage plan ignores their survey of the estuary mudflats.</p>${filler('waders')}`,
      minutesAgo: 2,
    }),
  );
  await poller.pollDue();
  expect((await holder.reload('test')).ok).toBe(true);
  await service.tick();
  expect(created(NEWS)).toHaveLength(before);
  const listed = await slash(moderator('list'));
  expect(listed.fields?.find((f) => f.name.includes('tidal barrage'))?.value).toContain('2 stories for the next daily digest');

  // 07:59 in Tokyo: nothing yet. 08:00: one digest, the two outlets' copies as one story.
  clock = Date.UTC(2026, 11, 1, 22, 59);
  await service.tick();
  expect(created(NEWS)).toHaveLength(before);
  clock = Date.UTC(2026, 11, 1, 23, 0);
  await service.tick();
  const digest = created(NEWS).slice(before);
  expect(digest).toHaveLength(1);
  const embed = digest[0]?.embeds[0];
  expect(embed?.title).toBe('Daily digest: “tidal barrage”, 2026-12-02');
  expect(embed?.fields?.map((f) => f.name)).toHaveLength(2);
  expect(embed?.fields?.[0]?.value).toMatch(/Also reported by (Wire Service|Polar Post)/);
  expect(posts(NEWS).at(-1)?.body.allowed_mentions).toEqual({ parse: [] });

  // Restarted the same minute and the next day: that day's digest is not posted again.
  service = new FollowService({ store: openFollowStore(), corpus: () => holder.current(), send: real, log, now: () => clock, limits: { maxPerHour: 5, groupMs: 0, retryBaseMs: MIN } });
  await service.recover();
  await service.tick();
  clock += 24 * 60 * MIN;
  await service.tick();
  expect(created(NEWS)).toHaveLength(before + 1);
  expect(fake.takeViolations()).toEqual([]);
}, 120_000);

it('announces once, after a restart, an article whose file was written by a poll that died before its record', async () => {
  const real = restSender({ apiBase: fake.apiBase, token: fake.token });
  service = followService(follows, real);
  deps = { ...deps, follows };
  expect((await slash(moderator('add', { topic: 'desalination plant', channel: NEWS }))).error).toBeUndefined();
  const before = created(NEWS).length;

  clock += 60 * MIN;
  const desalination = [
    'The coastal desalination plant at Agadir began supplying drinking water on Wednesday, the largest desalination plant on the Atlantic coast of Africa.',
    'The desalination plant will serve one million people and irrigate fifteen thousand hectares of farmland hit by six years of drought.',
    'Engineers said the desalination plant runs partly on wind power, and a second stage will double its output by 2028.',
    'Farmers in the Souss valley said water from the desalination plant costs twice what they paid for well water, and asked the ministry for a subsidy.',
  ]
    .map((p) => `<p>${p}</p>`)
    .join('');
  feedItems.get('/polar.xml')?.push(item({ guid: 'p5', title: 'Agadir desalination plant opens', html: desalination, minutesAgo: 3 }));

  // The first process writes the article's file, then dies before the poll is recorded.
  const announced: WrittenItem[] = [];
  const dyingStore = new Proxy(feeds, {
    get(target, key) {
      if (key === 'recordPoll') return async () => Promise.reject(new Error('killed before the record'));
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  // The poller as the bot makes it, on a given feed store.
  const pollerOn = (store: FeedStore, onWritten: (items: readonly WrittenItem[]) => void): FeedPoller =>
    new FeedPoller({ store, defaultInto: path.join(dir, 'corpus'), log, now: () => clock, random: () => 0.5, version: '9.9.9', allowLoopback: true, onWritten });
  const dying = pollerOn(dyingStore, (items) => void announced.push(...items));
  await expect(dying.pollDue()).rejects.toThrow('killed before the record');
  expect(announced).toEqual([]);
  const left = await feeds.pending();
  expect(left.map((p) => p.identity)).toEqual(['id:p5']);
  expect(fs.existsSync(left[0]?.file ?? '')).toBe(true);

  // Restarted: the new process announces it once; its poll, redone after the lease, finds the file there.
  const feedDb = openDatabase(databaseFile(path.join(dir, 'data')));
  dbs.push(feedDb);
  const restartedFeeds = new SqliteFeedStore(feedDb);
  const again: WrittenItem[] = [];
  const restarted = pollerOn(restartedFeeds, (items) => {
    again.push(...items);
    void service.arrived(items);
  });
  service = followService(openFollowStore(), real);
  await service.recover();
  expect((await restarted.recoverPending()).map((w) => w.file)).toEqual([left[0]?.file]);
  expect((await holder.reload('test')).ok).toBe(true);
  await service.tick();
  clock += 11 * MIN;
  await restarted.pollDue();
  expect((await restartedFeeds.items(`${base}/polar.xml`)).get('id:p5')?.status).toBe('skipped');
  await service.tick();
  expect(again.filter((w) => w.identity === 'id:p5' && w.announce)).toHaveLength(1);
  const news = created(NEWS).slice(before);
  expect(news.map((m) => m.embeds[0]?.title)).toEqual(['Agadir desalination plant opens']);

  // Another restart: nothing is pending, nothing is posted again.
  expect(await new FeedPoller({ store: restartedFeeds, defaultInto: path.join(dir, 'corpus'), log, now: () => clock, random: () => 0.5, version: '9.9.9' }).recoverPending()).toEqual([]);
  service = followService(openFollowStore(), real);
  await service.recover();
  clock += 30 * MIN;
  await service.tick();
  expect(created(NEWS).length).toBe(before + 1);
  expect(fake.takeViolations()).toEqual([]);
}, 120_000);

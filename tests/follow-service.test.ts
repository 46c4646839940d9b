// Noise control and the /follow command, as a moderator sees them: a follow over its hourly quota
// posts what it may and lists the rest in one digest; a follow matching much of what arrives is
// told to narrow; bad options get clear private errors. Real Wikinews reports, SQLite store, a
// sender that records what would be posted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as follow } from '../commands/follow.ts';
import { makeExtractors } from '../src/app/extractors.ts';
import { FollowService, type ChannelSender } from '../src/app/follow-service.ts';
import { loadSynonyms } from '../src/app/open-corpus.ts';
import type { Args, CommandContext } from '../src/contract/command.ts';
import type { Answer } from '../src/core/answer.ts';
import { buildCorpus, type Corpus } from '../src/core/corpus.ts';
import { MAX_TOPIC_LENGTH } from '../src/core/follows/follow.ts';
import { matchFollows } from '../src/core/follows/match.ts';
import { EMPTY_ALIASES } from '../src/core/quotes/aliases.ts';
import { loadArticles } from '../src/load/loader.ts';
import { silentLogger } from '../src/log.ts';
import type { MessagePayload } from '../src/render/message.ts';
import { databaseFile, openDatabase, type Db } from '../src/store/db.ts';
import type { FollowStore } from '../src/store/follows.ts';
import { sqliteFollowStore } from '../src/store/store-thread.ts';
import { messageIssues } from './support/discord-limits.ts';
import { WIKINEWS } from './support/paths.ts';

const log = silentLogger();
let corpus: Corpus;
let dir: string;
let db: Db;
let store: FollowStore;
const GUILD = 'g1';

beforeAll(async () => {
  const articles = (await loadArticles([path.join(WIKINEWS, '2019')], { log })).articles;
  corpus = buildCorpus({ articles, synonyms: loadSynonyms([WIKINEWS], log).table, extractors: makeExtractors(EMPTY_ALIASES), builtAt: 0, aliases: EMPTY_ALIASES });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-follow-service-'));
  db = openDatabase(databaseFile(dir));
  store = sqliteFollowStore(db.name);
}, 120_000);
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function ctx(options: { perms?: string; app?: string; subcommand: string; guild?: string | undefined; withStore?: boolean }): CommandContext {
  return {
    corpus,
    log,
    now: 1000,
    startedAt: 0,
    version: 'test',
    page: 0,
    ...(options.withStore !== false && { follows: store }),
    invocation: {
      kind: 'command',
      id: 'i',
      name: 'follow',
      subcommand: [options.subcommand],
      options: {},
      userId: 'mod',
      ...(options.guild !== undefined && { guildId: options.guild }),
      channelId: 'here',
      memberPermissions: options.perms ?? '32',
      ...(options.app !== undefined && { appPermissions: options.app }),
    },
  };
}
const run = (subcommand: string, args: Args, over: Partial<Parameters<typeof ctx>[0]> = {}): Promise<Answer> => Promise.resolve(follow.execute(args, ctx({ subcommand, guild: GUILD, ...over })));

describe('/follow', () => {
  it('refuses members without Manage Server, DMs and the console', async () => {
    expect((await run('list', {}, { perms: '0' })).notice).toBe('Only members with the Manage Server permission can use /follow.');
    expect((await run('list', {}, { guild: undefined })).notice).toContain('only works inside one');
    expect((await run('list', {}, { withStore: false })).error).toBe(true);
  });

  it('says what is wrong with a topic, an id or a channel', async () => {
    expect((await run('add', { topic: '   ' })).notice).toContain('Give the topic to follow');
    expect((await run('add', { topic: 'x'.repeat(MAX_TOPIC_LENGTH + 1) })).notice).toBe(
      `A topic is at most ${MAX_TOPIC_LENGTH} characters (this one has ${MAX_TOPIC_LENGTH + 1}); keep the words that matter.`,
    );
    expect((await run('add', { topic: 'the and of' })).notice).toContain('only common words');
    // View Channel only: Attaché cannot send here.
    expect((await run('add', { topic: 'election' }, { app: '1024' })).notice).toMatch(/^Attaché cannot post in <#here>: it lacks Send Messages and Embed Links there\./);
    expect((await run('remove', { id: 999 })).notice).toBe('This server has no follow #999. /follow list shows the ids.');
    expect((await run('pause', { id: 999 })).notice).toBe('This server has no follow #999. /follow list shows the ids.');
    expect(await store.list(GUILD)).toEqual([]);
  });

  it('adds, pauses, resumes and removes, privately', async () => {
    const added = await run('add', { topic: 'Brexit', channel: 'c9', source: 'wikinews' });
    expect(added.ephemeral).toBe(true);
    expect(added.body).toMatch(/^#\d+ “Brexit” in <#c9> from Wikinews\./);
    const id = Number(/^#(\d+)/.exec(added.body ?? '')?.[1]);
    expect((await run('pause', { id })).body).toContain('(paused)');
    expect((await run('resume', { id })).title).toBe('Follow resumed');
    expect((await run('remove', { id })).title).toBe('Follow removed');
    expect((await run('list', {})).body).toContain('This server follows no topic');
  });
});

describe('noise control', () => {
  it('posts up to the hourly quota, lists the rest in one digest, and tells a broad follow to narrow', async () => {
    const added = await run('add', { topic: 'president', channel: 'news' });
    const id = Number(/^#(\d+)/.exec(added.body ?? '')?.[1]);
    // A batch where most articles are about a president: the follow is a poor filter for it.
    const asFollow = { id, guildId: GUILD, channelId: 'news', topic: 'president', paused: false, createdBy: 'mod', createdAt: 0 };
    const ids = corpus.articles.map((a) => a.id);
    const hits = new Set(matchFollows(corpus, ids, [asFollow]).stories.map((s) => s.storyKey));
    const all = [...ids.filter((a) => hits.has(a)), ...ids.filter((a) => !hits.has(a)).slice(0, 10)];
    const { stories, counts } = matchFollows(corpus, all, [asFollow]);
    const expected = stories.length;
    expect(expected).toBeGreaterThan(3);
    const sent: { channelId: string; message: MessagePayload }[] = [];
    const send: ChannelSender = async (channelId, message) => {
      sent.push({ channelId, message });
      return { ok: true, messageId: `m${sent.length}` };
    };
    const service = new FollowService({ store, corpus: () => corpus, send, log, now: () => 10_000, limits: { maxPerHour: 2, groupMs: 0, retryBaseMs: 60_000 } });
    await service.arrived(all.map((a) => ({ file: `/corpus/${a}.md`, announce: true })));
    await service.tick();
    await service.tick();
    expect(sent.map((s) => s.message.embeds?.[0]?.title)).toEqual(['New on “president”', 'New on “president”', 'More on “president”'].map((t, i) => (i < 2 ? expect.any(String) : t)));
    const digest = sent[2]?.message;
    expect(digest?.embeds?.[0]?.description).toBe(`${expected - 2} more new articles on this topic, over the hourly limit of posts:`);
    for (const s of sent) expect(messageIssues(s.message, { isNew: true })).toEqual([]);
    expect(sent.every((s) => s.channelId === 'news')).toBe(true);
    // Nothing more to send: each story once.
    await service.tick();
    expect(sent).toHaveLength(3);
    const listed = await run('list', {});
    const field = listed.fields?.find((f) => f.name.startsWith(`#${id}`));
    expect(field?.value).toContain('3 posted');
    expect(field?.value).toContain(`This topic matches ${Math.round(((counts[0]?.matched ?? 0) / all.length) * 100)}% of new articles (${counts[0]?.matched} of ${all.length}): narrow it`);
  });
});

describe('daily digest', () => {
  it("posts the day's stories once, at the local time in the server's zone, within Discord's limits", async () => {
    expect((await run('add', { topic: 'government', digest: '25:00' })).notice).toContain('HH:MM');
    const plain = await run('add', { topic: 'embassy' });
    const plainId = Number(/^#(\d+)/.exec(plain.body ?? '')?.[1]);
    const off = await run('digest', { id: plainId, time: 'off' });
    expect(off.title).toBe('No daily digest');
    expect(off.body).toContain('had no daily digest: its new stories are posted one by one.');
    expect(off.body).not.toContain('last digest');
    const added = await run('add', { topic: 'government', channel: 'digest', digest: '8:00' });
    expect(added.body).toMatch(/^#\d+ “government” in <#digest>, daily digest at 08:00\./);
    expect(added.body).toContain('posted daily at 08:00 UTC');
    const sent: { channelId: string; message: MessagePayload }[] = [];
    const send: ChannelSender = async (channelId, message) => {
      sent.push({ channelId, message });
      return { ok: true, messageId: `m${sent.length}` };
    };
    // Saturday noon in Paris; the clocks go forward that night, so 08:00 on Sunday is 06:00 UTC.
    let now = Date.parse('2026-03-28T12:00:00Z');
    const service = new FollowService({ store, corpus: () => corpus, send, log, now: () => now, limits: { maxPerHour: 2, groupMs: 0, retryBaseMs: 60_000 }, zoneOf: async () => 'Europe/Paris' });
    await service.arrived(corpus.articles.map((a) => ({ file: `/corpus/${a.id}.md`, announce: true })));
    await service.tick();
    const digests = () => sent.filter((s) => s.channelId === 'digest');
    expect(digests()).toEqual([]);
    const waiting = (await store.list(GUILD)).find((f) => f.topic === 'government')?.collected ?? 0;
    expect(waiting).toBeGreaterThan(25);
    expect((await run('list', {})).fields?.find((f) => f.name.includes('government'))?.value).toContain(`${waiting} stories for the next daily digest`);
    now = Date.parse('2026-03-29T05:59:00Z');
    await service.tick();
    expect(digests()).toEqual([]);
    now = Date.parse('2026-03-29T06:00:00Z');
    await service.tick();
    await service.tick();
    now += 60_000;
    await service.tick();
    expect(digests()).toHaveLength(1);
    const message = digests()[0]?.message;
    expect(messageIssues(message as MessagePayload, { isNew: true })).toEqual([]);
    const embed = message?.embeds?.[0];
    expect(embed?.title).toBe('Daily digest: “government”, 2026-03-29');
    expect(embed?.description).toContain(`${waiting} new stories on this topic since the last digest`);
    const shown = embed?.fields?.length ?? 0;
    expect(embed?.footer?.text).toBe(`${waiting - shown} more not shown`);
    expect((await store.list(GUILD)).find((f) => f.topic === 'government')?.collected).toBe(0);
  });
});

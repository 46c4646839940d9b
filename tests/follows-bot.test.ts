// Follows in the real bot process (`npm start` against the fake Discord): a moderator follows a
// topic with /follow through the gateway, an item published on a loopback feed in feeds.yml is
// polled, written, reloaded into the corpus, and posted once to the channel through REST.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REST } from '@discordjs/rest';
import { ApplicationCommandOptionType, Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.ts';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import { type FakeDiscord, startFakeDiscord } from './support/fake-discord.ts';
import { CORPUS } from './support/paths.ts';
import { type SpawnedBot, spawnBot } from './support/spawn-bot.ts';

const TOKEN = 'follows-bot-token';
const GUILD = '1300000000000000001';
const NEWS = '1300000000000000010';
const MOD = { id: '1200000000000000001', username: 'mod' };
const MANAGE_GUILD = String(1 << 5);

let server: Server;
let base: string;
let fake: FakeDiscord;
let dir: string;
let bot: SpawnedBot | undefined;
const items: string[] = [];

const paras = (lines: string[]): string => lines.map((l) => `<p>${l}</p>`).join('');
const item = (guid: string, title: string, html: string): string =>
  `<item><title>${title}</title><link>${base}/a/${guid}</link><guid isPermaLink="false">${guid}</guid><pubDate>${new Date().toUTCString()}</pubDate><content:encoded><![CDATA[${html}]]></content:encoded></item>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/feed.xml') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Polar Post</title>${items.join('')}</channel></rss>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake = await startFakeDiscord({
    token: TOKEN,
    guilds: [{ id: GUILD, name: 'Test Guild', channels: [{ id: NEWS, name: 'news' }], roles: [{ id: GUILD, name: '@everyone', permissions: '1071698660929' }] }],
  });
  await new REST({ api: fake.apiBase }).setToken(TOKEN).put(Routes.applicationCommands(fake.appId), { body: COMMANDS.map((c) => c.data) });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-follows-bot-'));
  fs.cpSync(CORPUS, path.join(dir, 'corpus'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'feeds.yml'), `feeds:\n  - url: ${base}/feed.xml\n    outlet: Polar Post\n`);
  items.push(
    item('p0', 'Committee publishes minutes', paras(Array.from({ length: 5 }, (_, i) => `Paragraph ${i + 1}: the committee published its minutes and thanked the staff for the careful preparation.`))),
  );
}, 60_000);

afterAll(async () => {
  if (bot && bot.child.exitCode === null) await bot.stop();
  await fake?.close();
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

// The bot as a user runs it, on the same data folder each time (settings, follows, feeds, corpus).
const startBot = (): SpawnedBot =>
  spawnBot({
    args: ['start'],
    env: {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: fake.apiBase,
      CORPUS_DIRS: path.join(dir, 'corpus'),
      DATA_DIR: path.join(dir, 'data'),
      FEEDS_FILE: path.join(dir, 'feeds.yml'),
      FEEDS_POLLER: 'auto',
      FEEDS_ALLOW_LOOPBACK: '1',
      FOLLOWS_GROUP_SECONDS: '0',
      LOG_FORMAT: 'json',
    },
  });

it('posts a newly polled article on a followed topic once, through the bot process', async () => {
  bot = startBot();
  await bot.waitForLog((l) => l.msg === 'connected to Discord', 30_000, 'the bot to connect');
  await bot.waitForLog((l) => l.msg === 'follows started', 30_000, 'follows to start');
  await bot.waitForLog((l) => l.feed === `${base}/feed.xml` && typeof l.written === 'number', 30_000, 'the first poll');

  const { id } = fake.sendSlashCommand({
    name: 'follow',
    subcommand: 'add',
    options: { topic: 'icebreaker schedule northern sea route', channel: { type: ApplicationCommandOptionType.Channel, value: NEWS } },
    user: MOD,
    place: { channelId: NEWS, permissions: MANAGE_GUILD },
  });
  const reply = await fake.nextCallback(id, 15_000);
  expect(JSON.stringify(reply.data)).toContain('Follow added');

  items.push(
    item(
      'p1',
      'Arctic council sets icebreaker schedule',
      paras([
        'The Arctic council agreed a shared icebreaker schedule for the northern sea route this winter, after two days of talks in Tromsø.',
        'Under the icebreaker schedule, convoys leave Murmansk every ten days from December, and coast guards of five member states share the escort duty.',
        'Shipping companies had asked for a fixed schedule since last year, when ice closed the route for three weeks and cargo waited at anchor.',
      ]),
    ),
  );
  // The feed is made due again (its next poll would be 15 minutes away) and the bot restarted: a
  // start polls due feeds at once, where the running poller would look again only after a minute
  // (a fixed minute of the 90 s this wait had; the test took 66 s, now about 10).
  expect(await bot.stop()).toBe(0);
  const db = openDatabase(databaseFile(path.join(dir, 'data')));
  db.prepare('UPDATE feeds SET next_poll_ms = 0').run();
  db.close();
  bot = startBot();
  await bot.waitForLog((l) => l.msg === 'follows started', 30_000, 'follows to start again');
  const second = await bot.waitForLog((l) => l.feed === `${base}/feed.xml` && typeof l.written === 'number', 30_000, 'the second poll');
  expect(second).toMatchObject({ written: 1, failed: 0 });
  const posted = await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('follows: posted'), 60_000, 'the post');
  expect(posted).toMatchObject({ channel: NEWS });
  const news = [...fake.messages.values()].filter((m) => m.channel_id === NEWS && m.interaction_metadata === undefined);
  expect(news).toHaveLength(1);
  expect(news[0]?.embeds[0]?.title).toBe('Arctic council sets icebreaker schedule');
  expect(news[0]?.content).toBe('**New on “icebreaker schedule northern sea route”**');
  expect(await bot.stop()).toBe(0);
  expect(fake.takeViolations()).toEqual([]);
}, 240_000);

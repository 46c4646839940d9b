// The poller inside the bot process (`npm run serve`), declared in feeds.yml: an item published
// on a loopback feed server becomes a corpus file, and live reload serves it.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CORPUS } from './support/paths.ts';
import { type SpawnedBot, spawnBot } from './support/spawn-bot.ts';

let server: Server;
let base: string;
let dir: string;
let bot: SpawnedBot | undefined;
// Recent (items older than FEEDS_MAX_AGE_DAYS are skipped), and one instant for the feed and the file name.
const PUBLISHED = new Date();
const para = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i + 1}: the Arctic council agreed a shared icebreaker schedule for the northern sea route this winter.</p>`).join('');

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/feed.xml') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Polar Post</title><item><title>Arctic council sets icebreaker schedule</title><guid>pp-1</guid><link>${base}/a/1</link><pubDate>${PUBLISHED.toUTCString()}</pubDate><content:encoded><![CDATA[${para}]]></content:encoded></item></channel></rss>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-feeds-bot-'));
  fs.cpSync(CORPUS, path.join(dir, 'corpus'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'feeds.yml'), `feeds:\n  - url: ${base}/feed.xml\n    outlet: Polar Post\n`);
});
afterAll(async () => {
  if (bot && bot.child.exitCode === null) await bot.stop();
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

it('polls the feeds.yml feed inside `serve`, writes the item and reloads the corpus with it', async () => {
  bot = spawnBot({
    args: ['serve'],
    env: {
      DISCORD_PUBLIC_KEY: 'a'.repeat(64),
      PORT: '0',
      HOST: '127.0.0.1',
      CORPUS_DIRS: path.join(dir, 'corpus'),
      DATA_DIR: path.join(dir, 'data'),
      FEEDS_FILE: path.join(dir, 'feeds.yml'),
      FEEDS_POLLER: 'auto',
      FEEDS_ALLOW_LOOPBACK: '1',
      LOG_FORMAT: 'json',
    },
  });
  await bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('feed poller started: 1 feeds'), 30_000, 'the poller to start');
  const polled = await bot.waitForLog((l) => l.feed === `${base}/feed.xml` && typeof l.written === 'number', 30_000, 'the first poll');
  expect(polled).toMatchObject({ written: 1, failed: 0, status: 'ok' });
  expect(fs.readdirSync(path.join(dir, 'corpus'))).toContain(`${PUBLISHED.toISOString().slice(0, 10)}-arctic-council-sets-icebreaker-schedule.md`);
  const reloaded = await bot.waitForLog((l) => typeof l.msg === 'string' && /^corpus (reloaded|updated)/.test(l.msg), 30_000, 'live reload');
  expect(reloaded).toMatchObject({ added: 1, removed: 0 });
  expect(await bot.stop()).toBe(0);
});

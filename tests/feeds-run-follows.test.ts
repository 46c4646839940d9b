// `attache feeds run` in its own process (the bot with FEEDS_POLLER=off) hands the articles it
// writes to follows through the settings store: a feed's first poll nothing, later new items their
// article ids, which the posting bot matches (src/app/follow-service.ts).
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { runFeedsCli } from '../src/feeds/cli.ts';
import { silentLogger } from '../src/log.ts';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import { sqliteFollowStore } from '../src/store/store-thread.ts';

let server: Server;
let base: string;
let dir: string;
let clock = Date.UTC(2026, 10, 30, 12);
const items: string[] = [];
const para = (topic: string): string =>
  Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i + 1}: the ${topic} moved to a second round, with schedules exchanged on both sides of the table.</p>`).join('');
const item = (guid: string, title: string): string =>
  `<item><title>${title}</title><link>${base}/a/${guid}</link><guid>${guid}</guid><pubDate>${new Date(clock - 60_000).toUTCString()}</pubDate><content:encoded><![CDATA[${para(title)}]]></content:encoded></item>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url !== '/feed.xml') return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Border Gazette</title>${items.join('')}</channel></rss>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-feeds-run-'));
  fs.mkdirSync(path.join(dir, 'corpus'));
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const corpusFiles = (): string[] => fs.readdirSync(path.join(dir, 'corpus')).filter((f) => f.endsWith('.md'));
function feeds(argv: string[], filesToWaitFor = 0) {
  const config = parseConfig({ CORPUS_DIRS: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data'), FEEDS_FILE: path.join(dir, 'feeds.yml'), FEEDS_ALLOW_LOOPBACK: '1' });
  const write = () => true;
  const stopped = () =>
    new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (corpusFiles().length >= filesToWaitFor) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
  return runFeedsCli(argv, { config, log: silentLogger(), version: 'test', now: () => clock, stdout: { write }, stderr: { write }, stopped });
}
async function inbox(): Promise<string[]> {
  const db = openDatabase(databaseFile(path.join(dir, 'data')));
  try {
    return (await sqliteFollowStore(db.name).inbox()).map((i) => i.articleId);
  } finally {
    db.close();
  }
}

it('records the new articles of later polls for follows, not those of the first', async () => {
  items.push(item('bg-1', 'Customs union talks advance'));
  expect(await feeds(['add', `${base}/feed.xml`])).toBe(0);
  expect(await feeds(['run'], 1)).toBe(0);
  expect(await inbox()).toEqual([]);
  items.push(item('bg-2', 'Tariff schedules exchanged'));
  clock += 30 * 60_000;
  expect(await feeds(['run'], 2)).toBe(0);
  const added = corpusFiles().find((f) => f.includes('tariff-schedules-exchanged'));
  expect(added).toBeDefined();
  expect(await inbox()).toEqual([added?.replace(/\.md$/, '')]);
});

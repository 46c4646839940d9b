// /about tells the operator about the feeds: how many poll, and each failing or disabled one with
// why (the issue: "the operator sees why in feeds status, the log and /about"). Real SQLite store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { command as about } from '../commands/about.ts';
import type { CommandContext } from '../src/contract/command.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import { silentLogger } from '../src/log.ts';
import { databaseFile, openDatabase } from '../src/store/db.ts';
import { SqliteFeedStore } from '../src/store/feeds.ts';
import { CORPUS } from './support/paths.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-about-feeds-'));
const db = openDatabase(databaseFile(dir));
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('counts the feeds and names the failing and disabled ones with the reason', async () => {
  const log = silentLogger();
  const store = new SqliteFeedStore(db);
  const corpus = openCorpus({ dirs: [CORPUS], dataDir: dir, log, now: () => 0 }).corpus;
  const ctx = (feeds?: CommandContext['feeds']): CommandContext => ({ corpus, log, now: 1000, startedAt: 0, version: 'test', page: 0, ...(feeds && { feeds }) });
  const feedsField = async (c: CommandContext) => (await about.execute({}, c)).fields?.find((f) => f.name === 'Feeds')?.value;
  expect(await feedsField(ctx(store))).toBeUndefined();
  for (const n of [1, 2, 3]) await store.upsert({ url: `https://news${n}.example/rss`, intervalS: 900, tags: [], origin: 'cli' }, 0);
  await store.recordPoll('https://news2.example/rss', { nextPollMs: 99_000_000, failures: 10, status: 'disabled', reason: 'HTTP 500 ten times in a row' }, [], 0);
  await store.recordPoll('https://news3.example/rss', { nextPollMs: 1_000_000, failures: 3, status: 'failing', reason: 'malformed XML' }, [], 0);
  expect(await feedsField(ctx(store))).toBe(
    '3 feeds: 1 polling, 1 failing, 1 disabled\ndisabled: https://news2.example/rss (HTTP 500 ten times in a row)\nfailing: https://news3.example/rss (malformed XML)',
  );
  // Without a store (the console, the CLI) /about says nothing about feeds.
  expect(await feedsField(ctx())).toBeUndefined();
}, 60_000);

// Buttons under an answer go through the server's rules like the command that made it (issue 19
// item 1): "Post to channel" is a use of the command (channel rules and cooldown), a page turn
// obeys the channel rules as they are now; threads and forum posts follow their parent channel.
// Through the one dispatch (`handle`), with the real stores over a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import type { APIButtonComponentWithCustomId } from 'discord-api-types/v10';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handle, type AppDeps } from '../src/app/dispatch.ts';
import type { Invocation, MessagePayload, Reply } from '../src/contract/interaction.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { SqliteCooldownStore } from '../src/store/cooldowns.ts';
import { databaseFile, openDatabase, type Db } from '../src/store/db.ts';
import { SqliteSettingsStore } from '../src/store/settings.ts';

const CORPUS = fileURLToPath(new URL('../corpus/', import.meta.url));
const GUILD = '1300000000000000001';
const NEWS = '1300000000000000010';
const OTHER = '1300000000000000011';
const THREAD = '1300000000000000020';
const MOD = '1200000000000000001';
const A = '1200000000000000002';
const B = '1200000000000000003';
const ORDINARY = String((1n << 10n) | (1n << 11n) | (1n << 31n));
const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);

let corpus: Corpus;
let corpusDir: string;
let dir: string;
let db: Db;
let deps: AppDeps;
let settings: SqliteSettingsStore;
let now: number;

beforeAll(() => {
  corpusDir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-buttons-corpus-'));
  corpus = openCorpus({ dirs: [CORPUS], dataDir: corpusDir, log: pino({ level: 'silent' }), now: () => T0, noCache: true }).corpus;
});
afterAll(() => fs.rmSync(corpusDir, { recursive: true, force: true }));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-buttons-'));
  db = openDatabase(databaseFile(dir));
  settings = new SqliteSettingsStore(db);
  now = T0;
  deps = { corpus: () => corpus, log: pino({ level: 'silent' }), now: () => now, startedAt: T0, version: 'test', settings, cooldowns: new SqliteCooldownStore(db) };
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
function inv(over: Partial<Invocation>): Invocation {
  return { kind: 'command', id: String(++seq), name: 'ask', subcommand: [], options: {}, userId: A, guildId: GUILD, channelId: NEWS, memberPermissions: ORDINARY, ...over };
}

const ask = (query: string, over: Partial<Invocation> = {}): Promise<Reply> => handle(inv({ options: { query }, ...over }), deps);

/** A click on `customId` of a message answered to `owner`, by `userId`. */
function click(customId: string, userId: string, owner: string, ephemeralMessage: boolean, over: Partial<Invocation> = {}): Promise<Reply> {
  return handle(inv({ kind: 'button', customId, userId, originalUserId: owner, messageEphemeral: ephemeralMessage, ...over }), deps);
}

function payload(reply: Reply): MessagePayload {
  if (reply.type === 'autocomplete') throw new Error('expected a message');
  return reply.message;
}

const isPublicMessage = (reply: Reply): boolean => reply.type === 'message' && !reply.ephemeral && ((payload(reply).flags ?? 0) & MessageFlags.Ephemeral) === 0;
const isPrivate = (reply: Reply): boolean => reply.type !== 'autocomplete' && reply.type !== 'update' && reply.ephemeral && ((payload(reply).flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** The text as Discord shows it (Markdown escapes removed). */
const shown = (reply: Reply): string => (payload(reply).content ?? '').replace(/\\(.)/g, '$1');

function button(reply: Reply, label: RegExp): string {
  const found = (payload(reply).components ?? [])
    .flatMap((row) => row.components)
    .find((c): c is APIButtonComponentWithCustomId => c.type === ComponentType.Button && 'custom_id' in c && label.test(c.label ?? ''));
  if (!found) throw new Error(`no button ${label}`);
  return found.custom_id;
}

/** A's public paged answer, and the private copy B gets by clicking Next under it. */
async function privateCopyForB(): Promise<Reply> {
  const first = await ask('putin');
  expect(isPublicMessage(first)).toBe(true);
  expect(payload(first).content).toMatch(/page 1 of [2-9]/);
  const copy = await click(button(first, /Next/), B, A, false);
  expect(isPrivate(copy)).toBe(true);
  expect(payload(copy).content).toMatch(/page 2 of/);
  return copy;
}

describe('"Post to channel" is a use of the command', () => {
  it('ten clicks post one public message; the rest meet the cooldown, privately', async () => {
    const copy = await privateCopyForB();
    const post = button(copy, /Post to channel/);
    const replies: Reply[] = [];
    for (let i = 0; i < 10; i++) replies.push(await click(post, B, B, true));
    expect(replies.filter(isPublicMessage)).toHaveLength(1);
    const refused = replies.filter((r) => !isPublicMessage(r));
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(isPrivate(r)).toBe(true);
      expect(payload(r).content).toBe(`You can use this again <t:${Math.ceil((T0 + 3_000) / 1000)}:R>.`);
    }
    // Once the cooldown has passed, B may post again.
    now += 3_000;
    expect(isPublicMessage(await click(post, B, B, true))).toBe(true);
  });

  it('counts toward the cooldown of the command itself, both ways', async () => {
    const copy = await privateCopyForB();
    const post = button(copy, /Post to channel/);
    await ask('summit', { userId: B });
    expect(payload(await click(post, B, B, true)).content).toMatch(/^You can use this again/);
    now += 3_000;
    expect(isPublicMessage(await click(post, B, B, true))).toBe(true);
    expect(payload(await ask('summit', { userId: B })).content).toMatch(/^You can use this again/);
  });

  it('a moderator is exempt, as for commands', async () => {
    const copy = await privateCopyForB();
    const post = button(copy, /Post to channel/);
    for (let i = 0; i < 3; i++) expect(isPublicMessage(await click(post, MOD, MOD, true, { memberPermissions: '32' }))).toBe(true);
  });
});

describe('buttons obey the channel rules as they are now', () => {
  it('a page turn and a post in a channel a moderator closed since get the private notice', async () => {
    const first = await ask('putin');
    const copy = await click(button(first, /Next/), B, A, false);
    await settings.update(GUILD, { kind: 'denyChannel', channelId: NEWS }, { userId: MOD, at: now });
    now += 10_000;
    for (const reply of [await click(button(first, /Next/), A, A, false), await click(button(first, /Next/), B, A, false), await click(button(copy, /Post to channel/), B, B, true)]) {
      expect(reply.type).toBe('message');
      expect(isPrivate(reply)).toBe(true);
      expect(payload(reply).content).toContain('Attaché is not enabled in this channel.');
      expect(payload(reply).embeds).toBeUndefined();
    }
    // Still fine where the bot answers.
    expect(isPublicMessage(await click(button(copy, /Post to channel/), B, B, true, { channelId: OTHER }))).toBe(true);
  });

  it('a page turn does not count toward the cooldown', async () => {
    const first = await ask('putin');
    const next = await click(button(first, /Next/), A, A, false);
    expect(next.type).toBe('update');
    expect(payload(await click(button(next, /Previous/), A, A, false)).content).toMatch(/page 1 of/);
  });
});

describe('threads and forum posts follow their parent channel', () => {
  it('allowing #news answers inside its threads; denying #news closes them; a thread entry of its own wins', async () => {
    await settings.update(GUILD, { kind: 'channelMode', mode: 'allowlist' }, { userId: MOD, at: now });
    await settings.update(GUILD, { kind: 'allowChannel', channelId: NEWS }, { userId: MOD, at: now });
    const inThread = { channelId: THREAD, parentChannelId: NEWS };
    const answered = await ask('putin', inThread);
    expect(isPublicMessage(answered)).toBe(true);
    expect(payload(answered).embeds?.length).toBeGreaterThan(0);

    // Paging inside the thread follows the same rule.
    expect((await click(button(answered, /Next/), A, A, false, inThread)).type).toBe('update');

    // A thread of another channel is refused, and the notice names the channel to enable.
    now += 10_000;
    const elsewhere = await ask('putin', { channelId: THREAD, parentChannelId: OTHER });
    expect(isPrivate(elsewhere)).toBe(true);
    expect(payload(elsewhere).content).toContain(`can enable <#${OTHER}>`);

    await settings.update(GUILD, { kind: 'denyChannel', channelId: NEWS }, { userId: MOD, at: now });
    now += 10_000;
    const closed = await ask('putin', inThread);
    expect(isPrivate(closed)).toBe(true);
    expect(payload(closed).content).toMatch(/^Attaché is not enabled in /);

    await settings.update(GUILD, { kind: 'allowChannel', channelId: THREAD }, { userId: MOD, at: now });
    now += 10_000;
    expect(isPublicMessage(await ask('putin', inThread))).toBe(true);
  });
});

describe('what a forged or malformed interaction cannot do (issue 19 item 12)', () => {
  it('a custom id carrying an option the command lacks (l=0, a page size of 0) is refused, not "page 1 of Infinity"', async () => {
    for (const customId of ['1|p|a|0|q=putin|l=0', '1|s|a|0|q=putin|l=0', '1|p|a|0|q=putin|.bogus=1', '1|p|t|0|t=putin|.private=yes']) {
      const reply = await click(customId, A, A, false);
      expect(reply.type).toBe('message');
      expect(isPrivate(reply)).toBe(true);
      expect(payload(reply).content).toBe('This button belongs to an older message that can no longer be updated. Run the command again.');
      expect(JSON.stringify(reply)).not.toContain('Infinity');
    }
    // The same button without the forged part pages as usual.
    expect(payload(await click('1|p|a|0|q=putin', A, A, false)).content).toMatch(/page 1 of [2-9]\b/);
  });

  it('a boolean option sent as a string is refused privately, naming the option, not answered in public', async () => {
    for (const value of ['yes', 'true', 1]) {
      const reply = await ask('putin', { options: { query: 'putin', private: value } });
      expect(isPrivate(reply)).toBe(true);
      expect(shown(reply)).toBe('The option `private` must be true or false.');
      now += 10_000;
    }
    expect(shown(await ask('putin', { options: { query: 42 } }))).toBe('The option `query` must be text.');
    expect(isPrivate(await ask('putin', { options: { query: 'putin', private: true } }))).toBe(true);
  });

  it('an option the command does not define is ignored', async () => {
    const reply = await ask('putin', { options: { query: 'putin', limit: 0 } });
    expect(isPublicMessage(reply)).toBe(true);
    expect(payload(reply).content).toMatch(/page 1 of [2-9]\b/);
  });
});

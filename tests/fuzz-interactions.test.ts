// Random and malformed interaction JSON through the Discord doors' translation and the one
// dispatch (issue 19): nothing throws, every reply is one Discord accepts and pings no one, and a
// forged custom id never gets past a channel rule or a blocked outlet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { APIInteraction } from 'discord-api-types/v10';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle, type AppDeps } from '../src/app/dispatch.ts';
import { invocationFromApi } from '../src/app/from-api.ts';
import type { Reply } from '../src/contract/interaction.ts';
import { openCorpus } from '../src/app/open-corpus.ts';
import { responseFromReply } from '../src/app/to-api.ts';
import { SqliteCooldownStore } from '../src/store/cooldowns.ts';
import { databaseFile, openDatabase, type Db } from '../src/store/db.ts';
import { SqliteSettingsStore } from '../src/store/settings.ts';
import { allowedMentionsViolation, choiceIssues, describeIssue, messageIssues } from './support/discord-limits.ts';

const CORPUS = fileURLToPath(new URL('../corpus/', import.meta.url));
const GUILD = '1300000000000000001';
const OPEN = '1300000000000000010';
const CLOSED = '1300000000000000011';
const THREAD = '1300000000000000012';
const MOD = '1200000000000000001';
const ORDINARY = String((1n << 10n) | (1n << 11n) | (1n << 31n));
const BLOCKED = 'CGTN';
const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);

let dir: string;
let db: Db;
let deps: AppDeps;
let settings: SqliteSettingsStore;

/** Members may use Attaché only in #open (and its threads); answers never cite CGTN. Fuzzed moderators may change this, so each policy test sets it again. */
async function configure(): Promise<void> {
  await settings.reset(GUILD, { userId: MOD, at: T0 });
  for (const change of [
    { kind: 'channelMode', mode: 'allowlist' },
    { kind: 'allowChannel', channelId: OPEN },
    { kind: 'blockOutlet', outlet: BLOCKED },
    { kind: 'cooldown', seconds: 0 },
  ] as const)
    await settings.update(GUILD, change, { userId: MOD, at: T0 });
}
/** Errors `handle` caught and logged: each one is a bug that a user would meet as "Something went wrong". */
const failures: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-fuzz-'));
  const quiet = pino({ level: 'silent' });
  const corpus = openCorpus({ dirs: [CORPUS], dataDir: dir, log: quiet, now: () => T0, noCache: true }).corpus;
  db = openDatabase(databaseFile(dir));
  settings = new SqliteSettingsStore(db);
  await configure();
  const log = pino(
    { level: 'error' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        failures.push(String(chunk));
        cb();
      },
    }),
  );
  deps = { corpus: () => corpus, log, now: () => T0, startedAt: T0, version: 'test', settings, cooldowns: new SqliteCooldownStore(db) };
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Generators

const snowflake = fc.bigInt({ min: 1n << 40n, max: (1n << 63n) - 1n }).map(String);
/** Text with what breaks things: Markdown, mentions, long runs, odd Unicode. */
const nasty = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('putin', 'expelled diplomats', 'sanctions', '@everyone', '<@123>', '**bold** `x` ||s||', '', ' ', 'CGTN', 'Global News', '2018', 'March 2018', 'x'.repeat(100)),
);
const optionValue = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
const optionName = fc.constantFrom('query', 'topic', 'from', 'to', 'source', 'speaker', 'private', 'limit', 'mode', 'channel', 'outlet', 'seconds', 'visibility', 'text', '__proto__', 'constructor');
const leaf = fc.record({ name: optionName, type: fc.integer({ min: 1, max: 11 }), value: optionValue, focused: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ['name'] });
/** Options a real client could send: strings for text options, booleans for `private`. */
const wellTyped = fc.oneof(
  fc.record({ name: fc.constantFrom('query', 'topic', 'from', 'to', 'source', 'speaker', 'outlet', 'mode', 'visibility'), type: fc.constant(3), value: nasty }),
  fc.record({ name: fc.constant('private'), type: fc.constant(5), value: fc.boolean() }),
  fc.record({ name: fc.constant('seconds'), type: fc.constant(4), value: fc.integer({ min: -5, max: 4000 }) }),
);
const options = fc.oneof(
  { arbitrary: fc.array(fc.oneof(wellTyped, wellTyped, leaf), { maxLength: 5 }), weight: 6 },
  fc
    .record({
      name: fc.constantFrom('channels', 'sources', 'replies'),
      type: fc.constant(2),
      options: fc.array(fc.record({ name: fc.constantFrom('allow', 'deny', 'block', 'mode', 'list', 'visibility'), type: fc.constant(1), options: fc.array(leaf, { maxLength: 3 }) }), {
        maxLength: 1,
      }),
    })
    .map((g) => [g]),
  fc.anything(),
);
const commandName = fc.oneof(fc.constantFrom('ask', 'timeline', 'quote', 'sources', 'help', 'about', 'config', 'Find sources'), fc.string({ maxLength: 12 }));

// Custom ids written in the button format with forged parts, and plain garbage.
const action = fc.constantFrom('p', 's', 'n', 'r', '.cancel-reset', '.x', 'z', '');
const commandCode = fc.constantFrom('a', 't', 'q', 's', 'h', 'b', 'c', 'f', '.ask', 'z');
const page = fc.oneof(
  fc.nat({ max: 40 }).map((n) => n.toString(36)),
  fc.constantFrom('-1', 'zzzzzzzzzzzz', 'NaN', ''),
);
const argKey = fc.constantFrom('q', 't', 'f', 'o', 's', 'p', 'u', 'l', 'x', '.private', '.limit', '.source', '.bogus', '');
const argValue = fc.oneof(
  nasty.map((v) => v.replace(/[~|=]/g, '')),
  fc.constantFrom('0', '-1', 'true', 'yes', 'CGTN', 'cgtn'),
);
const forgedId = fc
  .tuple(fc.constantFrom('1', '0', '2'), action, commandCode, page, fc.array(fc.tuple(argKey, argValue), { maxLength: 4 }))
  .map(([v, a, c, p, args]) => [v, a, c, p, ...args.map(([k, val]) => `${k}=${val}`)].join('|').slice(0, 100));
const customId = fc.oneof(forgedId, forgedId, fc.string({ maxLength: 100 }));

/** Where: the open channel, a closed one, a thread of either, or a DM. */
const place = fc.constantFrom('open', 'closed', 'thread-open', 'thread-closed', 'dm');

function where(p: string, permissions: string): Record<string, unknown> {
  const user = { id: '1200000000000000002', username: 'member' };
  if (p === 'dm') return { user, channel_id: '1300000000000000099', channel: { id: '1300000000000000099', type: 1 } };
  const thread = p.startsWith('thread');
  const parent = p.endsWith('open') ? OPEN : CLOSED;
  const channel = thread ? { id: THREAD, type: 11, parent_id: parent } : { id: parent, type: 0, parent_id: '1300000000000000001' };
  return { guild_id: GUILD, channel_id: channel.id, channel, member: { user, permissions }, app_permissions: '1071698660929' };
}

const interaction = fc
  .record({
    id: snowflake,
    type: fc.constantFrom(2, 2, 2, 3, 3, 4, 5, 1, 99),
    place,
    moderator: fc.boolean(),
    name: commandName,
    dataType: fc.constantFrom(1, 1, 1, 1, 3, 2, 7),
    options,
    customId,
    componentType: fc.constantFrom(2, 2, 2, 3),
    messageFlags: fc.constantFrom(0, 64),
    originalUser: fc.constantFrom('1200000000000000002', '1200000000000000009'),
  })
  .map((r) => ({
    id: r.id,
    application_id: '1',
    token: 'tok',
    type: r.type,
    ...where(r.place, r.moderator ? '32' : ORDINARY),
    data:
      r.type === 3
        ? { custom_id: r.customId, component_type: r.componentType }
        : { id: '1', name: r.name, type: r.dataType, options: r.options, target_id: '5', resolved: { messages: { '5': { content: 'Putin met Trump' } } } },
    message: { flags: r.messageFlags, interaction_metadata: { user: { id: r.originalUser } } },
  }));

/** Any JSON at all, and interactions with a part swapped for garbage. */
const malformed = fc.oneof(
  fc.anything(),
  fc.jsonValue(),
  fc.tuple(interaction, fc.constantFrom('data', 'member', 'channel', 'message', 'id', 'type', 'guild_id', 'channel_id'), fc.anything()).map(([i, key, junk]) => ({ ...i, [key]: junk })),
);

// ---------------------------------------------------------------------------------------------
// Checks

/** What Discord would refuse in the response to this reply, and project-rule breaks (pings). */
function problems(reply: Reply): string[] {
  const response = responseFromReply(reply);
  const data = 'data' in response ? response.data : undefined;
  if (reply.type === 'autocomplete') return choiceIssues(data).map(describeIssue);
  const out = messageIssues(data, { isNew: reply.type !== 'update' }).map(describeIssue);
  const mentions = allowedMentionsViolation(data);
  if (mentions !== undefined) out.push(mentions);
  return out;
}

/** Outlets cited in a reply (each result embed's author line starts with its outlet). */
function citedOutlets(reply: Reply): string[] {
  if (reply.type === 'autocomplete') return [];
  return (reply.message.embeds ?? []).map((e) => e.author?.name ?? '').filter((a) => a !== '');
}

async function run(raw: unknown): Promise<{ reply: Reply | undefined; failed: string[] }> {
  failures.length = 0;
  const inv = invocationFromApi(raw as APIInteraction);
  const reply = inv === undefined ? undefined : await handle(inv, deps);
  return { reply, failed: [...failures] };
}

describe('fuzzed interactions', () => {
  it('structured but forged: valid replies, no pings, no errors', async () => {
    await fc.assert(
      fc.asyncProperty(interaction, async (raw) => {
        const { reply, failed } = await run(raw);
        expect(failed).toEqual([]);
        if (reply !== undefined) expect(problems(reply)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('malformed JSON: translation and dispatch never throw, replies stay valid', async () => {
    await fc.assert(
      fc.asyncProperty(malformed, async (raw) => {
        const { reply, failed } = await run(raw);
        expect(failed).toEqual([]);
        if (reply !== undefined) expect(problems(reply)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a forged button never answers a member where the channel is closed, nor cites a blocked outlet', async () => {
    await configure();
    await fc.assert(
      fc.asyncProperty(interaction, place, async (base, p) => {
        const raw = { ...base, type: 3, ...where(p, ORDINARY), data: { custom_id: (base.data as { custom_id?: unknown }).custom_id ?? '1|p|a|0|q=putin', component_type: 2 } };
        const { reply } = await run(raw);
        if (reply === undefined || reply.type === 'autocomplete') return;
        expect(citedOutlets(reply).filter((o) => o.toLowerCase().includes(BLOCKED.toLowerCase()))).toEqual([]);
        if (p === 'closed' || p === 'thread-closed') {
          expect(reply.type).toBe('message');
          expect(reply.type === 'message' && reply.ephemeral).toBe(true);
          expect(reply.message.embeds ?? []).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the same holds for a well-formed paging button that names the blocked outlet', async () => {
    await configure();
    for (const id of ['1|p|a|0|q=cgtn', '1|s|a|0|q=CGTN putin', '1|p|t|0|s=CGTN', '1|p|q|0|t=putin', '1|p|f|0|x=Putin met Trump']) {
      for (const p of ['open', 'closed', 'thread-open', 'thread-closed']) {
        const { reply, failed } = await run({ id: '1', type: 3, ...where(p, ORDINARY), data: { custom_id: id, component_type: 2 }, message: { flags: 64 } });
        expect(failed).toEqual([]);
        expect(reply).toBeDefined();
        if (reply === undefined || reply.type === 'autocomplete') continue;
        expect(citedOutlets(reply).join('\n')).not.toMatch(/CGTN/i);
        if (p.endsWith('closed')) expect(reply.message.embeds ?? []).toEqual([]);
      }
    }
  });
});

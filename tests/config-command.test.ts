// /config through the one dispatch every adapter uses (`handle`), with the real stores over a real
// SQLite file and the real corpus: what a moderator sees for each subcommand, what members see
// once a setting applies (channel notices, cooldowns, private replies, blocked outlets).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ButtonStyle, ComponentType, InteractionContextType, MessageFlags } from 'discord-api-types/v10';
import type { APIButtonComponentWithCustomId, APIEmbed } from 'discord-api-types/v10';
import pino from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.ts';
import { data as configData, MESSAGES } from '../commands/config.ts';
import { handle, runCommand, type AppDeps } from '../src/app/dispatch.ts';
import type { Invocation, MessagePayload, Reply } from '../src/contract/interaction.ts';
import type { Corpus } from '../src/core/corpus.ts';
import { DEFAULT_SETTINGS } from '../src/core/policy.ts';
import { decodeButton } from '../src/render/custom-id.ts';
import { SqliteCooldownStore } from '../src/store/cooldowns.ts';
import { databaseFile, openDatabase, type Db } from '../src/store/db.ts';
import { SqliteSettingsStore } from '../src/store/settings.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';

const GUILD = '1300000000000000001';
const HERE = '1300000000000000010';
const OTHER = '1300000000000000011';
const MOD = '1200000000000000001';
const MEMBER = '1200000000000000002';
/** Manage Server alone; Administrator alone; a member with ordinary permissions (View Channel, Send Messages, Use Application Commands). */
const MANAGE_GUILD = '32';
const ADMINISTRATOR = '8';
const ORDINARY = String((1n << 10n) | (1n << 11n) | (1n << 31n));
/** View Channel, Send Messages, Embed Links, Read Message History. */
const BOT_ALL = String((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n));
const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);

let corpus: Corpus;
let dir: string;
let db: Db;
let deps: AppDeps;
let settings: SqliteSettingsStore;
let now: number;
let logs: { msg: string; guildId?: string; userId?: string; change?: unknown }[];

function captureLog(): pino.Logger {
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as (typeof logs)[number]);
      cb();
    },
  });
  return pino({ level: 'info' }, stream);
}

beforeAll(() => {
  corpus = openSeedCorpus({ now: T0 });
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-config-'));
  db = openDatabase(databaseFile(dir));
  settings = new SqliteSettingsStore(db);
  now = T0;
  logs = [];
  deps = { corpus: () => corpus, log: captureLog(), now: () => now, startedAt: T0, version: 'test', settings, cooldowns: new SqliteCooldownStore(db) };
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------
// Helpers

let seq = 0;
function inv(over: Partial<Invocation> & Pick<Invocation, 'name'>): Invocation {
  return { kind: 'command', id: String(++seq), subcommand: [], options: {}, userId: MOD, guildId: GUILD, channelId: HERE, memberPermissions: MANAGE_GUILD, appPermissions: BOT_ALL, ...over };
}

/** `/config <path> options…` by a moderator in #here, unless `over` says otherwise. */
function config(subcommand: string, options: Invocation['options'] = {}, over: Partial<Invocation> = {}): Promise<Reply> {
  return handle(inv({ name: 'config', subcommand: subcommand.split(' '), options, ...over }), deps);
}

/** `/ask` by an ordinary member in #here, unless `over` says otherwise. */
function askAs(query: string, over: Partial<Invocation> = {}): Promise<Reply> {
  return handle(inv({ name: 'ask', options: { query }, userId: MEMBER, memberPermissions: ORDINARY, ...over }), deps);
}

function payload(reply: Reply): MessagePayload {
  if (reply.type === 'autocomplete') throw new Error('expected a message, got autocomplete choices');
  return reply.message;
}

function isPrivate(reply: Reply): boolean {
  const m = payload(reply);
  return (reply.type === 'message' || reply.type === 'followup') && reply.ephemeral && ((m.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** Everything a user reads in a message: content, embed authors, titles, descriptions, fields and footers. */
function raw(reply: Reply): string {
  const m = payload(reply);
  const embed = (e: APIEmbed): string[] => [e.author?.name ?? '', e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`), e.footer?.text ?? ''];
  return [m.content ?? '', ...(m.embeds ?? []).flatMap(embed)].filter((s) => s !== '').join('\n');
}

/** The same, with Markdown escapes removed: the text as Discord shows it. */
function shown(reply: Reply): string {
  return raw(reply).replace(/\\(.)/g, '$1');
}

function field(reply: Reply, name: string): string | undefined {
  return payload(reply)
    .embeds?.[0]?.fields?.find((f) => f.name === name)
    ?.value.replace(/\\(.)/g, '$1');
}

function buttonsOf(reply: Reply): APIButtonComponentWithCustomId[] {
  return (payload(reply).components ?? []).flatMap((row) => row.components).filter((c): c is APIButtonComponentWithCustomId => c.type === ComponentType.Button && 'custom_id' in c);
}

function click(customId: string, over: Partial<Invocation> = {}): Promise<Reply> {
  return handle(inv({ kind: 'button', name: 'config', customId, originalUserId: MOD, messageEphemeral: true, ...over }), deps);
}

const ALL_PATHS: [string, Invocation['options']][] = [
  ['channels mode', { mode: 'allowlist' }],
  ['channels allow', { channel: OTHER }],
  ['channels deny', { channel: OTHER }],
  ['channels list', {}],
  ['replies visibility', { visibility: 'private' }],
  ['cooldown', { seconds: 10 }],
  ['sources allow', { outlet: 'CGTN' }],
  ['sources block', { outlet: 'CGTN' }],
  ['sources list', {}],
  ['sources mode', { mode: 'allowlist' }],
  ['timezone', { zone: 'Europe/Paris' }],
  ['show', {}],
  ['reset', {}],
  ['check', {}],
  ['history', {}],
];

// ------------------------------------------------------------------------------------------------

describe('the command definition', () => {
  it('is for Manage Server by default, in servers only, with every subcommand of the issue', () => {
    expect(configData.default_member_permissions).toBe('32');
    expect(configData.contexts).toEqual([InteractionContextType.Guild]);
    expect(configData.dm_permission).toBe(false);
    const paths = configData.options.flatMap((o) => ('options' in o && o.type === 2 ? o.options.map((s) => `${o.name} ${s.name}`) : [o.name]));
    expect(paths.sort()).toEqual(ALL_PATHS.map(([p]) => p).sort());
    expect(COMMANDS.find((c) => c.data.name === 'config')?.moderator).toBe(true);
  });
});

describe('who may use /config', () => {
  it.each(ALL_PATHS)('refuses %s to a member without Manage Server, privately, and changes nothing', async (sub, options) => {
    const reply = await config(sub, options, { userId: MEMBER, memberPermissions: ORDINARY });
    expect(isPrivate(reply)).toBe(true);
    expect(shown(reply)).toBe(MESSAGES.denied);
    expect(buttonsOf(reply)).toEqual([]);
    expect(await settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    expect(await settings.history(GUILD, 10)).toEqual([]);
  });

  it('refuses when Discord sent no permissions or a malformed bitfield (a replayed or forged request)', async () => {
    for (const memberPermissions of [undefined, '', 'all', '-32', '0x20']) {
      const over: Partial<Invocation> = memberPermissions === undefined ? {} : { memberPermissions };
      const request = inv({ name: 'config', subcommand: ['cooldown'], options: { seconds: 0 }, ...over });
      if (memberPermissions === undefined) delete (request as { memberPermissions?: string }).memberPermissions;
      const reply = await handle(request, deps);
      expect(shown(reply)).toBe(MESSAGES.denied);
    }
    expect((await settings.get(GUILD)).cooldownSeconds).toBe(3);
  });

  it('lets an Administrator without Manage Server in', async () => {
    const reply = await config('cooldown', { seconds: 5 }, { memberPermissions: ADMINISTRATOR });
    expect(shown(reply)).toContain('once every 5 seconds');
    expect((await settings.get(GUILD)).cooldownSeconds).toBe(5);
  });

  it('refuses politely in a DM', async () => {
    const request = inv({ name: 'config', subcommand: ['show'] });
    const { guildId: _g, memberPermissions: _p, ...dm } = request;
    const reply = await handle({ ...dm, channelId: '9200000000000000001' }, deps);
    expect(isPrivate(reply)).toBe(true);
    expect(shown(reply)).toBe(MESSAGES.dm);
  });

  it('says where settings are changed when run without a server store (the console)', async () => {
    const { settings: _s, cooldowns: _c, ...consoleDeps } = deps;
    const out = await runCommand(inv({ name: 'config', subcommand: ['show'] }), consoleDeps);
    expect(out.answer.error).toBe(true);
    expect(out.answer.notice).toBe(MESSAGES.console);
  });

  it.each(ALL_PATHS)('answers %s privately even when replies are public', async (sub, options) => {
    expect((await settings.get(GUILD)).visibility).toBe('public');
    const reply = await config(sub, options);
    expect(isPrivate(reply)).toBe(true);
  });

  it('ignores the channel allow-list and the cooldown for /config itself', async () => {
    await config('channels mode', { mode: 'allowlist' });
    await config('cooldown', { seconds: 60 });
    const again = await config('show');
    expect(field(again, 'Cooldown')).toBe('60 seconds per member and command (moderators exempt)');
    expect(field(again, 'Channels')).toBe('no channel yet');
  });
});

describe('/config show and the defaults', () => {
  it('shows the defaults of a server that never configured anything', async () => {
    const reply = await config('show');
    expect(shown(reply)).toContain('This server uses the defaults: all channels, public replies, a 3-second cooldown, all sources, times in UTC.');
    expect(field(reply, 'Channels')).toBe('every channel');
    expect(field(reply, 'Replies')).toBe('public: the whole channel sees answers (a member can still ask for a private one)');
    expect(field(reply, 'Cooldown')).toBe('3 seconds per member and command (moderators exempt)');
    expect(field(reply, 'Sources')).toBe('every outlet');
  });

  it('shows every change at a glance', async () => {
    await config('channels deny', { channel: OTHER });
    await config('replies visibility', { visibility: 'private' });
    await config('cooldown', { seconds: 0 });
    await config('sources block', { outlet: 'CGTN' });
    const reply = await config('show');
    expect(shown(reply)).not.toContain('uses the defaults');
    expect(raw(reply)).toContain(`Channels: every channel except <#${OTHER}>`);
    expect(field(reply, 'Replies')).toBe('private: only the member who asked sees the answer');
    expect(field(reply, 'Cooldown')).toBe('off');
    expect(field(reply, 'Sources')).toBe('every outlet except CGTN');
  });
});

describe('/config channels', () => {
  it('allow-list mode: members elsewhere get a private notice naming the enabled channels', async () => {
    const mode = await config('channels mode', { mode: 'allowlist' });
    expect(shown(mode)).toContain('Attaché answers in no channel yet. Allow one with /config channels allow.');

    const none = await askAs('expelled diplomats');
    expect(isPrivate(none)).toBe(true);
    expect(raw(none)).toContain(`Attaché is not enabled in any channel of this server yet. A moderator (Manage Server) can enable <#${HERE}>`);

    const allowed = await config('channels allow', { channel: OTHER });
    expect(raw(allowed)).toContain(`<#${OTHER}> is allowed.`);
    expect(raw(allowed)).toContain(`Allowed: <#${OTHER}>`);
    expect((await settings.get(GUILD)).allowedChannels).toEqual([OTHER]);

    const notice = await askAs('expelled diplomats');
    expect(isPrivate(notice)).toBe(true);
    expect(raw(notice)).toContain(`Attaché is not enabled in this channel. It answers in <#${OTHER}>.`);
    expect(raw(notice)).toContain(`can enable <#${HERE}> with`);
    expect(shown(notice)).toContain('/config channels allow');

    const there = await askAs('expelled diplomats', { channelId: OTHER, userId: '1200000000000000003' });
    expect(isPrivate(there)).toBe(false);
    expect(payload(there).embeds?.length).toBeGreaterThan(0);

    // Moderators can use Attaché in any channel.
    const moderator = await askAs('expelled diplomats', { userId: MOD, memberPermissions: MANAGE_GUILD });
    expect(payload(moderator).embeds?.length).toBeGreaterThan(0);
  });

  it('deny: a denied channel is refused even in all-channels mode, and allow undoes it', async () => {
    const denied = await config('channels deny', { channel: HERE });
    expect(raw(denied)).toContain(`<#${HERE}> is denied.`);
    expect(raw(denied)).toContain(`every channel except <#${HERE}>`);
    const notice = await askAs('expelled diplomats');
    expect(raw(notice)).toContain(`Attaché is not enabled in this channel. It answers in every channel except <#${HERE}>.`);

    const allowed = await config('channels allow', { channel: HERE });
    expect(shown(allowed)).toContain('so the allowed list matters once you switch to /config channels mode allowlist');
    expect((await settings.get(GUILD)).deniedChannels).toEqual([]);
    expect(payload(await askAs('expelled diplomats', { userId: '1200000000000000004' })).embeds?.length).toBeGreaterThan(0);
  });

  it('list: mode, allowed and denied channels', async () => {
    await config('channels allow', { channel: HERE });
    await config('channels deny', { channel: OTHER });
    await config('channels mode', { mode: 'allowlist' });
    const list = await config('channels list');
    expect(field(list, 'Mode')).toBe('only allowed channels');
    expect(raw(list)).toContain(`Allowed: <#${HERE}>`);
    expect(raw(list)).toContain(`Denied: <#${OTHER}>`);
    expect(raw(list)).toContain(`Attaché answers in <#${HERE}>.`);
  });

  it('refuses a missing or malformed channel and an unknown mode, storing nothing', async () => {
    expect(shown(await config('channels allow', {}))).toBe(MESSAGES.noChannel);
    expect(shown(await config('channels deny', { channel: '#general' }))).toBe('"#general" is not a channel id.');
    expect(shown(await config('channels mode', { mode: 'some' }))).toBe(MESSAGES.badMode);
    expect(await settings.history(GUILD, 10)).toEqual([]);
  });

  it('refuses a 501st allowed channel with the limit', async () => {
    for (let i = 0; i < 500; i++) await settings.update(GUILD, { kind: 'allowChannel', channelId: String(1_400_000_000_000_000_000n + BigInt(i)) }, { userId: MOD, at: T0 });
    const reply = await config('channels allow', { channel: OTHER });
    expect(isPrivate(reply)).toBe(true);
    expect(shown(reply)).toBe('A server can list at most 500 allowed channels; remove some first.');
    expect((await settings.get(GUILD)).allowedChannels).not.toContain(OTHER);
  });
});

describe('/config replies visibility', () => {
  it('private: answers to /ask become ephemeral; public: visible to the channel unless the member asks for private', async () => {
    const pub = await askAs('expelled diplomats');
    expect(isPrivate(pub)).toBe(false);

    const set = await config('replies visibility', { visibility: 'private' });
    expect(shown(set)).toBe('Replies\nAnswers are now private: only the member who asked sees the answer.');
    now += 10_000;
    const priv = await askAs('expelled diplomats');
    expect(isPrivate(priv)).toBe(true);
    expect(payload(priv).embeds?.length).toBeGreaterThan(0);

    await config('replies visibility', { visibility: 'public' });
    now += 10_000;
    expect(isPrivate(await askAs('expelled diplomats'))).toBe(false);
    now += 10_000;
    expect(isPrivate(await askAs('expelled diplomats', { options: { query: 'expelled diplomats', private: true } }))).toBe(true);
  });

  it('refuses a visibility other than public or private', async () => {
    expect(shown(await config('replies visibility', { visibility: 'secret' }))).toBe(MESSAGES.badVisibility);
    expect((await settings.get(GUILD)).visibility).toBe('public');
  });
});

describe('/config cooldown', () => {
  it('the default 3 seconds: a second /ask gets "use this again <relative time>" privately; moderators are exempt', async () => {
    expect(isPrivate(await askAs('expelled diplomats'))).toBe(false);
    now += 1_200;
    const hit = await askAs('summit');
    expect(isPrivate(hit)).toBe(true);
    expect(raw(hit)).toBe(`You can use this again <t:${Math.ceil((T0 + 3_000) / 1000)}:R>.`);
    expect(payload(hit).embeds).toBeUndefined();

    for (let i = 0; i < 3; i++) {
      const mod = await askAs('summit', { userId: MOD, memberPermissions: MANAGE_GUILD });
      expect(payload(mod).embeds?.length).toBeGreaterThan(0);
    }
    now = T0 + 3_000;
    expect(payload(await askAs('summit')).embeds?.length).toBeGreaterThan(0);
  });

  it('a longer cooldown applies at once; 0 turns it off', async () => {
    const set = await config('cooldown', { seconds: 60 });
    expect(shown(set)).toContain('Each member can use each command once every 60 seconds. Moderators are exempt.');
    await askAs('expelled diplomats');
    now += 30_000;
    expect(raw(await askAs('expelled diplomats'))).toBe(`You can use this again <t:${Math.ceil((T0 + 60_000) / 1000)}:R>.`);

    const off = await config('cooldown', { seconds: 0 });
    expect(shown(off)).toContain('The cooldown is off');
    expect(payload(await askAs('expelled diplomats')).embeds?.length).toBeGreaterThan(0);
    expect(payload(await askAs('expelled diplomats')).embeds?.length).toBeGreaterThan(0);
  });

  it('refuses a missing, fractional, negative or too long cooldown', async () => {
    expect(shown(await config('cooldown', {}))).toBe(MESSAGES.noSeconds);
    for (const seconds of [2.5, -1, 3601]) {
      expect(shown(await config('cooldown', { seconds }))).toBe('The cooldown is a whole number of seconds from 0 to 3600.');
    }
    expect((await settings.get(GUILD)).cooldownSeconds).toBe(3);
  });
});

describe('/config sources', () => {
  const outletsOf = (reply: Reply): string[] => (payload(reply).embeds ?? []).map((e) => raw({ type: 'message', message: { embeds: [e], allowed_mentions: { parse: [] } }, ephemeral: false }));

  it('block: /ask never cites the blocked outlet, typed in any case; allow brings it back', async () => {
    await config('cooldown', { seconds: 0 });
    const before = outletsOf(await askAs('summit'));
    expect(before.some((t) => t.includes('CGTN'))).toBe(true);
    expect(before.some((t) => t.includes('Global News'))).toBe(true);

    const blocked = await config('sources block', { outlet: 'cgtn' });
    expect(shown(blocked)).toContain('Answers in this server will no longer cite “CGTN”.');
    expect((await settings.get(GUILD)).blockedOutlets).toEqual(['CGTN']);
    for (const query of ['summit', 'Putin Trump summit relations', 'expelled diplomats', 'Russia', 'CGTN']) {
      const texts = outletsOf(await askAs(query));
      expect(
        texts.every((t) => !t.includes('CGTN')),
        query,
      ).toBe(true);
      // Every result, not only the first page.
      const all = await runCommand(inv({ name: 'ask', options: { query }, userId: MEMBER, memberPermissions: ORDINARY }), deps, 0, 100);
      expect(
        all.answer.items.map((i) => i.citation.outlet).filter((o) => o === 'CGTN'),
        query,
      ).toEqual([]);
    }
    const unblocked = await runCommand(
      inv({ name: 'ask', options: { query: 'Russia' }, userId: MOD }),
      { ...deps, settings: new SqliteSettingsStore(openDatabase(databaseFile(path.join(dir, 'other')))) },
      0,
      100,
    );
    expect(unblocked.answer.items.some((i) => i.citation.outlet === 'CGTN')).toBe(true);
    // /sources and autocomplete elsewhere follow the same setting.
    const sources = await handle(inv({ name: 'sources', userId: MEMBER, memberPermissions: ORDINARY }), deps);
    expect(shown(sources)).not.toContain('CGTN');

    await config('sources allow', { outlet: 'CGTN' });
    expect((await settings.get(GUILD)).blockedOutlets).toEqual([]);
    expect(outletsOf(await askAs('summit')).some((t) => t.includes('CGTN'))).toBe(true);
  });

  it('mode allowlist: only allowed outlets are cited; list shows each outlet of the corpus', async () => {
    await config('cooldown', { seconds: 0 });
    const mode = await config('sources mode', { mode: 'allowlist' });
    expect(shown(mode)).toContain('Answers may cite no outlet yet.');
    const nothing = await askAs('summit');
    expect(payload(nothing).embeds).toBeUndefined();

    await config('sources allow', { outlet: 'global news' });
    const texts = outletsOf(await askAs('summit'));
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => t.includes('Global News') && !t.includes('CGTN'))).toBe(true);

    const list = await config('sources list');
    expect(field(list, 'Mode')).toBe('only allowed outlets');
    expect(field(list, 'Allowed')).toBe('Global News');
    expect(field(list, 'Blocked')).toBe('none');
    expect(field(list, 'Outlets in the corpus')).toBe('CGTN: not cited\nGlobal News: cited');

    await config('sources mode', { mode: 'all' });
    expect(outletsOf(await askAs('summit')).some((t) => t.includes('CGTN'))).toBe(true);
  });

  it('accepts an outlet the corpus does not have yet, and says so', async () => {
    const reply = await config('sources block', { outlet: 'Pravda' });
    expect(shown(reply)).toContain('No article in the corpus comes from “Pravda” at the moment; the setting applies if one is added.');
    expect((await settings.get(GUILD)).blockedOutlets).toEqual(['Pravda']);
  });

  it('refuses an empty or too long outlet name and an unknown mode', async () => {
    expect(shown(await config('sources allow', { outlet: '   ' }))).toBe(MESSAGES.noOutlet);
    expect(shown(await config('sources block', {}))).toBe(MESSAGES.noOutlet);
    expect(shown(await config('sources block', { outlet: 'x'.repeat(101) }))).toBe('An outlet name has at most 100 characters.');
    expect(shown(await config('sources mode', { mode: 'none' }))).toBe(MESSAGES.badMode);
    expect(await settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
  });

  it('autocompletes outlets from the corpus, those starting with the text first', async () => {
    const complete = (value: string) => handle(inv({ kind: 'autocomplete', name: 'config', subcommand: ['sources', 'block'], options: { outlet: value }, focused: { name: 'outlet', value } }), deps);
    expect(await complete('gl')).toEqual({ type: 'autocomplete', choices: [{ name: 'Global News (1 article)', value: 'Global News' }] });
    expect(await complete('N')).toEqual({
      type: 'autocomplete',
      choices: [
        { name: 'CGTN (1 article)', value: 'CGTN' },
        { name: 'Global News (1 article)', value: 'Global News' },
      ],
    });
    expect(await complete('')).toMatchObject({ choices: [{ value: 'CGTN' }, { value: 'Global News' }] });
    expect(await complete('zzz')).toEqual({ type: 'autocomplete', choices: [] });
    // A blocked outlet is still offered: the moderator may want to allow it again.
    await config('sources block', { outlet: 'CGTN' });
    expect(await complete('cg')).toMatchObject({ choices: [{ value: 'CGTN' }] });
  });
});

describe('/config timezone', () => {
  it('takes an IANA zone in any case, refuses anything else, shows it, and autocompletes names', async () => {
    const set = await config('timezone', { zone: 'america/new_york' });
    expect(shown(set)).toContain('Times in this server are now in America/New_York');
    expect(shown(await config('timezone', { zone: 'Eastern' }))).toContain('“Eastern” is not a time zone');
    expect(field(await config('show'), 'Time zone')).toBe('America/New_York');
    const complete = (value: string) => handle(inv({ kind: 'autocomplete', name: 'config', subcommand: ['timezone'], options: { zone: value }, focused: { name: 'zone', value } }), deps);
    const paris = await complete('pari');
    expect(paris).toEqual({ type: 'autocomplete', choices: [{ name: 'Europe/Paris', value: 'Europe/Paris' }] });
    const los = await complete('los an');
    expect(los.type === 'autocomplete' && los.choices.map((c) => c.value)).toEqual(['America/Los_Angeles']);
  });
});

describe('/config reset', () => {
  async function configure(): Promise<void> {
    await config('channels mode', { mode: 'allowlist' });
    await config('replies visibility', { visibility: 'private' });
    await config('sources block', { outlet: 'CGTN' });
  }

  it('asks first: a Reset and a Cancel button, and nothing changes until one is clicked', async () => {
    await configure();
    const changed = await settings.get(GUILD);
    const prompt = await config('reset');
    expect(isPrivate(prompt)).toBe(true);
    expect(shown(prompt)).toContain('Reset all settings?');
    expect(shown(prompt)).toContain('back to its default: all channels, public replies, a 3-second cooldown, all sources, times in UTC. The history of changes is kept.');
    const [confirm, cancel, ...more] = buttonsOf(prompt);
    expect(more).toEqual([]);
    expect(confirm).toMatchObject({ label: 'Reset to defaults', style: ButtonStyle.Danger });
    expect(cancel).toMatchObject({ label: 'Cancel', style: ButtonStyle.Secondary });
    expect(decodeButton(confirm!.custom_id)).toMatchObject({ ok: true, state: { action: 'confirm-reset', command: 'config' } });
    expect(decodeButton(cancel!.custom_id)).toMatchObject({ ok: true, state: { action: 'cancel-reset', command: 'config' } });
    expect(await settings.get(GUILD)).toEqual(changed);
  });

  it('Cancel replaces the prompt and keeps the settings', async () => {
    await configure();
    const changed = await settings.get(GUILD);
    const [, cancel] = buttonsOf(await config('reset'));
    const reply = await click(cancel!.custom_id);
    expect(reply.type).toBe('update');
    expect(shown(reply)).toBe('Reset cancelled\nNothing was changed.');
    expect(payload(reply).components).toEqual([]);
    expect(await settings.get(GUILD)).toEqual(changed);
  });

  it('Reset to defaults puts every setting back, records it, logs it and removes the buttons', async () => {
    await configure();
    const [confirm] = buttonsOf(await config('reset'));
    now += 60_000;
    const reply = await click(confirm!.custom_id);
    expect(reply.type).toBe('update');
    expect(shown(reply)).toBe('Settings reset\nEvery setting of this server is back to its default: all channels, public replies, a 3-second cooldown, all sources, times in UTC.');
    expect(payload(reply).components).toEqual([]);
    expect(await settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    expect(await settings.history(GUILD, 1)).toEqual([{ userId: MOD, at: T0 + 60_000, change: { kind: 'reset' }, summary: 'reset' }]);
    expect(logs.at(-1)).toMatchObject({ guildId: GUILD, userId: MOD, change: { kind: 'reset' }, msg: `settings of server ${GUILD} changed by ${MOD}: reset` });
    expect(isPrivate(await askAs('expelled diplomats'))).toBe(false);
  });

  it('checks the click again: no Manage Server, another user, or a DM cannot reset', async () => {
    await configure();
    const changed = await settings.get(GUILD);
    const [confirm] = buttonsOf(await config('reset'));
    const id = confirm!.custom_id;

    const member = await click(id, { userId: MEMBER, originalUserId: MEMBER, memberPermissions: ORDINARY });
    expect(member.type).toBe('message');
    expect(isPrivate(member)).toBe(true);
    expect(shown(member)).toBe(MESSAGES.denied);

    const otherMod = await click(id, { userId: '1200000000000000009' });
    expect(shown(otherMod)).toBe(MESSAGES.notYours);

    const { guildId: _g, memberPermissions: _p, ...dm } = inv({ kind: 'button', name: 'config', customId: id, originalUserId: MOD });
    expect(shown(await handle(dm, deps))).toBe(MESSAGES.dm);
    expect(await settings.get(GUILD)).toEqual(changed);
  });

  it('a click on an unknown /config button is refused without changing anything', async () => {
    const reply = await click('1|.explode|c|0');
    expect(isPrivate(reply)).toBe(true);
    expect(shown(reply)).toBe(MESSAGES.staleButton);
  });
});

describe('/config check', () => {
  it('reports every permission present', async () => {
    const reply = await config('check');
    expect(raw(reply)).toContain(`Attaché has every permission it needs in <#${HERE}>: View Channel, Send Messages, Embed Links, Read Message History.`);
    expect(raw(reply)).toContain(`Channel settings: Attaché answers members in <#${HERE}>.`);
  });

  it('names each missing permission with what to change, and says when answers are blocked', async () => {
    const noEmbeds = String((1n << 10n) | (1n << 11n) | (1n << 16n));
    const reply = await config('check', {}, { appPermissions: noEmbeds });
    expect(raw(reply)).toContain(`Attaché is missing 1 permission in <#${HERE}>: Embed Links. Answers cannot be shown here until Embed Links is granted.`);
    expect(field(reply, 'Missing: Embed Links')).toContain('Edit Channel → Permissions → the Attaché role');
    expect(field(reply, 'Missing: Embed Links')).toContain('allow Embed Links.');

    const onlyEmbeds = String(1n << 14n);
    const partial = await config('check', {}, { appPermissions: onlyEmbeds });
    expect(shown(partial)).toContain('missing 3 permissions');
    expect(shown(partial)).toContain('View Channel, Send Messages, Read Message History. Answers still work');
    expect(payload(partial).embeds?.[0]?.fields?.map((f) => f.name)).toEqual(['Missing: View Channel', 'Missing: Send Messages', 'Missing: Read Message History', 'Channel settings']);
  });

  it('counts Administrator as every permission, and reports a channel the settings disable', async () => {
    await config('channels deny', { channel: HERE });
    const reply = await config('check', {}, { appPermissions: ADMINISTRATOR });
    expect(shown(reply)).toContain('Attaché has every permission it needs');
    expect(raw(reply)).toContain(`Attaché is not enabled in <#${HERE}>: members get a private notice instead of an answer.`);
  });
});

describe('/config history', () => {
  it('starts empty', async () => {
    expect(shown(await config('history'))).toBe('Settings history\nNo settings have been changed in this server yet.');
  });

  it('lists the last changes, newest first, with who and when; refused changes are not there', async () => {
    await config('cooldown', { seconds: 10 });
    now += 60_000;
    await config('channels deny', { channel: OTHER }, { userId: '1200000000000000007', memberPermissions: ADMINISTRATOR });
    now += 60_000;
    await config('cooldown', { seconds: 99999 });
    await config('sources block', { outlet: 'CGTN' }, { userId: MEMBER, memberPermissions: ORDINARY });
    await config('sources block', { outlet: 'Global News' });
    const reply = await config('history');
    const sec = (ms: number): number => Math.floor(ms / 1000);
    expect(raw(reply).split('\n').slice(2)).toEqual([
      `<t:${sec(T0 + 120_000)}:f> · sources block Global News · by user ${MOD}`,
      `<t:${sec(T0 + 60_000)}:f> · channels deny <#${OTHER}> · by user 1200000000000000007`,
      `<t:${sec(T0)}:f> · cooldown 10s · by user ${MOD}`,
    ]);
    expect(shown(reply)).toContain('The last 3 changes, newest first:');
  });

  it('shows the last 10 of more changes', async () => {
    for (let s = 1; s <= 12; s++) await config('cooldown', { seconds: s });
    const lines = raw(await config('history'))
      .split('\n')
      .slice(2);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain('cooldown 12s');
    expect(lines[9]).toContain('cooldown 3s');
  });

  it('logs every change with its summary, and nothing for refusals or reads', async () => {
    await config('channels allow', { channel: OTHER });
    await config('sources allow', { outlet: 'global news' });
    await config('replies visibility', { visibility: 'private' });
    await config('sources mode', { mode: 'allowlist' });
    await config('channels mode', { mode: 'all' });
    await config('show');
    await config('cooldown', { seconds: -5 });
    expect(logs.map((l) => l.msg)).toEqual([
      `settings of server ${GUILD} changed by ${MOD}: channels allow <#${OTHER}>`,
      `settings of server ${GUILD} changed by ${MOD}: sources allow Global News`,
      `settings of server ${GUILD} changed by ${MOD}: replies visibility private`,
      `settings of server ${GUILD} changed by ${MOD}: sources mode allowlist`,
      `settings of server ${GUILD} changed by ${MOD}: channels mode all`,
    ]);
    expect(logs[0]).toMatchObject({ guildId: GUILD, userId: MOD, change: { kind: 'allowChannel', channelId: OTHER } });
  });
});

describe('settings outlive the process', () => {
  it('a reopened database gives the same settings to a new dispatch', async () => {
    await config('cooldown', { seconds: 42 });
    await config('channels deny', { channel: OTHER });
    db.close();
    db = openDatabase(databaseFile(dir));
    settings = new SqliteSettingsStore(db);
    deps = { ...deps, settings, cooldowns: new SqliteCooldownStore(db) };
    const reply = await config('show');
    expect(field(reply, 'Cooldown')).toBe('42 seconds per member and command (moderators exempt)');
    expect(raw(reply)).toContain(`every channel except <#${OTHER}>`);
  });
});

describe('unknown subcommands', () => {
  it('are refused with a pointer to /config show', async () => {
    const reply = await config('channels purge');
    expect(isPrivate(reply)).toBe(true);
    expect(shown(reply)).toBe(MESSAGES.unknown('channels purge'));
  });
});

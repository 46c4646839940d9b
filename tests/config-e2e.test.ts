// /config end to end: the real command definitions registered with the fake Discord (which
// validates them as Discord does), the unmodified discord.js client started by startGateway, the
// one dispatch, the real stores over SQLite and the real corpus. What a moderator and a member see.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REST } from 'discord.js';
import { ApplicationCommandOptionType, ButtonStyle, InteractionContextType, InteractionResponseType, MessageFlags, Routes } from 'discord-api-types/v10';
import type { APIEmbed } from 'discord-api-types/v10';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/index.ts';
import { MESSAGES } from '../commands/config.ts';
import { startGateway, type GatewayBot } from '../src/adapters/gateway.ts';
import { handle, type AppDeps } from '../src/app/dispatch.ts';
import { DEFAULT_SETTINGS } from '../src/core/policy.ts';
import { decodeButton } from '../src/render/custom-id.ts';
import { SqliteCooldownStore } from '../src/store/cooldowns.ts';
import { databaseFile, openDatabase, type Db } from '../src/store/db.ts';
import { SqliteSettingsStore } from '../src/store/settings.ts';
import { openSeedCorpus } from './support/seed-corpus.ts';
import { startFakeDiscord, type CallbackRecord, type FakeDiscord, type StoredMessage } from './support/fake-discord.ts';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.config-e2e-secret-0123456789abcdef';
const GUILD = '1300000000000000001';
const GENERAL = '1300000000000000010';
const NEWS = '1300000000000000011';
const MOD = { id: '1200000000000000001', username: 'mod' };
const MEMBER = { id: '1200000000000000002', username: 'member' };
const MANAGE_GUILD = '32';
/** View Channel, Send Messages, Use Application Commands: no Manage Server. */
const ORDINARY = String((1n << 10n) | (1n << 11n) | (1n << 31n));
const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);

let fake: FakeDiscord;
let bot: GatewayBot;
let dir: string;
let db: Db;
let settings: SqliteSettingsStore;
let now = T0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-config-e2e-'));
  const log = pino({ level: 'silent' });
  const corpus = openSeedCorpus({ now: T0 });
  db = openDatabase(databaseFile(dir));
  settings = new SqliteSettingsStore(db);
  const deps: AppDeps = { corpus: () => corpus, log, now: () => now, startedAt: T0, version: 'test', settings, cooldowns: new SqliteCooldownStore(db) };

  fake = await startFakeDiscord({
    token: TOKEN,
    guilds: [
      {
        id: GUILD,
        name: 'Test Guild',
        channels: [
          { id: GENERAL, name: 'general' },
          { id: NEWS, name: 'news' },
        ],
        roles: [{ id: GUILD, name: '@everyone', permissions: ORDINARY }],
      },
    ],
  });
  // Registered as `npm run deploy` does, so option types come from our definitions.
  await new REST({ api: fake.apiBase }).setToken(TOKEN).put(Routes.applicationCommands(fake.appId), { body: COMMANDS.map((c) => c.data) });
  bot = await startGateway({ token: TOKEN, apiBase: fake.apiBase, log, handle: (inv) => handle(inv, deps) });
  await fake.waitForReady();
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(fake.takeViolations()).toEqual([]);
});

// ------------------------------------------------------------------------------------------------

type Place = { permissions?: string; channelId?: string } | { dm: true };

function place(p: Place): Place {
  return 'dm' in p ? p : { permissions: MANAGE_GUILD, ...p };
}

async function configCommand(group: string | undefined, subcommand: string, options: Record<string, string | number> = {}, user = MOD, where: Place = {}): Promise<CallbackRecord> {
  const typed = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, k === 'channel' ? { type: ApplicationCommandOptionType.Channel, value: v } : v]));
  const { id } = fake.sendSlashCommand({ name: 'config', ...(group !== undefined && { subcommandGroup: group }), subcommand, options: typed, user, place: place(where) });
  return fake.nextCallback(id);
}

async function ask(query: string, user = MEMBER, where: Place = { permissions: ORDINARY }): Promise<CallbackRecord> {
  const { id } = fake.sendSlashCommand({ name: 'ask', options: { query }, user, place: place(where) });
  return fake.nextCallback(id);
}

/** What the user reads, Markdown escapes removed. */
function shown(cb: { data: { content?: string; embeds?: APIEmbed[] } }): string {
  const embed = (e: APIEmbed): string[] => [e.author?.name ?? '', e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name}: ${f.value}`)];
  return [cb.data.content ?? '', ...(cb.data.embeds ?? []).flatMap(embed)]
    .filter((s) => s !== '')
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

const isEphemeral = (cb: CallbackRecord): boolean => ((cb.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;

function buttonIds(message: StoredMessage | undefined): { label?: string; style?: number; custom_id?: string }[] {
  return (message?.components ?? []).flatMap((row) => ('components' in row ? (row.components as { label?: string; style?: number; custom_id?: string }[]) : []));
}

// ------------------------------------------------------------------------------------------------

describe('registration', () => {
  it('Discord accepts /config: Manage Server by default, servers only', () => {
    const config = fake.commands().find((c) => c['name'] === 'config');
    expect(config).toMatchObject({ default_member_permissions: '32', contexts: [InteractionContextType.Guild], dm_permission: false });
  });
});

describe('/config through Discord', () => {
  it('a moderator allows a channel: a private reply naming it, and the setting is stored', async () => {
    const cb = await configCommand('channels', 'allow', { channel: NEWS });
    expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(cb)).toBe(true);
    expect(shown(cb)).toContain(`<#${NEWS}> is allowed.`);
    expect((await settings.get(GUILD)).allowedChannels).toEqual([NEWS]);
  });

  it('a member without Manage Server is refused privately, whatever the client showed', async () => {
    const cb = await configCommand(undefined, 'cooldown', { seconds: 600 }, MEMBER, { permissions: ORDINARY });
    expect(isEphemeral(cb)).toBe(true);
    expect(shown(cb)).toBe(MESSAGES.denied);
    expect((await settings.get(GUILD)).cooldownSeconds).toBe(3);
  });

  it('in a DM, it refuses politely', async () => {
    const cb = await configCommand(undefined, 'show', {}, MOD, { dm: true });
    expect(isEphemeral(cb)).toBe(true);
    expect(shown(cb)).toBe(MESSAGES.dm);
  });

  it('allow-list mode: a member in another channel gets a private notice naming the enabled one', async () => {
    const mode = await configCommand('channels', 'mode', { mode: 'allowlist' });
    expect(shown(mode)).toContain(`Attaché answers in <#${NEWS}>.`);
    const notice = await ask('expelled diplomats');
    expect(isEphemeral(notice)).toBe(true);
    expect(shown(notice)).toContain(`Attaché is not enabled in this channel. It answers in <#${NEWS}>. A moderator (Manage Server) can enable <#${GENERAL}> with`);
    const there = await ask('expelled diplomats', MEMBER, { permissions: ORDINARY, channelId: NEWS });
    expect(isEphemeral(there)).toBe(false);
    expect(shown(there)).toContain('CGTN');
    await configCommand('channels', 'mode', { mode: 'all' });
  });

  it('cooldown: a member who asks again too soon gets the relative time privately', async () => {
    now += 60_000;
    const cooldown = await configCommand(undefined, 'cooldown', { seconds: 30 });
    expect(shown(cooldown)).toContain('once every 30 seconds');
    const user = { id: '1200000000000000005', username: 'eager' };
    expect(isEphemeral(await ask('summit', user))).toBe(false);
    now += 5_000;
    const hit = await ask('summit', user);
    expect(isEphemeral(hit)).toBe(true);
    expect(hit.data.content).toBe(`You can use this again <t:${Math.ceil((now - 5_000 + 30_000) / 1000)}:R>.`);
  });

  it('sources block with autocomplete: the outlet is offered, blocked, and never cited', async () => {
    const { id } = fake.sendAutocomplete({
      name: 'config',
      subcommandGroup: 'sources',
      subcommand: 'block',
      options: { outlet: 'cg' },
      focused: 'outlet',
      user: MOD,
      place: { permissions: MANAGE_GUILD },
    });
    const choices = await fake.nextCallback(id);
    expect(choices.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(choices.data.choices).toEqual([{ name: 'CGTN (1 article)', value: 'CGTN' }]);

    const blocked = await configCommand('sources', 'block', { outlet: 'CGTN' });
    expect(shown(blocked)).toContain('no longer cite “CGTN”');
    const answer = await ask('summit', { id: '1200000000000000006', username: 'reader' });
    expect(shown(answer)).toContain('Global News');
    expect(shown(answer)).not.toContain('CGTN');
  });

  it('reset: a confirmation with two buttons; Cancel keeps everything, Reset to defaults restores them', async () => {
    const changed = await settings.get(GUILD);
    expect(changed).not.toEqual(DEFAULT_SETTINGS);

    const first = fake.sendSlashCommand({ name: 'config', subcommand: 'reset', user: MOD, place: { permissions: MANAGE_GUILD } });
    const prompt = await fake.nextCallback(first.id);
    expect(isEphemeral(prompt)).toBe(true);
    expect(shown(prompt)).toContain('Reset all settings?');
    const message = fake.original(first.id);
    const [confirm, cancel] = buttonIds(message);
    expect(confirm).toMatchObject({ label: 'Reset to defaults', style: ButtonStyle.Danger });
    expect(cancel).toMatchObject({ label: 'Cancel', style: ButtonStyle.Secondary });
    expect(decodeButton(confirm!.custom_id!)).toMatchObject({ ok: true, state: { action: 'confirm-reset', command: 'config' } });

    const cancelled = fake.clickButton({ message: message!, customId: cancel!.custom_id!, user: MOD, place: { permissions: MANAGE_GUILD } });
    const cancelCb = await fake.nextCallback(cancelled.id);
    expect(cancelCb.type).toBe(InteractionResponseType.UpdateMessage);
    expect(shown(cancelCb)).toBe('Reset cancelled\nNothing was changed.');
    expect(buttonIds(fake.messages.get(message!.id))).toEqual([]);
    expect(await settings.get(GUILD)).toEqual(changed);

    const second = fake.sendSlashCommand({ name: 'config', subcommand: 'reset', user: MOD, place: { permissions: MANAGE_GUILD } });
    await fake.nextCallback(second.id);
    const again = fake.original(second.id)!;
    const [confirmAgain] = buttonIds(again);

    // A member whose permissions changed since cannot use the button.
    const refused = fake.clickButton({ message: again, customId: confirmAgain!.custom_id!, user: MOD, place: { permissions: ORDINARY } });
    const refusedCb = await fake.nextCallback(refused.id);
    expect(refusedCb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(refusedCb)).toBe(true);
    expect(shown(refusedCb)).toBe(MESSAGES.denied);
    expect(await settings.get(GUILD)).toEqual(changed);

    const clicked = fake.clickButton({ message: again, customId: confirmAgain!.custom_id!, user: MOD, place: { permissions: MANAGE_GUILD } });
    const done = await fake.nextCallback(clicked.id);
    expect(done.type).toBe(InteractionResponseType.UpdateMessage);
    expect(shown(done)).toContain('Settings reset');
    expect(buttonIds(fake.messages.get(again.id))).toEqual([]);
    expect(await settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);

    const show = await configCommand(undefined, 'show');
    expect(shown(show)).toContain('This server uses the defaults');
  });

  it('check and history answer privately with what a moderator needs', async () => {
    const noEmbeds = String((1n << 10n) | (1n << 11n) | (1n << 16n));
    const { id } = fake.sendSlashCommand({ name: 'config', subcommand: 'check', user: MOD, place: { permissions: MANAGE_GUILD, appPermissions: noEmbeds } });
    const check = await fake.nextCallback(id);
    expect(isEphemeral(check)).toBe(true);
    expect(shown(check)).toContain(`Attaché is missing 1 permission in <#${GENERAL}>: Embed Links.`);

    const history = await configCommand(undefined, 'history');
    expect(isEphemeral(history)).toBe(true);
    const text = shown(history);
    expect(text).toContain(`reset · by user ${MOD.id}`);
    expect(text).toContain(`channels allow <#${NEWS}> · by user ${MOD.id}`);
    expect(text.indexOf('reset')).toBeLessThan(text.indexOf('channels allow'));
  });
});

describe('buttons through Discord follow the server rules (issue 19 item 1)', () => {
  const A = { id: '1200000000000000011', username: 'asker' };
  const B = { id: '1200000000000000012', username: 'clicker' };
  const byLabel = (message: StoredMessage | undefined, label: RegExp): string => {
    const found = buttonIds(message).find((b) => label.test(b.label ?? ''));
    if (found?.custom_id === undefined) throw new Error(`no button ${label} on ${JSON.stringify(message?.components)}`);
    return found.custom_id;
  };
  const click = async (message: StoredMessage, customId: string, user: { id: string; username: string }, permissions = ORDINARY): Promise<CallbackRecord> =>
    fake.nextCallback(fake.clickButton({ message, customId, user, place: { permissions } }).id);

  it('"Post to channel" clicked ten times posts once; the rest meet the cooldown; a closed channel refuses clicks', async () => {
    await settings.reset(GUILD, { userId: MOD.id, at: now });
    now += 60_000;
    const asked = fake.sendSlashCommand({ name: 'ask', options: { query: 'putin' }, user: A, place: { permissions: ORDINARY } });
    const first = await fake.nextCallback(asked.id);
    expect(isEphemeral(first)).toBe(false);
    const original = fake.original(asked.id)!;
    expect(original.content).toMatch(/page 1 of [2-9]/);

    // B's own private copy of page 2, with "Post to channel".
    const copyCb = await click(original, byLabel(original, /Next/), B);
    expect(copyCb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(copyCb)).toBe(true);
    const copy = [...fake.messages.values()].at(-1)!;
    expect(copy.content).toMatch(/page 2 of/);
    const post = byLabel(copy, /Post to channel/);

    const posts: CallbackRecord[] = [];
    for (let i = 0; i < 10; i++) posts.push(await click(copy, post, B));
    expect(posts.filter((cb) => !isEphemeral(cb))).toHaveLength(1);
    for (const cb of posts.filter(isEphemeral)) expect(cb.data.content).toMatch(/^You can use this again <t:\d+:R>\.$/);
    expect(posts.filter(isEphemeral)).toHaveLength(9);

    // A moderator closes the channel: page and post clicks get the private notice, nothing else.
    await configCommand('channels', 'deny', { channel: GENERAL });
    now += 60_000;
    for (const cb of [await click(original, byLabel(original, /Next/), A), await click(copy, post, B)]) {
      expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(isEphemeral(cb)).toBe(true);
      expect(shown(cb)).toContain('Attaché is not enabled in this channel.');
      expect(cb.data.embeds ?? []).toEqual([]);
    }
    expect(fake.messages.get(original.id)?.content).toMatch(/page 1 of/);
    await configCommand('channels', 'allow', { channel: GENERAL });
  });
});

// The unmodified discord.js client, started by startGateway, against the fake Discord on loopback.
import { Writable } from 'node:stream';
import { ApplicationCommandOptionType, ButtonStyle, ComponentType, GatewayIntentBits, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGateway } from '../src/adapters/gateway.ts';
import type { GatewayBot } from '../src/adapters/gateway.ts';
import type { Invocation, MessagePayload, Reply } from '../src/contract/interaction.ts';
import { startFakeDiscord } from './support/fake-discord.ts';
import type { FakeDiscord } from './support/fake-discord.ts';

// Shaped like a real token (user id . timestamp . secret) so a leak of any part is visible.
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.s3cr3t-part-never-logged-0123456789abc';
const NONE = { parse: [] } as const;

function text(content: string, extra: Partial<MessagePayload> = {}): MessagePayload {
  return { content, allowed_mentions: NONE, ...extra };
}

function capture(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { log: pino({ level: 'trace' }, stream), lines };
}

/** A gate a slow handler waits on, so tests never depend on how long anything takes. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

let fake: FakeDiscord;
let bot: GatewayBot;
let logs: string[];
const seen: Invocation[] = [];
let handler: (inv: Invocation) => Promise<Reply>;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: TOKEN, heartbeatIntervalMs: 500 });
  const { log, lines } = capture();
  logs = lines;
  bot = await startGateway({
    token: TOKEN,
    apiBase: fake.apiBase,
    log,
    deferAfterMs: 150,
    handle: (inv) => {
      seen.push(inv);
      return handler(inv);
    },
  });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
});

afterEach(() => {
  expect(fake.takeViolations()).toEqual([]);
});

function lastInvocation(): Invocation {
  const inv = seen.at(-1);
  if (!inv) throw new Error('handle was never called');
  return inv;
}

describe('login', () => {
  it('identifies with the Guilds intent only, gets READY and the guild, and logs no token', async () => {
    const identify = await fake.waitForReady();
    expect(identify.intents).toBe(GatewayIntentBits.Guilds);
    expect(identify.compress).toBe(false);
    const guild = fake.guilds[0]!;
    expect(bot.client.isReady()).toBe(true);
    expect(bot.client.user?.id).toBe(fake.botUser.id);
    expect(bot.client.guilds.cache.get(guild.id)?.channels.cache.map((c) => c.id)).toEqual(guild.channels.map((c) => c.id));
    const all = logs.join('\n');
    expect(all).toContain('connected to Discord');
    for (const part of TOKEN.split('.')) expect(all).not.toContain(part);
  });

  it('answers heartbeats so discord.js measures a ping', async () => {
    await fake.next('heartbeat');
    await vi.waitFor(() => expect(bot.client.ws.ping).toBeGreaterThanOrEqual(0));
  });

  it('rejects an invalid token with one clear line', async () => {
    const { log, lines } = capture();
    const attempt = startGateway({ token: 'wrong-token', apiBase: fake.apiBase, log, handle: () => Promise.reject(new Error('unused')) });
    await expect(attempt).rejects.toThrow(/^Discord rejected the token \(401\): check DISCORD_TOKEN$/);
    expect(lines.join('\n')).not.toContain('wrong-token');
  });
});

describe('commands', () => {
  it('answers a slash command with the handler payload as callback type 4, mentions off', async () => {
    handler = () => Promise.resolve({ type: 'message', message: text('Hello @everyone'), ephemeral: false });
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'sanctions' }, place: { permissions: '2147483648', appPermissions: '19456' } });
    const cb = await fake.nextCallback(id);
    expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(cb.data.content).toBe('Hello @everyone');
    expect(cb.data.allowed_mentions).toEqual({ parse: [] });
    expect((cb.data.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
    expect(fake.original(id)?.content).toBe('Hello @everyone');
    expect(lastInvocation()).toEqual({
      kind: 'command',
      id,
      name: 'ask',
      subcommand: [],
      options: { query: 'sanctions' },
      userId: fake.user.id,
      guildId: fake.guilds[0]!.id,
      channelId: fake.guilds[0]!.channels[0]!.id,
      memberPermissions: '2147483648',
      appPermissions: '19456',
    });
  });

  it('passes subcommand groups, subcommands and typed options (a channel as its id)', async () => {
    handler = () => Promise.resolve({ type: 'message', message: text('done'), ephemeral: true });
    const channelId = fake.guilds[0]!.channels[0]!.id;
    const { id } = fake.sendSlashCommand({
      name: 'config',
      subcommandGroup: 'channels',
      subcommand: 'allow',
      options: { channel: { type: ApplicationCommandOptionType.Channel, value: channelId }, limit: 3, public: true },
    });
    const cb = await fake.nextCallback(id);
    expect(cb.data.flags).toBe(MessageFlags.Ephemeral);
    const inv = lastInvocation();
    expect(inv.subcommand).toEqual(['channels', 'allow']);
    expect(inv.options).toEqual({ channel: channelId, limit: 3, public: true });
  });

  it('works in a DM: no guild, the user from `user`', async () => {
    handler = () => Promise.resolve({ type: 'message', message: text('dm'), ephemeral: false });
    const { id } = fake.sendSlashCommand({ name: 'help', place: { dm: true } });
    await fake.nextCallback(id);
    const inv = lastInvocation();
    expect(inv.userId).toBe(fake.user.id);
    expect(inv.guildId).toBeUndefined();
    expect(inv.memberPermissions).toBeUndefined();
  });

  it('answers autocomplete with choices as callback type 8', async () => {
    handler = (inv) => Promise.resolve({ type: 'autocomplete', choices: [{ name: `${inv.focused?.value ?? ''} Putin`, value: 'putin' }] });
    const { id } = fake.sendAutocomplete({ name: 'quote', options: { speaker: 'Vlad', topic: 'gas' }, focused: 'speaker' });
    const cb = await fake.nextCallback(id);
    expect(cb.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(cb.data.choices).toEqual([{ name: 'Vlad Putin', value: 'putin' }]);
    const inv = lastInvocation();
    expect(inv.kind).toBe('autocomplete');
    expect(inv.focused).toEqual({ name: 'speaker', value: 'Vlad' });
    expect(inv.options).toMatchObject({ topic: 'gas' });
  });

  it('runs the message context menu on the selected message text', async () => {
    handler = (inv) => Promise.resolve({ type: 'message', message: text(`checked: ${inv.targetText ?? ''}`), ephemeral: true });
    const { id } = fake.sendMessageContextMenu({ name: 'Find sources', target: { content: 'Russia sold Alaska in 1867' } });
    const cb = await fake.nextCallback(id);
    expect(cb.data.content).toBe('checked: Russia sold Alaska in 1867');
    expect(lastInvocation()).toMatchObject({ kind: 'message-context', name: 'Find sources', targetText: 'Russia sold Alaska in 1867' });
  });
});

describe('buttons', () => {
  const pager = (page: number): MessagePayload =>
    text(`page ${page}`, {
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next', custom_id: `page:${page + 1}` }] }],
    });

  it('updates the clicked message (type 7) and knows who asked and whether it was private', async () => {
    handler = () => Promise.resolve({ type: 'message', message: pager(1), ephemeral: true });
    const asked = fake.sendSlashCommand({ name: 'ask', options: { query: 'treaty' } });
    await fake.nextCallback(asked.id);
    const message = fake.original(asked.id)!;

    handler = () => Promise.resolve({ type: 'update', message: pager(2) });
    const bob = { id: '1200000000000000002', username: 'bob' };
    const click = fake.clickButton({ message, customId: 'page:2', user: bob });
    const cb = await fake.nextCallback(click.id);
    expect(cb.type).toBe(InteractionResponseType.UpdateMessage);
    expect(cb.data.content).toBe('page 2');
    expect(fake.messages.get(message.id)?.content).toBe('page 2');
    expect(lastInvocation()).toMatchObject({ kind: 'button', name: 'page', customId: 'page:2', userId: bob.id, originalUserId: fake.user.id, messageEphemeral: true });
  });

  it('posts a follow-up to the channel from a button ("Post to channel")', async () => {
    handler = () => Promise.resolve({ type: 'message', message: pager(1), ephemeral: true });
    const asked = fake.sendSlashCommand({ name: 'ask', options: { query: 'treaty' } });
    await fake.nextCallback(asked.id);
    handler = () => Promise.resolve({ type: 'followup', message: text('shared excerpt'), ephemeral: false });
    const click = fake.clickButton({ message: fake.original(asked.id)!, customId: 'page:2' });
    expect((await fake.nextCallback(click.id)).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const post = await fake.nextWebhook(click.id);
    expect(post).toMatchObject({ method: 'POST', status: 200, editedOriginal: false });
    expect(post.body.content).toBe('shared excerpt');
    expect((post.body.flags ?? 0) & MessageFlags.Ephemeral).toBe(0);
  });
});

describe('slow and failing handlers', () => {
  it('defers (type 5) when the handler is slow, then edits @original', async () => {
    const g = gate();
    handler = async () => {
      await g.wait;
      return { type: 'message', message: text('slow answer'), ephemeral: false };
    };
    const { id } = fake.sendSlashCommand({ name: 'timeline', options: { topic: 'arms control' } });
    expect((await fake.nextCallback(id)).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    g.open();
    const edit = await fake.nextWebhook(id);
    expect(edit).toMatchObject({ method: 'PATCH', messageId: '@original', status: 200 });
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(fake.original(id)).toMatchObject({ content: 'slow answer' });
    expect(fake.original(id)?.loading).toBeUndefined();
  });

  it('keeps a slow private answer private: deletes the public placeholder, then follows up ephemerally', async () => {
    const g = gate();
    handler = async () => {
      await g.wait;
      return { type: 'message', message: text('only for you'), ephemeral: true };
    };
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'x' } });
    expect((await fake.nextCallback(id)).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    g.open();
    expect(await fake.nextWebhook(id)).toMatchObject({ method: 'DELETE', messageId: '@original' });
    const post = await fake.nextWebhook(id);
    expect(post).toMatchObject({ method: 'POST', editedOriginal: false });
    expect(post.body.flags).toBe(MessageFlags.Ephemeral);
  });

  it('defers a slow button with type 6, then edits the clicked message', async () => {
    handler = () =>
      Promise.resolve({
        type: 'message',
        message: text('p1', { components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', custom_id: 'page:2' }] }] }),
        ephemeral: false,
      });
    const asked = fake.sendSlashCommand({ name: 'ask', options: { query: 'y' } });
    await fake.nextCallback(asked.id);
    const message = fake.original(asked.id)!;
    const g = gate();
    handler = async () => {
      await g.wait;
      return { type: 'update', message: text('p2') };
    };
    const click = fake.clickButton({ message, customId: 'page:2' });
    expect((await fake.nextCallback(click.id)).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    g.open();
    expect(await fake.nextWebhook(click.id)).toMatchObject({ method: 'PATCH', messageId: '@original', status: 200 });
    expect(fake.messages.get(message.id)?.content).toBe('p2');
  });

  it('turns an exception into an ephemeral error with a reference id that is also logged, and keeps running', async () => {
    handler = () => Promise.reject(new Error('index exploded'));
    const failing = fake.sendSlashCommand({ name: 'ask', options: { query: 'boom' } });
    const cb = await fake.nextCallback(failing.id);
    expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(cb.data.flags).toBe(MessageFlags.Ephemeral);
    const ref = /Something went wrong \(ref ([A-Z0-9]{6})\)/.exec(cb.data.content ?? '')?.[1];
    expect(ref).toBeDefined();
    const logged = logs.map((l) => JSON.parse(l) as { ref?: string; err?: { message?: string } }).find((l) => l.ref === ref);
    expect(logged?.err?.message).toBe('index exploded');

    handler = () => Promise.resolve({ type: 'message', message: text('fine again'), ephemeral: false });
    const next = fake.sendSlashCommand({ name: 'help' });
    expect((await fake.nextCallback(next.id)).data.content).toBe('fine again');
  });

  it('shows the error reference when Discord refuses a reply over its limits', async () => {
    handler = () => Promise.resolve({ type: 'message', message: text('x'.repeat(2001)), ephemeral: false });
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'long' } });
    const refused = await fake.nextCallback(id);
    expect(refused.status).toBe(400);
    expect(fake.takeViolations()).toEqual([expect.stringContaining('data.content: Must be 2000 or fewer in length.')]);
    const fallback = await fake.nextCallback(id);
    expect(fallback.status).toBe(204);
    expect(fallback.data.content).toMatch(/^Something went wrong \(ref [A-Z0-9]{6}\)/);
  });
});

describe('one translation for both doors', () => {
  // The same raw interaction JSON through the gateway (discord.js receives it over the socket) and
  // through invocationFromApi (what the HTTP endpoint calls) gives the same Invocation.
  function payloads(): Record<string, unknown>[] {
    const guild = fake.guilds[0]!;
    const channelId = guild.channels[0]!.id;
    const user = { id: '80351110224678912', username: 'nelly', global_name: 'Nelly', discriminator: '0', avatar: null };
    const common = { application_id: fake.appId, version: 1, locale: 'en-US', entitlements: [], attachment_size_limit: 10_485_760 };
    const member = { user, roles: [], permissions: '2248473465835073', joined_at: '2021-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 };
    const thread = { id: '1400000000000000077', type: 11, name: 'a thread', guild_id: guild.id, parent_id: channelId, flags: 0 };
    const inGuild = {
      guild_id: guild.id,
      guild: { id: guild.id, locale: 'en-US', features: [] },
      guild_locale: 'en-US',
      member,
      app_permissions: '562949953601536',
      context: 0,
      authorizing_integration_owners: { '0': guild.id },
    };
    const inThread = { ...inGuild, channel_id: thread.id, channel: thread };
    const inText = { ...inGuild, channel_id: channelId, channel: { id: channelId, type: 0, name: 'general', guild_id: guild.id, parent_id: '1400000000000000001', flags: 0 } };
    const message = (flags: number) => ({
      id: '1400000000000000099',
      channel_id: thread.id,
      type: 20,
      content: 'page 1',
      embeds: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      pinned: false,
      mention_everyone: false,
      tts: false,
      timestamp: '2025-03-01T12:00:00.000Z',
      edited_timestamp: null,
      flags,
      components: [],
      author: { ...fake.botUser, discriminator: '0', avatar: null },
      interaction_metadata: { id: '1400000000000000098', type: 2, user: { ...user, id: '80351110224678999' }, authorizing_integration_owners: {} },
    });
    let n = 0;
    const id = () => `14000000000000001${String(++n).padStart(2, '0')}`;
    return [
      {
        ...common,
        ...inThread,
        id: id(),
        token: 't1',
        type: 2,
        data: {
          id: '1',
          name: 'config',
          type: 1,
          options: [{ name: 'channels', type: 2, options: [{ name: 'allow', type: 1, options: [{ name: 'channel', type: 7, value: channelId }] }] }],
          resolved: { channels: { [channelId]: { id: channelId, name: 'general', type: 0, permissions: '0' } } },
        },
      },
      {
        ...common,
        ...inText,
        id: id(),
        token: 't2',
        type: 2,
        data: {
          id: '2',
          name: 'ask',
          type: 1,
          options: [
            { name: 'query', type: 3, value: 'putin' },
            { name: 'private', type: 5, value: true },
          ],
        },
      },
      { ...common, ...inThread, id: id(), token: 't3', type: 4, data: { id: '2', name: 'ask', type: 1, options: [{ name: 'query', type: 3, value: 'pu', focused: true }] } },
      { ...common, ...inThread, id: id(), token: 't4', type: 3, message: message(64), data: { custom_id: '1|p|a|1|q=putin', component_type: 2 } },
      { ...common, ...inText, id: id(), token: 't5', type: 3, message: { ...message(0), channel_id: channelId }, data: { custom_id: '1|s|a|0|q=putin', component_type: 2 } },
      {
        ...common,
        ...inThread,
        id: id(),
        token: 't6',
        type: 2,
        data: { id: '3', name: 'Find sources', type: 3, target_id: '1400000000000000099', resolved: { messages: { '1400000000000000099': message(0) } } },
      },
      {
        ...common,
        id: id(),
        token: 't7',
        type: 2,
        user,
        channel_id: '1400000000000000055',
        channel: { id: '1400000000000000055', type: 1, recipients: [user], flags: 0 },
        app_permissions: '0',
        context: 1,
        authorizing_integration_owners: {},
        data: { id: '4', name: 'help', type: 1 },
      },
    ];
  }

  it('gives the same Invocation for the same JSON, threads with their parent channel', async () => {
    handler = (inv) => Promise.resolve(inv.kind === 'autocomplete' ? { type: 'autocomplete', choices: [] } : { type: 'message', message: text('ok'), ephemeral: true });
    const { invocationFromApi } = await import('../src/app/from-api.ts');
    const before = seen.length;
    const sent = payloads();
    for (const raw of sent) fake.dispatch('INTERACTION_CREATE', structuredClone(raw));
    await vi.waitFor(() => expect(seen.length - before).toBe(sent.length));
    const byId = new Map(seen.slice(before).map((inv) => [inv.id, inv]));
    for (const raw of sent) {
      const expected = invocationFromApi(raw as never);
      expect(expected).toBeDefined();
      expect(byId.get(raw['id'] as string)).toEqual(expected);
    }
    expect(byId.get(sent[0]!['id'] as string)).toMatchObject({ channelId: '1400000000000000077', parentChannelId: fake.guilds[0]!.channels[0]!.id, subcommand: ['channels', 'allow'] });
    expect(byId.get(sent[1]!['id'] as string)).not.toHaveProperty('parentChannelId');
    expect(byId.get(sent[3]!['id'] as string)).toMatchObject({ kind: 'button', originalUserId: '80351110224678999', messageEphemeral: true });
    expect(byId.get(sent[5]!['id'] as string)).toMatchObject({ kind: 'message-context', targetText: 'page 1' });
    // The fake never delivered these, so it refuses the answers: that is all it may complain about.
    // Each is refused twice (the answer, then the error reply that follows the refusal).
    const ids = new Set(sent.map((r) => r['id']));
    await vi.waitFor(() => expect(fake.records.filter((r) => r.kind === 'callback' && ids.has(r.interactionId)).length).toBe(2 * sent.length));
    expect(fake.takeViolations().every((v) => v.includes('unknown interaction'))).toBe(true);
  });
});

describe('reconnects', () => {
  it('resumes after the gateway closes the socket and answers the next command', async () => {
    handler = () => Promise.resolve({ type: 'message', message: text('still here'), ephemeral: false });
    await fake.disconnect(4000);
    const resume = await fake.next('resume');
    expect(resume.violations).toEqual([]);
    const { id } = fake.sendSlashCommand({ name: 'about' });
    expect((await fake.nextCallback(id)).data.content).toBe('still here');
    expect(fake.records.filter((r) => r.kind === 'identify')).toHaveLength(1);
  });

  it('answers an interaction sent while disconnected once it is replayed on resume', async () => {
    handler = () => Promise.resolve({ type: 'message', message: text('replayed'), ephemeral: false });
    await fake.disconnect(4000);
    const { id } = fake.sendSlashCommand({ name: 'about' });
    expect((await fake.next('resume')).replayed).toBe(1);
    expect((await fake.nextCallback(id)).data.content).toBe('replayed');
  });
});

describe('stop', () => {
  it('finishes a reply in flight before destroying the client', async () => {
    const { log } = capture();
    const g = gate();
    let called = false;
    const second = await startGateway({
      token: TOKEN,
      apiBase: fake.apiBase,
      log,
      deferAfterMs: 60_000,
      handle: async () => {
        called = true;
        await g.wait;
        return { type: 'message', message: text('last words'), ephemeral: false };
      },
    });
    await fake.waitForReady();
    const { id } = fake.sendSlashCommand({ name: 'ask', options: { query: 'q' } });
    await vi.waitFor(() => expect(called).toBe(true));
    const stopped = second.stop();
    g.open();
    await stopped;
    expect((await fake.nextCallback(id)).data.content).toBe('last words');
    expect(second.client.isReady()).toBe(false);
  });
});

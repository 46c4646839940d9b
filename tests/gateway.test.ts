// The unmodified discord.js client, started by startGateway, against the fake Discord on loopback.
import { Writable } from 'node:stream';
import { ApplicationCommandOptionType, ButtonStyle, ComponentType, GatewayIntentBits, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGateway } from '../src/adapters/gateway.ts';
import type { GatewayBot } from '../src/adapters/gateway.ts';
import type { Invocation, MessagePayload, Reply } from '../src/app/interaction.ts';
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
    handler = () => Promise.resolve({ type: 'message', message: text('p1', { components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', custom_id: 'page:2' }] }] }), ephemeral: false });
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

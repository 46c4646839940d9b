// The fake Discord itself, driven with raw HTTP and WebSocket (no discord.js): it must refuse
// what Discord refuses, or the gateway tests would prove nothing.
import { once } from 'node:events';
import { ButtonStyle, ComponentType, GatewayCloseCodes, GatewayOpcodes, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { choiceIssues, commandIssues, describeIssue, messageIssues } from './support/discord-limits.ts';
import { startFakeDiscord } from './support/fake-discord.ts';
import type { FakeDiscord } from './support/fake-discord.ts';

let fake: FakeDiscord;
let gateway: WebSocket;

interface GatewayMessage {
  op: number;
  t: string | null;
  s: number | null;
  d: Record<string, unknown>;
}

function messagesOf(ws: WebSocket): GatewayMessage[] {
  const got: GatewayMessage[] = [];
  ws.on('message', (raw) => got.push(JSON.parse(String(raw)) as GatewayMessage));
  return got;
}

async function until<T>(check: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not met');
}

async function api(method: string, path: string, body?: unknown, auth = true): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const res = await fetch(`${fake.apiBase}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bot ${fake.token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const callback = (d: { id: string; token: string }, body: unknown): ReturnType<typeof api> => api('POST', `/interactions/${d.id}/${d.token}/callback`, body, false);

const msg = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ content: 'ok', allowed_mentions: { parse: [] }, ...extra });

beforeAll(async () => {
  fake = await startFakeDiscord();
  gateway = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
  const got = messagesOf(gateway);
  await until(() => got.find((m) => m.op === GatewayOpcodes.Hello));
  gateway.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: fake.token, intents: 1, properties: {} } }));
  await fake.waitForReady();
  const ready = await until(() => got.find((m) => m.t === 'READY'));
  expect(ready.d['resume_gateway_url']).toBe(fake.gatewayUrl);
  await until(() => got.find((m) => m.t === 'GUILD_CREATE'));
});

afterAll(async () => {
  gateway?.close();
  await fake?.close();
});

afterEach(() => {
  fake.takeViolations();
});

describe('REST', () => {
  it('serves the gateway URL to the right token and 401 to any other', async () => {
    expect((await api('GET', '/gateway/bot')).json).toMatchObject({ url: fake.gatewayUrl, shards: 1 });
    const res = await fetch(`${fake.apiBase}/v10/gateway/bot`, { headers: { authorization: 'Bot nope' } });
    expect(res.status).toBe(401);
  });

  it('registers commands idempotently (ids kept) and refuses invalid definitions', async () => {
    const defs = [
      { name: 'ask', description: 'Ask', options: [{ name: 'query', description: 'q', type: 3, required: true }] },
      { name: 'Find sources', type: 3 },
    ];
    const first = await api('PUT', `/applications/${fake.appId}/commands`, defs);
    const second = await api('PUT', `/applications/${fake.appId}/commands`, defs);
    expect(first.status).toBe(200);
    expect((second.json as unknown as { id: string }[]).map((c) => c.id)).toEqual((first.json as unknown as { id: string }[]).map((c) => c.id));
    expect(fake.commands().map((c) => c['name'])).toEqual(['ask', 'Find sources']);
    expect((await api('GET', `/applications/${fake.appId}/commands`)).json).toHaveLength(2);

    const bad = await api('PUT', `/applications/${fake.appId}/guilds/${fake.guilds[0]!.id}/commands`, [{ name: 'Ask Me', description: 'x' }]);
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 50035, errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } });
    expect((await api('PUT', `/applications/${fake.appId}/guilds/999/commands`, [])).status).toBe(403);
  });

  it('posts channel messages only to channels it knows, within limits', async () => {
    const channel = fake.guilds[0]!.channels[0]!.id;
    expect((await api('POST', `/channels/${channel}/messages`, msg())).status).toBe(200);
    expect((await api('POST', '/channels/42/messages', msg())).status).toBe(404);
    expect((await api('POST', `/channels/${channel}/messages`, msg({ content: '' }))).status).toBe(400);
  });
});

describe('gateway', () => {
  it('acknowledges heartbeats and closes with 4004 on a bad token', async () => {
    const ws = new WebSocket(fake.gatewayUrl);
    const got = messagesOf(ws);
    await until(() => got.find((m) => m.op === GatewayOpcodes.Hello));
    ws.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: null }));
    await until(() => got.find((m) => m.op === GatewayOpcodes.HeartbeatAck));
    const closed = once(ws, 'close');
    ws.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: 'bad', intents: 1, properties: {} } }));
    const [code] = (await closed) as [number];
    expect(code).toBe(GatewayCloseCodes.AuthenticationFailed);
  });

  it('refuses privileged intents the application was not granted', async () => {
    const ws = new WebSocket(fake.gatewayUrl);
    const got = messagesOf(ws);
    await until(() => got.find((m) => m.op === GatewayOpcodes.Hello));
    const closed = once(ws, 'close');
    ws.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: fake.token, intents: 1 | (1 << 15), properties: {} } }));
    expect(((await closed) as [number])[0]).toBe(GatewayCloseCodes.DisallowedIntents);
  });
});

describe('interaction callbacks', () => {
  it('accepts a reply within limits and stores it as @original', async () => {
    const d = fake.sendSlashCommand({ name: 'ask', options: { query: 'x' } });
    expect((await callback(d, { type: 4, data: msg({ content: 'hi' }) })).status).toBe(204);
    expect(fake.original(d.id)?.content).toBe('hi');
    const get = await api('GET', `/webhooks/${fake.appId}/${d.token}/messages/%40original`, undefined, false);
    expect(get.json).toMatchObject({ content: 'hi' });
    expect(fake.violations).toEqual([]);
  });

  it('refuses an over-long description with Discord’s error shape', async () => {
    const d = fake.sendSlashCommand({ name: 'ask' });
    const res = await callback(d, { type: 4, data: msg({ embeds: [{ description: 'x'.repeat(4097) }] }) });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 50035, errors: { data: { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } } });
    expect(fake.takeViolations()).toEqual([`callback 4 for ${d.id}: data.embeds[0].description: Must be 4096 or fewer in length.`]);
    // Refused, so not acknowledged: a valid answer still goes through.
    expect((await callback(d, { type: 4, data: msg() })).status).toBe(204);
  });

  it('records a missing allowed_mentions as a violation without refusing', async () => {
    const d = fake.sendSlashCommand({ name: 'ask' });
    expect((await callback(d, { type: 4, data: { content: 'hi' } })).status).toBe(204);
    expect(fake.takeViolations()).toEqual([`callback 4 for ${d.id}: allowed_mentions missing`]);
  });

  it('refuses a second acknowledgement, the wrong response type, and a late one', async () => {
    const d = fake.sendSlashCommand({ name: 'ask' });
    expect((await callback(d, { type: 5 })).status).toBe(204);
    expect((await callback(d, { type: 4, data: msg() })).json).toMatchObject({ code: 40060 });
    const a = fake.sendAutocomplete({ name: 'quote', focused: 'speaker' });
    expect((await callback(a, { type: 4, data: msg() })).status).toBe(400);
    expect((await callback(a, { type: 8, data: { choices: Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })) } })).status).toBe(400);

    const strict = await startFakeDiscord({ interactionDeadlineMs: -1 });
    try {
      const ws = new WebSocket(strict.gatewayUrl);
      await once(ws, 'open');
      ws.send(JSON.stringify({ op: GatewayOpcodes.Identify, d: { token: strict.token, intents: 1, properties: {} } }));
      await strict.waitForReady();
      const late = strict.sendSlashCommand({ name: 'ask' });
      const res = await fetch(`${strict.apiBase}/v10/interactions/${late.id}/${late.token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 4, data: msg() }),
      });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: number }).code).toBe(10062);
      ws.close();
    } finally {
      await strict.close();
    }
  });

  it('makes the first follow-up after a deferral edit the loading message, keeping its visibility', async () => {
    const d = fake.sendSlashCommand({ name: 'ask' });
    expect((await api('POST', `/webhooks/${fake.appId}/${d.token}`, msg(), false)).status).toBe(404); // not acknowledged yet
    await callback(d, { type: 5 });
    const first = await api('POST', `/webhooks/${fake.appId}/${d.token}?wait=true`, msg({ content: 'private?', flags: MessageFlags.Ephemeral }), false);
    expect(first.json).toMatchObject({ content: 'private?', flags: 0, id: fake.original(d.id)?.id });
    const second = await api('POST', `/webhooks/${fake.appId}/${d.token}?wait=true`, msg({ content: 'really private', flags: MessageFlags.Ephemeral }), false);
    expect(second.json).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(second.json?.['id']).not.toBe(first.json?.['id']);
  });

  it('updates the clicked message (type 7) and carries who asked in interaction_metadata', async () => {
    const d = fake.sendSlashCommand({ name: 'ask' });
    const row = { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Next', custom_id: 'page:2' }] };
    await callback(d, { type: 4, data: msg({ components: [row], flags: MessageFlags.Ephemeral }) });
    const message = fake.original(d.id)!;
    expect(() => fake.clickButton({ message, customId: 'page:9' })).toThrow(/no button page:9/);
    const click = fake.clickButton({ message, customId: 'page:2', user: { id: '5', username: 'eve' } });
    expect((await callback(click, { type: InteractionResponseType.UpdateMessage, data: msg({ content: 'page 2' }) })).status).toBe(204);
    expect(fake.messages.get(message.id)).toMatchObject({ content: 'page 2', flags: MessageFlags.Ephemeral, interaction_metadata: { user: { id: fake.user.id } } });
  });
});

describe('limits', () => {
  const button = (id: string, label = 'b'): Record<string, unknown> => ({ type: ComponentType.Button, style: ButtonStyle.Primary, label, custom_id: id });
  const row = (...c: Record<string, unknown>[]): Record<string, unknown> => ({ type: ComponentType.ActionRow, components: c });
  const cases: [string, Record<string, unknown>, string][] = [
    ['content', { content: 'x'.repeat(2001) }, 'content: Must be 2000 or fewer in length.'],
    ['title', { embeds: [{ title: 'x'.repeat(257) }] }, 'embeds[0].title: Must be 256 or fewer in length.'],
    ['field name', { embeds: [{ fields: [{ name: 'x'.repeat(257), value: 'v' }] }] }, 'embeds[0].fields[0].name: Must be 256 or fewer in length.'],
    ['field value', { embeds: [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }] }, 'embeds[0].fields[0].value: Must be 1024 or fewer in length.'],
    ['empty field', { embeds: [{ fields: [{ name: 'n', value: '' }] }] }, 'embeds[0].fields[0].value: This field is required'],
    ['25 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, 'embeds[0].fields: Must be 25 or fewer in length.'],
    ['footer', { embeds: [{ footer: { text: 'x'.repeat(2049) } }] }, 'embeds[0].footer.text: Must be 2048 or fewer in length.'],
    ['author', { embeds: [{ author: { name: 'x'.repeat(257) } }] }, 'embeds[0].author.name: Must be 256 or fewer in length.'],
    ['10 embeds', { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, 'embeds: Must be 10 or fewer in length.'],
    ['6000 total', { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] }, 'embeds: Embed size exceeds maximum size of 6000'],
    ['embed url', { embeds: [{ title: 't', url: 'not a url' }] }, 'embeds[0].url: Not a well formed URL.'],
    ['5 per row', { components: [row(...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => button(id)))] }, 'components[0].components: Must be 5 or fewer in length.'],
    ['5 rows', { components: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => row(button(id))) }, 'components: Must be 5 or fewer in length.'],
    ['custom_id', { components: [row(button('x'.repeat(101)))] }, 'components[0].components[0].custom_id: Must be 100 or fewer in length.'],
    ['duplicate custom_id', { components: [row(button('a'), button('a'))] }, 'components[0].components[1].custom_id: Component custom id cannot be duplicated'],
    ['label', { components: [row(button('a', 'x'.repeat(81)))] }, 'components[0].components[0].label: Must be 80 or fewer in length.'],
    [
      'link with custom_id',
      { components: [row({ type: 2, style: ButtonStyle.Link, label: 'l', url: 'https://x.org', custom_id: 'a' })] },
      'components[0].components[0].custom_id: A custom id cannot be set for link buttons',
    ],
  ];
  it.each(cases)('refuses %s', (_name, body, expected) => {
    const issues = messageIssues({ content: 'c', ...body }, { isNew: true }).map(describeIssue);
    expect(issues).toEqual([expected]);
  });

  it('accepts a payload at every limit', () => {
    const at = {
      content: 'x'.repeat(2000),
      embeds: [
        {
          title: 'x'.repeat(256),
          description: 'x'.repeat(3000),
          url: 'https://example.org/a',
          footer: { text: 'x'.repeat(100) },
          author: { name: 'x'.repeat(256) },
          fields: Array.from({ length: 25 }, () => ({ name: 'n', value: 'x'.repeat(40) })),
        },
        ...Array.from({ length: 9 }, () => ({ title: 't' })),
      ],
      components: Array.from({ length: 5 }, (_, r) => row(...Array.from({ length: 5 }, (_, b) => button(`${r}:${b}:${'x'.repeat(90)}`, 'x'.repeat(80))))),
    };
    expect(messageIssues(at, { isNew: true }).map(describeIssue)).toEqual([]);
  });

  it('checks autocomplete choices and command definitions', () => {
    expect(
      choiceIssues({
        choices: [
          { name: 'x'.repeat(101), value: 'v' },
          { name: 'n', value: 'x'.repeat(101) },
        ],
      }).map(describeIssue),
    ).toEqual(['choices[0].name: Must be 100 or fewer in length.', 'choices[1].value: Must be 100 or fewer in length.']);
    expect(
      commandIssues([
        {
          name: 'ask',
          description: 'd',
          options: [
            { name: 'a', description: 'd', type: 3 },
            { name: 'b', description: 'd', type: 3, required: true },
          ],
        },
      ]).map(describeIssue),
    ).toEqual(['[0].options[1].required: Required options must be placed before non-required options']);
  });
});

describe('delivering interactions', () => {
  it('types options from the registered definition and nests subcommands', async () => {
    await api('PUT', `/applications/${fake.appId}/commands`, [
      {
        name: 'timeline',
        description: 't',
        options: [
          {
            name: 'range',
            description: 'r',
            type: 1,
            options: [
              { name: 'years', description: 'y', type: 10 },
              { name: 'where', description: 'w', type: 7 },
            ],
          },
        ],
      },
    ]);
    const got = messagesOf(gateway);
    const channel = fake.guilds[0]!.channels[0]!.id;
    const d = fake.sendSlashCommand({ name: 'timeline', subcommand: 'range', options: { years: 5, where: channel } });
    const dispatched = await until(() => got.find((m) => m.t === 'INTERACTION_CREATE' && m.d['id'] === d.id));
    expect(dispatched.d['data']).toMatchObject({
      id: fake.commands()[0]!['id'],
      options: [
        {
          name: 'range',
          type: 1,
          options: [
            { name: 'years', type: 10, value: 5 },
            { name: 'where', type: 7, value: channel },
          ],
        },
      ],
      resolved: { channels: { [channel]: { id: channel } } },
    });
    expect(dispatched.d).toMatchObject({ entitlements: [], authorizing_integration_owners: { 0: fake.guilds[0]!.id }, member: { user: { id: fake.user.id } } });
  });
});

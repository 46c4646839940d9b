import { describe, expect, it } from 'vitest';
import type { APIInteraction } from 'discord-api-types/v10';
import { invocationFromApi } from '../src/app/from-api.ts';
import { responseFromReply } from '../src/app/to-api.ts';

// Payloads shaped like what Discord actually sends (trimmed of fields the translation ignores,
// hence the casts); ids are realistic snowflakes.
const user = { id: '80351110224678912', username: 'nelly', global_name: 'Nelly', discriminator: '0', avatar: null };
const common = {
  application_id: '1234567890123456789',
  token: 'aW50ZXJhY3Rpb246MTI4MzQ1Njc4OTAxMjM0NTY3ODk6c2VjcmV0',
  version: 1,
  locale: 'en-US',
  entitlements: [],
  authorizing_integration_owners: { '0': '613425648685547541' },
  attachment_size_limit: 26214400,
};
const guildPart = {
  guild_id: '613425648685547541',
  channel_id: '697138785317814292',
  channel: { id: '697138785317814292', type: 0, name: 'general' },
  member: { user, roles: ['7'], permissions: '2248473465835073', joined_at: '2021-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
  app_permissions: '562949953601536',
  guild_locale: 'en-US',
  context: 0,
};

function translate(payload: object) {
  return invocationFromApi(payload as unknown as APIInteraction);
}

describe('invocationFromApi', () => {
  it("carries a thread's parent channel (threads follow its rules), but not a channel's category", () => {
    const at = (channel: object) =>
      translate({
        ...common,
        ...guildPart,
        channel_id: '697138785317814300',
        channel,
        id: '1283456789012345670',
        type: 2,
        data: { id: '1', name: 'ask', type: 1, options: [{ name: 'query', type: 3, value: 'putin' }] },
      });
    // A forum post and a thread opened in #news are public threads (11); private threads are 12.
    for (const type of [10, 11, 12]) {
      expect(at({ id: '697138785317814300', type, parent_id: '697138785317814299' })).toMatchObject({ channelId: '697138785317814300', parentChannelId: '697138785317814299' });
    }
    expect(at({ id: '697138785317814300', type: 0, parent_id: '697138785317814111' })).not.toHaveProperty('parentChannelId');
    expect(at({ id: '697138785317814300', type: 11, parent_id: null })).not.toHaveProperty('parentChannelId');
  });

  it('reads a guild command with a subcommand group, a channel option and member permissions', () => {
    const inv = translate({
      ...common,
      ...guildPart,
      id: '1283456789012345678',
      type: 2,
      data: {
        id: '1111111111111111111',
        name: 'config',
        type: 1,
        guild_id: '613425648685547541',
        resolved: { channels: { '697138785317814299': { id: '697138785317814299', name: 'news', type: 0, permissions: '0' } } },
        options: [
          {
            name: 'channels',
            type: 2,
            options: [{ name: 'allow', type: 1, options: [{ name: 'channel', type: 7, value: '697138785317814299' }] }],
          },
        ],
      },
    });
    expect(inv).toEqual({
      kind: 'command',
      id: '1283456789012345678',
      name: 'config',
      subcommand: ['channels', 'allow'],
      options: { channel: '697138785317814299' },
      userId: '80351110224678912',
      guildId: '613425648685547541',
      channelId: '697138785317814292',
      memberPermissions: '2248473465835073',
      appPermissions: '562949953601536',
    });
  });

  it('reads a DM command: user at the top level, no guild, no member permissions', () => {
    const inv = translate({
      ...common,
      id: '1283456789012345679',
      type: 2,
      user,
      channel_id: '1000000000000000001',
      channel: { id: '1000000000000000001', type: 1 },
      app_permissions: '1122573558992465',
      context: 1,
      data: {
        id: '2222222222222222222',
        name: 'ask',
        type: 1,
        options: [
          { name: 'question', type: 3, value: 'What did Lavrov say about New START?' },
          { name: 'limit', type: 4, value: 3 },
          { name: 'public', type: 5, value: false },
        ],
      },
    });
    expect(inv).toEqual({
      kind: 'command',
      id: '1283456789012345679',
      name: 'ask',
      subcommand: [],
      options: { question: 'What did Lavrov say about New START?', limit: 3, public: false },
      userId: '80351110224678912',
      channelId: '1000000000000000001',
      appPermissions: '1122573558992465',
    });
    expect(inv).not.toHaveProperty('guildId');
    expect(inv).not.toHaveProperty('memberPermissions');
  });

  it('reads autocomplete with the focused option under a subcommand', () => {
    const inv = translate({
      ...common,
      ...guildPart,
      id: '1283456789012345680',
      type: 4,
      data: {
        id: '3333333333333333333',
        name: 'sources',
        type: 1,
        options: [
          {
            name: 'search',
            type: 1,
            options: [
              { name: 'outlet', type: 3, value: 'white', focused: true },
              { name: 'year', type: 4, value: 2018 },
            ],
          },
        ],
      },
    });
    expect(inv).toMatchObject({
      kind: 'autocomplete',
      name: 'sources',
      subcommand: ['search'],
      options: { outlet: 'white', year: 2018 },
      focused: { name: 'outlet', value: 'white' },
      userId: '80351110224678912',
    });
  });

  it('gives the focused value as text even when Discord sends a number', () => {
    const inv = translate({
      ...common,
      ...guildPart,
      id: '1283456789012345681',
      type: 4,
      data: { id: '3', name: 'timeline', type: 1, options: [{ name: 'year', type: 4, value: 19, focused: true }] },
    });
    expect(inv?.focused).toEqual({ name: 'year', value: '19' });
  });

  it('reads a button on an ephemeral message, with the original invoker from interaction_metadata', () => {
    const inv = translate({
      ...common,
      ...guildPart,
      member: { ...guildPart.member, user: { ...user, id: '99999999999999999' } },
      id: '1283456789012345682',
      type: 3,
      message: {
        id: '1283456700000000000',
        channel_id: '697138785317814292',
        author: { id: '1234567890123456789', username: 'Attaché', discriminator: '0', avatar: null, bot: true },
        content: '',
        embeds: [],
        flags: 64,
        interaction_metadata: {
          id: '1283456600000000000',
          type: 2,
          user,
          authorizing_integration_owners: { '0': '613425648685547541' },
        },
      },
      data: { custom_id: 'ask:p2:k9xq', component_type: 2 },
    });
    expect(inv).toMatchObject({
      kind: 'button',
      name: 'ask',
      customId: 'ask:p2:k9xq',
      subcommand: [],
      options: {},
      userId: '99999999999999999',
      originalUserId: '80351110224678912',
      messageEphemeral: true,
      guildId: '613425648685547541',
    });
  });

  it('reads a button on a public message as not ephemeral', () => {
    const inv = translate({
      ...common,
      ...guildPart,
      id: '1283456789012345683',
      type: 3,
      message: { id: '1', channel_id: '2', content: 'x', embeds: [], flags: 4, interaction_metadata: { id: '3', type: 2, user } },
      data: { custom_id: 'more', component_type: 2 },
    });
    expect(inv).toMatchObject({ kind: 'button', name: 'more', customId: 'more', messageEphemeral: false, originalUserId: user.id });
  });

  it('names a button by the command its state carries', () => {
    const click = (custom_id: string) => translate({ ...common, ...guildPart, id: '1', type: 3, data: { custom_id, component_type: 2 } });
    expect(click('1|p|t|3|t=sanctions')).toMatchObject({ kind: 'button', name: 'timeline', customId: '1|p|t|3|t=sanctions' });
    expect(click('1|r|c|0')).toMatchObject({ name: 'config' });
  });

  it('reads the message context menu with the selected message text', () => {
    const inv = translate({
      ...common,
      ...guildPart,
      id: '1283456789012345684',
      type: 2,
      data: {
        id: '4444444444444444444',
        name: 'Find sources',
        type: 3,
        target_id: '1283400000000000000',
        resolved: {
          messages: {
            '1283400000000000000': {
              id: '1283400000000000000',
              channel_id: '697138785317814292',
              author: user,
              content: 'Putin and Trump met in Helsinki in July 2018.',
              embeds: [],
              attachments: [],
            },
          },
        },
      },
    });
    expect(inv).toMatchObject({
      kind: 'message-context',
      name: 'Find sources',
      subcommand: [],
      options: {},
      targetText: 'Putin and Trump met in Helsinki in July 2018.',
      userId: '80351110224678912',
    });
  });

  it('returns undefined for what is not ours: PING, user context menu, select menu, no user, junk', () => {
    expect(translate({ ...common, id: '1', type: 1 })).toBeUndefined();
    expect(translate({ ...common, ...guildPart, id: '1', type: 2, data: { id: '1', name: 'Profile', type: 2, target_id: '5', resolved: { users: {} } } })).toBeUndefined();
    expect(translate({ ...common, ...guildPart, id: '1', type: 3, data: { custom_id: 'pick', component_type: 3, values: ['a'] } })).toBeUndefined();
    expect(translate({ ...common, id: '1', type: 2, data: { id: '1', name: 'ask', type: 1 } })).toBeUndefined();
    expect(translate({ ...common, ...guildPart, id: '1', type: 4, data: { id: '1', name: 'ask', type: 1, options: [] } })).toBeUndefined();
    for (const junk of [null, 42, 'x', [], { type: 2 }, { id: 5, type: 2, user: { id: 7 } }]) {
      expect(translate(junk as object)).toBeUndefined();
    }
  });
});

describe('responseFromReply', () => {
  const message = { content: 'Hello @everyone', allowed_mentions: { parse: [] } } as const;

  it('answers a message as type 4, ephemeral with flag 64, mentions always off', () => {
    expect(responseFromReply({ type: 'message', message, ephemeral: true })).toEqual({
      type: 4,
      data: { content: 'Hello @everyone', allowed_mentions: { parse: [] }, flags: 64 },
    });
    expect(responseFromReply({ type: 'message', message, ephemeral: false })).toEqual({
      type: 4,
      data: { content: 'Hello @everyone', allowed_mentions: { parse: [] } },
    });
  });

  it('answers an update as type 7 and autocomplete as type 8 with at most 25 choices', () => {
    expect(responseFromReply({ type: 'update', message })).toEqual({ type: 7, data: { content: 'Hello @everyone', embeds: [], components: [], allowed_mentions: { parse: [] } } });
    const choices = Array.from({ length: 30 }, (_, i) => ({ name: `c${i}`, value: `v${i}` }));
    const response = responseFromReply({ type: 'autocomplete', choices });
    expect(response).toMatchObject({ type: 8 });
    expect(response.type === 8 && response.data.choices).toEqual(choices.slice(0, 25));
  });
});

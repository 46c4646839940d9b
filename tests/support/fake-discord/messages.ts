// The messages the bot created or edited, as Discord stores them and shows them back.
import { InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { APIMessage, MessageType } from 'discord-api-types/v10';
import type { FakeState, Interaction } from './state.ts';
import type { SentMessageBody, StoredMessage } from './types.ts';

export function storeMessage(state: FakeState, input: { channelId: string; body: SentMessageBody; type: MessageType; interaction?: Interaction; loading?: boolean; flags?: number }): StoredMessage {
  const msg: StoredMessage = {
    id: state.snowflake(),
    channel_id: input.channelId,
    author: state.botUser,
    content: input.body.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: input.body.embeds ?? [],
    components: (input.body.components ?? []) as StoredMessage['components'],
    pinned: false,
    type: input.type,
    flags: (input.flags ?? input.body.flags ?? 0) | (input.loading ? MessageFlags.Loading : 0),
    ...(input.interaction
      ? {
          webhook_id: state.appId,
          application_id: state.appId,
          interaction_metadata: {
            id: input.interaction.id,
            type: input.interaction.type === InteractionType.MessageComponent ? InteractionType.MessageComponent : InteractionType.ApplicationCommand,
            user: input.interaction.user,
            authorizing_integration_owners: {},
          } as StoredMessage['interaction_metadata'],
        }
      : {}),
    ...(input.loading ? { loading: true } : {}),
  } as StoredMessage;
  state.messages.set(msg.id, msg);
  return msg;
}

export function editMessage(msg: StoredMessage, body: SentMessageBody): StoredMessage {
  if (body.content !== undefined) msg.content = body.content;
  if (body.embeds !== undefined) msg.embeds = body.embeds;
  if (body.components !== undefined) msg.components = body.components as NonNullable<StoredMessage['components']>;
  // The ephemeral flag never changes on an edit; the loading state ends.
  msg.flags = (msg.flags ?? 0) & ~MessageFlags.Loading;
  delete msg.loading;
  msg.edited_timestamp = new Date().toISOString();
  return msg;
}

/** A stored message without the fake's own bookkeeping, as Discord would return it. */
export function publicMessage(msg: StoredMessage): APIMessage {
  const { loading: _loading, deleted: _deleted, ...rest } = msg;
  return rest;
}

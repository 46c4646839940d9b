// The shared Reply -> what Discord's HTTP API takes: an interaction response (inline answers)
// or a webhook message body (edits and follow-ups after a deferred answer). Pure.
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type {
  APIInteractionResponse,
  APIInteractionResponseCallbackData,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
} from 'discord-api-types/v10';
import type { MessagePayload, Reply } from './interaction.ts';

/** Discord accepts at most 25 autocomplete choices. */
const MAX_CHOICES = 25;

/**
 * The message body shared by every route. `ephemeral` decides flag 64 (undefined keeps the
 * payload's own flags). Mentions are always disabled, whatever the payload says.
 */
export function messageBody(message: MessagePayload, ephemeral?: boolean): APIInteractionResponseCallbackData {
  const body: APIInteractionResponseCallbackData = { allowed_mentions: { parse: [] } };
  if (message.content !== undefined) body.content = message.content;
  if (message.embeds !== undefined) body.embeds = [...message.embeds];
  if (message.components !== undefined) body.components = [...message.components];
  let flags = message.flags ?? 0;
  if (ephemeral !== undefined) flags = ephemeral ? flags | MessageFlags.Ephemeral : flags & ~MessageFlags.Ephemeral;
  if (flags !== 0) body.flags = flags;
  return body;
}

/** An edit of an existing message: the ephemeral flag cannot change on an edit, so it is dropped. */
export function editBody(message: MessagePayload): RESTPatchAPIWebhookWithTokenMessageJSONBody {
  return messageBody(message, false);
}

/**
 * The inline answer to an interaction. A 'followup' answered inline is simply the first
 * message (type 4): an HTTP interaction has not been answered yet when the reply is ready.
 */
export function responseFromReply(reply: Reply): APIInteractionResponse {
  switch (reply.type) {
    case 'message':
    case 'followup':
      return { type: InteractionResponseType.ChannelMessageWithSource, data: messageBody(reply.message, reply.ephemeral) };
    case 'update':
      return { type: InteractionResponseType.UpdateMessage, data: messageBody(reply.message, false) };
    case 'autocomplete':
      return {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices: reply.choices.slice(0, MAX_CHOICES).map((c) => ({ name: c.name, value: c.value })) },
      };
  }
}

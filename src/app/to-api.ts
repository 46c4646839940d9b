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

/**
 * A replacement of an existing message. Discord keeps every field an edit leaves out, so content,
 * embeds and components are always sent (empty when absent): a new page must not keep the old
 * page's excerpts or buttons. The ephemeral flag cannot change on an edit, so it is dropped.
 */
export function replacementBody(message: MessagePayload): APIInteractionResponseCallbackData {
  const body = messageBody(message, false);
  return { ...body, content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [] };
}

export function editBody(message: MessagePayload): RESTPatchAPIWebhookWithTokenMessageJSONBody {
  return replacementBody(message) as RESTPatchAPIWebhookWithTokenMessageJSONBody;
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
      return { type: InteractionResponseType.UpdateMessage, data: replacementBody(reply.message) };
    case 'autocomplete':
      return {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices: reply.choices.slice(0, MAX_CHOICES).map((c) => ({ name: c.name, value: c.value })) },
      };
  }
}

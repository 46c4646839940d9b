// The shared Reply -> what Discord's HTTP API takes: an interaction response (inline answers)
// or a webhook message body (edits and follow-ups after a deferred answer). Pure.
import { InteractionResponseType } from 'discord-api-types/v10';
import type { APIInteractionResponse, RESTPatchAPIWebhookWithTokenMessageJSONBody } from 'discord-api-types/v10';
import type { MessagePayload, Reply } from '../contract/interaction.ts';
import { messageBody, replacementBody } from './replies.ts';

export { messageBody, replacementBody };

/** Discord accepts at most 25 autocomplete choices. */
const MAX_CHOICES = 25;

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

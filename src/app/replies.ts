// The reply rules every door shares, in one place (discord-utils-bot's respond.ts is the model):
// mentions are always off, the ephemeral flag is set as the reply says, an edit replaces the whole
// message, and the unexpected failure has one wording. The gateway and the HTTP endpoint both
// build their bodies here; only the transport differs.
import { MessageFlags } from 'discord-api-types/v10';
import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { MessagePayload, Reply } from '../contract/interaction.ts';

/** What every message carries: nobody is pinged, whatever the text says. */
export const NO_MENTIONS: { readonly parse: readonly [] } = Object.freeze({ parse: [] as const });

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

/** A private plain-text message (no Markdown is interpreted beyond what `content` holds). */
export function privateText(content: string): Reply {
  return { type: 'message', ephemeral: true, message: { content, allowed_mentions: NO_MENTIONS, flags: MessageFlags.Ephemeral } };
}

/** The one wording of an unexpected failure; `ref` is also in the log line that explains it. */
export function failureText(ref: string): string {
  return `Something went wrong (ref ${ref}). The error was logged; please try again.`;
}

/** What a user sees when their interaction failed: private, with the reference to quote. */
export function failureReply(ref: string): Reply {
  return privateText(failureText(ref));
}

/** An interaction of a kind no command of ours handles (a user context menu, a select menu). */
export const UNSUPPORTED_TEXT = "Sorry, I can't handle that kind of interaction.";

/** An interaction that arrived while the process was still loading its index. */
export const STARTING_TEXT = 'Attaché is starting up (loading its index). Please try again in a few seconds.';

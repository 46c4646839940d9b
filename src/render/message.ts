// What a renderer produces and every door sends: a Discord message body. Lives in render/ (its
// producer) so that render depends on nothing above it; contract/interaction.ts re-exports it.
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord-api-types/v10';

/** A message as Discord takes it; `allowed_mentions` is always `{ parse: [] }`. */
export interface MessagePayload {
  readonly content?: string;
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
  readonly allowed_mentions: { readonly parse: readonly [] };
  /** 64 = ephemeral. */
  readonly flags?: number;
}

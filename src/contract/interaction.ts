// The one shape every adapter (gateway, HTTP endpoint, console) translates an interaction into,
// and the one shape of reply they all send back. Dispatch works only on these.

export type OptionValue = string | number | boolean;

export interface Invocation {
  readonly kind: 'command' | 'autocomplete' | 'button' | 'message-context';
  /** Interaction id (for error reference ids and logs). */
  readonly id: string;
  /** Command name (`ask`, `config`, `Find sources`); for buttons, the name encoded in the custom id. */
  readonly name: string;
  /** `config channels allow` -> ['channels', 'allow']. Empty for commands without subcommands. */
  readonly subcommand: readonly string[];
  /** Option values by name; channel options carry the channel id. */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** For autocomplete: the option being typed. */
  readonly focused?: { readonly name: string; readonly value: string };
  /** For buttons: the full custom id. */
  readonly customId?: string;
  /** For the message context menu: the selected message's text. */
  readonly targetText?: string;
  readonly userId: string;
  /** Absent in DMs. */
  readonly guildId?: string;
  readonly channelId?: string;
  /** For a thread or forum post: the channel it belongs to, whose rules it follows. */
  readonly parentChannelId?: string;
  /** The member's permissions in this channel as Discord computed them (a bitfield as a decimal string). */
  readonly memberPermissions?: string;
  /** The bot's own permissions in this channel (`app_permissions`). */
  readonly appPermissions?: string;
  /** For buttons: the user who invoked the original command (from the message's interaction metadata). */
  readonly originalUserId?: string;
  /** For buttons: whether the message that holds the button is ephemeral. */
  readonly messageEphemeral?: boolean;
}

// The renderer's output; kept here too so adapters and commands find the whole contract in one place.
export type { MessagePayload } from '../render/message.ts';
import type { MessagePayload } from '../render/message.ts';

export interface Choice {
  readonly name: string;
  readonly value: string;
}

export type Reply =
  /** A new message answering the interaction (type 4). */
  | { readonly type: 'message'; readonly message: MessagePayload; readonly ephemeral: boolean }
  /** Replace the message that holds the clicked button (type 7). */
  | { readonly type: 'update'; readonly message: MessagePayload }
  /** Autocomplete choices (type 8), at most 25. */
  | { readonly type: 'autocomplete'; readonly choices: readonly Choice[] }
  /** A follow-up message after the interaction was answered (used by "Post to channel"). */
  | { readonly type: 'followup'; readonly message: MessagePayload; readonly ephemeral: boolean };

// The /config reset confirmation: Reset and Cancel buttons under the prompt, and their clicks.
import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import type { ButtonOutcome, CommandContext } from '../../src/contract/command.ts';
import { errorAnswer, type Answer } from '../../src/core/answer.ts';
import { encodeButton, type ButtonState } from '../../src/render/custom-id.ts';
import { NAME } from './definition.ts';
import { change, scopeOf } from './scope.ts';
import { DEFAULTS_TEXT, info, MESSAGES } from './wording.ts';

export const CONFIRM_RESET = 'confirm-reset';
export const CANCEL_RESET = 'cancel-reset';

function buttonId(action: string): string {
  const id = encodeButton({ action, command: NAME, page: 0, args: {} });
  // Short constant ids: this can only fail if the codec itself changes.
  if (id === undefined) throw new Error(`cannot encode the /config ${action} button`);
  return id;
}

/** Confirm and Cancel under the reset prompt; nothing under any other /config answer. */
export function buttons(answer: Answer, ctx: CommandContext): APIButtonComponent[] {
  if (answer.error === true || (ctx.invocation?.subcommand ?? []).join(' ') !== 'reset') return [];
  return [
    { type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: buttonId(CONFIRM_RESET), label: 'Reset to defaults' },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonId(CANCEL_RESET), label: 'Cancel' },
  ];
}

const privateMessage = (answer: Answer): ButtonOutcome => ({ answer, replace: false });
/** The prompt replaced by the outcome, without its buttons. */
const replacePrompt = (answer: Answer): ButtonOutcome => ({ answer, replace: true });

export async function button(state: ButtonState, ctx: CommandContext): Promise<ButtonOutcome> {
  // The click is a new request: who clicks and where is checked again, as for the command.
  const scope = scopeOf(ctx);
  if (!('guildId' in scope)) return privateMessage(scope);
  const inv = ctx.invocation;
  if (inv?.originalUserId !== undefined && inv.originalUserId !== inv.userId) return privateMessage(errorAnswer(NAME, MESSAGES.notYours));
  if (state.action === CANCEL_RESET) return replacePrompt(info('Reset cancelled', 'Nothing was changed.'));
  if (state.action !== CONFIRM_RESET) return privateMessage(errorAnswer(NAME, MESSAGES.staleButton));
  const outcome = await change(scope, { kind: 'reset' }, () => info('Settings reset', `Every setting of this server is back to its default: ${DEFAULTS_TEXT}.`));
  return outcome.error === true ? privateMessage(outcome) : replacePrompt(outcome);
}

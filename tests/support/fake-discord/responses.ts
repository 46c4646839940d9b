// How the fake answers the bot's responses to interactions: the callback (reply, defer, update,
// autocomplete choices) within the deadline, then edits and follow-ups through the interaction
// webhook, with Discord's rules for each (one acknowledgement, limits, what a follow-up edits).
import type http from 'node:http';
import { ApplicationCommandType, InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord-api-types/v10';
import { allowedMentionsViolation, choiceIssues, messageIssues } from '../discord-limits.ts';
import type { LimitIssue } from '../discord-limits.ts';
import { invalidForm, NOT_FOUND, send } from './http.ts';
import { editMessage, publicMessage, storeMessage } from './messages.ts';
import type { FakeState, Interaction } from './state.ts';
import type { CallbackRecord, SentMessageBody, StoredMessage, WebhookRecord } from './types.ts';

export function callback(state: FakeState, res: http.ServerResponse, id: string, itoken: string, body: unknown, u: URL): undefined {
  const { interactions, deadlineMs, messages, record } = state;
  const b = (typeof body === 'object' && body !== null ? body : {}) as { type?: unknown; data?: unknown };
  const type = (typeof b.type === 'number' ? b.type : -1) as InteractionResponseType;
  const data = (typeof b.data === 'object' && b.data !== null ? b.data : {}) as SentMessageBody;
  const it = interactions.get(id);
  const base = { kind: 'callback' as const, interactionId: id, type, data };
  if (!it || it.token !== itoken) {
    record<CallbackRecord>({ ...base, status: 404, issues: [], violations: ['callback for an unknown interaction'] });
    return send(res, 404, { message: 'Unknown interaction', code: 10062 });
  }
  if (it.acked !== undefined) {
    record<CallbackRecord>({ ...base, status: 400, issues: [], violations: ['interaction already acknowledged'] });
    return send(res, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
  }
  const late = Date.now() - it.deliveredAt;
  if (late > deadlineMs) {
    record<CallbackRecord>({ ...base, status: 404, issues: [], violations: [`callback ${late} ms after delivery (deadline ${deadlineMs} ms)`] });
    return send(res, 404, { message: 'Unknown interaction', code: 10062 });
  }
  const allowed: Record<number, readonly InteractionResponseType[]> = {
    [InteractionType.ApplicationCommand]: [InteractionResponseType.ChannelMessageWithSource, InteractionResponseType.DeferredChannelMessageWithSource, InteractionResponseType.Modal],
    [InteractionType.MessageComponent]: [
      InteractionResponseType.ChannelMessageWithSource,
      InteractionResponseType.DeferredChannelMessageWithSource,
      InteractionResponseType.DeferredMessageUpdate,
      InteractionResponseType.UpdateMessage,
      InteractionResponseType.Modal,
    ],
    [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  };
  if (!(allowed[it.type] ?? []).includes(type)) {
    const issues: LimitIssue[] = [{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Response type ${type} is not valid for interaction type ${it.type}` }];
    record<CallbackRecord>({ ...base, status: 400, issues, violations: [] });
    return invalidForm(res, issues);
  }
  let issues: LimitIssue[] = [];
  const v: string[] = [];
  if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage) {
    issues = messageIssues(data, { isNew: type === InteractionResponseType.ChannelMessageWithSource }, ['data']);
    const am = allowedMentionsViolation(data);
    if (am) v.push(am);
  } else if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
    issues = choiceIssues(data, ['data']);
  }
  const status = issues.length ? 400 : u.searchParams.get('with_response') === 'true' ? 200 : 204;
  record<CallbackRecord>({ ...base, status, issues, violations: v });
  if (issues.length) return invalidForm(res, issues);
  it.acked = type;

  let msg: StoredMessage | undefined;
  const componentMessageId = typeof it.raw['message'] === 'object' && it.raw['message'] !== null ? String((it.raw['message'] as { id: unknown }).id) : undefined;
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource:
      msg = storeMessage(state, { channelId: it.channelId, body: data, type: messageTypeFor(it), interaction: it });
      it.originalId = msg.id;
      break;
    case InteractionResponseType.DeferredChannelMessageWithSource:
      msg = storeMessage(state, { channelId: it.channelId, body: {}, type: messageTypeFor(it), interaction: it, loading: true, flags: data.flags ?? 0 });
      it.originalId = msg.id;
      break;
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage:
      if (componentMessageId !== undefined) {
        it.originalId = componentMessageId;
        const existing = messages.get(componentMessageId);
        if (existing && type === InteractionResponseType.UpdateMessage) msg = editMessage(existing, data);
      }
      break;
  }
  if (status === 204) return send(res, 204);
  send(res, 200, {
    interaction: {
      id: it.id,
      type: it.type,
      response_message_id: msg?.id,
      response_message_loading: msg?.loading ?? false,
      response_message_ephemeral: ((msg?.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
    },
    ...(msg ? { resource: { type, message: publicMessage(msg) } } : { resource: { type } }),
  });
}

function messageTypeFor(it: Interaction): MessageType {
  if (it.type !== InteractionType.ApplicationCommand) return MessageType.Default;
  const data = it.raw['data'] as { type?: unknown };
  return data.type === ApplicationCommandType.ChatInput ? MessageType.ChatInputCommand : MessageType.ContextMenuCommand;
}

export function webhook(state: FakeState, res: http.ServerResponse, method: string, app: string, wtoken: string, messageId: string | undefined, body: unknown): undefined {
  const { appId, byToken, messages, record } = state;
  const it = byToken.get(wtoken);
  const b = (body ?? {}) as SentMessageBody;
  const base = { kind: 'webhook' as const, method: method as WebhookRecord['method'], ...(it ? { interactionId: it.id } : {}), ...(messageId !== undefined ? { messageId } : {}), body: b };
  if (app !== appId || !it) {
    record<WebhookRecord>({ ...base, status: 404, issues: [], violations: ['unknown webhook'] });
    return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
  }
  if (it.acked === undefined || it.acked === InteractionResponseType.ApplicationCommandAutocompleteResult) {
    record<WebhookRecord>({ ...base, status: 404, issues: [], violations: ['webhook used before the interaction was acknowledged'] });
    return send(res, 404, { message: 'Unknown Webhook', code: 10015 });
  }
  if (method === 'POST' && messageId === undefined) {
    const issues = messageIssues(body, { isNew: true });
    const am = allowedMentionsViolation(body);
    const original = it.originalId ? messages.get(it.originalId) : undefined;
    // Discord: the first follow-up after a deferral edits the loading message and keeps its
    // ephemerality, whatever flags the follow-up asks for.
    const editsOriginal = original?.loading === true && !original.deleted;
    record<WebhookRecord>({ ...base, status: issues.length ? 400 : 200, issues, violations: am ? [am] : [], editedOriginal: editsOriginal });
    if (issues.length) return invalidForm(res, issues);
    const msg = editsOriginal && original ? editMessage(original, b) : storeMessage(state, { channelId: it.channelId, body: b, type: MessageType.Default, interaction: it });
    return send(res, 200, publicMessage(msg));
  }
  if (messageId === undefined) {
    record<WebhookRecord>({ ...base, status: 404, issues: [], violations: [`unrouted webhook ${method}`] });
    return send(res, 404, NOT_FOUND);
  }
  const id = messageId === '@original' ? it.originalId : messageId;
  const msg = id !== undefined ? messages.get(id) : undefined;
  if (!msg || msg.deleted) {
    record<WebhookRecord>({ ...base, status: 404, issues: [], violations: [] });
    return send(res, 404, { message: 'Unknown Message', code: 10008 });
  }
  switch (method) {
    case 'GET':
      record<WebhookRecord>({ ...base, status: 200, issues: [], violations: [] });
      return send(res, 200, publicMessage(msg));
    case 'DELETE':
      record<WebhookRecord>({ ...base, status: 204, issues: [], violations: [] });
      msg.deleted = true;
      return send(res, 204);
    case 'PATCH': {
      const issues = messageIssues(body, { isNew: false });
      const am = allowedMentionsViolation(body);
      record<WebhookRecord>({ ...base, status: issues.length ? 400 : 200, issues, violations: am ? [am] : [] });
      if (issues.length) return invalidForm(res, issues);
      return send(res, 200, publicMessage(editMessage(msg, b)));
    }
  }
  record<WebhookRecord>({ ...base, status: 405, issues: [], violations: [] });
  send(res, 405, { message: '405: Method Not Allowed', code: 0 });
}

// What Discord checks on the messages, autocomplete choices and command definitions a bot sends,
// written out by hand because no library validates payloads the way Discord's API does.
// The fake Discord answers 400 with these issues; renderer tests can call the checks directly.
//
// Lengths are UTF-16 code units: Discord's own measure is not documented consistently, and this
// one is never smaller than code points or graphemes, so a payload that passes here passes there.
import { ApplicationCommandOptionType, ApplicationCommandType, ButtonStyle, ComponentType } from 'discord-api-types/v10';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  actionRows: 5,
  componentsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  buttonUrl: 512,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
} as const;

/** One problem, shaped like an entry of Discord's "Invalid Form Body" error tree. */
export interface LimitIssue {
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
}

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const len = (v: unknown): number => (typeof v === 'string' ? v.length : 0);

function maxLen(issues: LimitIssue[], path: (string | number)[], value: unknown, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    issues.push({ path, code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' });
  } else if (value.length > max) {
    issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

function required(issues: LimitIssue[], path: (string | number)[], value: unknown): boolean {
  if (typeof value === 'string' && value.length > 0) return true;
  issues.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  return false;
}

function maxItems(issues: LimitIssue[], path: (string | number)[], value: unknown[], max: number): void {
  if (value.length > max) issues.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
}

function httpUrl(issues: LimitIssue[], path: (string | number)[], value: unknown, schemes = ['http:', 'https:']): void {
  if (value === undefined) return;
  let ok = false;
  try {
    ok = typeof value === 'string' && schemes.includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok) issues.push({ path, code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
}

export interface MessageCheckOptions {
  /** A new message needs content or an embed; an edit may change only some fields. */
  readonly isNew: boolean;
}

/** Every reason Discord would refuse this message body (interaction data, webhook or channel message). */
export function messageIssues(body: unknown, opts: MessageCheckOptions, prefix: (string | number)[] = []): LimitIssue[] {
  const issues: LimitIssue[] = [];
  if (!isRecord(body)) return [{ path: prefix, code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }];
  maxLen(issues, [...prefix, 'content'], body['content'], LIMITS.content);

  const embeds = body['embeds'];
  let embedCount = 0;
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) {
      issues.push({ path: [...prefix, 'embeds'], code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' });
    } else {
      embedCount = embeds.length;
      maxItems(issues, [...prefix, 'embeds'], embeds, LIMITS.embeds);
      let total = 0;
      embeds.forEach((embed, i) => {
        const at = [...prefix, 'embeds', i];
        if (!isRecord(embed)) return;
        maxLen(issues, [...at, 'title'], embed['title'], LIMITS.embedTitle);
        maxLen(issues, [...at, 'description'], embed['description'], LIMITS.embedDescription);
        httpUrl(issues, [...at, 'url'], embed['url']);
        total += len(embed['title']) + len(embed['description']);
        const footer = embed['footer'];
        if (isRecord(footer)) {
          maxLen(issues, [...at, 'footer', 'text'], footer['text'], LIMITS.footerText);
          total += len(footer['text']);
        }
        const author = embed['author'];
        if (isRecord(author)) {
          maxLen(issues, [...at, 'author', 'name'], author['name'], LIMITS.authorName);
          httpUrl(issues, [...at, 'author', 'url'], author['url']);
          total += len(author['name']);
        }
        const fields = embed['fields'];
        if (Array.isArray(fields)) {
          maxItems(issues, [...at, 'fields'], fields, LIMITS.embedFields);
          fields.forEach((field, j) => {
            if (!isRecord(field)) return;
            const fat = [...at, 'fields', j];
            if (required(issues, [...fat, 'name'], field['name'])) maxLen(issues, [...fat, 'name'], field['name'], LIMITS.fieldName);
            if (required(issues, [...fat, 'value'], field['value'])) maxLen(issues, [...fat, 'value'], field['value'], LIMITS.fieldValue);
            total += len(field['name']) + len(field['value']);
          });
        }
      });
      if (total > LIMITS.embedTotal) {
        issues.push({ path: [...prefix, 'embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}` });
      }
    }
  }

  const components = body['components'];
  if (components !== undefined && components !== null) {
    if (!Array.isArray(components)) {
      issues.push({ path: [...prefix, 'components'], code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' });
    } else {
      issues.push(...componentIssues(components, [...prefix, 'components']));
    }
  }

  if (opts.isNew && len(body['content']) === 0 && embedCount === 0) {
    issues.push({ path: prefix, code: 'EMPTY_MESSAGE', message: 'Cannot send an empty message' });
  }
  return issues;
}

function componentIssues(rows: unknown[], prefix: (string | number)[]): LimitIssue[] {
  const issues: LimitIssue[] = [];
  maxItems(issues, prefix, rows, LIMITS.actionRows);
  const customIds = new Set<string>();
  rows.forEach((row, i) => {
    const at = [...prefix, i];
    if (!isRecord(row) || row['type'] !== ComponentType.ActionRow || !Array.isArray(row['components'])) {
      issues.push({ path: at, code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).' });
      return;
    }
    const children = row['components'];
    if (children.length === 0) issues.push({ path: [...at, 'components'], code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.' });
    maxItems(issues, [...at, 'components'], children, LIMITS.componentsPerRow);
    children.forEach((child, j) => {
      const cat = [...at, 'components', j];
      if (!isRecord(child)) return;
      if (child['type'] === ComponentType.Button) {
        maxLen(issues, [...cat, 'label'], child['label'], LIMITS.buttonLabel);
        if (child['label'] === undefined && child['emoji'] === undefined) {
          issues.push({ path: cat, code: 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', message: 'A label or emoji is required' });
        }
        if (child['style'] === ButtonStyle.Link) {
          if (child['custom_id'] !== undefined) issues.push({ path: [...cat, 'custom_id'], code: 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', message: 'A custom id cannot be set for link buttons' });
          maxLen(issues, [...cat, 'url'], child['url'], LIMITS.buttonUrl);
          httpUrl(issues, [...cat, 'url'], child['url'], ['http:', 'https:', 'discord:']);
          return;
        }
        if (child['url'] !== undefined) issues.push({ path: [...cat, 'url'], code: 'BUTTON_COMPONENT_URL_NOT_ALLOWED', message: 'A url cannot be set for non-link buttons' });
      }
      if (child['type'] === ComponentType.Button && child['style'] === ButtonStyle.Premium) return;
      const customId = child['custom_id'];
      if (required(issues, [...cat, 'custom_id'], customId) && typeof customId === 'string') {
        maxLen(issues, [...cat, 'custom_id'], customId, LIMITS.customId);
        if (customIds.has(customId)) issues.push({ path: [...cat, 'custom_id'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' });
        customIds.add(customId);
      }
    });
  });
  return issues;
}

/** Autocomplete result (callback type 8): at most 25 choices, names and string values 1..100. */
export function choiceIssues(data: unknown, prefix: (string | number)[] = []): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const choices = isRecord(data) ? data['choices'] : undefined;
  if (!Array.isArray(choices)) return [{ path: [...prefix, 'choices'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  maxItems(issues, [...prefix, 'choices'], choices, LIMITS.choices);
  choices.forEach((choice, i) => {
    const at = [...prefix, 'choices', i];
    if (!isRecord(choice)) return;
    if (required(issues, [...at, 'name'], choice['name'])) maxLen(issues, [...at, 'name'], choice['name'], LIMITS.choiceName);
    const value = choice['value'];
    if (typeof value === 'string') maxLen(issues, [...at, 'value'], value, LIMITS.choiceValue);
    else if (typeof value !== 'number') issues.push({ path: [...at, 'value'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  });
  return issues;
}

/** `allowed_mentions` must be exactly `{ parse: [] }` (no users/roles lists): a project rule, not Discord's. */
export function allowedMentionsViolation(body: unknown): string | undefined {
  const am = isRecord(body) ? body['allowed_mentions'] : undefined;
  if (am === undefined) return 'allowed_mentions missing';
  const ok =
    isRecord(am) &&
    Array.isArray(am['parse']) &&
    am['parse'].length === 0 &&
    Object.keys(am).every((k) => k === 'parse' || ((k === 'users' || k === 'roles') && Array.isArray(am[k]) && (am[k] as unknown[]).length === 0) || (k === 'replied_user' && am[k] === false));
  return ok ? undefined : `allowed_mentions is ${JSON.stringify(am)}, not {"parse":[]}`;
}

// Names of chat-input commands and options: lowercase letters, digits, '-', '_' (Discord also
// allows other scripts; these are the ones we use).
const CHAT_NAME = /^[-_'\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** A `PUT .../commands` body, checked as Discord does on registration. */
export function commandIssues(body: unknown): LimitIssue[] {
  const issues: LimitIssue[] = [];
  if (!Array.isArray(body)) return [{ path: [], code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }];
  const seen = new Set<string>();
  body.forEach((cmd, i) => {
    if (!isRecord(cmd)) return;
    const type = cmd['type'] ?? ApplicationCommandType.ChatInput;
    const name = cmd['name'];
    const key = `${String(type)}:${String(name)}`;
    if (seen.has(key)) issues.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
    seen.add(key);
    if (type === ApplicationCommandType.ChatInput) {
      if (typeof name !== 'string' || !CHAT_NAME.test(name)) issues.push({ path: [i, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
      if (required(issues, [i, 'description'], cmd['description'])) maxLen(issues, [i, 'description'], cmd['description'], LIMITS.commandDescription);
      issues.push(...optionIssues(cmd['options'], [i, 'options'], 0));
    } else {
      if (required(issues, [i, 'name'], name)) maxLen(issues, [i, 'name'], name, LIMITS.commandName);
      if (cmd['description'] !== undefined && cmd['description'] !== '') {
        issues.push({ path: [i, 'description'], code: 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', message: 'Context menu commands cannot have a description' });
      }
    }
  });
  return issues;
}

function optionIssues(options: unknown, prefix: (string | number)[], depth: number): LimitIssue[] {
  if (options === undefined) return [];
  if (!Array.isArray(options)) return [{ path: prefix, code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }];
  const issues: LimitIssue[] = [];
  maxItems(issues, prefix, options, LIMITS.commandOptions);
  let sawOptional = false;
  options.forEach((opt, i) => {
    if (!isRecord(opt)) return;
    const at = [...prefix, i];
    const name = opt['name'];
    if (typeof name !== 'string' || !CHAT_NAME.test(name)) issues.push({ path: [...at, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Option name is invalid' });
    if (required(issues, [...at, 'description'], opt['description'])) maxLen(issues, [...at, 'description'], opt['description'], LIMITS.commandDescription);
    const type = opt['type'];
    if (type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup) {
      if (depth >= 2 || (type === ApplicationCommandOptionType.SubcommandGroup && depth >= 1)) {
        issues.push({ path: [...at, 'type'], code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Subcommands nest at most one group deep' });
      }
      issues.push(...optionIssues(opt['options'], [...at, 'options'], depth + 1));
      return;
    }
    if (opt['required'] === true && sawOptional) {
      issues.push({ path: [...at, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    }
    if (opt['required'] !== true) sawOptional = true;
    const choices = opt['choices'];
    if (choices !== undefined) {
      if (opt['autocomplete'] === true) issues.push({ path: [...at, 'autocomplete'], code: 'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES', message: 'Autocomplete cannot be set with choices' });
      issues.push(...choiceIssues({ choices }, at));
    }
  });
  return issues;
}

/** Issues as Discord's nested error object (`{ data: { content: { _errors: [...] } } }`). */
export function formBodyErrors(issues: readonly LimitIssue[]): Json {
  const root: Json = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path) {
      const k = String(key);
      if (!isRecord(node[k])) node[k] = {};
      node = node[k] as Json;
    }
    const list = Array.isArray(node['_errors']) ? (node['_errors'] as unknown[]) : [];
    list.push({ code: issue.code, message: issue.message });
    node['_errors'] = list;
  }
  return root;
}

/** "data.embeds[0].description: Must be 4096 or fewer in length." for assertions and logs. */
export function describeIssue(issue: LimitIssue): string {
  const path = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return `${path || '(body)'}: ${issue.message}`;
}

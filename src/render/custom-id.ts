// Button state carried in a component's custom_id, so any process can answer a click, even after
// a restart. Discord allows 100 characters; the format is versioned and compact:
//
//   1|<action>|<command>|<page, base 36>|<key>=<value>|<key>=<value>…
//
// Well-known actions, commands and option names travel as one-letter codes; any other name
// travels literally behind a "." (so a literal can never be mistaken for a code). Separators are
// escaped with "~" ("~0" = "~", "~1" = "|", "~2" = "="); every other character, Cyrillic and emoji
// included, goes as it is. Written by hand because no library targets a 100-character budget.
import { DISCORD, measure } from './limits.ts';

export type ButtonAction = 'page' | 'post' | 'confirm-reset' | 'noop' | (string & {});

export interface ButtonState {
  readonly action: ButtonAction;
  /** The command whose answer the button rebuilds (`ask`, `timeline`, ...). */
  readonly command: string;
  /** 0-based page the button asks for. */
  readonly page: number;
  /** The command's option values. */
  readonly args: Readonly<Record<string, string>>;
}

const VERSION = '1';

// Adding a code is backwards compatible; changing or removing one is not (bump VERSION then).
const ACTIONS: Readonly<Record<string, string>> = { page: 'p', post: 's', 'confirm-reset': 'r', noop: 'n' };
const COMMANDS: Readonly<Record<string, string>> = {
  ask: 'a',
  timeline: 't',
  quote: 'q',
  sources: 's',
  help: 'h',
  about: 'b',
  config: 'c',
  'Find sources': 'f',
};
const KEYS: Readonly<Record<string, string>> = {
  query: 'q',
  topic: 't',
  from: 'f',
  to: 'o',
  source: 's',
  speaker: 'p',
  outlet: 'u',
  limit: 'l',
  sort: 'r',
  order: 'd',
  text: 'x',
  article: 'a',
  passage: 'g',
  lang: 'n',
  user: 'w',
  index: 'i',
};

const invert = (table: Readonly<Record<string, string>>): ReadonlyMap<string, string> => new Map(Object.entries(table).map(([name, code]) => [code, name]));
const ACTION_NAMES = invert(ACTIONS);
const COMMAND_NAMES = invert(COMMANDS);
const KEY_NAMES = invert(KEYS);

// A lone surrogate would not survive JSON on the way to Discord and back.
const LONE_SURROGATE = /\p{Cs}/u;

function escapeToken(text: string): string {
  return text.replace(/[~|=]/g, (c) => (c === '~' ? '~0' : c === '|' ? '~1' : '~2'));
}

function unescapeToken(text: string): string | undefined {
  if (/~(?![012])/.test(text)) return undefined;
  return text.replace(/~([012])/g, (_, d: string) => (d === '0' ? '~' : d === '1' ? '|' : '='));
}

function encodeName(name: string, table: Readonly<Record<string, string>>): string {
  const code = Object.hasOwn(table, name) ? table[name] : undefined;
  return code ?? `.${escapeToken(name)}`;
}

function decodeName(token: string, names: ReadonlyMap<string, string>): string | undefined {
  if (token.startsWith('.')) return unescapeToken(token.slice(1));
  return names.get(token);
}

/** The custom_id for `state`, or undefined when it cannot be carried whole in 100 characters. */
export function encodeButton(state: ButtonState): string | undefined {
  if (!Number.isSafeInteger(state.page) || state.page < 0) return undefined;
  const texts = [state.action, state.command, ...Object.entries(state.args).flat()];
  if (texts.some((t) => LONE_SURROGATE.test(t))) return undefined;
  const parts = [
    VERSION,
    encodeName(state.action, ACTIONS),
    encodeName(state.command, COMMANDS),
    state.page.toString(36),
    ...Object.entries(state.args).map(([key, value]) => `${encodeName(key, KEYS)}=${escapeToken(value)}`),
  ];
  const id = parts.join('|');
  return measure(id) <= DISCORD.customId ? id : undefined;
}

export type DecodedButton = { readonly ok: true; readonly state: ButtonState } | { readonly ok: false; readonly message: string };

/** The state a custom_id carries, or what is wrong with it (an old version, a foreign id). */
export function decodeButton(customId: string): DecodedButton {
  const parts = customId.split('|');
  const [version, actionToken, commandToken, pageToken, ...argTokens] = parts;
  if (version !== VERSION) return { ok: false, message: `unknown button format "${version ?? ''}"` };
  if (actionToken === undefined || commandToken === undefined || pageToken === undefined) {
    return { ok: false, message: 'button id is incomplete' };
  }
  const action = decodeName(actionToken, ACTION_NAMES);
  if (action === undefined) return { ok: false, message: `unknown button action "${actionToken}"` };
  const command = decodeName(commandToken, COMMAND_NAMES);
  if (command === undefined) return { ok: false, message: `unknown command "${commandToken}"` };
  if (!/^[0-9a-z]+$/.test(pageToken)) return { ok: false, message: `bad page "${pageToken}"` };
  const page = Number.parseInt(pageToken, 36);
  if (!Number.isSafeInteger(page) || page.toString(36) !== pageToken) return { ok: false, message: `bad page "${pageToken}"` };
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const token of argTokens) {
    const eq = token.indexOf('=');
    if (eq < 0) return { ok: false, message: 'button option without a value' };
    const key = decodeName(token.slice(0, eq), KEY_NAMES);
    const value = unescapeToken(token.slice(eq + 1));
    if (key === undefined || value === undefined) return { ok: false, message: `bad button option "${token}"` };
    if (seen.has(key)) return { ok: false, message: `option "${key}" given twice` };
    seen.add(key);
    entries.push([key, value]);
  }
  // fromEntries defines own properties, so even a key named "__proto__" round-trips.
  return { ok: true, state: { action, command, page, args: Object.fromEntries(entries) } };
}

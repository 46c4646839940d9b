// An Answer as a Discord message: an embed per result, link and paging buttons, and every one of
// Discord's limits (src/render/limits.ts) kept by construction rather than checked afterwards.
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIEmbedField,
} from 'discord-api-types/v10';
import type { Answer, AnswerItem, Highlight } from '../core/answer.ts';
import type { Citation } from '../core/types.ts';
import type { MessagePayload } from '../app/interaction.ts';
import { encodeButton } from './custom-id.ts';
import type { ButtonState } from './custom-id.ts';
import {
  DISCORD,
  ELLIPSIS,
  firstSpaceIn,
  graphemeBoundaryAfter,
  graphemeBoundaryBefore,
  lastSpaceIn,
  measure,
  safeUrl,
  truncate,
} from './limits.ts';

export interface RenderOptions {
  readonly ephemeral: boolean;
  /** The state that rebuilds this answer; without it there are no paging or "Post to channel" buttons. */
  readonly state?: ButtonState;
  /** At most this many result embeds (1–10, default 10). */
  readonly maxEmbeds?: number;
}

const EPHEMERAL = 64;
const ZWSP = '\u200b';

// Our own caps, below Discord's, so that metadata never crowds out the excerpt itself.
const CAP = { footer: 300, dateValue: 100, speakerValue: 200, alsoIn: 600, label: 40 } as const;
/** Below this many characters an excerpt says too little: show fewer results rather than shorter ones. */
const MIN_EXCERPT = 350;

/** The plural noun for what a command pages through ("27 events"). */
export function itemNoun(command: string, count: number): string {
  const noun = command === 'timeline' ? 'event' : command === 'quote' ? 'quote' : 'result';
  return count === 1 ? noun : `${noun}s`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "2025-02-13" or "2025-02-13T10:00:00-05:00" -> "13 Feb 2025"; "2017-12" -> "Dec 2017". The date
 * part is used as the source wrote it (no time-zone shift); anything else is returned unchanged.
 */
export function formatDate(iso: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|T)/.exec(iso);
  if (m === null) return iso;
  const [, year, month, day] = m;
  const name = month === undefined ? undefined : MONTHS[Number(month) - 1];
  if (month !== undefined && name === undefined) return iso;
  if (name === undefined) return year ?? iso;
  return day === undefined ? `${name} ${year}` : `${Number(day)} ${name} ${year}`;
}

// ---------------------------------------------------------------------------------------------
// Markdown escaping. Written by hand (discord.js's escapeMarkdown works on whole strings with
// patterns) because we escape character by character: the result must stay correct when the text
// is cut into highlighted and plain pieces and when it is cut short.

// Channel mentions and timestamps ping no one; policy notices ("It answers in <#1>", "again
// <t:1700000000:R>") need Discord to render them.
const HARMLESS_TAG = /^<(#\d{1,20}|t:-?\d{1,15}(:[tTdDfFR])?)>/;
const ALWAYS = new Set(['\\', '*', '_', '~', '`', '|', '[', ']']);
const AT_LINE_START = new Set(['>', '#', '-', '+']);

function atLineStart(text: string, i: number, windowStart: number): boolean {
  for (let j = i - 1; j >= windowStart; j--) {
    const c = text[j];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

/** Escapes text[from, to) (context read from text[windowStart..]) so Discord shows it literally and pings no one. */
function escapeRange(text: string, from: number, to: number, windowStart: number): string {
  let out = '';
  // Runs of characters that never need escaping are copied whole (most of any excerpt).
  let run = from;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128 || MAYBE_SPECIAL[code] === 0) continue;
    out += text.slice(run, i);
    run = i + 1;
    const c = text[i] as string;
    if (ALWAYS.has(c)) out += `\\${c}`;
    else if (AT_LINE_START.has(c) && atLineStart(text, i, windowStart)) out += `\\${c}`;
    else if (c === '.' && /\d/.test(text[i - 1] ?? '') && numberedListMarker(text, i, windowStart)) out += '\\.';
    else if (c === '@' && /^(everyone|here)/i.test(text.slice(i + 1, i + 9))) out += `@${ZWSP}`;
    else if (c === '<' && /^(@|#|:|\/|a:|t:)/.test(text.slice(i + 1, i + 3)) && !HARMLESS_TAG.test(text.slice(i, i + 40))) out += `<${ZWSP}`;
    else out += c;
  }
  return out + text.slice(run, to);
}

/** ASCII characters that escapeRange may have to escape (every other character is copied as is). */
const MAYBE_SPECIAL = (() => {
  const t = new Uint8Array(128);
  for (const c of [...ALWAYS, ...AT_LINE_START, '.', '@', '<']) t[c.charCodeAt(0)] = 1;
  return t;
})();

function numberedListMarker(text: string, dot: number, windowStart: number): boolean {
  let j = dot - 1;
  while (j >= windowStart && /\d/.test(text[j] ?? '')) j--;
  return atLineStart(text, j + 1, windowStart) && /\s/.test(text[dot + 1] ?? ' ');
}

/** `text` escaped for Discord markdown, mentions neutralised. */
export function escapeMarkdown(text: string): string {
  return escapeRange(text, 0, text.length, 0);
}

// ---------------------------------------------------------------------------------------------
// Excerpts: highlights in bold, shortened around the first highlight when too long.

/**
 * Whether `at` is certainly a grapheme boundary without asking Intl.Segmenter (slow: it segments
 * from the start): between two characters below U+0300 or general punctuation (U+2010–U+205F).
 * No character in those ranges joins a grapheme with its neighbour (combining marks, joiners,
 * regional indicators, emoji modifiers all lie elsewhere), and a CR LF pair is excluded.
 */
function plainBoundary(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return true;
  const a = text.charCodeAt(at - 1);
  const b = text.charCodeAt(at);
  const plain = (c: number): boolean => c < 0x300 || (c >= 0x2010 && c <= 0x205f);
  return plain(a) && plain(b) && !(a === 13 && b === 10);
}

/** Sorted, clipped, merged highlights with surrounding whitespace moved outside the bold. */
function cleanHighlights(text: string, highlights: readonly Highlight[]): Highlight[] {
  const sorted = highlights
    .map(([s, e]): Highlight => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))])
    .map(([s, e]): Highlight => [plainBoundary(text, s) ? s : graphemeBoundaryBefore(text, s), plainBoundary(text, e) ? e : graphemeBoundaryAfter(text, e)])
    .map(([s, e]): Highlight => {
      while (s < e && /\s/.test(text[s] ?? '')) s++;
      while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
      return [s, e];
    })
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = merged.at(-1);
    // Touching ranges would print "****", which Discord shows as asterisks: merge them.
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

function formatWindow(text: string, hl: readonly Highlight[], a: number, b: number): string {
  let out = '';
  let i = a;
  for (const [s0, e0] of hl) {
    const s = Math.max(s0, a);
    const e = Math.min(e0, b);
    if (e <= s) continue;
    out += escapeRange(text, i, s, a);
    out += `**${escapeRange(text, s, e, a)}**`;
    i = e;
  }
  out += escapeRange(text, i, b, a);
  return (a > 0 ? ELLIPSIS : '') + out + (b < text.length ? ELLIPSIS : '');
}

/** Share of the window given to text before the first highlight. */
const LEAD = 0.3;

/**
 * The excerpt as embed markdown of at most `max` characters: escaped, highlights in bold, and
 * when too long, a window around the first highlight cut at word boundaries with "…".
 */
export function renderExcerpt(excerpt: string, highlights: readonly Highlight[], max: number): string {
  const text = excerpt;
  const hl = cleanHighlights(text, highlights);
  const full = formatWindow(text, hl, 0, text.length);
  if (measure(full) <= max) return full;
  const focus = hl[0]?.[0] ?? 0;
  let budget = max - 2 * ELLIPSIS.length;
  while (budget > 0) {
    let a = Math.max(0, focus - Math.min(Math.floor(budget * LEAD), focus));
    if (a > 0) {
      // Start at a word: the first one after a space, else the highlighted one itself.
      const space = firstSpaceIn(text, a - 1, focus);
      a = space >= 0 ? space + 1 : focus;
    }
    let b = Math.min(text.length, a + budget);
    if (b < text.length) {
      const space = lastSpaceIn(text, a + Math.floor(budget * 0.75), b + 1);
      b = space > a ? space : graphemeBoundaryBefore(text, b);
    }
    while (b > a && /\s/.test(text[b - 1] ?? '')) b--;
    while (a < b && /\s/.test(text[a] ?? '')) a++;
    const out = formatWindow(text, hl, a, b);
    const over = measure(out) - max;
    if (over <= 0) return out;
    budget -= Math.max(over, 1);
  }
  return truncate(ELLIPSIS, max);
}

// ---------------------------------------------------------------------------------------------
// Embeds

type Embed = APIEmbed & { fields?: APIEmbedField[] };

/** Characters an embed counts towards the 6000 total. */
export function embedLength(embed: APIEmbed): number {
  let n = measure(embed.title ?? '') + measure(embed.description ?? '');
  n += measure(embed.footer?.text ?? '') + measure(embed.author?.name ?? '');
  for (const f of embed.fields ?? []) n += measure(f.name) + measure(f.value);
  return n;
}

function publishedLine(citation: Citation): string {
  const parts = [citation.outlet.trim(), citation.published.trim() === '' ? '' : formatDate(citation.published.trim())];
  return parts.filter((p) => p !== '').join(' · ');
}

function footerLine(citation: Citation): string {
  const { n, of, start, end } = citation.position;
  return truncate(`Passage ${n} of ${of} · chars ${start}–${end} · ${citation.passageId}`, CAP.footer);
}

function isQuote(command: string, item: AnswerItem): boolean {
  return command === 'quote' || item.speaker !== undefined || item.cue !== undefined;
}

function alsoInValue(others: readonly Citation[]): string {
  const parts = others.map((c) => {
    const label = escapeMarkdown(truncate(`${c.outlet}${c.published ? `, ${formatDate(c.published)}` : ''}`, CAP.label));
    // A ")" would end the masked link early; Discord accepts it percent-encoded.
    const url = safeUrl(c.url, DISCORD.embedUrl)?.replace(/\)/g, '%29');
    return url === undefined ? label : `[${label}](${url})`;
  });
  let value = '';
  for (const [i, part] of parts.entries()) {
    const rest = parts.length - i;
    const more = `, and ${rest} more`;
    const next = value === '' ? part : `${value}, ${part}`;
    // Keep room for the "and N more" that follows if a later part does not fit.
    if (measure(next) + (rest > 1 ? measure(more) : 0) > CAP.alsoIn) return `${value}${more}`.replace(/^, /, '');
    value = next;
  }
  return value;
}

/** An item's embed without its description: what it costs before the excerpt gets its share. */
function itemFrame(command: string, item: AnswerItem): Embed {
  const c = item.citation;
  const embed: Embed = { title: truncate(escapeMarkdown(c.title.trim() || 'Untitled'), DISCORD.embedTitle) };
  const url = safeUrl(c.url, DISCORD.embedUrl);
  if (url !== undefined) embed.url = url;
  const author = truncate(publishedLine(c), DISCORD.authorName);
  if (author !== '') embed.author = { name: author };
  const fields: APIEmbedField[] = [];
  if (item.date !== undefined && !c.published.startsWith(item.date.iso)) {
    const name = isQuote(command, item) ? 'Said' : 'Event';
    const value = truncate(escapeMarkdown(item.date.label.trim() || formatDate(item.date.iso)), CAP.dateValue);
    if (value !== '') fields.push({ name, value, inline: true });
  }
  if (isQuote(command, item)) {
    const who = item.speaker?.trim() || 'Unattributed';
    const cue = item.cue?.trim() ? `\n“${item.cue.trim()}”` : '';
    fields.push({ name: 'Speaker', value: truncate(escapeMarkdown(who + cue), CAP.speakerValue), inline: true });
  }
  if (item.alsoIn !== undefined && item.alsoIn.length > 0) {
    const value = alsoInValue(item.alsoIn);
    if (value !== '') fields.push({ name: 'Also reported by', value });
  }
  if (fields.length > 0) embed.fields = fields;
  embed.footer = { text: footerLine(c) };
  return embed;
}

/**
 * Splits `available` characters among excerpts that need `needs[i]` each: short ones get what they
 * need, the rest share what is left equally (no excerpt above the description limit).
 */
function shareBudget(needs: readonly number[], available: number): number[] {
  const budgets = needs.map(() => 0);
  const order = needs.map((_, i) => i).sort((x, y) => (needs[x] ?? 0) - (needs[y] ?? 0));
  let left = Math.max(0, available);
  for (const [k, i] of order.entries()) {
    const share = Math.floor(left / (order.length - k));
    const give = Math.min(needs[i] ?? 0, share, DISCORD.embedDescription);
    budgets[i] = give;
    left -= give;
  }
  return budgets;
}

interface ResultEmbeds {
  readonly embeds: Embed[];
  /** Items shown (a prefix of the answer's items). */
  readonly shown: number;
}

function resultEmbeds(answer: Answer, maxEmbeds: number): ResultEmbeds {
  const candidates = answer.items.slice(0, maxEmbeds);
  const frames = candidates.map((item) => itemFrame(answer.command, item));
  const needs = candidates.map((item) => measure(renderExcerpt(item.excerpt, item.highlights, Number.POSITIVE_INFINITY)));
  let k = candidates.length;
  let available = 0;
  for (; k >= 1; k--) {
    const fixed = frames.slice(0, k).reduce((sum, e) => sum + embedLength(e), 0);
    available = DISCORD.embedTotal - fixed;
    const neededHere = needs.slice(0, k).reduce((s, n) => s + Math.min(n, MIN_EXCERPT), 0);
    if (available >= neededHere || k === 1) break;
  }
  const budgets = shareBudget(needs.slice(0, k), available);
  const embeds = candidates.slice(0, k).map((item, i) => {
    const frame = frames[i] as Embed;
    const description = renderExcerpt(item.excerpt, item.highlights, budgets[i] ?? 0);
    return description === '' ? frame : { ...frame, description };
  });
  // Belt and braces: the budget above already keeps the total in bounds.
  while (embeds.length > 1 && embeds.reduce((s, e) => s + embedLength(e), 0) > DISCORD.embedTotal) embeds.pop();
  return { embeds, shown: embeds.length };
}

/** The embed for help, about, sources and config answers: body as description, facts as fields. */
function infoEmbed(answer: Answer): Embed {
  const embed: Embed = {};
  if (answer.title.trim() !== '') embed.title = truncate(escapeMarkdown(answer.title.trim()), DISCORD.embedTitle);
  if (answer.body !== undefined && answer.body.trim() !== '') {
    embed.description = truncate(escapeMarkdown(answer.body), DISCORD.embedDescription);
  } else if (answer.notice !== undefined && answer.notice.trim() !== '') {
    embed.description = truncate(escapeMarkdown(answer.notice), DISCORD.embedDescription);
  }
  const all = answer.fields ?? [];
  const fields: APIEmbedField[] = [];
  // Reserve room for the footer that says how many facts did not fit.
  const reserve = 40;
  let used = embedLength(embed);
  for (const f of all) {
    if (fields.length === DISCORD.embedFields - (all.length > DISCORD.embedFields ? 1 : 0)) break;
    const name = truncate(escapeMarkdown(f.name.trim()), DISCORD.fieldName) || ZWSP;
    const value = truncate(escapeMarkdown(f.value.trim()), DISCORD.fieldValue) || '—';
    const cost = measure(name) + measure(value);
    if (used + cost > DISCORD.embedTotal - reserve) break;
    fields.push({ name, value, inline: measure(value) <= 40 });
    used += cost;
  }
  if (fields.length > 0) embed.fields = fields;
  const hidden = all.length - fields.length;
  if (hidden > 0) embed.footer = { text: `${hidden} more not shown` };
  return embed;
}

// ---------------------------------------------------------------------------------------------
// Components

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

function row(buttons: APIButtonComponent[]): Row {
  return { type: ComponentType.ActionRow, components: buttons.slice(0, DISCORD.buttonsPerRow) };
}

function linkRow(items: readonly AnswerItem[]): Row | undefined {
  const seen = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    const url = safeUrl(item.citation.url, DISCORD.buttonUrl);
    if (url !== undefined && !seen.has(url)) seen.set(url, i);
  }
  if (seen.size === 0) return undefined;
  const buttons = [...seen].slice(0, DISCORD.buttonsPerRow).map(([url, i]): APIButtonComponent => {
    const title = items[i]?.citation.title.trim() ?? '';
    const label = items.length === 1 || title === '' ? 'Open article' : truncate(`${i + 1}. ${title}`, DISCORD.buttonLabel);
    return { type: ComponentType.Button, style: ButtonStyle.Link, url, label };
  });
  return row(buttons);
}

function customButton(customId: string, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary, disabled = false): APIButtonComponent {
  return { type: ComponentType.Button, style, custom_id: customId, label: truncate(label, DISCORD.buttonLabel), disabled };
}

/** The answer's paging when there is more than one page to show; a count that is not a whole number (a bug, a forged button) shows none. */
function shownPaging(answer: Answer): Answer['paging'] {
  const paging = answer.paging;
  return paging !== undefined && Number.isSafeInteger(paging.pageCount) && paging.pageCount > 1 ? paging : undefined;
}

/** Previous / "Page 2 of 7" / Next, or undefined when some id does not fit in a custom_id. */
function pagingButtons(answer: Answer, state: ButtonState): APIButtonComponent[] | undefined {
  const paging = shownPaging(answer);
  if (paging === undefined) return [];
  const last = paging.pageCount - 1;
  const page = Math.min(Math.max(paging.page, 0), last);
  const prev = encodeButton({ ...state, action: 'page', page: Math.max(page - 1, 0) });
  const next = encodeButton({ ...state, action: 'page', page: Math.min(page + 1, last) });
  const here = encodeButton({ action: 'noop', command: state.command, page, args: {} });
  if (prev === undefined || next === undefined || here === undefined) return undefined;
  return [
    customButton(prev, '◀ Previous', ButtonStyle.Secondary, page === 0),
    customButton(here, `Page ${page + 1} of ${paging.pageCount}`, ButtonStyle.Secondary, true),
    customButton(next, 'Next ▶', ButtonStyle.Secondary, page === last),
  ];
}

// ---------------------------------------------------------------------------------------------

function payload(parts: {
  content?: string;
  embeds?: Embed[];
  components?: Row[];
  ephemeral: boolean;
}): MessagePayload {
  const content = parts.content === undefined ? undefined : truncate(parts.content, DISCORD.content);
  return {
    ...(content !== undefined && content !== '' ? { content } : {}),
    ...(parts.embeds !== undefined && parts.embeds.length > 0 ? { embeds: parts.embeds.slice(0, DISCORD.embeds) } : {}),
    ...(parts.components !== undefined && parts.components.length > 0
      ? { components: parts.components.slice(0, DISCORD.actionRows) }
      : {}),
    allowed_mentions: { parse: [] },
    ...(parts.ephemeral ? { flags: EPHEMERAL } : {}),
  };
}

function heading(answer: Answer): string | undefined {
  const title = answer.title.trim();
  return title === '' ? undefined : `**${truncate(escapeMarkdown(title), DISCORD.embedTitle)}**`;
}

function lines(...parts: (string | undefined)[]): string {
  return parts.filter((l): l is string => l !== undefined && l.trim() !== '').join('\n');
}

/** Discord refuses an empty message and an empty embed. */
const NOTHING = 'Nothing to show.';

/** The Discord message for an answer. */
export function renderDiscord(answer: Answer, opts: RenderOptions): MessagePayload {
  if (answer.error === true) {
    const message = answer.notice?.trim() ? answer.notice : answer.title;
    return payload({ content: lines(escapeMarkdown(message)) || 'Something was wrong with that request.', ephemeral: true });
  }
  const ephemeral = opts.ephemeral;
  const notice = answer.notice?.trim() ? truncate(escapeMarkdown(answer.notice), 1200) : undefined;

  if (answer.items.length === 0) {
    if (answer.body !== undefined || (answer.fields !== undefined && answer.fields.length > 0)) {
      const embed = infoEmbed(answer);
      const paging = opts.state === undefined ? [] : (pagingButtons(answer, opts.state) ?? []);
      const empty = embedLength(embed) === 0;
      return payload({
        ...(empty ? { content: NOTHING } : { embeds: [embed] }),
        components: paging.length > 0 ? [row(paging)] : [],
        ephemeral,
      });
    }
    return payload({ content: lines(heading(answer), notice) || NOTHING, ephemeral });
  }

  const maxEmbeds = Math.min(Math.max(Math.floor(opts.maxEmbeds ?? DISCORD.embeds), 1), DISCORD.embeds);
  const { embeds, shown } = resultEmbeds(answer, maxEmbeds);
  const status: string[] = [];
  const paging = shownPaging(answer);
  if (paging !== undefined) {
    status.push(`${paging.total} ${itemNoun(answer.command, paging.total)} · page ${paging.page + 1} of ${paging.pageCount}`);
  }
  if (shown < answer.items.length) {
    status.push(`Showing ${shown} of ${answer.items.length} on this page — a Discord message cannot hold more.`);
  }

  const components: Row[] = [];
  const links = linkRow(answer.items.slice(0, shown));
  if (links !== undefined) components.push(links);
  if (opts.state !== undefined) {
    const actions = pagingButtons(answer, opts.state);
    if (actions === undefined) status.push('(This query is too long to carry in page buttons; ask for a page by number.)');
    const buttons = [...(actions ?? [])];
    if (ephemeral) {
      const post = encodeButton({ ...opts.state, action: 'post', page: paging?.page ?? opts.state.page });
      if (post !== undefined) buttons.push(customButton(post, 'Post to channel', ButtonStyle.Primary));
    }
    if (buttons.length > 0) components.push(row(buttons));
  }
  return payload({ content: lines(heading(answer), notice, ...status), embeds, components, ephemeral });
}

// The embeds of an answer: one per result (title, outlet and date, facts, excerpt, passage
// footer) sharing the 6,000-character total, and one for info answers (help, about, config).
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Answer, AnswerItem } from '../core/answer.ts';
import type { Citation } from '../core/types.ts';
import { renderExcerpt } from './excerpt.ts';
import { formatDate } from './format.ts';
import { DISCORD, measure, safeUrl, truncate } from './limits.ts';
import { escapeMarkdown, ZWSP } from './markdown.ts';

// Our own caps, below Discord's, so that metadata never crowds out the excerpt itself.
const CAP = { footer: 300, dateValue: 100, speakerValue: 200, alsoIn: 600, label: 40 } as const;
/** Below this many characters an excerpt says too little: show fewer results rather than shorter ones. */
const MIN_EXCERPT = 350;

export type Embed = APIEmbed & { fields?: APIEmbedField[] };

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

export interface ResultEmbeds {
  readonly embeds: Embed[];
  /** Items shown (a prefix of the answer's items). */
  readonly shown: number;
}

export function resultEmbeds(answer: Answer, maxEmbeds: number): ResultEmbeds {
  const candidates = answer.items.slice(0, maxEmbeds);
  const frames = candidates.map((item) => itemFrame(answer.command, item));
  const needs = candidates.map((item) => measure(renderExcerpt(item.excerpt, item.highlights, Number.POSITIVE_INFINITY, item.bestSentence)));
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
    const description = renderExcerpt(item.excerpt, item.highlights, budgets[i] ?? 0, item.bestSentence);
    return description === '' ? frame : { ...frame, description };
  });
  // Belt and braces: the budget above already keeps the total in bounds.
  while (embeds.length > 1 && embeds.reduce((s, e) => s + embedLength(e), 0) > DISCORD.embedTotal) embeds.pop();
  return { embeds, shown: embeds.length };
}

/** The embed for help, about, sources and config answers: body as description, facts as fields. */
export function infoEmbed(answer: Answer): Embed {
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

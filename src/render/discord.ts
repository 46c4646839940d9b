// An Answer as a Discord message: the embeds (embeds.ts), link and paging buttons, and every one
// of Discord's limits (src/render/limits.ts) kept by construction rather than checked afterwards.
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { APIActionRowComponent, APIButtonComponent, APIComponentInMessageActionRow } from 'discord-api-types/v10';
import type { Answer, AnswerItem } from '../core/answer.ts';
import { encodeButton } from './custom-id.ts';
import type { ButtonState } from './custom-id.ts';
import { embedLength, infoEmbed, resultEmbeds, type Embed } from './embeds.ts';
import { itemNoun } from './format.ts';
import { DISCORD, safeUrl, truncate } from './limits.ts';
import { escapeMarkdown } from './markdown.ts';
import type { MessagePayload } from './message.ts';

export interface RenderOptions {
  readonly ephemeral: boolean;
  /** The state that rebuilds this answer; without it there are no paging or "Post to channel" buttons. */
  readonly state?: ButtonState;
  /** At most this many result embeds (1–10, default 10). */
  readonly maxEmbeds?: number;
}

const EPHEMERAL = 64;

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

function payload(parts: { content?: string; embeds?: Embed[]; components?: Row[]; ephemeral: boolean }): MessagePayload {
  const content = parts.content === undefined ? undefined : truncate(parts.content, DISCORD.content);
  return {
    ...(content !== undefined && content !== '' ? { content } : {}),
    ...(parts.embeds !== undefined && parts.embeds.length > 0 ? { embeds: parts.embeds.slice(0, DISCORD.embeds) } : {}),
    ...(parts.components !== undefined && parts.components.length > 0 ? { components: parts.components.slice(0, DISCORD.actionRows) } : {}),
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

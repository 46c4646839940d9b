// Discord's message limits in one place, and the helpers that keep text within them.
//
// Discord counts "characters"; whether that means UTF-16 code units, code points or graphemes is
// not documented consistently. A string's UTF-16 length is never smaller than any of the others,
// so measuring with it keeps us under the limit whichever Discord uses.

/** Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits, components reference). */
export const DISCORD = {
  content: 2000,
  embeds: 10,
  /** Sum of title, description, field names and values, footer text and author name over all embeds. */
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Embed and link-button URLs; Discord rejects longer ones. */
  buttonUrl: 512,
  embedUrl: 2048,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
} as const;

export const ELLIPSIS = '…';

/** The length Discord's limits are checked against (conservatively, UTF-16 code units). */
export function measure(text: string): number {
  return text.length;
}

// Intl.Segmenter so a cut never splits an emoji, a flag or a letter from its accent.
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The largest grapheme boundary <= `at` (0 when none). */
export function graphemeBoundaryBefore(text: string, at: number): number {
  if (at >= text.length) return text.length;
  if (at <= 0) return 0;
  const seg = graphemes.segment(text).containing(at);
  return seg === undefined ? at : seg.index;
}

/** The smallest grapheme boundary >= `at`. */
export function graphemeBoundaryAfter(text: string, at: number): number {
  if (at >= text.length) return text.length;
  if (at <= 0) return 0;
  const seg = graphemes.segment(text).containing(at);
  if (seg === undefined || seg.index === at) return at;
  return seg.index + seg.segment.length;
}

/** How far back from a cut we look for a space before settling for a cut mid-word. */
const WORD_SLACK = 0.25;

/**
 * `text` if it fits in `max`, else its start cut at a word boundary (or, failing one close by,
 * a grapheme boundary) followed by "…". The result always measures <= max.
 */
export function truncate(text: string, max: number): string {
  if (measure(text) <= max) return text;
  if (max <= 0) return '';
  if (max < ELLIPSIS.length + 1) return graphemeCut(text, max);
  const room = max - ELLIPSIS.length;
  let cut = graphemeBoundaryBefore(text, room);
  const space = lastSpaceIn(text, Math.floor(room * (1 - WORD_SLACK)), cut);
  if (space > 0) cut = space;
  return text.slice(0, cut).trimEnd() + ELLIPSIS;
}

function graphemeCut(text: string, max: number): string {
  return text.slice(0, graphemeBoundaryBefore(text, max));
}

/** Index of the last whitespace in [from, to), or -1. */
export function lastSpaceIn(text: string, from: number, to: number): number {
  for (let i = Math.min(to, text.length) - 1; i >= Math.max(from, 0); i--) {
    if (isSpace(text.charCodeAt(i))) return i;
  }
  return -1;
}

/** Index of the first whitespace in [from, to), or -1. */
export function firstSpaceIn(text: string, from: number, to: number): number {
  for (let i = Math.max(from, 0); i < Math.min(to, text.length); i++) {
    if (isSpace(text.charCodeAt(i))) return i;
  }
  return -1;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0xa0;
}

/** An http(s) URL Discord will accept for a link of at most `max` characters, else undefined. */
export function safeUrl(url: string | undefined, max: number): string | undefined {
  if (url === undefined || measure(url) > max) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return url;
  } catch {
    return undefined;
  }
}

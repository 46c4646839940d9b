// Markdown escaping for Discord. Written by hand (discord.js's escapeMarkdown works on whole
// strings with patterns) because we escape character by character: the result must stay correct
// when the text is cut into highlighted and plain pieces and when it is cut short.

/** A zero-width space: splits "@everyone" and "<@…" so Discord neither pings nor links them. */
export const ZWSP = '\u200b';

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
export function escapeRange(text: string, from: number, to: number, windowStart: number): string {
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

// Terminal control characters out of article text and metadata. A corpus file, or a web page
// imported into one, could otherwise set the window title, clear the screen or hide text on the
// terminal of whoever reads the CLI's answers or the logs. Escape sequences go whole (not just
// their ESC, which would leave "]0;pwned" behind); other C0 and C1 characters go too.
import type { Article } from '../core/types.ts';

/** CSI (ESC [ … or 0x9B …), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC strings, and two-byte escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are what this strips
const ESCAPES = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?|\x1b[ -~]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/;
/** Everything but tab and line breaks, which a body keeps. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
const BODY_CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/** Body text: escape sequences and control characters removed, `\n`, `\r` and `\t` kept. */
export function cleanBody(text: string): string {
  if (!BODY_CONTROLS.test(text)) return text;
  return text.replace(ESCAPES, '').replace(new RegExp(BODY_CONTROLS.source, 'g'), '');
}

/** One-line metadata (a title, an outlet): control characters become spaces, runs of space one. */
export function cleanField(text: string): string {
  if (!CONTROLS.test(text)) return text;
  return text
    .replace(ESCAPES, '')
    .replace(new RegExp(`${CONTROLS.source}+`, 'g'), ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Whether the article carries control characters anywhere a reader would see them. */
function needsCleaning(a: Article): boolean {
  return BODY_CONTROLS.test(a.text) || [a.title, a.outlet, a.url ?? '', a.language ?? '', a.updated ?? '', a.published, ...a.authors, ...a.tags].some((f) => CONTROLS.test(f));
}

/** The article without control characters (itself when it had none, the common case). */
export function cleanArticle(a: Article): Article {
  if (!needsCleaning(a)) return a;
  const fields = (list: readonly string[]): string[] => list.map(cleanField).filter((f) => f.length > 0);
  return {
    ...a,
    title: cleanField(a.title),
    outlet: cleanField(a.outlet),
    published: cleanField(a.published),
    ...(a.updated !== undefined && { updated: cleanField(a.updated) }),
    ...(a.url !== undefined && { url: a.url.replace(new RegExp(CONTROLS.source, 'g'), '') }),
    ...(a.language !== undefined && { language: cleanField(a.language) }),
    authors: fields(a.authors),
    tags: fields(a.tags),
    text: cleanBody(a.text),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this shows as escapes
const ANY_CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/**
 * One line of a message (a warning's file and reason, an import summary line) with each control
 * character shown as `\xHH`: what a bad file holds stays visible to whoever fixes it, and inert.
 */
export function visible(text: string): string {
  return text.replace(ANY_CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

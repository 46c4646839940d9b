// What the command line and the console print comes from the corpus, and a corpus can come from
// the web: a title holding ESC [ 2 J clears the operator's screen, an OSC sequence sets the window
// title. Control characters are shown as visible escapes instead of reaching the terminal.

// C0 controls but tab and newline, DEL, C1 controls (U+0080–U+009F: 8-bit CSI/OSC in some terminals).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this shows as escapes
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function shownAsEscape(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Text for a terminal: every control character but newline and tab as a visible `\xNN` (CR LF as a newline). */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, shownAsEscape);
}

/**
 * JSON for a terminal or a pipe: JSON.stringify escapes C0 controls but leaves DEL and the C1
 * range raw; as `\u00NN` they are the same JSON string, and inert on a screen.
 */
export function jsonSafe(json: string): string {
  return json.replace(/[\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Quoted spans in a paragraph: straight or curly double quotes, and single-quoted speech nested in
// them. Hand-written: quote pairing with apostrophes and unclosed multi-paragraph quotes is not
// something a general library does.

export interface QuotedSpan {
  /** Offset of the opening mark. */
  readonly open: number;
  /** The words inside the marks: `[start, end)`, trimmed of surrounding spaces. */
  readonly start: number;
  readonly end: number;
  /** Offset just after the closing mark (or the paragraph end when the quote runs on to the next paragraph). */
  readonly after: number;
  readonly closed: boolean;
  /** Single-quoted spans inside this one (‘…’ or '…'). */
  readonly inner: readonly QuotedSpan[];
  /** A quotation in single marks in a paragraph that has no double ones (British style). */
  readonly single?: true;
}

const CLOSERS: Record<string, string> = { '“': '”', '"': '"', '„': '“' };

/** Double-quoted spans of `text[from, to)`, in order. Offsets are absolute. */
export function findQuotedSpans(text: string, from = 0, to = text.length): QuotedSpan[] {
  const spans: QuotedSpan[] = [];
  let open = -1;
  let closer = '';
  for (let i = from; i < to; i += 1) {
    const c = text[i] ?? '';
    if (open < 0) {
      if (c in CLOSERS) {
        open = i;
        closer = CLOSERS[c] ?? '';
      } else if (c === '”') {
        // A stray closing mark: nothing to pair it with.
      }
      continue;
    }
    if (c === closer) {
      // 'The "United States" is not …' inside a straight-quoted statement: a mark after a space and
      // before a word opens a quote nested in this one; it closes at the next mark after a word.
      // Only mid-sentence: after "situation? " a mark starts a new quotation, the first one left open.
      if (closer === '"' && /[\p{L}\p{N},]\s$/u.test(text.slice(i - 2, i)) && /[\p{L}\p{N}]/u.test(text[i + 1] ?? '')) {
        let j = i + 1;
        while (j < to && !(text[j] === '"' && !/\s/.test(text[j - 1] ?? '') && !/[\p{L}\p{N}]/u.test(text[j + 1] ?? ''))) j += 1;
        if (j < to) {
          i = j;
          continue;
        }
      }
      pushSpan(spans, text, open, i, i + 1, true);
      open = -1;
    } else if (c === '“' && closer === '”') {
      // An opening mark inside an open curly quote: the first one was never closed; start again here.
      open = i;
    }
  }
  // A quote left open at the end of its paragraph continues in the next one (news style): keep this part.
  if (open >= 0) pushSpan(spans, text, open, to, to, false);
  // British and Australian outlets quote in single marks: only where the paragraph has no double
  // marks. Not "the '90s" (a digit after the mark), nor a span with another opening mark inside
  // ("rock 'n' roll … the producers' guild": the marks were paired wrongly).
  if (spans.length === 0 && !/[“”"„]/.test(text.slice(from, to))) {
    for (const s of findSingleQuoted(text, from, to)) {
      const words = text.slice(s.start, s.end);
      if (/^\d/.test(words) || /\s[‘']/.test(words) || wordCount(words) < 2) continue;
      spans.push({ ...s, single: true });
    }
  }
  return spans;
}

function pushSpan(spans: QuotedSpan[], text: string, open: number, closeAt: number, after: number, closed: boolean): void {
  let start = open + 1;
  let end = closeAt;
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
  if (end <= start) return;
  spans.push({ open, start, end, after, closed, inner: findSingleQuoted(text, start, end) });
}

/** ‘…’ or '…' speech between `from` and `to` (inside a double quote, or a paragraph with none); apostrophes (don’t, Russia’s, ’90s) are not marks. */
function findSingleQuoted(text: string, from: number, to: number): QuotedSpan[] {
  const out: QuotedSpan[] = [];
  const re = /(^|[\s(—–-])([‘'])/g;
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(re)) {
    const open = from + (m.index ?? 0) + (m[1]?.length ?? 0);
    const mark = m[2] === '‘' ? '’' : "'";
    // The closing mark is one followed by a non-letter (space, punctuation, end of the outer quote).
    let close = -1;
    for (let i = open + 1; i < to; i += 1) {
      if (text[i] === mark && !/[A-Za-z]/.test(text[i + 1] ?? '') && !/\s/.test(text[i - 1] ?? '')) {
        close = i;
        break;
      }
    }
    if (close < 0) continue;
    if (out.some((s) => s.open < open && s.after > open)) continue;
    const start = open + 1;
    if (close - start < 2) continue;
    out.push({ open, start, end: close, after: close + 1, closed: true, inner: [] });
  }
  return out;
}

/** Number of words in `text` (letters or digits runs). */
export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu) ?? []).length;
}

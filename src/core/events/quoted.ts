// Relative days inside a quotation ("last night", "this morning", "tomorrow") mean the day the words
// were said, not the publication day. When the article says when they were said, they are resolved
// against that day: a day-precision date of the same sentence outside the quotation ("…," Pompeo
// told the press on Tuesday), else of the paragraph before it, else of the article's lead ("On
// Tuesday, Trump announced …": the lead dates the event the quotations below report). A quotation
// inside a quotation counts from a date its enclosing quotation gives before it ("I offered to
// resign last night and Trump said, 'Let's talk about it tomorrow.'"). With no such date, the
// publication day, as before.
import type { DatedEvent } from '../types.ts';
import { type Ymd, isoOf } from './calendar.ts';
import { isDayWord, resolveRelative } from './relative.ts';

interface Span {
  readonly start: number;
  readonly end: number;
  readonly parent: Span | undefined;
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Quotations of one paragraph (offsets in the article); one left open ends with the paragraph. */
export function quotationSpans(text: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  const stack: { start: number; mark: string; parent: Span | undefined }[] = [];
  const close = (end: number): void => {
    const top = stack.pop();
    if (top) out.push({ start: top.start, end, parent: top.parent });
  };
  // Spans are pushed when they close, so a parent is known only by its start: link at the end.
  const parents = new Map<number, number>();
  for (let i = from; i < to; i++) {
    const c = text[i] ?? '';
    const top = stack[stack.length - 1];
    if (c === '“') stack.push({ start: i, mark: '”', parent: undefined });
    else if (c === '”') {
      if (top?.mark === '”') close(i + 1);
    } else if (c === '"') {
      if (top?.mark === '"') close(i + 1);
      else stack.push({ start: i, mark: '"', parent: undefined });
    } else if ((c === "'" || c === '‘' || c === '’') && stack.length > 0) {
      // Single quotes only inside a double one, and never an apostrophe ("Let's", "Trump’s").
      if (top?.mark === 'single' && !isWordChar(text[i + 1]) && isWordChar(text[i - 1]) === true) close(i + 1);
      else if (c !== '’' && !isWordChar(text[i - 1]) && isWordChar(text[i + 1])) stack.push({ start: i, mark: 'single', parent: undefined });
      else if (top?.mark === 'single' && /[.,!?]/.test(text[i - 1] ?? '')) close(i + 1);
    }
    if (stack.length > 1) parents.set(stack[stack.length - 1]?.start ?? -1, stack[stack.length - 2]?.start ?? -1);
  }
  while (stack.length > 0) close(to);
  const byStart = new Map(out.map((s) => [s.start, s]));
  return out.map((s) => {
    const p = parents.get(s.start);
    return p === undefined ? s : { ...s, parent: byStart.get(p) };
  });
}

function ymdOf(e: DatedEvent): Ymd | null {
  if (e.precision !== 'day') return null;
  const [y, m, d] = e.date.split('-').map(Number);
  return y === undefined || m === undefined || d === undefined ? null : { year: y, month: m, day: d };
}

const within = (e: { start: number; end: number }, s: { start: number; end: number }): boolean => s.start <= e.start && e.end <= s.end;

/**
 * The events with their relative days re-dated as above. `paragraphs` and `lead` are offsets in the
 * article ("lead": its first sentence).
 */
export function redateQuoted(events: readonly DatedEvent[], text: string, paragraphs: readonly { start: number; end: number }[], lead: { start: number; end: number } | undefined): DatedEvent[] {
  if (!events.some((e) => isDayWord(e.expression))) return [...events]; // most articles: nothing to do
  const out = [...events];
  const innermost = (e: { start: number; end: number }, spans: readonly Span[]): Span | undefined => spans.filter((s) => within(e, s)).sort((a, b) => b.start - a.start)[0];
  const leadDay = lead && out.find((e) => within(e, lead) && ymdOf(e) !== null && !quotationSpans(text, lead.start, lead.end).some((s) => within(e, s)));
  for (const p of paragraphs) {
    if (!out.some((e) => within(e, p) && isDayWord(e.expression))) continue;
    const spans = quotationSpans(text, p.start, p.end);
    if (spans.length === 0) continue;
    // Outer quotations first: an inner one counts from dates its outer one gives, once re-dated.
    const order = out.map((e, i) => ({ e, i })).filter(({ e }) => within(e, p) && isDayWord(e.expression));
    order.sort((a, b) => depth(innermost(a.e, spans)) - depth(innermost(b.e, spans)));
    for (const { i } of order) {
      const e = out[i];
      const q = e && innermost(e, spans);
      if (!e || !q) continue;
      const said = saidDay(out, e, q, spans, p, leadDay);
      const r = said && resolveRelative(e.expression, said);
      if (r) out[i] = { ...e, date: isoOf(r.year, r.month, r.day, r.precision), precision: r.precision };
    }
  }
  return out;
}

function depth(s: Span | undefined): number {
  let n = 0;
  for (let x = s; x; x = x.parent) n++;
  return n;
}

function saidDay(events: readonly DatedEvent[], e: DatedEvent, q: Span, spans: readonly Span[], p: { start: number; end: number }, leadDay: DatedEvent | undefined): Ymd | null {
  // Dates in the quotation's surroundings: inside its parent (or outside every quotation), not in it.
  const around = (x: DatedEvent): boolean => {
    if (within(x, q) || x === e || ymdOf(x) === null) return false;
    if (q.parent) return within(x, q.parent);
    return !spans.some((s) => within(x, s));
  };
  const sameSentence = events.find((x) => x.text === e.text && within(x, p) && around(x) && (q.parent === undefined || x.end <= q.start));
  if (sameSentence) return ymdOf(sameSentence);
  if (q.parent) return null; // the enclosing quotation's own day is not known here: keep it simple
  const before = events.filter((x) => within(x, p) && x.end <= q.start && around(x)).at(-1);
  if (before) return ymdOf(before);
  return leadDay && leadDay.start < q.start ? ymdOf(leadDay) : null;
}

// Dated events of one article: every date expression, resolved against the publication date.
// Pipeline in the manner of chrono-node: candidates → negative filters → resolvers → refiners.
import type { Article, DatedEvent, Passage } from '../types.ts';
import { splitSentences } from '../sentences.ts';
import { runAll } from '../steps.ts';
import { anchoredExpressions, shiftFrom } from './anchored.ts';
import { isoOf, publishedDay } from './calendar.ts';
import { type Sentence, findCandidates } from './candidates.ts';
import { rejection } from './negatives.ts';
import { redateQuoted } from './quoted.ts';
import { type Resolution, pairedDay, resolveCandidate } from './resolve.ts';

export { dateLabel, parseDateBound, ACCEPTED_DATE_FORMS, type DateBound, type DateBoundResult } from './labels.ts';

/** Sentences of each paragraph: a sentence never runs across a paragraph break. */
function paragraphs(text: string): Sentence[][] {
  const out: Sentence[][] = [];
  const re = /[^\n]+(?:\n(?!\n)[^\n]*)*/g;
  for (const m of text.matchAll(re)) out.push(splitSentences(m[0], m.index));
  return out;
}

/** The explicit years a sentence states, to check years implied from the publication date. */
function statedYears(resolved: readonly Resolution[]): number[] {
  return resolved.filter((r) => r.explicitYear && !r.yearInWords).map((r) => r.year);
}

function resolveSentence(s: Sentence, ref: NonNullable<ReturnType<typeof publishedDay>>): Resolution[] {
  const kept = findCandidates(s, ref).filter((c) => rejection(c, s) === null);
  const out: Resolution[] = [];
  kept.forEach((c, i) => {
    const r = resolveCandidate(c, s, ref, kept[i + 1]);
    if (!r) return;
    out.push(r);
    const second = pairedDay(r, s);
    if (second && !kept.some((k) => k.start < second.end && second.start < k.end)) out.push(second);
  });
  return out;
}

/**
 * Every date expression of the article that resolves to a date, in text order. `article.published`
 * is read as a calendar date (its first `YYYY-MM-DD`), never through the machine's time zone. An
 * expression outside every passage is left out: it could not be cited.
 */
export function extractEvents(article: Article, passages: readonly Passage[]): DatedEvent[] {
  return runAll(extractEventsInSteps(article, passages));
}

/**
 * Sentences read between two yields of `extractEventsInSteps`: one (chrono-node took up to 146 ms
 * of CPU over 8 sentences of one whitehouse-all arrival; the slice runner packs short ones into a turn).
 */
const SENTENCES_PER_STEP = 1;

/**
 * `extractEvents`, yielding every few sentences: a corpus update extracts an arriving article
 * between queries, and chrono-node over one long transcript took one turn of 145 ms on whitehouse-all.
 */
export function* extractEventsInSteps(article: Article, passages: readonly Passage[]): Generator<void, DatedEvent[]> {
  const ref = publishedDay(article.published);
  if (!ref) return [];
  const sorted = [...passages].sort((a, b) => a.start - b.start);
  const events: DatedEvent[] = [];
  // The main (first) date of the latest sentence that had one, and that sentence's number: what
  // "the following day" counts from (anchored.ts).
  let recent: { at: number; date: Resolution } | undefined;
  // The latest day (day precision) the text gave, and its sentence's number: what "the previous
  // day" inside a sentence counts from.
  let recentDay: { at: number; date: Resolution } | undefined;
  let n = 0;
  const paras = paragraphs(article.text);
  yield;
  for (const paragraph of paras) {
    let previous: Resolution[] = [];
    for (const s of paragraph) {
      n++;
      if (n % SENTENCES_PER_STEP === 0) yield;
      const resolved = resolveSentence(s, ref);
      // Only years read before the month count: in "sold its stores in March; … and in 2015 sold its
      // chain", the 2015 comes after March and does not date it.
      const earlier = statedYears(previous);
      const own = resolved.filter((r) => !(r.impliedYear && [...earlier, ...statedYears(resolved.filter((x) => x.end <= r.start))].some((y) => y !== r.year)));
      const anchored: Resolution[] = [];
      for (const a of anchoredExpressions(s)) {
        if (own.some((r) => r.start < a.end && a.start < r.end)) continue;
        const latest = a.inside ? (recentDay && n - recentDay.at <= 2 ? recentDay.date : undefined) : recent && n - recent.at <= 2 ? recent.date : undefined;
        const before = a.inside ? own.filter((r) => r.end <= a.start && r.precision === 'day').at(-1) : own.find((r) => r.end <= a.start);
        const anchor = before ?? latest;
        const r = anchor && shiftFrom(anchor, a, ref);
        if (r) anchored.push(r);
      }
      const all = [...own, ...anchored].sort((a, b) => a.start - b.start);
      for (const r of all) {
        // "In 2014 … In March, …": a year implied from the publication date is dropped (above) when
        // the sentence or the one before states another year; the text may mean that one.
        const passage = sorted.find((p) => p.start <= r.start && r.end <= p.end);
        if (!passage) continue;
        events.push({
          date: isoOf(r.year, r.month, r.day, r.precision),
          precision: r.precision,
          ...(r.modifier && { modifier: r.modifier }),
          text: s.text.trim(),
          expression: article.text.slice(r.start, r.end),
          start: r.start,
          end: r.end,
          passageId: passage.id,
          articleId: article.id,
        });
      }
      if (all[0]) recent = { at: n, date: all[0] };
      const lastDay = own.filter((r) => r.precision === 'day').at(-1);
      if (lastDay) recentDay = { at: n, date: lastDay };
      previous = resolved;
    }
  }
  const bounds = paras.filter((p) => p.length > 0).map((p) => ({ start: p[0]?.start ?? 0, end: p.at(-1)?.end ?? 0 }));
  return redateQuoted(events, article.text, bounds, paras[0]?.[0]);
}

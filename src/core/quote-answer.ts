// /quote as data: who said what. Quotes by a speaker (newest first unless asked otherwise), or the
// quotes by anyone that best match a topic, each with the sentence around it, its speaker, the
// words that attribute it and its citation; an unknown speaker gets the closest known names.
// Pure: the per-corpus lookups it reads are computed at index time (`CorpusData`).
import type { Answer, AnswerItem, Highlight } from './answer.ts';
import type { Corpus } from './corpus.ts';
import { dateLabel, type DateBound } from './events/labels.ts';
import { parseDateRange } from './events/range.ts';
import { highlightTerms } from './highlight.ts';
import { queryQuotes, speakerWeight } from './quotes/query.ts';
import { MAX_TOPIC_PASSAGES, searchTopic, topicTerms } from './search/topic.ts';
import type { Quote, Speaker } from './types.ts';

/** Below this length a typed name is not read as the start of a longer one. */
const MIN_PREFIX = 16;

export type QuoteOrder = 'newest' | 'oldest';

export interface QuoteRequest {
  readonly speaker?: string;
  readonly topic?: string;
  readonly from?: string;
  readonly to?: string;
  /** Absent: newest first for a speaker, best match first for a topic alone. */
  readonly order?: string;
  readonly allowArticle?: (articleId: string) => boolean;
  /** With neither speaker nor topic, every quotation (unattributed ones too) instead of an error: `quote --json`. */
  readonly all?: boolean;
}

export type QuoteResult =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'unknown-speaker'; readonly name: string; readonly suggestions: readonly Speaker[] }
  | {
      readonly kind: 'ok';
      readonly speaker?: Speaker;
      readonly topic?: string;
      readonly from?: DateBound;
      readonly to?: DateBound;
      readonly order: QuoteOrder | 'relevance';
      readonly quotes: readonly Quote[];
      /** Index terms of the topic (synonyms, typo corrections), for highlighting. */
      readonly terms: ReadonlySet<string>;
      /** Why nothing matched before any quote was looked at. */
      readonly notice?: string;
      readonly capped?: boolean;
    };

// ---------------------------------------------------------------------------------------------
// Speakers.

/**
 * The speaker a typed name means: any name or alias the speaker index knows, or, for a long name,
 * the most quoted speaker whose name begins with it (autocomplete sends long names cut short).
 */
export function resolveSpeaker(corpus: Corpus, typed: string): Speaker | undefined {
  const found = corpus.speakers.resolve(typed);
  if (found) return found;
  const t = typed.trim().toLowerCase();
  if (t.length < MIN_PREFIX) return undefined;
  return corpus.speakers.speakers.find((s) => s.name.toLowerCase().startsWith(t));
}

/**
 * What an autocomplete choice sends for `s` within `max` characters: its name, else its shortest
 * alias, else its name cut short, provided the command reads that back as the same speaker.
 */
export function speakerChoiceValue(corpus: Corpus, s: Speaker, max: number): string | undefined {
  const names = [s.name, ...[...s.aliases].sort((a, b) => a.length - b.length)];
  for (const n of names) if (n.length <= max && resolveSpeaker(corpus, n)?.id === s.id) return n;
  const cut = s.name.slice(0, max).trimEnd();
  return resolveSpeaker(corpus, cut)?.id === s.id ? cut : undefined;
}

// ---------------------------------------------------------------------------------------------
// Per-corpus lookups.

/** Each quote's article's publication date as a rank (equal dates, equal ranks; 0 for an unknown article). */
const dateRanks = new WeakMap<Corpus, Uint32Array>();

function quoteDateRanks(corpus: Corpus): Uint32Array {
  const ranks = dateRanks.get(corpus);
  if (ranks) return ranks;
  const steps = prepareQuotesInSteps(corpus);
  while (!steps.next().done);
  return dateRanks.get(corpus) as Uint32Array;
}

/** Builds the quotes' date ranks now rather than on the first /quote by topic. */
export function prepareQuotes(corpus: Corpus): void {
  quoteDateRanks(corpus);
}

/** The days the ranks number (sorted), by corpus, for the next corpus to compare with (`carryQuoteRanks`). */
const rankedDays = new WeakMap<Corpus, readonly string[]>();
/** The ranks of the corpus before an update, and how many of its quotes lead the new list in place. */
const carriedRanks = new WeakMap<Corpus, { readonly ranks: Uint32Array; readonly days: readonly string[]; readonly kept: number }>();

/**
 * Lets an updated corpus whose first `kept` quotes are those of `before`, in place (an arrival
 * that requoted nothing), take their date ranks instead of looking up every quote's article
 * again in its warm-up.
 */
export function carryQuoteRanks(before: Corpus, after: Corpus, kept: number): void {
  const ranks = dateRanks.get(before);
  const days = rankedDays.get(before);
  if (ranks && days && kept > 0 && kept <= ranks.length) carriedRanks.set(after, { ranks, days, kept });
}

/** Quotes ranked between two yields of `prepareQuotesInSteps`. */
const QUOTE_SLICE = 20_000;

/** `prepareQuotes` in slices of a few ms (the warm-up of an updated corpus runs it between queries). */
export function* prepareQuotesInSteps(corpus: Corpus): Generator<void, void> {
  if (dateRanks.has(corpus)) return;
  const days = [...new Set(corpus.articles.map((a) => a.published))].sort();
  const rankOfDay = new Map(days.map((d, i) => [d, i + 1]));
  const ofArticle = new Map(corpus.articles.map((a) => [a.id, rankOfDay.get(a.published) ?? 0]));
  const ranks = new Uint32Array(corpus.quotes.length);
  // The quotes kept in place from the corpus before an update take their ranks from it, renumbered
  // through their days (their articles, untouched, keep their days; an arrival usually brings a
  // day of its own: feed items carry a time): an array lookup, not a map lookup of each article.
  const before = carriedRanks.get(corpus);
  carriedRanks.delete(corpus);
  let first = 0;
  if (before && before.kept <= ranks.length) {
    const renumbered = Uint32Array.from([0, ...before.days.map((d) => rankOfDay.get(d) ?? 0)]);
    for (let i = 0; i < before.kept; i++) {
      if (i % QUOTE_SLICE === QUOTE_SLICE - 1) yield;
      ranks[i] = renumbered[before.ranks[i] as number] as number;
    }
    first = before.kept;
  }
  rankedDays.set(corpus, days);
  for (let i = first; i < ranks.length; i++) {
    if (i % QUOTE_SLICE === QUOTE_SLICE - 1) yield;
    ranks[i] = ofArticle.get((corpus.quotes[i] as Quote).articleId) ?? 0;
  }
  if (!dateRanks.has(corpus)) dateRanks.set(corpus, ranks);
}

/** The passages (positions, ascending) holding a speaker's quotes, by corpus and speaker id. */
const speakerPassages = new WeakMap<Corpus, Map<string, Uint32Array>>();

/** Where a topic search by a speaker looks: their passages only, not every passage matching the topic. */
function passagesOfSpeaker(corpus: Corpus, speakerId: string): Uint32Array {
  let bySpeaker = speakerPassages.get(corpus);
  if (!bySpeaker) {
    bySpeaker = new Map();
    speakerPassages.set(corpus, bySpeaker);
  }
  const known = bySpeaker.get(speakerId);
  if (known) return known;
  const at = new Set<number>();
  for (const k of corpus.quotesOfSpeaker(speakerId)) {
    const i = corpus.passageIdx.get((corpus.quotes[k] as Quote).passageId);
    if (i !== undefined) at.add(i);
  }
  const found = Uint32Array.from(at).sort();
  // Bounded: a few hundred speakers asked about at most between two corpus updates.
  if (bySpeaker.size >= 500) bySpeaker.clear();
  bySpeaker.set(speakerId, found);
  return found;
}

// ---------------------------------------------------------------------------------------------
// The query.

export function findQuotes(corpus: Corpus, req: QuoteRequest): QuoteResult {
  const range = parseDateRange(req.from, req.to);
  if (!range.ok) return { kind: 'error', message: range.message };
  const { from, to } = range.range;
  const orderText = req.order?.trim().toLowerCase();
  if (orderText !== undefined && orderText !== '' && orderText !== 'newest' && orderText !== 'oldest') {
    return { kind: 'error', message: `order: “${req.order?.trim() ?? ''}” is not an order I know. Use newest or oldest.` };
  }
  const order = orderText === 'newest' || orderText === 'oldest' ? orderText : undefined;
  const topic = req.topic?.trim() || undefined;
  const name = req.speaker?.trim() || undefined;
  if (topic === undefined && name === undefined && !req.all) {
    return { kind: 'error', message: 'Give a speaker (`speaker: Putin`) or a topic (`topic: sanctions`), or both.' };
  }
  let speaker: Speaker | undefined;
  if (name !== undefined) {
    speaker = resolveSpeaker(corpus, name);
    if (!speaker) return { kind: 'unknown-speaker', name, suggestions: corpus.speakers.closest(name, 3) };
  }
  const publishedOf = (id: string): string => corpus.articleById.get(id)?.published ?? '';
  const allow = req.allowArticle;
  const base = {
    kind: 'ok' as const,
    ...(speaker && { speaker }),
    ...(topic !== undefined && { topic }),
    ...(from && { from }),
    ...(to && { to }),
  };
  const window = { ...(from && { from: from.date }), ...(to && { to: to.date }) };

  if (topic === undefined) {
    const own = speaker ? Array.from(corpus.quotesOfSpeaker(speaker.id), (i) => corpus.quotes[i] as Quote) : req.all && name === undefined ? corpus.quotes : [];
    const quotes = queryQuotes(own, { ...window, order: order ?? 'newest', ...(allow && { keep: (q: Quote) => allow(q.articleId) }) }, publishedOf);
    return { ...base, order: order ?? 'newest', quotes, terms: new Set() };
  }

  // Passages matching the topic as /ask would (same terms, synonyms, coverage rule), among those
  // holding a quote we could show; then the quotes whose own sentence mentions a matched term.
  const inWindow = (q: Quote): boolean => {
    if (!from && !to) return true;
    const day = publishedOf(q.articleId).slice(0, 10);
    return (!from || day.slice(0, from.date.length) >= from.date) && (!to || day.slice(0, to.date.length) <= to.date);
  };
  const unfiltered = !speaker && !allow && !from && !to;
  const eligible = (q: Quote): boolean => unfiltered || ((!speaker || q.speakerId === speaker.id) && (allow ? allow(q.articleId) : true) && inWindow(q));
  const quotes = corpus.quotes;
  const filter = unfiltered ? (i: number): boolean => corpus.quoteCount(i) > 0 : (i: number): boolean => corpus.quotesOfPassage(i).some((k) => eligible(quotes[k] as Quote));
  // By a speaker: only their passages are scored, and with no other condition each of them passes the filter.
  const within = speaker ? passagesOfSpeaker(corpus, speaker.id) : undefined;
  const onlySpeaker = speaker !== undefined && !allow && !from && !to;
  const match = searchTopic(corpus.search, topic, { ...(!onlySpeaker && { filter }), ...(within && { within }) });
  const { groups, matching } = match;
  if (groups.length === 0) {
    return { ...base, order: order ?? 'relevance', quotes: [], terms: new Set(), notice: 'Give a topic with a few words that matter (names, places, events): this one has only common words.' };
  }
  const best = matching.reduce((m, h) => Math.max(m, h.score), 0) || 1;
  // The selected quotes (indexes in `quotes`) and their relevance, in the order they were found.
  const selected: number[] = [];
  const relevance: number[] = [];
  const weightOf = new Map<string | null, number>();
  // Each quote's context was tokenised at index time (`CorpusData.sentenceTerms`): terms by id.
  const groupIds = groups.map((g) => g.map((t) => ({ t, id: corpus.sentenceTermId(t) })).filter((x) => x.id >= 0));
  // Hits that matched the same terms share their terms list (see `PassageSearch.search`).
  const wantedOf = new Map<readonly string[], number[][]>();
  for (const h of matching) {
    let wanted = wantedOf.get(h.terms);
    if (!wanted) {
      const hitTerms = new Set(h.terms);
      wanted = groupIds.map((g) => g.filter((x) => hitTerms.has(x.t)).map((x) => x.id));
      wantedOf.set(h.terms, wanted);
    }
    for (const k of corpus.quotesOfPassage(h.idx)) {
      const q = quotes[k] as Quote;
      if (!eligible(q)) continue;
      let covered = 0;
      for (const ids of wanted) if (ids.some((id) => corpus.quoteContextHas(k, id))) covered++;
      if (covered === 0) continue;
      let weight = weightOf.get(q.speakerId);
      if (weight === undefined) {
        weight = speakerWeight(q);
        weightOf.set(q.speakerId, weight);
      }
      // The quote's own sentence covering the topic counts most; the passage's score breaks ties.
      selected.push(k);
      relevance.push((covered / groups.length + 0.25 * (h.score / best)) * weight);
    }
  }
  // By publication date (as `queryQuotes` orders them: equal dates keep the order found), as
  // positions in `selected`; integer ranks rather than date strings, for thousands of quotes.
  const dateRank = quoteDateRanks(corpus);
  const sign = order === 'oldest' ? 1 : -1;
  const rankAt = (p: number): number => dateRank[selected[p] as number] as number;
  const byDatePos = selected.map((_, p) => p).sort((a, b) => sign * (rankAt(a) - rankAt(b)) || a - b);
  const byDate = byDatePos.map((p) => quotes[selected[p] as number] as Quote);
  const capped = match.capped;
  const terms = topicTerms(match);
  if (order !== undefined || speaker) {
    return { ...base, order: order ?? 'newest', quotes: byDate, terms, ...(capped && { capped }) };
  }
  // By anyone: best match first (ties stay newest first).
  const relAt = (j: number): number => relevance[byDatePos[j] as number] as number;
  const ranked = byDatePos
    .map((_, j) => j)
    .sort((a, b) => relAt(b) - relAt(a) || a - b)
    .map((j) => byDate[j] as Quote);
  return { ...base, order: 'relevance', quotes: ranked, terms, ...(capped && { capped }) };
}

// ---------------------------------------------------------------------------------------------
// Presentation.

/** Longer contexts than this (beyond the quote itself) give way to the quote alone. */
const CONTEXT_SLACK = 400;

/** The excerpt: the sentence around the quote when it holds the quote verbatim and is not much longer. */
function excerptOf(q: Quote): { text: string; quoteAt: number } {
  const at = q.context.indexOf(q.text);
  if (at >= 0 && q.context.length <= Math.max(600, q.text.length + CONTEXT_SLACK)) return { text: q.context, quoteAt: at };
  return { text: q.text, quoteAt: 0 };
}

function quoteItem(corpus: Corpus, q: Quote, topicTerms: ReadonlySet<string>): AnswerItem {
  const { text, quoteAt } = excerptOf(q);
  // With a topic, its words are marked; without one, the quote within its sentence.
  const highlights: Highlight[] = topicTerms.size > 0 ? highlightTerms(text, topicTerms, corpus.search.synonyms.phrases) : text.length > q.text.length ? [[quoteAt, quoteAt + q.text.length]] : [];
  const passage = corpus.passage(q.passageId);
  if (!passage) throw new Error(`Attaché: quote of unknown passage ${q.passageId}`);
  return {
    excerpt: text,
    highlights,
    citation: corpus.citation(passage, { start: q.start, end: q.end }),
    ...(q.speaker !== null && { speaker: q.speaker }),
    ...(q.cue !== '' && { cue: q.cue }),
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function heading(result: Extract<QuoteResult, { kind: 'ok' }>): string {
  const by = result.speaker ? `Quotes by ${result.speaker.name}` : 'Quotes';
  return result.topic !== undefined ? `${by} about “${result.topic}”` : by;
}

function rangeText(from?: DateBound, to?: DateBound): string {
  if (from && to) return ` from ${dateLabel(from.date, from.precision)} to ${dateLabel(to.date, to.precision)}`;
  if (from) return ` from ${dateLabel(from.date, from.precision)}`;
  if (to) return ` up to ${dateLabel(to.date, to.precision)}`;
  return '';
}

export function unknownSpeakerNotice(name: string, suggestions: readonly Speaker[]): string {
  return suggestions.length > 0
    ? `No quotes by ${name}. Did you mean: ${suggestions.map((s) => s.name).join(', ')}?`
    : `No quotes by ${name}, and no speaker with a similar name. Try a topic instead, or pick a name from the suggestions.`;
}

export function quoteAnswer(corpus: Corpus, result: QuoteResult, page: number, limit: number): Answer {
  if (result.kind === 'error') return { command: 'quote', title: 'Cannot do that', answered: false, notice: result.message, items: [], error: true, ephemeral: true };
  if (result.kind === 'unknown-speaker') {
    return { command: 'quote', title: `Quotes by “${result.name}”`, answered: false, notice: unknownSpeakerNotice(result.name, result.suggestions), items: [], ephemeral: true };
  }
  const title = heading(result);
  const range = rangeText(result.from, result.to);
  const total = result.quotes.length;
  if (total === 0) {
    return {
      command: 'quote',
      title,
      answered: false,
      notice: result.notice ?? `No quotes${result.speaker ? ` by ${result.speaker.name}` : ''}${result.topic !== undefined ? ` about “${result.topic}”` : ''}${range} in the corpus.`,
      items: [],
    };
  }
  const size = Math.max(1, limit);
  const pageCount = Math.max(1, Math.ceil(total / size));
  const shown = Math.min(Math.max(0, page), pageCount - 1);
  const orderText = result.order === 'relevance' ? 'best match first' : `${result.order} first`;
  const notice = [`${plural(total, 'quote')}${range}, ${orderText}`, ...(result.capped ? [`from the ${MAX_TOPIC_PASSAGES} best-matching passages`] : [])].join(' · '); // The renderers add the page and the page count.
  return {
    command: 'quote',
    title,
    answered: true,
    notice,
    items: result.quotes.slice(shown * size, shown * size + size).map((q) => quoteItem(corpus, q, result.terms)),
    paging: { page: shown, pageCount, total },
  };
}

/** The CLI's JSON: every matching quote unless `limit` is given. */
export function quoteJson(corpus: Corpus, result: Extract<QuoteResult, { kind: 'ok' }>, opts: { limit?: number; page?: number } = {}) {
  const page = Math.max(0, opts.page ?? 0);
  const quotes = opts.limit === undefined ? result.quotes : result.quotes.slice(page * opts.limit, page * opts.limit + opts.limit);
  return {
    speaker: result.speaker?.name ?? null,
    topic: result.topic ?? null,
    ...(result.from && { from: result.from.date }),
    ...(result.to && { to: result.to.date }),
    order: result.order,
    total: result.quotes.length,
    ...(result.notice !== undefined && { notice: result.notice }),
    quotes: quotes.map((q) => {
      const a = corpus.article(q.articleId);
      return {
        speaker: q.speaker,
        text: q.text,
        cue: q.cue,
        context: q.context,
        passageId: q.passageId,
        articleId: q.articleId,
        title: a.title,
        outlet: a.outlet,
        published: a.published,
        url: a.url ?? null,
      };
    }),
  };
}

/** The canonical speakers, most quoted first, for `speakers --json`. */
export function speakersJson(corpus: Corpus) {
  const speakers = corpus.speakers.speakers;
  return { total: speakers.length, speakers: speakers.map((s) => ({ id: s.id, name: s.name, kind: s.kind, aliases: s.aliases, count: s.count })) };
}

/** The canonical speakers as console text: one line each. */
export function speakersText(corpus: Corpus): string {
  const speakers = corpus.speakers.speakers;
  const lines = speakers.map((s) => `${s.name} (${plural(s.count, 'quote')}${s.kind === 'group' ? ', group' : ''})${s.aliases.length > 0 ? ` — also: ${s.aliases.join(', ')}` : ''}`);
  return `${plural(speakers.length, 'speaker')} quoted in the corpus, most quoted first:\n${lines.join('\n')}\n`;
}

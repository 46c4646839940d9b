// Scores the quotations extracted from one article against its hand annotation
// (tests/fixtures/quotes/*.json, format in tests/fixtures/FORMATS.md). Shared by the eval's
// extraction report and tests/quotes-corpus.test.ts, so both count the same way.
import type { Quote } from '../core/types.ts';

export interface QuoteSpan {
  readonly text: string;
  readonly kind: 'quote' | 'fragment' | 'not-quote';
  readonly speaker?: string | null;
  readonly accept?: readonly string[];
  /** A quotation of two words or more inside the reporter's sentence. */
  readonly partial?: boolean;
  readonly nested?: boolean;
  readonly why?: string;
}

export interface QuoteFixture {
  readonly corpus: 'corpus' | 'whitehouse-russia' | 'wikinews';
  readonly articleId?: string;
  readonly file?: string;
  readonly url?: string;
  readonly published?: string;
  /** Canonical id → the surface forms the article uses for that speaker. */
  readonly speakers?: Readonly<Record<string, readonly string[]>>;
  readonly spans: readonly QuoteSpan[];
}

export interface QuoteTally {
  /** Quotations annotated (kind "quote") and found, full and partial apart. */
  readonly full: { n: number; found: number };
  readonly partial: { n: number; found: number };
  readonly extracted: number;
  /** Extracted quotations that match no annotated quotation or fragment, or match a non-quote. */
  readonly falseReports: number;
  /** Found quotations whose speaker the text names; of those, how many got a speaker, and the right one. */
  readonly speakerNamed: { n: number; named: number; right: number };
  /**
   * The attribution count of the original quotes test, over every matched quote or fragment:
   * right includes "no speaker" where the annotation says the text names none.
   */
  readonly attribution: { correct: number; wrong: number; unattributed: number };
  readonly problems: string[];
}

export const emptyQuoteTally = (): QuoteTally => ({
  full: { n: 0, found: 0 },
  partial: { n: 0, found: 0 },
  extracted: 0,
  falseReports: 0,
  speakerNamed: { n: 0, named: 0, right: 0 },
  attribution: { correct: 0, wrong: 0, unattributed: 0 },
  problems: [],
});

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Lower case, accents off, words joined by "-", a leading "the" dropped: "The State Department" → "state-department". */
export function speakerKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^the-/, '');
}

const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i']);

/**
 * Whether an extracted speaker is the annotated one. Extractor ids are its own slugs, so besides the
 * id itself this accepts a surface form the annotation lists ("Prime Minister Johnson"), and a
 * surname alone, a full name with a middle initial ("Erdogan", "John R. Bolton") or with a title
 * left in front for the annotated full name: within one article these name one person. An office
 * alone ("senate-minority-leader") is not the person.
 */
export function sameSpeaker(q: Pick<Quote, 'speakerId' | 'speaker'>, gold: string, span: QuoteSpan, fx: QuoteFixture): boolean {
  if (q.speakerId === null) return false;
  if (q.speakerId === gold || span.accept?.includes(q.speakerId)) return true;
  const goldKey = speakerKey(gold);
  const keys = [speakerKey(q.speakerId), speakerKey(q.speaker ?? '')].filter((k) => k !== '');
  // A form with its acronym in brackets ("… Religious Freedom (USCIRF)") names the organisation without it too.
  const forms = (fx.speakers?.[gold] ?? []).filter((f) => !PRONOUNS.has(f.toLowerCase())).flatMap((f) => [speakerKey(f), speakerKey(f.replace(/\s*\([A-Z]{2,8}\)\s*$/, ''))]);
  const goldWords = goldKey.split('-');
  return keys.some((k) => {
    // A title left in front of the name ("minority-whip-dick-durbin") still names the person.
    if (k === goldKey || forms.includes(k) || k.endsWith(`-${goldKey}`)) return true;
    const words = k.split('-');
    if (words.at(-1) !== goldWords.at(-1)) return false;
    return words.length === 1 || words[0] === goldWords[0];
  });
}

/**
 * Matches annotated spans to extracted quotations by prefix (whitespace normalised). The k-th span
 * with a given text takes the k-th quotation starting with it, so "null and void" said twice by two
 * people is scored twice. Adds the counts to `into` and returns it.
 */
export function scoreQuotes(name: string, fx: QuoteFixture, quotes: readonly Quote[], into: QuoteTally = emptyQuoteTally()): QuoteTally {
  const t = into as { -readonly [K in keyof QuoteTally]: QuoteTally[K] };
  const matches = (q: Quote, s: QuoteSpan): boolean => norm(q.text).startsWith(norm(s.text));
  const seen = new Map<string, number>();
  for (const s of fx.spans) {
    const k = seen.get(norm(s.text)) ?? 0;
    seen.set(norm(s.text), k + 1);
    const q = quotes.filter((x) => matches(x, s))[k];
    const bucket = s.partial ? t.partial : t.full;
    if (s.kind === 'quote') bucket.n += 1;
    if (!q) {
      if (s.kind === 'quote') t.problems.push(`${name}: missed${s.partial ? ' partial' : ''} "${s.text}"`);
      continue;
    }
    if (s.kind === 'not-quote') continue;
    if (s.kind === 'quote') bucket.found += 1;
    const gold = s.speaker ?? null;
    const right = gold !== null && sameSpeaker(q, gold, s, fx);
    if (s.kind === 'quote' && gold !== null) {
      t.speakerNamed.n += 1;
      if (q.speakerId !== null) t.speakerNamed.named += 1;
      if (right) t.speakerNamed.right += 1;
      else if (q.speakerId === null) t.problems.push(`${name}: "${s.text}" left unattributed, annotated ${gold}`);
    }
    if (q.speakerId === null) t.attribution.unattributed += gold === null ? 0 : 1;
    if (q.speakerId === null && gold === null) t.attribution.correct += 1;
    else if (right) t.attribution.correct += 1;
    else if (q.speakerId !== null) {
      t.attribution.wrong += 1;
      t.problems.push(`${name}: "${s.text}" attributed to ${q.speakerId}, annotated ${String(gold)}`);
    }
  }
  for (const q of quotes) {
    t.extracted += 1;
    const s = fx.spans.find((x) => matches(q, x));
    if (!s || s.kind === 'not-quote') {
      t.falseReports += 1;
      t.problems.push(`${name}: reported non-quote "${q.text.slice(0, 60)}"`);
    }
  }
  return into;
}

export interface QuoteRates {
  readonly quotes: number;
  readonly recallFull: number;
  readonly recallPartial: number;
  readonly recallAll: number;
  /** Share of reported quotations that are real ones. */
  readonly precision: number;
  /** Over found quotations whose speaker the text names. */
  readonly speakerNamedRate: number;
  /** Of those given a speaker, the right one. */
  readonly speakerRightRate: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

export function quoteRates(t: QuoteTally): QuoteRates {
  return {
    quotes: t.full.n + t.partial.n,
    recallFull: ratio(t.full.found, t.full.n),
    recallPartial: ratio(t.partial.found, t.partial.n),
    recallAll: ratio(t.full.found + t.partial.found, t.full.n + t.partial.n),
    precision: ratio(t.extracted - t.falseReports, t.extracted),
    speakerNamedRate: ratio(t.speakerNamed.named, t.speakerNamed.n),
    speakerRightRate: ratio(t.speakerNamed.right, t.speakerNamed.named),
  };
}

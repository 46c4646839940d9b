// Plain data shared by every part of the core. No behaviour lives here.

/** What the text supports: "2016" is a year, "March 2018" a month, "January 20" a day. */
/**
 * How precise a date is, coarsest first. A season is dated by its first month (`2018-06` is summer
 * 2018, `2018-12` winter 2018–19), a week by its Monday (`2019-03-04`).
 */
export type Precision = 'year' | 'season' | 'month' | 'week' | 'day';

/**
 * "early 2011", "mid-2023", "late last July": where in its period the text places the event;
 * "weekend" on a week ("this weekend": its Saturday and Sunday).
 */
export type DateModifier = 'early' | 'mid' | 'late' | 'weekend';

/** An article's metadata, as read from its front matter (or from defaults and its URL). */
export interface ArticleMeta {
  /** Stable id: the file name without extension (unique within a corpus). */
  readonly id: string;
  readonly title: string;
  readonly outlet: string;
  /** ISO date (`2025-02-13`) or date-time, as the source gave it. */
  readonly published: string;
  readonly url?: string;
  readonly authors: readonly string[];
  readonly updated?: string;
  readonly language?: string;
  readonly tags: readonly string[];
  /** Where it was read from, for warnings (a path relative to the corpus folder's parent). */
  readonly source: string;
}

/** An article after cleaning: `text` keeps every sentence of the article word for word. */
export interface Article extends ArticleMeta {
  readonly text: string;
}

/** A passage is an exact slice of its article's cleaned text: `text === article.text.slice(start, end)`. */
export interface Passage {
  /** `<articleId>#<n>`, stable across runs for the same article text. */
  readonly id: string;
  readonly articleId: string;
  /** 1-based position in the article. */
  readonly n: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The transcript speaker label in effect at the start of the passage (`MS. PSAKI`), if any. */
  readonly speaker?: string;
}

/** Where an excerpt stands: everything a reader needs to find it again. */
export interface Citation {
  readonly articleId: string;
  readonly passageId: string;
  readonly title: string;
  readonly outlet: string;
  readonly published: string;
  readonly url?: string;
  /** Passage n of count in the article, and the character range in the cleaned article text. */
  readonly position: { readonly n: number; readonly of: number; readonly start: number; readonly end: number };
}

/** A dated event: a date expression resolved against the article's publication date. */
export interface DatedEvent {
  /**
   * `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the text supports and no more: a season is
   * `YYYY-MM` (its first month), a week `YYYY-MM-DD` (its Monday); `precision` tells them apart.
   */
  readonly date: string;
  readonly precision: Precision;
  /** "early", "mid", "late" or (on a week) "weekend" when the text says so; the date is then still the whole period. */
  readonly modifier?: DateModifier;
  /** The sentence the expression belongs to, verbatim. */
  readonly text: string;
  /** The date expression as it stands in the text ("last month"). */
  readonly expression: string;
  /** Character range of the expression in the article's cleaned text. */
  readonly start: number;
  readonly end: number;
  readonly passageId: string;
  readonly articleId: string;
}

/** A direct quotation, verbatim, with its speaker when the text makes the speaker clear. */
export interface Quote {
  /** Canonical speaker id (`vladimir-putin`), or null when the text does not make it clear. */
  readonly speakerId: string | null;
  /** Canonical display name ("Vladimir Putin"), or null. */
  readonly speaker: string | null;
  /** The quoted words, verbatim: `article.text.slice(start, end) === text`. */
  readonly text: string;
  /** The words that attribute it ("Trump told reporters", "MS. PSAKI:"), or "" when unattributed. */
  readonly cue: string;
  readonly start: number;
  readonly end: number;
  /** The sentence (or sentences) around the quote, verbatim. */
  readonly context: string;
  readonly passageId: string;
  readonly articleId: string;
}

/** A canonical person or group that the corpus quotes. */
export interface Speaker {
  readonly id: string;
  readonly name: string;
  readonly kind: 'person' | 'group';
  readonly aliases: readonly string[];
  /** How many quotes the corpus attributes to this speaker. */
  readonly count: number;
}

/** A non-fatal problem met while loading or indexing, reported to the operator. */
export interface Warning {
  readonly file: string;
  readonly reason: string;
}

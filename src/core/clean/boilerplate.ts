// Stages that remove what is not article text: ad markers, newsletter sign-ups, video captions,
// empty brackets. Each is narrow on purpose: a false positive would delete a sentence of the article.
import { dropParagraphs, mapParagraphs } from './stage.ts';

const AD_MARKERS = /^(?:story continues below(?: this)? advertisement|advertisement|continue reading below|article continues below|scroll to continue with content)$/i;

export const advertisementMarkers = dropParagraphs('advertisement-markers', (p) => AD_MARKERS.test(p.trim()));

/** A sign-up block shows at least three of these signals; an article sentence about newsletters does not. */
const SIGNUP_SIGNALS = [/\bsign up\b/i, /\bnewsletter\b/i, /\bemail address\b|\binbox\b/i, /\bterms and conditions\b|\bprivacy policy\b/i, /\bsubscribe\b/i];

export const newsletterSignup = dropParagraphs('newsletter-signup', (p) => SIGNUP_SIGNALS.filter((re) => re.test(p)).length >= 3);

/**
 * A video caption: a duration (`1:53`, `02:39`, `1:02:03`) alone or followed by a headline-like
 * caption with no full stop. A clock time (`9:36 A.M. EDT`) is a transcript stamp, not a caption.
 */
const CAPTION = /^\d{1,2}:\d{2}(?::\d{2})?(?:\s+(.*))?$/;
export const videoCaptions = dropParagraphs('video-captions', (p) => {
  const m = CAPTION.exec(p.trim());
  if (!m) return false;
  const caption = m[1] ?? '';
  if (/^[AaPp]\.?\s?[Mm]\b/.test(caption)) return false;
  return !/[.!]["”’)]?$/.test(caption) && !/\.\s+[A-Z]/.test(caption);
});

/** `[]`, `()`, `[ ]`: leftovers of stripped media. Whole paragraphs go; inside a paragraph they are cut. */
const cutEmptyBrackets = (p: string): string => p.replace(/\s*(?:\[\s*\]|\(\s*\))/g, '').trim();

/**
 * Cutting can uncover more to cut (`[()]a` leaves `[]a`, `*()*a` leaves `**a`), and cleaning must be
 * idempotent: an imported file is cleaned again when the loader reads it and must read back as
 * written. So the two cutting rules run until a paragraph stops changing (each round shortens it).
 */
function cutToFixedPoint(p: string): string {
  for (let next = cutStrayEmphasis(cutEmptyBrackets(p)); next !== p; next = cutStrayEmphasis(cutEmptyBrackets(p))) p = next;
  return p;
}

export const emptyBrackets = mapParagraphs('empty-brackets', cutToFixedPoint);

export const dropEmpty = dropParagraphs('drop-empty', (p) => p.trim().length === 0);

/**
 * Bold marks CommonMark could not pair (`**Kush Desai: **“…`, a space before the closing marks):
 * in a cleaned paragraph a double asterisk is never article text.
 */
const cutStrayEmphasis = (p: string): string =>
  p
    .replace(/\*\*|__(?=\S)|(?<=\S)__/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();

export const strayEmphasisMarks = mapParagraphs('stray-emphasis-marks', cutStrayEmphasis);

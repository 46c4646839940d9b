// Delivery rules for follow posts: which Discord failures are worth retrying, and when. Pure; the
// clock is a parameter.

/** How a send ended, as the sender saw it. */
export type SendOutcome = { readonly ok: true; readonly messageId: string } | { readonly ok: false; readonly status: number; readonly code?: number; readonly message: string };

/** Retries double from the first wait up to this. */
export const RETRY_MAX_MS = 3600_000;
/** After failing this long, a post is given up (and stays listed as failed). */
export const GIVE_UP_AFTER_MS = 24 * 3600_000;
/**
 * Discord drops a repeated message create with the same nonce (enforce_nonce) for a few minutes:
 * a post whose outcome a crash hid is sent again only within this time, else reported as unknown.
 */
export const NONCE_WINDOW_MS = 2 * 60_000;

/** The moderator's words for a failure. */
export function describeFailure(f: Extract<SendOutcome, { ok: false }>): string {
  if (f.code === 50013 || f.code === 50001) return `Attaché lacks permission to post there (Discord ${f.code}: ${f.message}); grant View Channel, Send Messages and Embed Links`;
  if (f.code === 10003) return `the channel no longer exists (Discord 10003)`;
  if (f.status === 429) return 'rate limited by Discord';
  if (f.status >= 500 || f.status === 0) return `Discord did not take the post (${f.status === 0 ? f.message : `HTTP ${f.status}`})`;
  return `Discord refused the post (HTTP ${f.status}${f.code === undefined ? '' : `, code ${f.code}`}: ${f.message})`;
}

/**
 * When to try again after `attempts` failed attempts (1 for the first failure), or undefined to
 * give up: a post that keeps failing for a day is reported as failed instead of retried forever.
 */
export function nextRetry(nowMs: number, firstAttemptMs: number, attempts: number, baseMs: number): number | undefined {
  if (nowMs - firstAttemptMs >= GIVE_UP_AFTER_MS) return undefined;
  const wait = Math.min(RETRY_MAX_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return nowMs + wait;
}

/** The nonce that makes Discord drop a second create of the same post (at most 25 characters). */
export function postNonce(followId: number, storyKey: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${followId}:${storyKey}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `f${followId.toString(36)}-${h.toString(36)}`.slice(0, 25);
}

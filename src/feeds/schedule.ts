// When to poll a feed next, as polite feed readers do. Pure: the clock and the random source are
// parameters, so tests state exact times.

export interface PollPolicy {
  /** No feed is polled more often than this, whatever it asks for. */
  readonly floorS: number;
  /** Longest wait a server's Cache-Control max-age, RSS ttl or Retry-After may impose. */
  readonly hintCapS: number;
  /** First wait after a failure; doubled each failure in a row, up to backoffCapS. */
  readonly backoffBaseS: number;
  readonly backoffCapS: number;
  /** Failures in a row after which a feed shows as failing, and is disabled. */
  readonly failingAfter: number;
  readonly disableAfter: number;
  /** ± this fraction of every wait, so feeds added together do not stay in step. */
  readonly jitter: number;
  /** Items published longer ago than this are skipped. */
  readonly maxItemAgeDays: number;
}

export const POLL_POLICY: PollPolicy = {
  floorS: 600,
  hintCapS: 24 * 3600,
  backoffBaseS: 300,
  backoffCapS: 24 * 3600,
  failingAfter: 3,
  disableAfter: 10,
  jitter: 0.15,
  maxItemAgeDays: 30,
};

/** A random number in [0, 1), injected (Math.random in production, fixed in tests). */
export type Random = () => number;

export function jittered(ms: number, random: Random, fraction: number): number {
  return Math.round(ms * (1 + (random() * 2 - 1) * fraction));
}

/** `Cache-Control: max-age=N` in seconds (s-maxage ignored: we are no shared cache); no-cache/no-store say nothing here. */
export function maxAgeS(cacheControl: string | undefined): number | undefined {
  const m = cacheControl === undefined ? null : /(?:^|[,\s])max-age\s*=\s*"?(\d+)/i.exec(cacheControl);
  return m ? Number(m[1]) : undefined;
}

/** `Retry-After` as a wait in ms: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** `n` failures in a row: 5 min, 10, 20 … capped at a day. */
export function backoffMs(failures: number, p: PollPolicy = POLL_POLICY): number {
  return Math.min(p.backoffBaseS * 2 ** Math.max(0, failures - 1), p.backoffCapS) * 1000;
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Moves `ms` past hours (GMT) and days the feed asked not to be read in; at most a week later. */
export function afterSkips(ms: number, skipHours: readonly number[], skipDays: readonly string[]): number {
  const hours = new Set(skipHours.filter((h) => h >= 0 && h <= 23));
  const days = new Set(skipDays.map((d) => d.trim().toLowerCase()));
  // A feed that skips every hour would never be read: then the hint is ignored.
  if (hours.size >= 24 || days.size >= 7) return ms;
  let at = ms;
  for (let i = 0; i < 24 * 8; i++) {
    const d = new Date(at);
    if (!hours.has(d.getUTCHours()) && !days.has(DAYS[d.getUTCDay()] as string)) return at;
    at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
  }
  return ms;
}

export interface SuccessHints {
  readonly intervalS: number;
  readonly maxAgeS?: number | undefined;
  readonly ttlMinutes?: number | undefined;
  readonly skipHours?: readonly number[];
  readonly skipDays?: readonly string[];
}

/** The next poll after a successful one: the longest of the floor, the feed's interval and the server's hints (capped), jittered. */
export function nextAfterSuccess(h: SuccessHints, nowMs: number, random: Random, p: PollPolicy = POLL_POLICY): number {
  const cap = (s: number | undefined): number => Math.min(s ?? 0, p.hintCapS);
  const waitS = Math.max(p.floorS, h.intervalS, cap(h.maxAgeS), cap(h.ttlMinutes === undefined ? undefined : h.ttlMinutes * 60));
  const wait = Math.max(p.floorS * 1000, jittered(waitS * 1000, random, p.jitter));
  return afterSkips(nowMs + wait, h.skipHours ?? [], h.skipDays ?? []);
}

/** The next poll after the `failures`-th failure in a row, no sooner than a Retry-After (capped). */
export function nextAfterFailure(failures: number, retryAfter: number | undefined, nowMs: number, random: Random, p: PollPolicy = POLL_POLICY): number {
  const wait = Math.max(jittered(backoffMs(failures, p), random, p.jitter), Math.min(retryAfter ?? 0, p.hintCapS * 1000));
  return nowMs + wait;
}

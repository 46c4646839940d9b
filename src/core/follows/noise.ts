// Noise control: how many stories a follow may post now, and when a follow matches so much of
// what arrives that it is no longer a filter.

/** The stories to post one by one and the ones listed together in one digest message. */
export function splitByQuota<T>(stories: readonly T[], postedLastHour: number, maxPerHour: number): { readonly post: readonly T[]; readonly digest: readonly T[] } {
  const room = Math.max(0, maxPerHour - postedLastHour);
  // A digest of one story is just a post: only split when at least two would be listed.
  if (stories.length <= room) return { post: stories, digest: [] };
  return { post: stories.slice(0, room), digest: stories.slice(room) };
}

/** A follow's counts over its current window (articles it could match, and matched). */
export interface MatchWindow {
  readonly considered: number;
  readonly matched: number;
}

/** Below this many articles a share says little. */
export const BROAD_MIN_ARTICLES = 20;
/** A follow matching more than this share of what arrives is too broad to be useful. */
export const BROAD_SHARE = 0.3;
/** How long counts add up before starting again. */
export const MATCH_WINDOW_MS = 24 * 3600_000;

/** The share matched when it is too broad, else undefined. */
export function tooBroad(w: MatchWindow): number | undefined {
  if (w.considered < BROAD_MIN_ARTICLES) return undefined;
  const share = w.matched / w.considered;
  return share > BROAD_SHARE ? share : undefined;
}

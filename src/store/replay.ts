// The interaction replay guard: a signed HTTP interaction is accepted once. Discord's signature
// and the five-minute timestamp window stop forgeries and old captures; this stops a capture
// replayed inside the window. Redis and PostgreSQL guards (shared by every replica) live with
// their stores; this one remembers in process memory, so without either a replay is refused at
// least by the replica that saw the original.

export interface ReplayGuard {
  /**
   * True the first time `key` is seen within `ttlMs`, false for a repeat. Rejects with
   * StoreUnavailableError when a shared guard cannot answer (the caller then accepts: the
   * timestamp window still bounds a replay).
   */
  firstSeen(key: string, nowMs: number, ttlMs: number): Promise<boolean>;
}

/**
 * A signed request is fresh for five minutes either side of its timestamp, so one first seen at
 * any moment of that span could be replayed up to ten minutes later: a key is kept that long.
 */
export const REPLAY_WINDOW_MS = 10 * 60 * 1000;

export class MemoryReplayGuard implements ReplayGuard {
  /** Key → when it may be forgotten; insertion order is expiry order (the ttl is constant in use). */
  private readonly seen = new Map<string, number>();

  async firstSeen(key: string, nowMs: number, ttlMs: number): Promise<boolean> {
    this.forgetBefore(nowMs);
    const until = this.seen.get(key);
    if (until !== undefined && until > nowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, nowMs + ttlMs);
    return true;
  }

  private forgetBefore(nowMs: number): void {
    for (const [key, until] of this.seen) {
      if (until > nowMs) break;
      this.seen.delete(key);
    }
  }
}

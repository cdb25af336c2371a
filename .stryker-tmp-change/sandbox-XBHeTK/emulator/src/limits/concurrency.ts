/** One concurrency limit to check: how many calls may be in flight under `key` at once. */
// @ts-nocheck

export interface ConcurrencyClaim {
  key: string;
  limit: number;
}

/**
 * In-flight call counts per key. A call takes a slot under every claim or none of them (so a refusal by
 * the tenant limit leaves the user's count untouched), and gives them back exactly once.
 */
export class ConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();

  /** The first claim that is full, or a release function when every claim had room. */
  tryAcquire(claims: readonly ConcurrencyClaim[]): { ok: true; release: () => void } | { ok: false; refused: ConcurrencyClaim } {
    const active = claims.filter((claim) => claim.limit > 0);
    const refused = active.find((claim) => (this.inFlight.get(claim.key) ?? 0) >= claim.limit);
    if (refused) return { ok: false, refused };
    for (const claim of active) this.inFlight.set(claim.key, (this.inFlight.get(claim.key) ?? 0) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        for (const claim of active) {
          const left = (this.inFlight.get(claim.key) ?? 1) - 1;
          if (left > 0) this.inFlight.set(claim.key, left);
          else this.inFlight.delete(claim.key);
        }
      },
    };
  }

  current(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}

import { LRUCache } from 'lru-cache';

/** What verifying one token gave: the value to hand out, and when (epoch ms) the token stops being valid. */
export interface Verified<T> {
  value: T;
  expiresAt: number;
}

export interface ValidatedTokenCacheOptions {
  /** Tokens kept at most (each costs its own length plus the principal: about 2 KB). */
  max?: number;
  /** Never trust a verification longer than this, whatever the token's `exp`: bounds how long a retired signing key still admits. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Verifying an SSO token's RS256 signature is about a fifth of the API's CPU under load (README, Performance),
 * and a tab sends the same token with every request for up to an hour. So a token that passed every check is
 * remembered, keyed by its exact text, until its `exp` (never later, and never longer than `maxAgeMs`); a
 * refused one is not, so every bad token is checked in full each time. Concurrent requests with one new token
 * share its single verification.
 */
export function rememberValidatedTokens<T extends object>(
  verify: (token: string) => Promise<Verified<T>>,
  { max = 2_000, maxAgeMs = 300_000, now = Date.now }: ValidatedTokenCacheOptions = {},
): (token: string) => Promise<T> {
  // ttlResolution 0: read the clock on every look-up, so no token outlives its exp by lru-cache's cached time.
  const valid = new LRUCache<string, T>({ max, ttlResolution: 0, perf: { now } });
  const inflight = new Map<string, Promise<T>>();
  return (token) => {
    const known = valid.get(token);
    if (known) return Promise.resolve(known);
    let pending = inflight.get(token);
    if (!pending) {
      pending = verify(token)
        .then(({ value, expiresAt }) => {
          const ttl = Math.min(maxAgeMs, expiresAt - now());
          if (ttl > 0) valid.set(token, value, { ttl });
          return value;
        })
        .finally(() => inflight.delete(token));
      inflight.set(token, pending);
    }
    return pending;
  };
}

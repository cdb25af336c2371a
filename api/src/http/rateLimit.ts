import type { RequestHandler } from 'express';
import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors.ts';

export interface RateLimitOptions {
  /** Sustained writes per minute per user. */
  perMinute?: number;
  /** Writes a user may make at once before the sustained rate applies. */
  burst?: number;
  /** Buckets kept before full (idle) ones are dropped. */
  maxBuckets?: number;
  now?: () => number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Not a write to Microsoft 365, and it runs before sign-in, so there is no user to count it against. */
const EXEMPT_PATHS = new Set(['/demo/token']);

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A per-user token bucket on write requests (POST, PUT, PATCH, DELETE), keyed by tenant and user from the
 * authenticated principal, so it must run after authentication. It protects the tenant's Graph and Exchange
 * write budgets from a runaway script; an admin fixing accounts in the tab stays far below it, and bulk
 * fixes are one job request. Over the limit: 429 `rate_limited` with Retry-After. In memory, per instance.
 */
export function rateLimit(options: RateLimitOptions = {}): RequestHandler {
  const perMinute = options.perMinute ?? 60;
  const burst = options.burst ?? 40;
  const maxBuckets = options.maxBuckets ?? 10_000;
  const now = options.now ?? Date.now;
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();

  const refill = (bucket: Bucket, at: number) => {
    bucket.tokens = Math.min(burst, bucket.tokens + (at - bucket.at) * perMs);
    bucket.at = at;
  };

  return (req, res, next) => {
    if (!WRITE_METHODS.has(req.method) || EXEMPT_PATHS.has(req.path)) return next();
    const principal = res.locals.principal as Principal | undefined;
    if (!principal) return next(new Error('rateLimit must run after authentication'));
    const key = `${principal.tenantId}|${principal.userId}`;
    const at = now();
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= maxBuckets) shrink(buckets, maxBuckets, at, refill, burst);
      bucket = { tokens: burst, at };
      buckets.set(key, bucket);
    }
    refill(bucket, at);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return next();
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    res.setHeader('Retry-After', String(retryAfter));
    next(
      new AppError(
        429,
        'rate_limited',
        `You are making changes faster than Room Accounts allows (${perMinute} a minute). Try again in ${retryAfter} s, or use a bulk job for many accounts.`,
      ),
    );
  };
}

/** Forget users whose bucket has refilled (the state a new bucket starts in); then, if still full, the oldest. */
function shrink(
  buckets: Map<string, Bucket>,
  maxBuckets: number,
  at: number,
  refill: (bucket: Bucket, at: number) => void,
  burst: number,
): void {
  for (const [key, bucket] of buckets) {
    refill(bucket, at);
    if (bucket.tokens >= burst) buckets.delete(key);
  }
  for (const key of buckets.keys()) {
    if (buckets.size < maxBuckets) break;
    buckets.delete(key);
  }
}

/**
 * A token bucket as Graph describes its identity limits (graph-engineering.md §1.2): `capacity` units that
 * refill evenly over `windowMs`. Callers first ask how long a cost would wait, then take it, so a call that
 * several buckets govern is charged only when every one of them has room.
 */
// @ts-nocheck

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Milliseconds until `cost` units are available (0 when they are now); a cost above capacity waits for a full bucket. */
  waitMs(cost: number, now: number): number {
    this.refill(now);
    const needed = Math.min(cost, this.capacity) - this.tokens;
    return needed <= 0 ? 0 : Math.ceil((needed * this.windowMs) / this.capacity);
  }

  /** Charge `cost` units; only call after `waitMs` returned 0. */
  take(cost: number, now: number): void {
    this.refill(now);
    this.tokens = Math.max(0, this.tokens - Math.min(cost, this.capacity));
  }

  /** Units left right now, for reports and tests. */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    const elapsed = now - this.updatedAt;
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.capacity) / this.windowMs);
      this.updatedAt = now;
    }
  }
}

/** Buckets created on first use, one per key (tenant, app+tenant, user, mailbox...). */
export class BucketMap {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
  ) {}

  get(key: string, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.capacity, this.windowMs, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

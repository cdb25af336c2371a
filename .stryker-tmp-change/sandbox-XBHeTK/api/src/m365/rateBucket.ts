/**
 * Token buckets that pace our own calls (graph-engineering.md §1.2, §1.4, §1.5). The rate and burst come from
 * a RatePolicy: a fixed rate shrunk by 429s (AdaptiveRate, Graph) or a learned one (LearnedRate, Exchange).
 * The math is pure and clock-driven; LocalRateBucket only adds the waiting.
 */
// @ts-nocheck


/** A sustained rate with a burst allowance. */
export interface RateSpec {
  ratePerSecond: number;
  burst: number;
}

/** How hard to back off on a 429 and how fast to recover. */
export interface AdaptiveSettings {
  /** Multiply the rate by this on a 429. */
  decrease: number;
  /** Never go below this fraction of the configured rate. */
  minFactor: number;
  /** Fraction of the configured rate regained per second without a new 429. */
  recoveryPerSecond: number;
  /** 429s arriving within this window of the previous one count as the same event. */
  coalesceMs: number;
}

/** The waiting a call would need ends after its deadline: fail now instead of waiting in vain. */
export class BudgetWaitExceeded extends Error {
  override name = 'BudgetWaitExceeded';

  constructor(readonly bucket: string) {
    super(`Our own throttle budget (${bucket}) cannot admit this call before its deadline.`);
  }
}

/**
 * A multiplier in [minFactor, 1] applied to a rate or a concurrency limit: shrunk on a 429, capped early by
 * Graph's `x-ms-throttle-limit-percentage`, and recovering linearly while no new 429 arrives.
 */
export class AdaptiveFactor {
  private base = 1;
  private since = Number.NEGATIVE_INFINITY;
  private lastPenalty = Number.NEGATIVE_INFINITY;

  constructor(private readonly settings: AdaptiveSettings) {}

  value(now: number): number {
    if (this.base >= 1) return 1;
    return Math.min(1, this.base + (Math.max(0, now - this.since) / 1000) * this.settings.recoveryPerSecond);
  }

  /** A 429: shrink, unless this is an echo of one just counted. */
  penalize(now: number): void {
    if (now - this.lastPenalty < this.settings.coalesceMs) return;
    this.lastPenalty = now;
    this.base = Math.max(this.settings.minFactor, this.value(now) * this.settings.decrease);
    this.since = now;
  }

  /** Graph says `fraction` (0.8–1.8) of its limit is used: slow to a matching share before a 429 comes. */
  pressure(fraction: number, now: number): void {
    const target = Math.max(this.settings.minFactor, Math.min(1, 1 - (fraction - 0.75) * 2));
    if (target < this.value(now)) {
      this.base = target;
      this.since = now;
    }
  }
}

/** Where a bucket's rate and burst come from, and what it learns from the service. */
export interface RatePolicy {
  /** The rate and burst to apply now. */
  current(now: number): RateSpec;
  /** A 429 for a call charged here. */
  throttled(now: number): void;
  /** The service reports `fraction` of its limit used (Graph only). */
  pressure(fraction: number, now: number): void;
}

/** A configured rate, shrunk by 429s and throttle percentages and recovering up to it (Graph's published limits). */
export class AdaptiveRate implements RatePolicy {
  readonly factor: AdaptiveFactor;

  constructor(
    private readonly spec: RateSpec,
    adaptive: AdaptiveSettings,
  ) {
    this.factor = new AdaptiveFactor(adaptive);
  }

  current(now: number): RateSpec {
    const factor = this.factor.value(now);
    return { ratePerSecond: this.spec.ratePerSecond * factor, burst: Math.max(1, this.spec.burst * factor) };
  }

  throttled(now: number): void {
    this.factor.penalize(now);
  }

  pressure(fraction: number, now: number): void {
    this.factor.pressure(fraction, now);
  }
}

/**
 * A token bucket with reservations: a caller takes its tokens now (the balance may go negative) and is told
 * how long to wait, so waiters are served in arrival order without polling.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private blockedUntil = 0;

  constructor(
    readonly policy: RatePolicy,
    now: number,
  ) {
    this.tokens = policy.current(now).burst;
    this.updatedAt = now;
  }

  private refill(now: number): RateSpec {
    const spec = this.policy.current(now);
    if (now > this.updatedAt) {
      this.tokens = Math.min(spec.burst, this.tokens + ((now - this.updatedAt) / 1000) * spec.ratePerSecond);
      this.updatedAt = now;
    } else {
      this.tokens = Math.min(spec.burst, this.tokens);
    }
    return spec;
  }

  /** The balance after refilling to `now` (for tests and diagnostics). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Until when a 429 paused this bucket (epoch ms). */
  pausedUntil(): number {
    return this.blockedUntil;
  }

  /**
   * Reserve `cost` tokens and return the wait in ms before spending them; undefined (nothing reserved) when
   * the wait would end after `deadline`. A cost above the burst is capped so it can still pass.
   */
  reserve(cost: number, now: number, deadline = Number.POSITIVE_INFINITY): number | undefined {
    const spec = this.refill(now);
    const take = Math.min(cost, spec.burst);
    const after = this.tokens - take;
    const refillWait = after >= 0 ? 0 : (-after / spec.ratePerSecond) * 1000;
    const wait = Math.ceil(Math.max(this.blockedUntil - now, refillWait));
    if (now + wait > deadline) return undefined;
    this.tokens = after;
    return wait;
  }

  /** A 429 on this bucket: pause until Retry-After, empty the burst, and let the policy slow down. */
  throttled(now: number, retryAfterMs = 1_000): void {
    this.refill(now);
    this.policy.throttled(now);
    this.blockedUntil = Math.max(this.blockedUntil, now + retryAfterMs);
    this.tokens = Math.min(this.tokens, 0);
  }
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A rate limit shared by the calls of one tenant. Replace with a store-backed one to share across processes. */
export interface RateBucket {
  /** Wait until `cost` units may be spent; rejects with BudgetWaitExceeded if that is after `deadline`. */
  take(cost: number, deadline?: number): Promise<void>;
  /** The service answered 429 for a call charged here. */
  throttled(retryAfterMs?: number): void;
  /** The service reports `fraction` of its limit used. */
  pressure(fraction: number): void;
}

/** The in-process RateBucket. */
export class LocalRateBucket implements RateBucket {
  private readonly bucket: TokenBucket;

  constructor(
    private readonly name: string,
    policy: RatePolicy,
    private readonly clock: Clock = systemClock,
  ) {
    this.bucket = new TokenBucket(policy, clock.now());
  }

  async take(cost: number, deadline?: number): Promise<void> {
    const wait = this.bucket.reserve(cost, this.clock.now(), deadline);
    if (wait === undefined) throw new BudgetWaitExceeded(this.name);
    if (wait > 0) await this.clock.sleep(wait);
    // A 429 seen by another call while we slept pauses us too.
    for (let paused = this.bucket.pausedUntil() - this.clock.now(); paused > 0; paused = this.bucket.pausedUntil() - this.clock.now()) {
      if (deadline !== undefined && this.clock.now() + paused > deadline) throw new BudgetWaitExceeded(this.name);
      await this.clock.sleep(paused);
    }
  }

  throttled(retryAfterMs?: number): void {
    this.bucket.throttled(this.clock.now(), retryAfterMs);
  }

  pressure(fraction: number): void {
    this.bucket.policy.pressure(fraction, this.clock.now());
  }
}

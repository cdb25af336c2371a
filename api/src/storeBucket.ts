import { log } from './log.ts';
import type { SqlClient } from './store/sql.ts';
import { ensureBucket, pauseBucket, returnTokens, takeTokens, type BucketKey, type BucketRate } from './store/throttleBudget.ts';
import {
  BudgetWaitExceeded,
  LocalRateBucket,
  systemClock,
  type Clock,
  type RateBucket,
  type RateBucketFactory,
  type RatePolicy,
} from './m365/index.ts';

/**
 * A RateBucket kept in the store (one atomic UPDATE per take), so API instances sharing a PostgreSQL spend
 * one tenant budget between them instead of one each. Each instance paces by its own policy (the 429s and
 * pressure it sees; for Exchange, the rate it learned from the service's headers, which every instance reads
 * from the same service budget, so they agree without storing it); the shared row refills at the rate of
 * whichever instance touches it, so together they never exceed the fastest one's. A 429 also drains the
 * shared bucket, pausing every instance until Retry-After. If the store cannot be reached, calls fall back to
 * an in-process bucket rather than fail.
 *
 * It sits at the composition level, beside clients.ts, because it joins two folders that may not import each
 * other: m365/ (which paces calls through the RateBucket it is given) and store/ (which keeps the row).
 */
export class StoreRateBucket implements RateBucket {
  private readonly fallback: LocalRateBucket;
  private ready: Promise<void> | undefined;
  private storeFailing = false;

  constructor(
    private readonly db: SqlClient,
    private readonly key: BucketKey,
    private readonly policy: RatePolicy,
    private readonly clock: Clock = systemClock,
  ) {
    this.fallback = new LocalRateBucket(this.name, policy, clock);
  }

  private get name(): string {
    return `${this.key.bucket} of ${this.key.tenantId}`;
  }

  async take(cost: number, deadline?: number): Promise<void> {
    const rate = this.rate();
    const take = Math.min(cost, rate.capacity);
    let balance: number;
    try {
      balance = await this.takeFromStore(rate, take);
      this.storeFailing = false;
    } catch (error) {
      if (!this.storeFailing) log('warn', 'throttle_budget_store_unavailable', { bucket: this.name, error });
      this.storeFailing = true;
      return this.fallback.take(cost, deadline);
    }
    const wait = balance >= 0 ? 0 : Math.ceil((-balance / rate.ratePerSecond) * 1000);
    if (deadline !== undefined && this.clock.now() + wait > deadline) {
      await returnTokens(this.db, this.key, rate.capacity, take).catch(() => undefined);
      throw new BudgetWaitExceeded(this.name);
    }
    if (wait > 0) await this.clock.sleep(wait);
  }

  throttled(retryAfterMs = 1_000): void {
    // The fallback's bucket tells the (shared) policy once; the store's row is paused for every instance.
    this.fallback.throttled(retryAfterMs);
    pauseBucket(this.db, this.key, this.rate(), retryAfterMs).catch((error: unknown) =>
      log('warn', 'throttle_budget_store_unavailable', { bucket: this.name, error }),
    );
  }

  pressure(fraction: number): void {
    this.fallback.pressure(fraction);
  }

  private rate(): BucketRate {
    const spec = this.policy.current(this.clock.now());
    return { ratePerSecond: spec.ratePerSecond, capacity: spec.burst };
  }

  private async takeFromStore(rate: BucketRate, cost: number): Promise<number> {
    this.ready ??= ensureBucket(this.db, this.key, rate.capacity).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    const balance = await takeTokens(this.db, this.key, rate, cost);
    if (balance !== null) return balance;
    // The row was removed under us: create it again once.
    this.ready = undefined;
    await ensureBucket(this.db, this.key, rate.capacity);
    return (await takeTokens(this.db, this.key, rate, cost)) ?? 0;
  }
}

/** The BudgetRegistry hook (`bucketFactory`): every tenant-wide rate bucket lives in the store. */
export function storeBucketFactory(db: SqlClient): RateBucketFactory {
  return (tenantId, name, policy) => new StoreRateBucket(db, { tenantId, bucket: name }, policy);
}

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
 * Tokens taken ahead of need are at most a quarter second of the pace (and a quarter of the bucket), and stay
 * ours to spend for LEASE_MS. A small budget (sign-in activity, reports: under 4 a second) is never leased, so
 * each of its calls still asks the store.
 */
const LEASE_SECONDS_OF_PACE = 0.25;
export const LEASE_MS = 1_000;

/** Tokens worth taking ahead at this rate; 0 when even one would be more than a quarter second of the pace. */
export function leaseOf(rate: BucketRate): number {
  return Math.floor(Math.min(rate.capacity / 4, rate.ratePerSecond * LEASE_SECONDS_OF_PACE));
}

/**
 * A RateBucket kept in the store (one atomic UPDATE per take), so API instances sharing a PostgreSQL spend
 * one tenant budget between them instead of one each. Each instance paces by its own policy (the 429s and
 * pressure it sees; for Exchange, the rate it learned from the service's headers, which every instance reads
 * from the same service budget, so they agree without storing it); the shared row refills at the rate of
 * whichever instance touches it, so together they never exceed the fastest one's. A 429 also drains the
 * shared bucket, pausing every instance until Retry-After. If the store cannot be reached, calls fall back to
 * an in-process bucket rather than fail.
 *
 * A take that finds tokens left over also leases a few more (`leaseOf`), and the next takes spend them
 * without a store round trip for up to LEASE_MS. Why: the bench's time line put that round trip on every
 * Graph users page (35-130 ms each while the sync's own writes kept PostgreSQL busy) and on every Exchange
 * envelope while it held its concurrency slot. Leased tokens are debited from the shared row when taken, so
 * the instances together still never spend more than the bucket; they are only taken from a surplus, never
 * into debt, and dropped (not given back) when unused. The price: a 429 seen by another instance pauses this
 * one only once its lease is spent (a quarter second of the pace) or has run out (LEASE_MS).
 *
 * It sits at the composition level, beside clients.ts, because it joins two folders that may not import each
 * other: m365/ (which paces calls through the RateBucket it is given) and store/ (which keeps the row).
 */
export class StoreRateBucket implements RateBucket {
  private readonly fallback: LocalRateBucket;
  private ready: Promise<void> | undefined;
  private storeFailing = false;
  /** Tokens taken from the store ahead of need, and until when they may be spent. */
  private held = 0;
  private heldUntil = 0;
  /** A take asking for a lease is on its way: concurrent takes ask for none, so what is held stays one lease. */
  private leasing = false;
  /** 429s seen so far: a lease that comes back after one is not kept. */
  private pauses = 0;

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
    if (this.clock.now() >= this.heldUntil) this.held = 0;
    if (this.held >= cost) {
      this.held -= cost;
      return;
    }
    const rate = this.rate();
    const take = Math.min(cost, rate.capacity);
    let balance: number;
    const lease = this.leasing ? 0 : leaseOf(rate);
    if (lease > 0) this.leasing = true;
    const pauses = this.pauses;
    try {
      const taken = await this.takeFromStore(rate, take, lease);
      balance = taken.balance;
      if (taken.leased > 0 && pauses === this.pauses) {
        this.held += taken.leased;
        this.heldUntil = this.clock.now() + LEASE_MS;
      }
      this.storeFailing = false;
    } catch (error) {
      if (!this.storeFailing) log('warn', 'throttle_budget_store_unavailable', { bucket: this.name, error });
      this.storeFailing = true;
      return this.fallback.take(cost, deadline);
    } finally {
      if (lease > 0) this.leasing = false;
    }
    const wait = balance >= 0 ? 0 : Math.ceil((-balance / rate.ratePerSecond) * 1000);
    if (deadline !== undefined && this.clock.now() + wait > deadline) {
      await returnTokens(this.db, this.key, rate.capacity, take).catch(() => undefined);
      throw new BudgetWaitExceeded(this.name);
    }
    if (wait > 0) await this.clock.sleep(wait);
  }

  throttled(retryAfterMs = 1_000): void {
    this.held = 0;
    this.pauses += 1;
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

  private async takeFromStore(rate: BucketRate, cost: number, lease: number): Promise<{ balance: number; leased: number }> {
    this.ready ??= ensureBucket(this.db, this.key, rate.capacity).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
    const taken = await takeTokens(this.db, this.key, rate, cost, lease);
    if (taken !== null) return taken;
    // The row was removed under us: create it again once.
    this.ready = undefined;
    await ensureBucket(this.db, this.key, rate.capacity);
    return (await takeTokens(this.db, this.key, rate, cost, lease)) ?? { balance: 0, leased: 0 };
  }
}

/** The BudgetRegistry hook (`bucketFactory`): every tenant-wide rate bucket lives in the store. */
export function storeBucketFactory(db: SqlClient): RateBucketFactory {
  return (tenantId, name, policy) => new StoreRateBucket(db, { tenantId, bucket: name }, policy);
}

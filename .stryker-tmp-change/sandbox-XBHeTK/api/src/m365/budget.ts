/**
 * Per-tenant throttle budget: we pace our own traffic below Microsoft's limits (graph-engineering.md §1.2,
 * §1.4, §1.5) so bulk jobs slow down before they are throttled, and we back off harder when they are.
 * Graph's limits are published, so its rates are fixed (AdaptiveRate); Exchange's are not, so they start at
 * the legacy figures and are learned from its headers and 429s (LearnedRate). The math lives in
 * rateBucket.ts, concurrency.ts and learnedRate.ts, pure and clock-driven; this module wires it per tenant.
 */
// @ts-nocheck

import type { RateLimitInfo } from './errors.ts';
import { ConcurrencyLimiter, KeyedLimiters } from './concurrency.ts';
import { DEFAULT_LEARNING, LearnedRate, readingOf, type LearningSettings } from './learnedRate.ts';
import { AdaptiveRate, LocalRateBucket, type AdaptiveSettings, type RateBucket, type RatePolicy, type RateSpec } from './rateBucket.ts';

export * from './rateBucket.ts';
export { ConcurrencyLimiter } from './concurrency.ts';
export { DEFAULT_LEARNING, LearnedRate, readingOf, type BudgetReading, type LearningSettings } from './learnedRate.ts';

export interface BudgetLimits {
  /** Graph identity resource units per app+tenant (S tenant: 3,500 / 10 s), with 10 % headroom. */
  graphResourceUnits: RateSpec;
  /** Graph identity writes per app+tenant (3,000 / 150 s), with 10 % headroom. */
  graphWrites: RateSpec;
  /** Exchange cmdlets per tenant to start from (legacy EXO: 25 / 5 s per user), with 5 % headroom; then learned. */
  exchangeCmdlets: RateSpec;
  /** Exchange Set-* cmdlets per tenant to start from (legacy EXO PowerShellMaxDestructiveCmdlets: 120 / 60 s per user), with 5 % headroom; then learned. */
  exchangeWrites: RateSpec;
  /** Exchange calls in flight per tenant (legacy EXO: 9). */
  exchangeConcurrency: number;
  /** Exchange calls in flight per signed-in user (legacy EXO: 3). */
  exchangeConcurrencyPerUser: number;
  /** Outlook calls (Graph places) in flight per mailbox (4). */
  mailboxConcurrency: number;
  adaptive: AdaptiveSettings;
  /** How the Exchange rates are learned (AIMD and the `Rate-Limit-*` headers). */
  learning: LearningSettings;
}

export const DEFAULT_BUDGET_LIMITS: BudgetLimits = {
  graphResourceUnits: { ratePerSecond: 315, burst: 350 },
  // 3,000 per 150 s is a bucket of 3,000 refilling at 20/s: keep 10 % of both for other work of the app.
  graphWrites: { ratePerSecond: 18, burst: 2_700 },
  // 5 % under the 5/s the legacy budget allows, and a burst that leaves 5 of its 25 to the admin's other tools.
  exchangeCmdlets: { ratePerSecond: 4.75, burst: 20 },
  // 5 % under the legacy 120 Set-* per 60 s, with a burst that leaves 20 of the 120 to the admin's other tools.
  exchangeWrites: { ratePerSecond: 1.9, burst: 100 },
  exchangeConcurrency: 9,
  exchangeConcurrencyPerUser: 3,
  mailboxConcurrency: 4,
  // Mild enough that occasional 429s (chaos) keep us near full speed; sustained ones are met by Retry-After.
  adaptive: { decrease: 0.7, minFactor: 0.2, recoveryPerSecond: 0.05, coalesceMs: 5_000 },
  learning: DEFAULT_LEARNING,
};

/** What one outgoing call will spend. */
export interface BudgetCall {
  service: 'graph' | 'exchange';
  /** Graph identity resource units (see graphCost); 0 for calls outside the identity service. */
  resourceUnits?: number;
  /** Graph identity writes, or Exchange Set-* cmdlets. */
  writes?: number;
  /** Exchange cmdlets one HTTP request carries (a `$batch` envelope: up to 10); 1 when absent. */
  cmdlets?: number;
  /** The mailbox an Outlook call (Graph places) targets. */
  mailbox?: string;
  /** The signed-in user of an Exchange call (token `oid`), for the per-user concurrency limit. */
  user?: string;
  /** Epoch ms: fail with BudgetWaitExceeded rather than wait past it. */
  deadline?: number;
}

/** What the service told us about a call, fed back to the budget. */
export interface CallOutcome {
  status: number;
  retryAfterMs?: number;
  /** Graph `x-ms-throttle-limit-percentage` (0.8–1.8). */
  limitFraction?: number;
  /** Graph `x-ms-throttle-information`, e.g. `WriteLimitExceeded`. */
  throttleInformation?: string;
  /** Exchange's `Rate-Limit-*` and `X-ConcurrencyCount` headers: the Exchange rates learn from them. */
  rateLimit?: RateLimitInfo;
}

export interface Lease {
  /** Free the call's concurrency slots and learn from its outcome. Call exactly once. */
  release(outcome?: CallOutcome): void;
}

/** The budget of one tenant, shared by every client of that tenant in this process. */
export interface TenantBudget {
  acquire(call: BudgetCall): Promise<Lease>;
  /**
   * The most Exchange cmdlets one request should carry: a `$batch` larger than the service's bucket can hold
   * would have its extra items answered 429 every time. Absent: no limit of ours.
   */
  exchangeCmdletsPerRequest?(): number;
}

export type RateBucketName = 'graphResourceUnits' | 'graphWrites' | 'exchangeCmdlets' | 'exchangeWrites';

/** Creates the tenant-wide rate buckets around the policy that sets their pace; the default keeps them in memory. */
export type RateBucketFactory = (tenantId: string, name: RateBucketName, policy: RatePolicy) => RateBucket;

/** The in-process TenantBudget: Graph RU and write buckets, Exchange rate and concurrency, per-mailbox slots. */
export class LocalTenantBudget implements TenantBudget {
  private readonly graphRu: RateBucket;
  private readonly graphWrites: RateBucket;
  private readonly exchangeRate: RateBucket;
  private readonly exchangeWrites: RateBucket;
  /** What we know of the tenant's Exchange budget: the pace of the two Exchange buckets. */
  readonly cmdletRate: LearnedRate;
  readonly writeRate: LearnedRate;
  private readonly exchangeSlots: ConcurrencyLimiter;
  private readonly userSlots: KeyedLimiters;
  private readonly mailboxSlots: KeyedLimiters;

  constructor(
    tenantId: string,
    limits: BudgetLimits,
    factory: RateBucketFactory,
    /** Wall-clock epoch ms: `Rate-Limit-Reset` is a wall-clock time. */
    private readonly now: () => number = Date.now,
  ) {
    this.graphRu = factory(tenantId, 'graphResourceUnits', new AdaptiveRate(limits.graphResourceUnits, limits.adaptive));
    this.graphWrites = factory(tenantId, 'graphWrites', new AdaptiveRate(limits.graphWrites, limits.adaptive));
    this.cmdletRate = new LearnedRate(limits.exchangeCmdlets, limits.learning);
    this.writeRate = new LearnedRate(limits.exchangeWrites, limits.learning, this.cmdletRate);
    this.exchangeRate = factory(tenantId, 'exchangeCmdlets', this.cmdletRate);
    this.exchangeWrites = factory(tenantId, 'exchangeWrites', this.writeRate);
    this.exchangeSlots = new ConcurrencyLimiter('exchange concurrency', limits.exchangeConcurrency, limits.adaptive);
    this.userSlots = new KeyedLimiters('exchange user concurrency', limits.exchangeConcurrencyPerUser, limits.adaptive);
    this.mailboxSlots = new KeyedLimiters('mailbox concurrency', limits.mailboxConcurrency, limits.adaptive);
  }

  /**
   * The learned burst of the cmdlet bucket, and no more than the latest reply's `Rate-Limit-Limit` allows (at
   * the burst share): a budget that just shrank makes envelopes smaller at once, before the median follows.
   */
  exchangeCmdletsPerRequest(): number {
    // Before any reply has announced the bucket, a quarter of our starting burst: instances starting together
    // (or a tenant whose bucket is smaller than the legacy 25) must not spend it twice over in the first envelopes.
    const announced = this.cmdletRate.latestBurst() ?? this.cmdletRate.start.burst / 4;
    return Math.max(1, Math.floor(Math.min(this.cmdletRate.current(this.now()).burst, announced)));
  }

  async acquire(call: BudgetCall): Promise<Lease> {
    const keyed: { slots: KeyedLimiters; key: string; limiter: ConcurrencyLimiter }[] = [];
    const ref = (slots: KeyedLimiters, key: string) => keyed.push({ slots, key, limiter: slots.ref(key) });
    if (call.mailbox) ref(this.mailboxSlots, call.mailbox.toLowerCase());
    if (call.service === 'exchange') ref(this.userSlots, call.user ?? '');
    const releases: (() => void)[] = [];
    const freeAll = () => {
      for (const release of releases.splice(0).reverse()) release();
      for (const { slots, key } of keyed.splice(0)) slots.unref(key);
    };
    const limiters = keyed.map((entry) => entry.limiter);
    try {
      // A fixed order (mailbox, user, tenant, then rates) so two calls never hold what the other waits for.
      for (const limiter of limiters) releases.push(await limiter.acquire(call.deadline));
      if (call.service === 'exchange') {
        // One request holds one slot however many cmdlets it carries ($batch); each cmdlet costs a token.
        releases.push(await this.exchangeSlots.acquire(call.deadline));
        await this.exchangeRate.take(call.cmdlets ?? 1, call.deadline);
        if (call.writes) await this.exchangeWrites.take(call.writes, call.deadline);
      } else {
        if (call.resourceUnits) await this.graphRu.take(call.resourceUnits, call.deadline);
        if (call.writes) await this.graphWrites.take(call.writes, call.deadline);
      }
    } catch (error) {
      freeAll();
      throw error;
    }
    const sentAt = this.now();
    let done = false;
    return {
      release: (outcome) => {
        if (done) return;
        done = true;
        if (outcome) this.learn(call, outcome, limiters, sentAt);
        freeAll();
      },
    };
  }

  /** Limiters for mailboxes and users currently in use (for tests: they must not pile up). */
  get keyedLimiterCount(): number {
    return this.userSlots.size + this.mailboxSlots.size;
  }

  private learn(call: BudgetCall, outcome: CallOutcome, limiters: ConcurrencyLimiter[], sentAt: number): void {
    if (call.service === 'exchange') return this.learnExchange(call, outcome, limiters, sentAt);
    const charged = Boolean(call.resourceUnits || call.writes);
    const writeBound = outcome.throttleInformation ? /write/i.test(outcome.throttleInformation) : Boolean(call.writes);
    const bucket = writeBound ? this.graphWrites : this.graphRu;
    if (outcome.status === 429) {
      if (charged) bucket.throttled(outcome.retryAfterMs);
      for (const limiter of limiters) limiter.throttled();
    } else if (outcome.limitFraction !== undefined && charged) {
      bucket.pressure(outcome.limitFraction);
    }
  }

  /**
   * Exchange: every reply's headers feed the cmdlet rate; a success is AIMD's additive step, a 429 its
   * multiplicative one. Exchange names no quota in a 429 (no `x-ms-throttle-information`), so a 429 whose
   * `Rate-Limit-Remaining` still shows cmdlets was not the cmdlet rate: only the write rate (for a Set-*)
   * and the concurrency limits are blamed. Without the header we blame all, as before.
   */
  private learnExchange(call: BudgetCall, outcome: CallOutcome, limiters: ConcurrencyLimiter[], sentAt: number): void {
    const now = this.now();
    this.cmdletRate.observe(readingOf(outcome.rateLimit, sentAt), now);
    if (outcome.status === 429) {
      const cmdletsLeft = (outcome.rateLimit?.remaining ?? 0) >= 1;
      if (!cmdletsLeft) this.exchangeRate.throttled(outcome.retryAfterMs);
      if (call.writes) this.exchangeWrites.throttled(outcome.retryAfterMs);
      this.exchangeSlots.throttled();
      for (const limiter of limiters) limiter.throttled();
    } else if (outcome.status < 500) {
      this.cmdletRate.succeeded(now, call.cmdlets ?? 1);
      if (call.writes) this.writeRate.succeeded(now, call.writes);
    }
  }
}

/** One TenantBudget per tenant id for the whole process: every client of a tenant must draw from the same one. */
export class BudgetRegistry {
  private readonly budgets = new Map<string, TenantBudget>();
  readonly limits: BudgetLimits;
  private readonly factory: RateBucketFactory;

  constructor(options: { limits?: Partial<BudgetLimits>; bucketFactory?: RateBucketFactory } = {}) {
    this.limits = { ...DEFAULT_BUDGET_LIMITS, ...options.limits };
    this.factory = options.bucketFactory ?? ((tenantId, name, policy) => new LocalRateBucket(`${name} of ${tenantId}`, policy));
  }

  forTenant(tenantId: string): TenantBudget {
    let budget = this.budgets.get(tenantId);
    if (!budget) {
      budget = new LocalTenantBudget(tenantId, this.limits, this.factory);
      this.budgets.set(tenantId, budget);
    }
    return budget;
  }
}

/** A budget that never waits, for scripts and tests that measure the service rather than us. */
export const unlimitedBudget: TenantBudget = {
  acquire: async () => ({ release: () => {} }),
};

/**
 * The budget for an emulator whose clock runs k times faster (benchmarks and tests): every rate × k. A burst
 * is a number of calls, not a rate, so it stays: the emulator's buckets hold as many tokens at any k.
 */
export function scaleBudgetLimits(k: number, limits: BudgetLimits = DEFAULT_BUDGET_LIMITS): BudgetLimits {
  const scale = (spec: RateSpec): RateSpec => ({ ratePerSecond: spec.ratePerSecond * k, burst: spec.burst });
  return {
    ...limits,
    graphResourceUnits: scale(limits.graphResourceUnits),
    graphWrites: scale(limits.graphWrites),
    exchangeCmdlets: scale(limits.exchangeCmdlets),
    exchangeWrites: scale(limits.exchangeWrites),
    adaptive: { ...limits.adaptive, recoveryPerSecond: limits.adaptive.recoveryPerSecond * k, coalesceMs: limits.adaptive.coalesceMs / k },
    learning: {
      ...limits.learning,
      increasePerSecond: limits.learning.increasePerSecond * k,
      staleMs: limits.learning.staleMs / k,
      coalesceMs: limits.learning.coalesceMs / k,
      settleMs: limits.learning.settleMs / k,
    },
  };
}

import type { BudgetLimits } from './budgetLimits.ts';
import { ConcurrencyLimiter, KeyedLimiters } from './concurrency.ts';
import type { RateLimitInfo } from './errors.ts';
import { LearnedRate, readingOf } from './learnedRate.ts';
import { AdaptiveRate, type RateBucket, type RatePolicy } from './rateBucket.ts';

/** What one outgoing call will spend. */
export interface BudgetCall {
  service: 'graph' | 'exchange';
  /** Graph identity resource units (see graphCost); 0 for calls outside the identity service. */
  resourceUnits?: number;
  /** Graph identity writes, or Exchange Set-* cmdlets. */
  writes?: number;
  /** Graph requests (or `$batch` items) against the reports service (`/auditLogs`). */
  reports?: number;
  /** Graph requests (or `$batch` items) that `$select` signInActivity. */
  signInActivity?: number;
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
  /** The Exchange cmdlets a second we pace this tenant at now (learned from the service). Absent: no limit of ours. */
  exchangeCmdletsPerSecond?(): number;
}

export type RateBucketName =
  'graphResourceUnits' | 'graphWrites' | 'graphReports' | 'graphSignInActivity' | 'exchangeCmdlets' | 'exchangeWrites';

/** Creates the tenant-wide rate buckets around the policy that sets their pace; the default keeps them in memory. */
export type RateBucketFactory = (tenantId: string, name: RateBucketName, policy: RatePolicy) => RateBucket;

/** The in-process TenantBudget: Graph RU and write buckets, Exchange rate and concurrency, per-mailbox slots. */
export class LocalTenantBudget implements TenantBudget {
  private readonly graphRu: RateBucket;
  private readonly graphWrites: RateBucket;
  private readonly graphReports: RateBucket;
  private readonly graphSignInActivity: RateBucket;
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
    this.graphReports = factory(tenantId, 'graphReports', new AdaptiveRate(limits.graphReports, limits.adaptive));
    this.graphSignInActivity = factory(tenantId, 'graphSignInActivity', new AdaptiveRate(limits.graphSignInActivity, limits.adaptive));
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

  exchangeCmdletsPerSecond(): number {
    return this.cmdletRate.current(this.now()).ratePerSecond;
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
        if (call.reports) await this.graphReports.take(call.reports, call.deadline);
        if (call.signInActivity) await this.graphSignInActivity.take(call.signInActivity, call.deadline);
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
    const charged = Boolean(call.resourceUnits || call.writes || call.reports || call.signInActivity);
    const writeBound = outcome.throttleInformation ? /write/i.test(outcome.throttleInformation) : Boolean(call.writes);
    // A call against a reports limit was throttled by it (those limits are far below the identity ones).
    const bucket = call.signInActivity
      ? this.graphSignInActivity
      : call.reports
        ? this.graphReports
        : writeBound
          ? this.graphWrites
          : this.graphRu;
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

/**
 * Per-tenant throttle budget: we pace our own traffic below Microsoft's limits (graph-engineering.md §1.2,
 * §1.4, §1.5) so bulk jobs slow down before they are throttled, and we back off harder when they are.
 * The math (AdaptiveFactor, TokenBucket) is pure and clock-driven; the async wrappers only add waiting.
 */
import type { RateLimitInfo } from './errors.ts';

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

export interface BudgetLimits {
  /** Graph identity resource units per app+tenant (S tenant: 3,500 / 10 s), with 10 % headroom. */
  graphResourceUnits: RateSpec;
  /** Graph identity writes per app+tenant (3,000 / 150 s), with 10 % headroom. */
  graphWrites: RateSpec;
  /** Exchange cmdlets per tenant (legacy EXO: 25 / 5 s per user), with 5 % headroom. */
  exchangeCmdlets: RateSpec;
  /** Exchange Set-* cmdlets per tenant (legacy EXO PowerShellMaxDestructiveCmdlets: 120 / 60 s per user), with 5 % headroom. */
  exchangeWrites: RateSpec;
  /** Exchange calls in flight per tenant (legacy EXO: 9). */
  exchangeConcurrency: number;
  /** Exchange calls in flight per signed-in user (legacy EXO: 3). */
  exchangeConcurrencyPerUser: number;
  /** Outlook calls (Graph places) in flight per mailbox (4). */
  mailboxConcurrency: number;
  adaptive: AdaptiveSettings;
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
};

/** The waiting a call would need ends after its deadline: fail now instead of waiting in vain. */
export class BudgetWaitExceeded extends Error {
  override name = 'BudgetWaitExceeded';

  constructor(readonly bucket: string) {
    super(`Our own throttle budget (${bucket}) cannot admit this call before its deadline.`);
  }
}

/**
 * A multiplier in [minFactor, 1] applied to a rate or a concurrency limit: halved on a 429, capped early by
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

/**
 * A token bucket with reservations: a caller takes its tokens now (the balance may go negative) and is told
 * how long to wait, so waiters are served in arrival order without polling.
 */
export class TokenBucket {
  readonly factor: AdaptiveFactor;
  private tokens: number;
  private updatedAt: number;
  private blockedUntil = 0;

  constructor(
    private readonly spec: RateSpec,
    adaptive: AdaptiveSettings,
    now: number,
  ) {
    this.factor = new AdaptiveFactor(adaptive);
    this.tokens = spec.burst;
    this.updatedAt = now;
  }

  private rate(now: number): number {
    return this.spec.ratePerSecond * this.factor.value(now);
  }

  private capacity(now: number): number {
    return Math.max(1, this.spec.burst * this.factor.value(now));
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(this.capacity(now), this.tokens + ((now - this.updatedAt) / 1000) * this.rate(now));
      this.updatedAt = now;
    }
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
   * the wait would end after `deadline`. A cost above the capacity is capped so it can still pass.
   */
  reserve(cost: number, now: number, deadline = Number.POSITIVE_INFINITY): number | undefined {
    this.refill(now);
    const take = Math.min(cost, this.capacity(now));
    const after = this.tokens - take;
    const refillWait = after >= 0 ? 0 : (-after / this.rate(now)) * 1000;
    const wait = Math.ceil(Math.max(this.blockedUntil - now, refillWait));
    if (now + wait > deadline) return undefined;
    this.tokens = after;
    return wait;
  }

  /** A 429 on this bucket: pause until Retry-After, empty the burst, and shrink the rate. */
  throttled(now: number, retryAfterMs = 1_000): void {
    this.refill(now);
    this.factor.penalize(now);
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
    spec: RateSpec,
    adaptive: AdaptiveSettings,
    private readonly clock: Clock = systemClock,
  ) {
    this.bucket = new TokenBucket(spec, adaptive, clock.now());
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
    this.bucket.factor.pressure(fraction, this.clock.now());
  }
}

interface Waiter {
  grant: () => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** A semaphore whose limit shrinks on 429s (AdaptiveFactor) and grows back. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiters: Waiter[] = [];
  private readonly factor: AdaptiveFactor;

  constructor(
    private readonly name: string,
    private readonly limit: number,
    adaptive: AdaptiveSettings,
    private readonly clock: Pick<Clock, 'now'> = systemClock,
  ) {
    this.factor = new AdaptiveFactor(adaptive);
  }

  effectiveLimit(): number {
    return Math.max(1, Math.floor(this.limit * this.factor.value(this.clock.now())));
  }

  get inFlight(): number {
    return this.active;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiters.length === 0;
  }

  /** Wait for a slot; the returned function frees it (calling it twice is harmless). */
  acquire(deadline?: number): Promise<() => void> {
    if (this.waiters.length === 0 && this.active < this.effectiveLimit()) return Promise.resolve(this.grant());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { grant: () => resolve(this.grant()), reject };
      if (deadline !== undefined) {
        waiter.timer = setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(new BudgetWaitExceeded(this.name));
        }, Math.max(0, deadline - this.clock.now()));
      }
      this.waiters.push(waiter);
    });
  }

  throttled(): void {
    this.factor.penalize(this.clock.now());
  }

  private grant(): () => void {
    this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.drain();
    };
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.active < this.effectiveLimit()) {
      const waiter = this.waiters.shift() as Waiter;
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.grant();
    }
  }
}

/** What one outgoing call will spend. */
export interface BudgetCall {
  service: 'graph' | 'exchange';
  /** Graph identity resource units (see graphCost); 0 for calls outside the identity service. */
  resourceUnits?: number;
  /** Graph identity writes, or Exchange Set-* cmdlets. */
  writes?: number;
  /** Exchange cmdlets carried by this HTTP request (a `$batch` carries up to 10); default 1. */
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
  /** Exchange's `Rate-Limit-*` and `X-ConcurrencyCount` headers, carried for a later pacing change (unused yet). */
  rateLimit?: RateLimitInfo;
}

export interface Lease {
  /** Free the call's concurrency slots and learn from its outcome. Call exactly once. */
  release(outcome?: CallOutcome): void;
}

/** The budget of one tenant, shared by every client of that tenant in this process. */
export interface TenantBudget {
  acquire(call: BudgetCall): Promise<Lease>;
}

export type RateBucketName = 'graphResourceUnits' | 'graphWrites' | 'exchangeCmdlets' | 'exchangeWrites';

/** Creates the tenant-wide rate buckets; the default keeps them in memory. */
export type RateBucketFactory = (tenantId: string, name: RateBucketName, spec: RateSpec) => RateBucket;

/** Limiters keyed by mailbox or user that exist only while some call holds or awaits them. */
class KeyedLimiters {
  private readonly entries = new Map<string, { limiter: ConcurrencyLimiter; refs: number }>();

  constructor(
    private readonly name: string,
    private readonly limit: number,
    private readonly adaptive: AdaptiveSettings,
  ) {}

  /** Take a reference; pair with `unref` so thousands of rooms leave nothing behind. */
  ref(key: string): ConcurrencyLimiter {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { limiter: new ConcurrencyLimiter(this.name, this.limit, this.adaptive), refs: 0 };
      this.entries.set(key, entry);
    }
    entry.refs += 1;
    return entry.limiter;
  }

  unref(key: string): void {
    const entry = this.entries.get(key);
    if (entry && --entry.refs <= 0) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The in-process TenantBudget: Graph RU and write buckets, Exchange rate and concurrency, per-mailbox slots. */
export class LocalTenantBudget implements TenantBudget {
  private readonly graphRu: RateBucket;
  private readonly graphWrites: RateBucket;
  private readonly exchangeRate: RateBucket;
  private readonly exchangeWrites: RateBucket;
  private readonly exchangeSlots: ConcurrencyLimiter;
  private readonly userSlots: KeyedLimiters;
  private readonly mailboxSlots: KeyedLimiters;

  constructor(tenantId: string, limits: BudgetLimits, factory: RateBucketFactory) {
    this.graphRu = factory(tenantId, 'graphResourceUnits', limits.graphResourceUnits);
    this.graphWrites = factory(tenantId, 'graphWrites', limits.graphWrites);
    this.exchangeRate = factory(tenantId, 'exchangeCmdlets', limits.exchangeCmdlets);
    this.exchangeWrites = factory(tenantId, 'exchangeWrites', limits.exchangeWrites);
    this.exchangeSlots = new ConcurrencyLimiter('exchange concurrency', limits.exchangeConcurrency, limits.adaptive);
    this.userSlots = new KeyedLimiters('exchange user concurrency', limits.exchangeConcurrencyPerUser, limits.adaptive);
    this.mailboxSlots = new KeyedLimiters('mailbox concurrency', limits.mailboxConcurrency, limits.adaptive);
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
    let done = false;
    return {
      release: (outcome) => {
        if (done) return;
        done = true;
        if (outcome) this.learn(call, outcome, limiters);
        freeAll();
      },
    };
  }

  /** Limiters for mailboxes and users currently in use (for tests: they must not pile up). */
  get keyedLimiterCount(): number {
    return this.userSlots.size + this.mailboxSlots.size;
  }

  private learn(call: BudgetCall, outcome: CallOutcome, limiters: ConcurrencyLimiter[]): void {
    if (call.service === 'exchange') {
      if (outcome.status === 429) {
        this.exchangeRate.throttled(outcome.retryAfterMs);
        if (call.writes) this.exchangeWrites.throttled(outcome.retryAfterMs);
        this.exchangeSlots.throttled();
        for (const limiter of limiters) limiter.throttled();
      }
      return;
    }
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
}

/** One TenantBudget per tenant id for the whole process: every client of a tenant must draw from the same one. */
export class BudgetRegistry {
  private readonly budgets = new Map<string, TenantBudget>();
  readonly limits: BudgetLimits;
  private readonly factory: RateBucketFactory;

  constructor(options: { limits?: Partial<BudgetLimits>; bucketFactory?: RateBucketFactory } = {}) {
    this.limits = { ...DEFAULT_BUDGET_LIMITS, ...options.limits };
    const adaptive = this.limits.adaptive;
    this.factory = options.bucketFactory ?? ((tenantId, name, spec) => new LocalRateBucket(`${name} of ${tenantId}`, spec, adaptive));
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
  };
}

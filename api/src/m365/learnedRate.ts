// Evidence: docs/microsoft-365.md#exo-errors
/**
 * The Exchange budget we learn instead of assuming it. Microsoft publishes no limit for the admin endpoint;
 * each reply announces `Rate-Limit-Limit` L, `Rate-Limit-Remaining` R and `Rate-Limit-Reset` T (an ISO time).
 * Read as a bucket of capacity L that is full again at T, it refills L − R tokens by T: a sustained rate of
 * (L − R) / (T − sent). We follow that rate (with headroom) once several readings exist, and otherwise pace
 * by AIMD: start at the legacy figures, add a little per successful call, multiply down on a 429.
 * Pure and clock-driven: every method takes `now` (epoch ms), nothing waits.
 */
import type { RateLimitInfo } from './errors.ts';
import type { RatePolicy, RateSpec } from './rateBucket.ts';

export interface LearningSettings {
  /** AIMD's multiplicative decrease: the rate is multiplied by this on a 429. */
  decrease: number;
  /** Never below this fraction of the starting rate. */
  minFactor: number;
  /**
   * AIMD's additive increase: while calls succeed at full pace, this fraction of the starting rate is added
   * per second. Counted per successful call (a call adds `increasePerSecond × start / rate`), so an idle or
   * concurrency-bound client does not grow a rate it never tried.
   */
  increasePerSecond: number;
  /** With no budget announced, never above this multiple of the starting rate. */
  maxFactor: number;
  /**
   * Share of the announced rate we spend; the rest is left to the admin's other tools and to clock error.
   * Readings already err a few percent low (see announcedRate), so this is a little above the legacy 95 %.
   */
  headroom: number;
  /** Share of the announced capacity we burst into. */
  burstShare: number;
  /** The announced figures come from this many recent readings (capacity: their median; rate: the second highest)... */
  readings: number;
  /** ...of which at least this many must exist before we act on them. */
  minReadings: number;
  /** An announced rate no reading has confirmed for this long is dropped (AIMD alone paces until new ones). */
  staleMs: number;
  /** 429s within this window of the previous one count as one event. */
  coalesceMs: number;
  /** After a 429, the announced rate is approached additively only, not at once, for this long. */
  settleMs: number;
}

export const DEFAULT_LEARNING: LearningSettings = {
  decrease: 0.7,
  minFactor: 0.2,
  increasePerSecond: 0.5,
  maxFactor: 50,
  headroom: 0.97,
  burstShare: 0.8,
  readings: 5,
  minReadings: 3,
  staleMs: 20_000,
  coalesceMs: 5_000,
  settleMs: 10_000,
};

/** What one reply said about the budget. */
export interface BudgetReading {
  /** Rate-Limit-Limit. */
  capacity: number;
  /** Tokens per second, when this reply measured it. */
  ratePerSecond?: number;
}

/** The longest refill we believe: a reset further away than this is a misreading (or a window we do not model). */
const MAX_RESET_MS = 3_600_000;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * One reply's headers as a reading, or undefined when they are missing, garbled or impossible. The rate is
 * measured only when at least a tenth of the bucket was spent: close to full, T − sent is a few ms of the
 * reply's own latency and clock error, not the refill. `sentAt` is when the call left (epoch ms): the reset
 * was computed after that, so the measured rate errs low, never high.
 */
export function readingOf(info: RateLimitInfo | undefined, sentAt: number): BudgetReading | undefined {
  const limit = info?.limit;
  const remaining = info?.remaining;
  if (limit === undefined || !Number.isFinite(limit) || limit < 1) return undefined;
  const reading: BudgetReading = { capacity: limit };
  if (remaining === undefined || !Number.isFinite(remaining) || remaining < 0 || remaining > limit) return reading;
  const used = limit - remaining;
  const reset = typeof info?.reset === 'string' && ISO_TIME.test(info.reset) ? Date.parse(info.reset) : Number.NaN;
  const span = reset - sentAt;
  if (used < Math.max(1, limit / 10) || !Number.isFinite(span) || span <= 0 || span > MAX_RESET_MS) return reading;
  reading.ratePerSecond = used / (span / 1000);
  return reading;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * One learned rate and burst (Exchange cmdlets, or Set-* cmdlets). `linked` ties a subset budget to its
 * parent: Set-* are cmdlets too, so the write rate never exceeds the cmdlet rate, and once the service
 * announces a cmdlet rate the write rate is capped at the same multiple of its own start (the service sends
 * no write headers; a larger cmdlet budget is the only hint that writes may be larger too).
 */
export class LearnedRate implements RatePolicy {
  private rate: number;
  private lastPenalty = Number.NEGATIVE_INFINITY;
  private readonly capacities: number[] = [];
  private rates: { value: number; at: number }[] = [];

  constructor(
    readonly start: RateSpec,
    private readonly settings: LearningSettings,
    private readonly linked?: LearnedRate,
  ) {
    this.rate = start.ratePerSecond;
  }

  /** The capacity the latest reply announced, at our burst share: what one request may carry right now. */
  latestBurst(): number | undefined {
    const latest = this.capacities[this.capacities.length - 1];
    return latest === undefined ? undefined : latest * this.settings.burstShare;
  }

  /** The announced capacity (median of recent readings), once enough agree. */
  announcedCapacity(): number | undefined {
    return this.capacities.length >= this.settings.minReadings ? median(this.capacities) : undefined;
  }

  /**
   * The announced sustained rate, once enough fresh readings exist: the second highest of them. A reading
   * errs low only (the reset was computed after the call left, by up to its trip to the service), so the
   * median would pace us a few percent under the budget; the second highest still ignores one odd high one.
   */
  announcedRate(now: number): number | undefined {
    const fresh = this.rates.filter((reading) => now - reading.at <= this.settings.staleMs).map((reading) => reading.value);
    if (fresh.length < this.settings.minReadings) return undefined;
    return fresh.sort((a, b) => a - b)[fresh.length - 2];
  }

  /** The highest rate we may use now. */
  ceiling(now: number): number {
    const announced = this.announcedRate(now);
    if (announced !== undefined) return announced * this.settings.headroom;
    let ceiling = this.start.ratePerSecond * this.settings.maxFactor;
    if (this.linked) {
      const parent = this.linked.announcedRate(now);
      if (parent !== undefined)
        ceiling = Math.min(ceiling, (this.start.ratePerSecond * parent * this.settings.headroom) / this.linked.start.ratePerSecond);
      ceiling = Math.min(ceiling, this.linked.current(now).ratePerSecond);
    }
    return ceiling;
  }

  current(now: number): RateSpec {
    // The announced ceiling wins over our floor: a service that announces less than the floor gets less.
    const ratePerSecond = Math.min(this.ceiling(now), Math.max(this.floor(), this.rate));
    const capacity = this.announcedCapacity();
    // An announced bucket is burst into at its share; otherwise the starting burst, shrunk with the rate.
    const burst =
      capacity !== undefined
        ? capacity * this.settings.burstShare
        : this.start.burst * Math.min(1, ratePerSecond / this.start.ratePerSecond);
    return { ratePerSecond, burst: Math.max(1, burst) };
  }

  /**
   * `count` units charged here succeeded: AIMD's additive step (a sliver per unit, a fixed amount per second at
   * full pace). The step is a share of the starting rate, times the multiple of its own start the parent's
   * rate has reached (announced or learned): Set-* have no headers of their own, and at the legacy-sized step
   * a write rate under a cmdlet budget 20× the legacy took longer to find its ceiling than a 1,000-room bulk
   * apply lasts (the bench saw envelopes holding their concurrency slots while they waited for write tokens).
   * Still additive, and a 429 cuts it back as before.
   */
  succeeded(now: number, count = 1): void {
    const rate = this.current(now).ratePerSecond;
    const step = this.settings.increasePerSecond * this.start.ratePerSecond * this.parentMultiple(now);
    this.rate = Math.min(this.ceiling(now), rate + (count * step) / rate);
  }

  /** How many times its own start the parent's rate is now (never below 1); 1 without a parent. */
  private parentMultiple(now: number): number {
    return this.linked ? Math.max(1, this.linked.current(now).ratePerSecond / this.linked.start.ratePerSecond) : 1;
  }

  /** A 429 charged here: AIMD's multiplicative step, once per coalescing window. */
  throttled(now: number): void {
    if (now - this.lastPenalty < this.settings.coalesceMs) return;
    this.lastPenalty = now;
    this.rate = this.current(now).ratePerSecond * this.settings.decrease;
  }

  /** Exchange sends no throttle percentage; a 429 is its only pressure signal. */
  pressure(): void {}

  /** What a reply's headers said. A new capacity means a new budget: the old rate readings no longer apply. */
  observe(reading: BudgetReading | undefined, now: number): void {
    if (!reading) return;
    const before = this.announcedCapacity();
    this.capacities.push(reading.capacity);
    if (this.capacities.length > this.settings.readings) this.capacities.shift();
    const after = this.announcedCapacity();
    if (before !== undefined && after !== before) this.rates = [];
    if (reading.ratePerSecond === undefined) return;
    this.rates.push({ value: reading.ratePerSecond, at: now });
    if (this.rates.length > this.settings.readings) this.rates.shift();
    // Going down is the safe direction: one reading below our pace is enough (a budget that just shrank would
    // otherwise see our old pace for the few replies the median needs); going up waits for agreement.
    const single = reading.ratePerSecond * this.settings.headroom;
    if (single < this.current(now).ratePerSecond) this.rate = single;
    const announced = this.announcedRate(now);
    if (announced === undefined) return;
    const target = announced * this.settings.headroom;
    // Follow the service down at once; up at once too, unless a recent 429 says it is busier than it claims.
    if (target < this.rate || now - this.lastPenalty >= this.settings.settleMs) this.rate = target;
  }

  private floor(): number {
    return this.start.ratePerSecond * this.settings.minFactor;
  }
}

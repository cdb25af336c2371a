/** Concurrency limits of our own calls: a semaphore that shrinks on 429s, and such semaphores per key. */
import { AdaptiveFactor, BudgetWaitExceeded, systemClock, type AdaptiveSettings, type Clock } from './rateBucket.ts';

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
        waiter.timer = setTimeout(
          () => {
            const index = this.waiters.indexOf(waiter);
            if (index >= 0) this.waiters.splice(index, 1);
            reject(new BudgetWaitExceeded(this.name));
          },
          Math.max(0, deadline - this.clock.now()),
        );
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

/** Limiters keyed by mailbox or user that exist only while some call holds or awaits them. */
export class KeyedLimiters {
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

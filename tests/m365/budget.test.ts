import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import {
  AdaptiveFactor,
  AdaptiveRate,
  BudgetRegistry,
  BudgetWaitExceeded,
  ConcurrencyLimiter,
  DEFAULT_BUDGET_LIMITS,
  LocalRateBucket,
  LocalTenantBudget,
  TokenBucket,
  type AdaptiveSettings,
} from '../../api/src/m365/budget.ts';

const adaptive: AdaptiveSettings = { decrease: 0.5, minFactor: 0.1, recoveryPerSecond: 0.1, coalesceMs: 1000 };

describe('m365 budget: token bucket math', () => {
  it('spends the burst at once, then paces at the rate, in arrival order', () => {
    const bucket = new TokenBucket(new AdaptiveRate({ ratePerSecond: 10, burst: 5 }, adaptive), 0);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => bucket.reserve(1, 0)),
      [0, 0, 0, 0, 0],
    );
    assert.equal(bucket.reserve(1, 0), 100, 'the 6th unit waits one refill step');
    assert.equal(bucket.reserve(1, 0), 200, 'the 7th queues behind it');
    assert.equal(bucket.reserve(2, 0), 400);
    assert.equal(bucket.available(1000), 5, 'after 1 s the 10 refilled units pay the -4 debt; the rest is capped at the burst');
  });

  it('caps a cost above the burst so it still passes once the bucket is full', () => {
    const bucket = new TokenBucket(new AdaptiveRate({ ratePerSecond: 10, burst: 5 }, adaptive), 0);
    assert.equal(bucket.reserve(50, 0), 0);
    assert.equal(bucket.reserve(50, 0), 500);
  });

  it('refuses (without reserving) a wait that ends after the deadline', () => {
    const bucket = new TokenBucket(new AdaptiveRate({ ratePerSecond: 1, burst: 1 }, adaptive), 0);
    assert.equal(bucket.reserve(1, 0), 0);
    assert.equal(bucket.reserve(1, 0, 500), undefined);
    assert.equal(bucket.reserve(1, 0, 1000), 1000, 'the refused call left no debt behind');
  });

  it('on a 429 pauses for Retry-After, drains the burst and halves the rate', () => {
    const bucket = new TokenBucket(new AdaptiveRate({ ratePerSecond: 10, burst: 10 }, adaptive), 0);
    bucket.throttled(0, 2000);
    assert.equal(bucket.pausedUntil(), 2000);
    assert.equal(bucket.reserve(1, 0), 2000, 'nothing passes before Retry-After');
    const { factor } = bucket.policy as AdaptiveRate;
    assert.equal(factor.value(0), 0.5);
    // At 0.5 (recovering 0.1/s), after the pause the rate is ~7/s: one unit of debt needs ~1/7 s more.
    assert.ok(Math.abs(factor.value(2000) - 0.7) < 1e-9);
  });
});

describe('m365 budget: adaptive factor', () => {
  it('halves on a 429, ignores echoes within the coalescing window, and recovers linearly', () => {
    const factor = new AdaptiveFactor(adaptive);
    assert.equal(factor.value(0), 1);
    factor.penalize(0);
    factor.penalize(500);
    assert.equal(factor.value(500), 0.55, 'the echo at 500 ms did not count; 0.5 s of recovery did');
    factor.penalize(1500);
    assert.ok(Math.abs(factor.value(1500) - 0.325) < 1e-9, '(0.5 + 1.5 s × 0.1) / 2');
    assert.equal(factor.value(100_000), 1);
  });

  it('never goes below its floor', () => {
    const factor = new AdaptiveFactor({ ...adaptive, recoveryPerSecond: 0 });
    for (let t = 0; t < 20_000; t += 1000) factor.penalize(t);
    assert.equal(factor.value(20_000), 0.1);
  });

  it('slows early on x-ms-throttle-limit-percentage, more as it climbs', () => {
    const factor = new AdaptiveFactor({ ...adaptive, recoveryPerSecond: 0 });
    factor.pressure(0.8, 0);
    assert.ok(Math.abs(factor.value(0) - 0.9) < 1e-9);
    factor.pressure(1.0, 0);
    assert.ok(Math.abs(factor.value(0) - 0.5) < 1e-9);
    factor.pressure(0.8, 0);
    assert.ok(Math.abs(factor.value(0) - 0.5) < 1e-9, 'a lower reading never speeds us up at once');
  });
});

describe('m365 budget: concurrency and tenant budget', () => {
  it('bounds concurrency, queues in order, and shrinks on a 429', async () => {
    const limiter = new ConcurrencyLimiter('test', 4, { ...adaptive, recoveryPerSecond: 0 });
    const held = await Promise.all([1, 2, 3, 4].map(() => limiter.acquire()));
    let fifthGranted = false;
    const fifth = limiter.acquire().then((release) => {
      fifthGranted = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(fifthGranted, false);
    held[0]?.();
    (await fifth)();
    assert.equal(limiter.inFlight, 3);
    limiter.throttled();
    assert.equal(limiter.effectiveLimit(), 2);
    for (const release of held) release();
    assert.ok(limiter.idle);
  });

  it('rejects a wait past the deadline with BudgetWaitExceeded', async () => {
    const limiter = new ConcurrencyLimiter('test', 1, adaptive);
    const release = await limiter.acquire();
    await assert.rejects(limiter.acquire(Date.now() + 20), BudgetWaitExceeded);
    release();
    assert.ok(limiter.idle);
    const bucket = new LocalRateBucket('rate', new AdaptiveRate({ ratePerSecond: 1, burst: 1 }, adaptive));
    await bucket.take(1);
    await assert.rejects(bucket.take(1, Date.now() + 100), BudgetWaitExceeded);
  });

  it('allows 3 Exchange calls per user and 9 per tenant, and forgets idle keys', async () => {
    const budget = new LocalTenantBudget(
      't1',
      DEFAULT_BUDGET_LIMITS,
      (_tenant, name) => new LocalRateBucket(name, new AdaptiveRate({ ratePerSecond: 100, burst: 100 }, adaptive)),
    );
    const leases = await Promise.all([1, 2, 3].map(() => budget.acquire({ service: 'exchange', user: 'alice' })));
    let fourth = false;
    const pending = budget.acquire({ service: 'exchange', user: 'alice' }).then((lease) => {
      fourth = true;
      return lease;
    });
    const others = await Promise.all(
      ['bob', 'bob', 'bob', 'carol', 'carol', 'carol'].map((user) => budget.acquire({ service: 'exchange', user })),
    );
    let tenth = false;
    const tenthCall = budget.acquire({ service: 'exchange', user: 'dave' }).then((lease) => {
      tenth = true;
      return lease;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(fourth, false, "alice's 4th call waits for one of her 3");
    assert.equal(tenth, false, 'the tenant limit of 9 holds dave back');
    leases[0]?.release({ status: 200 });
    others[0]?.release({ status: 200 });
    const [fourthLease, tenthLease] = await Promise.all([pending, tenthCall]);
    for (const lease of [...leases, ...others, fourthLease, tenthLease]) lease.release({ status: 200 });
    assert.equal(budget.keyedLimiterCount, 0);
  });

  it('gives every client of a tenant the same budget', () => {
    const registry = new BudgetRegistry({ limits: { mailboxConcurrency: 2 } });
    assert.equal(registry.forTenant('a'), registry.forTenant('a'));
    assert.notEqual(registry.forTenant('a'), registry.forTenant('b'));
    assert.equal(registry.limits.mailboxConcurrency, 2);
    assert.equal(registry.limits.graphWrites.ratePerSecond, 18);
  });

  it('charges Graph writes to the write bucket and slows it on WriteLimitExceeded', async () => {
    const taken: string[] = [];
    const throttled: string[] = [];
    const budget = new LocalTenantBudget('t1', DEFAULT_BUDGET_LIMITS, (_tenant, name) => ({
      take: async (cost) => void taken.push(`${name}:${cost}`),
      throttled: () => void throttled.push(name),
      pressure: () => {},
    }));
    const lease = await budget.acquire({ service: 'graph', resourceUnits: 1, writes: 1 });
    lease.release({ status: 429, retryAfterMs: 1000, throttleInformation: 'WriteLimitExceeded' });
    const read = await budget.acquire({ service: 'graph', resourceUnits: 2 });
    read.release({ status: 429, throttleInformation: 'ResourceUnitLimitExceeded' });
    assert.deepEqual(taken, ['graphResourceUnits:1', 'graphWrites:1', 'graphResourceUnits:2']);
    assert.deepEqual(throttled, ['graphWrites', 'graphResourceUnits']);
  });

  it('charges an Exchange $batch one cmdlet per item and its Set-* items as writes, in one concurrency slot', async () => {
    const taken: string[] = [];
    const budget = new LocalTenantBudget('t1', { ...DEFAULT_BUDGET_LIMITS, exchangeConcurrencyPerUser: 1 }, (_tenant, name) => ({
      take: async (cost) => void taken.push(`${name}:${cost}`),
      throttled: () => {},
      pressure: () => {},
    }));
    const envelope = await budget.acquire({ service: 'exchange', cmdlets: 10, writes: 4, user: 'u1' });
    const single = await budget.acquire({ service: 'exchange', user: 'u2' });
    assert.deepEqual(taken, ['exchangeCmdlets:10', 'exchangeWrites:4', 'exchangeCmdlets:1']);
    const second = budget.acquire({ service: 'exchange', cmdlets: 2, user: 'u1', deadline: Date.now() + 50 });
    await assert.rejects(second, BudgetWaitExceeded, 'the envelope holds the one slot of its user');
    envelope.release({ status: 200 });
    single.release({ status: 200 });
  });
});

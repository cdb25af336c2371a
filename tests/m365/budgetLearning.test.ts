import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import {
  DEFAULT_BUDGET_LIMITS,
  DEFAULT_LEARNING,
  LearnedRate,
  LocalTenantBudget,
  readingOf,
  type LearningSettings,
  type RatePolicy,
} from '../../api/src/m365/budget.ts';

const settings: LearningSettings = {
  ...DEFAULT_LEARNING,
  headroom: 0.95,
  increasePerSecond: 0.5,
  coalesceMs: 1000,
  settleMs: 2000,
  staleMs: 10_000,
};
const start = { ratePerSecond: 4.75, burst: 20 };
const assertClose = (actual: number, expected: number, message?: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${message ?? ''} ${actual} ≠ ${expected}`);

/** Headers as the service sends them: capacity `limit`, `remaining` left, full again `resetInMs` after `at`. */
function headers(limit: number, remaining: number, resetInMs: number, at: number) {
  return { limit, remaining, reset: new Date(at + resetInMs).toISOString(), concurrency: 0 };
}

describe('m365 budget: reading the Rate-Limit-* headers', () => {
  it('derives the refill rate from Limit, Remaining and Reset', () => {
    // 25 per 5 s: 15 spent are back 3 s later.
    const reading = readingOf(headers(25, 10, 3000, 1_000_000), 1_000_000);
    assert.equal(reading?.capacity, 25);
    assertClose(reading?.ratePerSecond ?? 0, 5);
  });

  it('errs low, not high, when the reset was computed after the call left', () => {
    const reading = readingOf(headers(25, 10, 3000, 1_000_100), 1_000_000);
    assert.ok((reading?.ratePerSecond ?? Infinity) < 5);
  });

  it('keeps the capacity but measures no rate from a nearly full bucket, a past or far reset', () => {
    assert.deepEqual(readingOf(headers(500, 499, 10, 0), 0), { capacity: 500 }, 'one token spent: the span is mostly noise');
    assert.deepEqual(readingOf(headers(25, 10, -5, 0), 0), { capacity: 25 }, 'a reset in the past');
    assert.deepEqual(readingOf(headers(25, 10, 7_200_000, 0), 0), { capacity: 25 }, 'a reset hours away: a window we do not model');
  });

  it('ignores missing and garbled headers', () => {
    assert.equal(readingOf(undefined, 0), undefined);
    assert.equal(readingOf({ concurrency: 1 }, 0), undefined);
    assert.equal(readingOf({ limit: 0, remaining: 0, reset: new Date(1000).toISOString() }, 0), undefined);
    assert.equal(readingOf({ limit: Number.NaN, remaining: 1 }, 0), undefined);
    assert.deepEqual(
      readingOf({ limit: 25, remaining: 30, reset: new Date(1000).toISOString() }, 0),
      { capacity: 25 },
      'more left than the limit',
    );
    assert.deepEqual(readingOf({ limit: 25, remaining: -1, reset: new Date(1000).toISOString() }, 0), { capacity: 25 });
    assert.deepEqual(readingOf({ limit: 25, remaining: 5, reset: 'soon' }, 0), { capacity: 25 });
    assert.deepEqual(readingOf({ limit: 25, remaining: 5, reset: '1700000000' }, 0), { capacity: 25 }, 'not an ISO time');
  });
});

describe('m365 budget: learning the Exchange rate', () => {
  it('starts at the configured (legacy) rate and burst', () => {
    const rate = new LearnedRate(start, settings);
    assert.deepEqual(rate.current(0), start);
  });

  it('grows additively per successful call, also past the starting figure, up to its cap', () => {
    const rate = new LearnedRate(start, settings);
    // One second at full pace (about `rate` calls) adds increasePerSecond × start.
    let t = 0;
    for (let calls = 0; calls < 5; calls += 1) rate.succeeded((t += 200));
    const after = rate.current(t).ratePerSecond;
    assert.ok(after > start.ratePerSecond, 'grew past the start');
    const grown = (after - start.ratePerSecond) / start.ratePerSecond;
    assert.ok(grown > 0.4 && grown <= 0.5, `about one second of growth adds about increasePerSecond × start: ${grown}`);
    for (let calls = 0; calls < 100_000; calls += 1) rate.succeeded(t);
    assertClose(rate.current(t).ratePerSecond, start.ratePerSecond * settings.maxFactor, 'capped with no budget announced:');
  });

  it('backs off multiplicatively on a 429, counts echoes once, and never below its floor', () => {
    const rate = new LearnedRate(start, settings);
    rate.throttled(0);
    rate.throttled(500);
    assertClose(rate.current(500).ratePerSecond, start.ratePerSecond * 0.7, 'one decrease for two 429s 500 ms apart:');
    rate.throttled(1500);
    assertClose(rate.current(1500).ratePerSecond, start.ratePerSecond * 0.49);
    for (let t = 3000; t < 30_000; t += 1000) rate.throttled(t);
    assertClose(rate.current(30_000).ratePerSecond, start.ratePerSecond * settings.minFactor);
    assert.ok(rate.current(30_000).burst < start.burst, 'the burst shrinks with the rate');
  });

  it('follows an announced rate once three readings exist (the second highest of the last five), with headroom, up and down', () => {
    const rate = new LearnedRate(start, settings);
    rate.observe({ capacity: 500, ratePerSecond: 100 }, 0);
    rate.observe({ capacity: 500, ratePerSecond: 100 }, 1);
    assert.equal(rate.current(1).ratePerSecond, start.ratePerSecond, 'two readings are not enough');
    rate.observe({ capacity: 500, ratePerSecond: 100 }, 2);
    assert.deepEqual(rate.current(2), { ratePerSecond: 95, burst: 400 });
    // Growth stops at the announced rate.
    for (let calls = 0; calls < 1000; calls += 1) rate.succeeded(3);
    assertClose(rate.current(3).ratePerSecond, 95);
    // The service announces less: once the lower readings are all but one of the last five, we come down at once.
    for (let n = 0; n < 3; n += 1) rate.observe({ capacity: 500, ratePerSecond: 50 }, 4 + n);
    assertClose(rate.current(10).ratePerSecond, 95, 'two higher readings of five remain:');
    rate.observe({ capacity: 500, ratePerSecond: 50 }, 8);
    assertClose(rate.current(10).ratePerSecond, 47.5);
  });

  it('does not trust a single odd reading', () => {
    const rate = new LearnedRate(start, settings);
    for (const [at, value] of [
      [0, 5],
      [1, 5],
      [2, 5_000],
      [3, 5],
      [4, 5],
    ] as const)
      rate.observe({ capacity: 25, ratePerSecond: value }, at);
    assertClose(rate.current(4).ratePerSecond, 4.75, 'the second highest ignores the outlier:');
    const odd = new LearnedRate(start, settings);
    for (const [at, capacity] of [
      [0, 25],
      [1, 25],
      [2, 1_000_000],
      [3, 25],
    ] as const)
      odd.observe({ capacity }, at);
    assert.equal(odd.current(3).burst, 20, 'one odd Limit does not change the burst');
  });

  it('forgets the announced rate when the capacity changes or readings stop, and grows by AIMD again', () => {
    const rate = new LearnedRate(start, settings);
    for (let n = 0; n < 3; n += 1) rate.observe({ capacity: 25, ratePerSecond: 5 }, n);
    assertClose(rate.current(3).ratePerSecond, 4.75);
    for (let n = 0; n < 3; n += 1) rate.observe({ capacity: 500 }, 10 + n);
    assert.equal(rate.announcedRate(13), undefined, 'a new capacity is a new budget');
    assert.equal(rate.current(13).burst, 400);
    rate.succeeded(14);
    assert.ok(rate.current(14).ratePerSecond > 4.75, 'grows past the old announced rate');
    const stale = new LearnedRate(start, settings);
    for (let n = 0; n < 3; n += 1) stale.observe({ capacity: 25, ratePerSecond: 2 }, n);
    assertClose(stale.current(100).ratePerSecond, 1.9);
    assert.equal(stale.announcedRate(settings.staleMs + 10), undefined);
  });

  it('after a 429, approaches a higher announced rate additively until things settle', () => {
    const rate = new LearnedRate(start, settings);
    rate.throttled(0);
    for (let n = 0; n < 3; n += 1) rate.observe({ capacity: 25, ratePerSecond: 10 }, 100 + n);
    assertClose(rate.current(200).ratePerSecond, 4.75 * 0.7, 'no jump within settleMs of the 429:');
    rate.observe({ capacity: 25, ratePerSecond: 10 }, settings.settleMs + 1);
    assertClose(rate.current(settings.settleMs + 1).ratePerSecond, 9.5, 'jumps once it has settled:');
  });

  it('caps the write rate by the cmdlet rate and by the multiple the cmdlet budget announces', () => {
    const cmdlets = new LearnedRate(start, settings);
    const writes = new LearnedRate({ ratePerSecond: 1.9, burst: 100 }, settings, cmdlets);
    for (let calls = 0; calls < 100_000; calls += 1) writes.succeeded(0);
    assertClose(writes.current(0).ratePerSecond, 4.75, 'never above the cmdlet rate:');
    for (let n = 0; n < 3; n += 1) cmdlets.observe({ capacity: 500, ratePerSecond: 100 }, n);
    for (let calls = 0; calls < 100_000; calls += 1) writes.succeeded(3);
    assertClose(writes.current(3).ratePerSecond, (1.9 * 95) / 4.75, '20× the cmdlets allows at most 20× the writes:');
  });

  it('grows the write rate in steps sized to the multiple the cmdlet rate has reached', () => {
    // One second of writes at full pace, under a cmdlet rate still at its start and under one 20× it.
    const secondOfWrites = (cmdlets: LearnedRate) => {
      const writes = new LearnedRate({ ratePerSecond: 1.9, burst: 100 }, settings, cmdlets);
      let t = 0;
      for (let calls = 0; calls < 2; calls += 1) writes.succeeded((t += 500));
      return writes.current(t).ratePerSecond - 1.9;
    };
    const legacy = secondOfWrites(new LearnedRate(start, settings));
    assert.ok(legacy > 0.4 && legacy < 1, `under the legacy cmdlet rate a second adds about half the start: ${legacy}`);
    const large = new LearnedRate(start, settings);
    for (let n = 0; n < 3; n += 1) large.observe({ capacity: 500, ratePerSecond: 100 }, n);
    const grown = secondOfWrites(large);
    // 20× the cmdlets (95 of 4.75 with headroom): each step is about 20× as large, still capped by the ceiling.
    assert.ok(grown > 10 * legacy, `a cmdlet rate 20× its start grew the writes by ${grown}/s, against ${legacy}/s`);
    assert.ok(1.9 + grown <= (1.9 * 95) / 4.75 + 1e-9, 'never above the ceiling');
    // A 429 still cuts it multiplicatively.
    const writes = new LearnedRate({ ratePerSecond: 1.9, burst: 100 }, settings, large);
    for (let calls = 0; calls < 10; calls += 1) writes.succeeded(3);
    const before = writes.current(3).ratePerSecond;
    writes.throttled(4);
    assertClose(writes.current(4).ratePerSecond, before * 0.7, 'a 429 after fast growth:');
  });
});

describe('m365 budget: the tenant budget learns from Exchange outcomes', () => {
  const now = { t: 1_000_000 };
  const fake = (): { take: () => Promise<void>; throttled: () => void; pressure: () => void } => ({
    take: async () => {},
    throttled: () => {},
    pressure: () => {},
  });
  const budget = () => {
    const policies: Record<string, RatePolicy> = {};
    const tenant = new LocalTenantBudget(
      't',
      DEFAULT_BUDGET_LIMITS,
      (_tenant, name, policy) => {
        policies[name] = policy;
        return { ...fake(), throttled: () => policy.throttled(now.t) };
      },
      () => now.t,
    );
    return { tenant, policies };
  };

  it('charges a $batch envelope its cmdlets and follows the headers of replies', async () => {
    const { tenant } = budget();
    for (let n = 0; n < 3; n += 1) {
      const lease = await tenant.acquire({ service: 'exchange', user: 'u', cmdlets: 10 });
      lease.release({ status: 200, rateLimit: headers(500, 300, 2000, now.t) });
    }
    assertClose(
      tenant.cmdletRate.current(now.t).ratePerSecond,
      100 * DEFAULT_LEARNING.headroom,
      '200 spent back in 2 s: 100/s, less the headroom:',
    );
    assert.equal(tenant.cmdletRate.current(now.t).burst, 400);
  });

  it('blames a 429 on the cmdlet rate only when Remaining shows no cmdlets left', async () => {
    const { tenant } = budget();
    const write = await tenant.acquire({ service: 'exchange', user: 'u', writes: 1 });
    write.release({ status: 429, retryAfterMs: 1000, rateLimit: { limit: 25, remaining: 12 } });
    assertClose(tenant.cmdletRate.current(now.t).ratePerSecond, 4.75, 'cmdlets were left: not the cmdlet rate');
    assertClose(tenant.writeRate.current(now.t).ratePerSecond, 1.9 * 0.7, 'the write rate backs off');
    now.t += 10_000;
    const read = await tenant.acquire({ service: 'exchange', user: 'u' });
    read.release({ status: 429, retryAfterMs: 1000, rateLimit: { limit: 25, remaining: 0 } });
    assertClose(tenant.cmdletRate.current(now.t).ratePerSecond, 4.75 * 0.7);
  });
});

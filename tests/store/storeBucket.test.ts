import assert from 'node:assert/strict';
import { it } from 'vitest';
import { AdaptiveRate, BudgetWaitExceeded, systemClock, type Clock } from '../../api/src/m365/rateBucket.ts';
import { LEASE_MS, StoreRateBucket, leaseOf } from '../../api/src/storeBucket.ts';
import { ensureBucket, takeTokens } from '../../api/src/store/throttleBudget.ts';
import type { SqlClient } from '../../api/src/store/sql.ts';
import { forEachStore } from '../helpers/stores.ts';

/** Never shrinks or recovers: the rate under test stays the one given. */
const FIXED = { decrease: 1, minFactor: 1, recoveryPerSecond: 0, coalesceMs: 0 };

/** `db`, counting the takes it carries to the store (the bucket's UPDATEs). */
function counting(db: SqlClient): { db: SqlClient; takes: () => number } {
  let takes = 0;
  const counted = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
      return (text: string, params?: unknown[]) => {
        if (/update throttle_budget/i.test(text)) takes += 1;
        return target.query(text, params);
      };
    },
  });
  return { db: counted, takes: () => takes };
}

/** The stored balance, refilled to now as a take would see it. */
async function storedTokens(db: SqlClient, key: { tenantId: string; bucket: string }, rate: { ratePerSecond: number; burst: number }) {
  const { rows } = await db.query<{ tokens: number }>(
    `select least($3::float8, tokens + extract(epoch from (clock_timestamp() - updated_at))::float8 * $4::float8) as tokens
       from throttle_budget where tenant_id = $1 and bucket = $2`,
    [key.tenantId, key.bucket, rate.burst, rate.ratePerSecond],
  );
  return Number(rows[0]?.tokens);
}

forEachStore('store: a bucket in the store leases tokens ahead', (store) => {
  /** A store bucket of its own tenant at `spec` (never adapting), with its store round trips counted. */
  const countedBucket = (tenantId: string, spec: { ratePerSecond: number; burst: number }, clock: Clock = systemClock) => {
    const { db: raw } = store();
    const { db, takes } = counting(raw);
    const key = { tenantId, bucket: 'graphResourceUnits' };
    return { raw, key, takes, bucket: new StoreRateBucket(db, key, new AdaptiveRate(spec, FIXED), clock) };
  };

  it('sizes a lease at a quarter second of the pace and a quarter of the bucket, and leases nothing from a small budget', () => {
    assert.equal(leaseOf({ ratePerSecond: 315, capacity: 350 }), 78);
    assert.equal(leaseOf({ ratePerSecond: 400, capacity: 40 }), 10);
    // Sign-in activity (10 a minute) and the reports (5 per 10 s): every call still asks the store.
    assert.equal(leaseOf({ ratePerSecond: 0.15, capacity: 9 }), 0);
    assert.equal(leaseOf({ ratePerSecond: 0.45, capacity: 4 }), 0);
  });

  it('serves the takes that follow from the lease, and debits the lease from the shared row when it is taken', async () => {
    const spec = { ratePerSecond: 40, burst: 400 };
    const { raw, key, takes, bucket } = countedBucket('lease-serves', spec);
    for (let n = 0; n < 11; n++) await bucket.take(1);
    // The first take leased 10 (a quarter second at 40/s): the next 10 never reached the store.
    assert.equal(takes(), 1, `${takes()} store round trips for 11 takes of 1`);
    const left = await storedTokens(raw, key, spec);
    // 400 - 1 - 10 leased, plus what refilled since (40/s over a test of a few ms).
    assert.ok(left >= 389 && left < 395, `the shared row holds ${left.toFixed(1)} tokens: the lease was not debited when taken`);
    await bucket.take(1);
    assert.equal(takes(), 2, 'the lease spent, the next take asks the store again');
  });

  it('takes made together ask for one lease between them, not one each', async () => {
    const spec = { ratePerSecond: 40, burst: 400 };
    const { raw, key, takes, bucket } = countedBucket('lease-once', spec);
    await Promise.all(Array.from({ length: 20 }, () => bucket.take(1)));
    assert.equal(takes(), 20, 'none held yet: each of the 20 asked the store');
    const left = await storedTokens(raw, key, spec);
    assert.ok(left >= 369 && left < 375, `the shared row holds ${left.toFixed(1)} tokens: 20 taken and one lease of 10, not one each`);
    for (let n = 0; n < 10; n++) await bucket.take(1);
    assert.equal(takes(), 20, 'the one lease served the next 10');
  });

  it('leases only from a surplus, never into debt', async () => {
    const { db } = store();
    const key = { tenantId: 'lease-no-debt', bucket: 'exchangeCmdlets' };
    const rate = { ratePerSecond: 1, capacity: 5 };
    await ensureBucket(db, key, rate.capacity);
    const first = await takeTokens(db, key, rate, 3, 10);
    assert.ok(first);
    assert.ok(Math.abs(first.leased - 2) < 0.01, `leased ${first.leased} of a surplus of 2`);
    assert.ok(Math.abs(first.balance) < 0.01, `balance ${first.balance} after taking the whole surplus`);
    const second = await takeTokens(db, key, rate, 2, 10);
    assert.ok(second);
    assert.equal(second.leased, 0, 'a take that goes into debt leases nothing');
    assert.ok(second.balance < -1.9 && second.balance >= -2, `balance ${second.balance}: the take is a reservation of 2`);
  });

  it('two instances with leases never spend more than the bucket together', async () => {
    const { db, connect } = store();
    const other = await connect();
    const spec = { ratePerSecond: 200, burst: 40 };
    const key = { tenantId: 'lease-shared', bucket: 'graphResourceUnits' };
    const buckets = [db, other].map((client) => new StoreRateBucket(client, key, new AdaptiveRate(spec, FIXED)));
    assert.equal(leaseOf({ ratePerSecond: spec.ratePerSecond, capacity: spec.burst }), 10);
    const started = Date.now();
    const spent: number[] = [];
    const stopAt = started + 400;
    await Promise.all(
      buckets.flatMap((bucket) =>
        Array.from({ length: 4 }, async () => {
          while (Date.now() < stopAt) {
            await bucket.take(1);
            spent.push(Date.now());
          }
        }),
      ),
    );
    // Whenever a take completed, the two together had spent no more than the burst and what refilled by then.
    for (const [index, at] of spent.sort((a, b) => a - b).entries()) {
      const allowed = spec.burst + (spec.ratePerSecond * (at - started + 5)) / 1000;
      assert.ok(index + 1 <= allowed, `${index + 1} takes by ${at - started} ms, more than the ${allowed.toFixed(0)} the bucket allows`);
    }
    assert.ok(spent.length > spec.burst, `only ${spent.length} takes in 400 ms: the bucket did not refill`);
  });

  it('a 429 drops the lease: the next take waits out the pause', async () => {
    const spec = { ratePerSecond: 400, burst: 400 };
    const { raw, key, takes, bucket } = countedBucket('lease-dropped', spec);
    await bucket.take(1);
    const before = takes();
    bucket.throttled(500);
    // The pause reaches the store in the background: wait until it has landed (the row goes below zero).
    const waitFrom = Date.now();
    while ((await storedTokens(raw, key, spec)) > 0 && Date.now() - waitFrom < 5_000) await systemClock.sleep(5);
    await assert.rejects(bucket.take(1, Date.now() + 50), BudgetWaitExceeded);
    assert.ok(takes() > before + 1, 'the take after the 429 was served from the lease instead of the store');
  });

  it('a lease that comes back after a 429 is not kept', async () => {
    const { takes, bucket } = countedBucket('lease-late', { ratePerSecond: 400, burst: 400 });
    const first = bucket.take(1);
    // The 429 comes while the first take (and its lease) is on its way to the store.
    bucket.throttled(1);
    await first;
    const before = takes();
    await bucket.take(1);
    assert.equal(takes(), before + 1, 'the next take was served from a lease asked for before the 429');
  });

  it('a lease runs out after LEASE_MS', async () => {
    let now = systemClock.now();
    const clock: Clock = { now: () => now, sleep: (ms) => systemClock.sleep(ms) };
    const { takes, bucket } = countedBucket('lease-expires', { ratePerSecond: 400, burst: 400 }, clock);
    await bucket.take(1);
    await bucket.take(1);
    assert.equal(takes(), 1, 'the second take came from the lease');
    now += LEASE_MS;
    await bucket.take(1);
    assert.equal(takes(), 2, 'a lease older than LEASE_MS was spent');
  });
});

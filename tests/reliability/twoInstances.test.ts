import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { AdaptiveRate, BudgetWaitExceeded } from '../../api/src/m365/budget.ts';
import { leaseOf, StoreRateBucket } from '../../api/src/storeBucket.ts';
import { openPostgres, type SqlClient } from '../../api/src/store/sql.ts';
import { COMPLIANT, seedManifest, type RunningEmulator } from '../../emulator/src/index.ts';
import { storeKinds, TEST_DATABASE_URL } from '../helpers/stores.ts';
import { startTenant } from '../helpers/tenant.ts';
import { emulatorEnv, spawnApi, type ApiChild } from './support/apiChild.ts';
import { childStore, type ChildStore } from './support/childStore.ts';
import { ApiClient, emulatorStats, resetEmulatorStats, SOAK } from './support/client.ts';
import { assertAppliedOnceAndAudited, captureSettings } from './support/tenantState.ts';

const ROOMS = SOAK ? 1_000 : 60;
const TIMEOUT_MS = SOAK ? 600_000 : 60_000;
/**
 * The emulator's clock (and our budget's) runs this many times faster. Kept small: a stall of an API process
 * (a loaded CI machine) turns reservations it made on time into one late burst, and that burst holds K times
 * more tokens than at real speed. At k = 10 a 400 ms stall was 20 cmdlets against a bucket of 25, and CI once
 * saw 13 of 107 items answered 429.
 */
const K = 2;
/**
 * The Exchange budget the emulator enforces and announces in `Rate-Limit-*` (per second at k = 2): small
 * enough that it, not the machine, sets the pace; two instances each spending it in full would call at twice
 * the rate. Per 5 s and per 60 s before scaling: 25 cmdlets and 240 Set-*.
 */
// The legacy shape (a bucket of 25 per 5 s): with a bucket of 10, one $batch envelope is most of it, and jitter
// between our clock and the emulator's turned a few items into 429s without any window over the budget.
const ANNOUNCED = { cmdlets: { ratePerSecond: (25 / 5) * K, burst: 25 }, writes: { ratePerSecond: (240 / 60) * K, burst: 240 } };
/**
 * Where our instances start: a fifth of the announced cmdlet rate, so that even a loaded machine runs faster
 * than this once they have learned. They are not told the budget; they must
 * learn it from the headers, together, without overshooting it.
 */
const START = { exchangeCmdlets: { ratePerSecond: 2, burst: 5 }, exchangeWrites: { ratePerSecond: 1, burst: 3 } };
const SAMPLE_MS = 100;
const IN_FLIGHT = 2 * 3;

interface Sample {
  at: number;
  cmdlets: number;
  writes: number;
}

/**
 * Issue 7 §7: two API processes share one PostgreSQL and both run one bulk job. Each room is applied once
 * (the emulator's write counters), both instances did part of the work, and the calls both made together
 * toward the tenant never exceed the budget the emulator announces, in any window, though each instance
 * learns that budget on its own (issue 16): the spending is shared through the store.
 */
// Skipped (reported as such) where TEST_STORES leaves PostgreSQL out.
describe.skipIf(!storeKinds().includes('postgres'))(`reliability: two API instances, one PostgreSQL, one job over ${ROOMS} rooms`, () => {
  let emulator: RunningEmulator;
  let store: ChildStore;
  const instances: ApiChild[] = [];

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 81, rooms: ROOMS }] });
    store = await childStore('postgres');
    const tenant = emulator.tenant();
    const compliant = new Set(seedManifest(tenant).byScenario[COMPLIANT] ?? []);
    for (const mailbox of tenant.mailboxes.values()) if (compliant.has(mailbox.userId)) mailbox.calendarProcessing.DeleteComments = true;
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await emulator?.close();
    await store?.remove();
  });

  it('applies each room once, on both instances, within one tenant budget', { timeout: TIMEOUT_MS * 2 }, async () => {
    // Per-user concurrency is not shared through the store (each instance holds its own 3), so the emulator
    // does not limit it here: this test is about the rate budget.
    const profile = await fetch(`${emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        profile: 'realistic',
        timeScale: K,
        exchangeCmdletsPer5s: ANNOUNCED.cmdlets.burst,
        exchangeWritesPer60s: 240,
        exchangeUserConcurrency: 0,
        exchangeTenantConcurrency: 0,
      }),
    });
    assert.equal(profile.status, 200, await profile.text());
    const env = {
      ...emulatorEnv(emulator),
      ...store.env,
      BUDGET_TIME_SCALE: String(K),
      BUDGET_LIMITS: JSON.stringify(START),
      WORKER_POLL_MS: '50',
    };
    instances.push(...(await Promise.all(['instance-a', 'instance-b'].map((id) => spawnApi({ ...env, WORKER_ID: id })))));
    const [first, second] = instances as [ApiChild, ApiChild];
    const client = new ApiClient(emulator, () => first.baseUrl);
    assert.equal((await client.sync('global-admin', undefined, TIMEOUT_MS)).status, 'succeeded');
    const tenant = emulator.tenant();
    const accountIds = [...seedManifest(tenant).resourceAccountIds];
    const before = captureSettings(tenant, accountIds);
    const inventory = await client.accountIds();

    await resetEmulatorStats(emulator);
    const samples: Sample[] = [];
    const sample = async () => {
      const asked = performance.now();
      const stats = await emulatorStats(emulator);
      const sum = (prefix: string) =>
        Object.entries(stats.calls).reduce((total, [api, count]) => (api.startsWith(prefix) ? total + count : total), 0);
      samples.push({ at: (asked + performance.now()) / 2, cmdlets: sum('InvokeCommand '), writes: sum('InvokeCommand Set-') });
    };
    await sample();
    const sampler = setInterval(() => void sample(), SAMPLE_MS);
    let job: any;
    try {
      const started = await client.call('global-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: inventory } });
      assert.equal(started.status, 202, started.text);
      // Progress is in the store: the second instance reports the job the first one created.
      const follower = new ApiClient(emulator, () => second.baseUrl);
      job = await follower.waitForJob('global-admin', started.body.jobId, (j) => j.finishedAt !== null, TIMEOUT_MS);
    } finally {
      clearInterval(sampler);
    }
    await sample();

    assert.equal(
      job.counts.applied + job.counts.skipped + (job.counts.refused ?? 0) + job.counts.failed,
      inventory.length,
      JSON.stringify(job.counts),
    );
    const { rows } = await (store.db as NonNullable<ChildStore['db']>).query<{ worker: string; tasks: number }>(
      `select claimed_by as worker, count(*)::int as tasks from job_tasks where job_id = $1 group by claimed_by order by 1`,
      [job.id],
    );
    assert.deepEqual(
      rows.map((row) => row.worker),
      ['instance-a', 'instance-b'],
      'both instances should have run tasks of the job',
    );
    const counts = assertAppliedOnceAndAudited({
      jobId: job.id,
      before,
      after: captureSettings(tenant, accountIds),
      stats: await emulatorStats(emulator),
      audit: await client.audit(),
    });

    // In every window between two samples, the calls both instances made (throttled attempts included) fit the
    // announced budget: burst + rate x time; the emulator refused none of them; and in some window they made
    // more than their starting budget allows (they learned the budget rather than keeping to their first guess).
    const use = (spec: { ratePerSecond: number; burst: number }, key: 'cmdlets' | 'writes') => {
      let peak = 0;
      for (let i = 0; i < samples.length; i += 1) {
        for (let j = i + 1; j < samples.length; j += 1) {
          const [from, to] = [samples[i] as Sample, samples[j] as Sample];
          const seconds = (to.at - from.at) / 1000;
          // Slack: one sample interval (a sample is read while calls arrive), and the calls in flight when a
          // window opens, which took their tokens before it (3 Exchange calls per user per instance).
          const allowed = spec.burst + spec.ratePerSecond * (seconds + SAMPLE_MS / 1000) + IN_FLIGHT;
          peak = Math.max(peak, (to[key] - from[key]) / allowed);
        }
      }
      return peak;
    };
    const worst = { cmdlets: use(ANNOUNCED.cmdlets, 'cmdlets'), writes: use(ANNOUNCED.writes, 'writes') };
    const beyondStart = use(START.exchangeCmdlets, 'cmdlets');
    const final = await emulatorStats(emulator);
    const exchange429s = Object.entries(final.throttled ?? {}).reduce(
      (sum, [api, n]) => (api.startsWith('InvokeCommand ') ? sum + n : sum),
      0,
    );
    const last = samples[samples.length - 1] as Sample;
    const seconds = (last.at - (samples[0] as Sample).at) / 1000;
    console.log(
      `# two instances: ${inventory.length} tasks (${rows.map((row) => `${row.worker} ${row.tasks}`).join(', ')}), ${counts.writes} writes, ${counts.entries} audit entries; ` +
        `${last.cmdlets} Exchange cmdlets in ${seconds.toFixed(1)} s = ${(last.cmdlets / seconds).toFixed(1)}/s (announced ${ANNOUNCED.cmdlets.ratePerSecond}/s, burst ${ANNOUNCED.cmdlets.burst}; start ${START.exchangeCmdlets.ratePerSecond}/s), ` +
        `${last.writes} Set-* = ${(last.writes / seconds).toFixed(1)}/s (announced ${ANNOUNCED.writes.ratePerSecond}/s); ` +
        `peak window use ${(worst.cmdlets * 100).toFixed(0)}% / ${(worst.writes * 100).toFixed(0)}% of the budget, ${(beyondStart * 100).toFixed(0)}% of the starting one; Exchange 429s ${exchange429s}`,
    );
    assert.ok(
      beyondStart > 1,
      `the instances never went beyond the budget they started from (peak ${(beyondStart * 100).toFixed(0)}% of it): they learned nothing`,
    );
    assert.ok(
      worst.cmdlets <= 1,
      `the instances together exceeded the Exchange cmdlet budget (${(worst.cmdlets * 100).toFixed(0)}% in some window)`,
    );
    assert.ok(
      worst.writes <= 1,
      `the instances together exceeded the Exchange write budget (${(worst.writes * 100).toFixed(0)}% in some window)`,
    );
    // "Never exceed together" is the window check above. A 429 can still come without any window over the budget:
    // a $batch envelope's items reach the emulator's bucket together, so jitter between our clock and its own (or
    // a stalled process sending late what it reserved on time) can refuse an item that is then retried. They stay
    // under the issue's 1 %.
    assert.ok(
      exchange429s <= last.cmdlets * 0.01,
      `the emulator throttled ${exchange429s} of ${last.cmdlets} Exchange cmdlets, more than 1 %, though no window was over the announced budget`,
    );
  });

  it('a store-backed bucket paces takers on two connections as one, and a 429 seen by one pauses both once leases are spent', async () => {
    const db = store.db as NonNullable<ChildStore['db']>;
    const other = await openPostgres(TEST_DATABASE_URL, { schema: await currentSchema(db), max: 2 });
    try {
      const adaptive = { decrease: 1, minFactor: 1, recoveryPerSecond: 0, coalesceMs: 0 };
      const spec = { ratePerSecond: 200, burst: 5 };
      const key = { tenantId: 'bucket-test', bucket: 'exchangeCmdlets' };
      const [a, b] = [
        new StoreRateBucket(db, key, new AdaptiveRate(spec, adaptive)),
        new StoreRateBucket(other, key, new AdaptiveRate(spec, adaptive)),
      ];
      let started = performance.now();
      await Promise.all(Array.from({ length: 45 }, (_, n) => (n % 2 ? a : b).take(1)));
      const paced = performance.now() - started;
      // 45 takes at 200/s with a burst of 5 need at least 200 ms, whichever connection makes them.
      assert.ok(paced >= 190, `45 takes passed in ${paced.toFixed(0)} ms: the two takers did not share the bucket`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The pause is written to the store in the background: wait until it has landed (the bucket goes
      // negative), then the other connection must wait out the rest of the 300 ms counted from the 429.
      started = performance.now();
      a.throttled(300);
      // The stored balance is not refilled until the next take, and the takes above may have left it below zero
      // already: read it refilled to now, and wait until it is deep enough to be the 300 ms pause (-60 tokens).
      const paused = async () =>
        Number(
          (
            await other.query<{ tokens: number }>(
              `select least($3::float8, tokens + extract(epoch from (clock_timestamp() - updated_at))::float8 * $4::float8) as tokens
                 from throttle_budget where tenant_id = $1 and bucket = $2`,
              [key.tenantId, key.bucket, spec.burst, spec.ratePerSecond],
            )
          ).rows[0]?.tokens ?? 0,
        ) > -30;
      while ((await paused()) && performance.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 5));
      // The other may still hold the few tokens it leased before the 429 (storeBucket.ts): past those, it waits.
      for (let n = 0; n <= leaseOf({ ratePerSecond: spec.ratePerSecond, capacity: spec.burst }); n++) await b.take(1);
      assert.ok(performance.now() - started >= 250, 'a 429 seen through one connection did not pause the other');
      // A call whose wait would end after its deadline is refused at once, and leaves no debt behind.
      const again = performance.now();
      a.throttled(300);
      while ((await paused()) && performance.now() - again < 5_000) await new Promise((resolve) => setTimeout(resolve, 5));
      await assert.rejects(b.take(1, Date.now() + 10), BudgetWaitExceeded);
    } finally {
      await other.close();
    }
  });
});

async function currentSchema(db: SqlClient): Promise<string> {
  return (await db.query<{ schema: string }>('select current_schema() as schema')).rows[0]?.schema as string;
}

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONFIRMED_AFTER_INTERRUPTION } from '../../api/src/jobs/journal.ts';
import { COMPLIANT, seedManifest, type RunningEmulator } from '../../emulator/src/index.ts';
import { SeededRandom } from '../../emulator/src/tenant/random.ts';
import { storeKinds } from '../helpers/stores.ts';
import { startTenant } from '../helpers/tenant.ts';
import { emulatorEnv, spawnApi, type ApiChild } from './support/apiChild.ts';
import { childStore, type ChildStore } from './support/childStore.ts';
import { ApiClient, emulatorStats, resetEmulatorStats, SOAK } from './support/client.ts';
import { assertAppliedOnceAndAudited, captureSettings } from './support/tenantState.ts';

const ROOMS = SOAK ? 1_000 : 120;
const TIMEOUT_MS = SOAK ? 600_000 : 60_000;
/** Our budget runs k times faster, as if the tenant's quotas were k times larger: the crash is what is tested. */
const BUDGET_TIME_SCALE = '50';

/**
 * Issue 7 §5: the API runs as a child process, a bulk apply over every account of the inventory starts, the
 * child gets `kill -9` at a random point, and a new child on the same store finishes the job. Proof from
 * the emulator (the "Microsoft 365" side): no setting written twice, and every setting the tenant now holds
 * differently has exactly one succeeded audit entry of the job (none lost), and no entry claims more.
 */
for (const kind of storeKinds()) {
  describe(`reliability: kill -9 during a bulk apply over ${ROOMS} rooms [${kind}]`, () => {
    let emulator: RunningEmulator;
    let store: ChildStore;
    let api: ApiChild | undefined;
    const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);

    beforeAll(async () => {
      // Tokens live 2 s, far less than the job: the restarted API acts through the grant the first one kept.
      emulator = await startTenant({
        tenants: [{ seed: 71, rooms: ROOMS }],
        traffic: { graphLatencyMs: [1, 4], exchangeLatencyMs: [3, 12], ssoTokenLifetimeSeconds: 2, accessTokenLifetimeSeconds: 2 },
      });
      store = await childStore(kind);
      // Break every compliant room outside the app, so the job has something to do on each one.
      const tenant = emulator.tenant();
      const compliant = new Set(seedManifest(tenant).byScenario[COMPLIANT] ?? []);
      for (const mailbox of tenant.mailboxes.values()) if (compliant.has(mailbox.userId)) mailbox.calendarProcessing.DeleteComments = true;
    });
    afterAll(async () => {
      await api?.stop();
      await emulator?.close();
      await store?.remove();
    });

    it(
      'resumes after the crash and finishes: every room applied once, every change audited once',
      { timeout: TIMEOUT_MS * 2 },
      async () => {
        // PGlite is held by one process, so a restart reclaims the dead one's tasks at once, whatever the lease;
        // on PostgreSQL other instances may still be alive, so the restart waits for the (short) lease.
        const env = {
          ...emulatorEnv(emulator),
          ...store.env,
          BUDGET_TIME_SCALE,
          WORKER_POLL_MS: '50',
          WORKER_LEASE_MS: kind === 'pglite' ? '600000' : '1500',
        };
        api = await spawnApi(env);
        const client = new ApiClient(emulator, () => (api as ApiChild).baseUrl);
        assert.equal((await client.sync('global-admin', undefined, TIMEOUT_MS)).status, 'succeeded');

        const tenant = emulator.tenant();
        const accountIds = [...seedManifest(tenant).resourceAccountIds];
        const before = captureSettings(tenant, accountIds);
        await resetEmulatorStats(emulator);
        const inventory = await client.accountIds();
        assert.ok(inventory.length >= ROOMS, `the inventory has ${inventory.length} accounts, fewer than the ${ROOMS} rooms`);
        const started = await client.call('global-admin', '/api/jobs/apply-recommended', {
          method: 'POST',
          body: { accountIds: inventory },
        });
        assert.equal(started.status, 202, started.text);
        const { jobId, total } = started.body as { jobId: string; total: number };
        assert.equal(total, inventory.length);

        const random = new SeededRandom(seed);
        const killAt = Math.floor(total * (0.15 + random.next() * 0.6));
        const done = (job: any) => job.counts.applied + job.counts.skipped + (job.counts.refused ?? 0) + job.counts.failed;
        const beforeKill = await client.waitForJob('global-admin', jobId, (job) => done(job) >= killAt, TIMEOUT_MS);
        await api.crash();
        const firstPid = api.pid;

        api = await spawnApi(env);
        assert.notEqual(api.pid, firstPid);
        const job = await client.waitForJob('global-admin', jobId, (j) => j.finishedAt !== null, TIMEOUT_MS);
        assert.ok(done(beforeKill) < total, 'the job had finished before the kill: the test proves nothing');
        assert.equal(job.counts.pending + job.counts.running, 0);
        assert.equal(done(job), total, JSON.stringify(job.counts));
        for (const result of job.results.filter((r: any) => r.status === 'failed')) assert.ok(result.reason, JSON.stringify(result));

        const audit = await client.audit();
        const stats = await emulatorStats(emulator);
        const counts = assertAppliedOnceAndAudited({ jobId, before, after: captureSettings(tenant, accountIds), stats, audit });
        assert.ok((stats.tokens?.grants.refresh_token ?? 0) > 0, `the job should have renewed its grant: ${JSON.stringify(stats.tokens)}`);
        const confirmed = audit.filter((entry) => entry.jobId === jobId && entry.message === CONFIRMED_AFTER_INTERRUPTION).length;
        // Every applied task has its changes on record; a skipped one has none.
        const byAccount = new Map<string, number>();
        for (const entry of audit.filter((e) => e.jobId === jobId))
          byAccount.set(entry.accountId, (byAccount.get(entry.accountId) ?? 0) + 1);
        for (const result of job.results) {
          if (result.status === 'applied')
            assert.ok((byAccount.get(result.accountId) ?? 0) > 0, `applied ${result.accountId} has no audit entry`);
          if (result.status === 'skipped')
            assert.equal(byAccount.get(result.accountId) ?? 0, 0, `skipped ${result.accountId} has audit entries`);
        }
        const resumed = api.logs.some((line) => line.event === 'job_orphans_released');
        if (kind === 'pglite') assert.ok(resumed, "the restarted API did not reclaim the dead process's tasks at start");
        console.log(
          `# crash [${kind}] seed ${seed}: ${total} tasks, kill -9 after ${done(beforeKill)} done; resumed ${resumed ? 'at once (orphans released)' : 'after the lease'}; ` +
            `${job.counts.applied} applied, ${job.counts.skipped} skipped, ${job.counts.failed} failed; ${counts.writes} writes, ${counts.changed} settings changed, ` +
            `${counts.entries} audit entries (${confirmed} confirmed after the crash, ${counts.failed} not succeeded)`,
        );
      },
    );
  });
}

const SYNC_ROOMS = SOAK ? 3_000 : 600;

/**
 * Issue 12: a Get Data whose API process is killed with -9 in the middle of reading mailbox settings. Tokens
 * live 60 s of the emulator's `realistic` clock (k = 20); the next Get Data continues the interrupted run: what
 * it stored is not read again, and every account ends graded.
 */
for (const kind of storeKinds()) {
  describe(`reliability: kill -9 during a full sync of ${SYNC_ROOMS} rooms [${kind}]`, () => {
    let emulator: RunningEmulator;
    let store: ChildStore;
    let api: ApiChild | undefined;

    beforeAll(async () => {
      emulator = await startTenant({
        tenants: [{ seed: 72, rooms: SYNC_ROOMS }],
        profile: 'realistic',
        timeScale: 20,
        traffic: { ssoTokenLifetimeSeconds: 60, accessTokenLifetimeSeconds: 60 },
      });
      store = await childStore(kind);
    });
    afterAll(async () => {
      await api?.stop();
      await emulator?.close();
      await store?.remove();
    });

    it('the next Get Data continues where the killed one stopped and grades every account', { timeout: TIMEOUT_MS * 4 }, async () => {
      // A killed sync stays "running" in a shared PostgreSQL until its heartbeat is this old (2 min by default).
      const env = { ...emulatorEnv(emulator), ...store.env, BUDGET_TIME_SCALE: '20', SYNC_STALE_MS: '1500', WORKER: 'off' };
      api = await spawnApi(env);
      const client = new ApiClient(emulator, () => (api as ApiChild).baseUrl);
      await resetEmulatorStats(emulator);
      const started = await client.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
      assert.equal(started.status, 202, started.text);
      const midway = await client.until(
        'global-admin',
        '/api/sync/current',
        (body) => body.sync?.phase === 'mailboxSettings' && body.sync.done >= 250,
        TIMEOUT_MS,
      );
      await api.crash();
      const readBeforeKill = served(await emulatorStats(emulator), 'InvokeCommand Get-CalendarProcessing');

      api = await spawnApi(env);
      await sleep(1_600);
      const resumed = await client.sync('global-admin', undefined, TIMEOUT_MS * 2);
      assert.equal(resumed.status, 'succeeded', JSON.stringify(resumed));
      assert.equal(resumed.resumeFrom, midway.sync.startedAt, 'the new run continues the killed one');
      const summary = (await client.call('global-admin', '/api/summary')).body;
      assert.equal(summary.byStatus.ungraded, 0, JSON.stringify(summary.byStatus));
      const mailboxes = (await client.call('global-admin', '/api/accounts?pageSize=500')).body.total as number;
      const read = served(await emulatorStats(emulator), 'InvokeCommand Get-CalendarProcessing');
      // Reads stored before the kill are not repeated: at most the unstored batch (200) and those in flight (24) are.
      assert.ok(read - readBeforeKill < mailboxes, `the second run read ${read - readBeforeKill} of ${mailboxes} again`);
      assert.ok(read <= mailboxes + 224, `${read} reads for ${mailboxes} accounts`);
      console.log(
        `# sync crash [${kind}]: killed after ${readBeforeKill} mailbox reads; the next run read ${read - readBeforeKill} more (${mailboxes} accounts)`,
      );
    });
  });
}

function served(stats: { calls: Record<string, number>; throttled?: Record<string, number> }, api: string): number {
  return (stats.calls[api] ?? 0) - (stats.throttled?.[api] ?? 0);
}

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobWorker } from '../../api/src/jobs/worker.ts';
import { COMPLIANT, seedManifest } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

type Stats = { writes: Record<string, number>; totals: { faults: number; throttled: number } };

async function waitForJob(stack: DemoStack, jobId: string, until: (job: any) => boolean, timeoutMs = 120_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await stack.call('global-admin', `/api/jobs/${jobId}`)).body;
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not get there: ${JSON.stringify(job.counts)}`);
    await sleep(100);
  }
}

/** Every write target was written at most once: "applied exactly once", proven by the emulator's counters. */
function assertNoDoubleWrites(stats: Stats) {
  const doubled = Object.entries(stats.writes).filter(([, count]) => count > 1);
  assert.deepEqual(doubled, [], 'a setting was written twice');
}

describe('bulk apply recommended', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    // Fewer tasks in flight than the 30 a job below holds, so stopping its worker leaves work for another.
    stack = await startDemoStack({
      emulator: { tenants: [{ seed: 31, rooms: 120 }], timeScale: 20 },
      worker: { pollMs: 50, concurrency: 8 },
    });
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
  });
  afterAll(() => stack.close());

  const stats = async () => (await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as Stats;

  it('a job over all Needs Action accounts completes under chaos, each account applied exactly once', async () => {
    const needsAction = (await stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=500')).body.items.map(
      (item: { id: string }) => item.id,
    );
    assert.ok(needsAction.length > 10);
    await fetch(`${stack.emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'chaos', timeScale: 20 }),
    });
    await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
    const started = await stack.call('global-admin', '/api/jobs/apply-recommended', {
      method: 'POST',
      body: { filter: { status: 'needsAction' } },
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.total, needsAction.length);
    const job = await waitForJob(stack, started.body.jobId, (j) => j.finishedAt !== null);
    await fetch(`${stack.emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'none' }),
    });
    const counters = await stats();
    assert.ok(counters.totals.faults + counters.totals.throttled > 0, 'chaos injected nothing');
    assertNoDoubleWrites(counters);
    assert.equal(job.counts.applied + job.counts.skipped + job.counts.failed, needsAction.length);
    // Failures may only be what no role or seat can fix, each with a reason.
    for (const result of job.results.filter((r: { status: string }) => r.status === 'failed'))
      assert.ok(result.reason, JSON.stringify(result));
    const still = (await stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=500')).body.items.map(
      (item: { id: string }) => item.id,
    );
    const failed = new Set(
      job.results.filter((r: { status: string }) => r.status === 'failed').map((r: { accountId: string }) => r.accountId),
    );
    // Required settings Room Accounts never changes (UPN, forced password change, what on-premises AD masters) stay: skipped, with the reason.
    const leftToAdmin = new Set(
      job.results
        .filter(
          (r: { status: string; reason: string | null }) =>
            r.status === 'skipped' && /^Not changed by Room Accounts: /.test(r.reason ?? ''),
        )
        .map((r: { accountId: string }) => r.accountId),
    );
    assert.deepEqual(
      still.filter((id: string) => !failed.has(id) && !leftToAdmin.has(id)),
      [],
      'applied accounts must now be compliant',
    );
    for (const scenario of ['upn-mismatch', 'force-password-change', 'synced-disabled']) {
      const id = seedManifest(stack.emulator.tenant()).byScenario[scenario]?.[0] ?? '';
      assert.ok(leftToAdmin.has(id), `${scenario}: ${JSON.stringify(job.results.find((r: { accountId: string }) => r.accountId === id))}`);
      assert.equal(counters.writes[`PATCH /users ${id}`], undefined, `${scenario}: no Graph write`);
    }
    const synced = job.results.find(
      (r: { accountId: string }) => r.accountId === seedManifest(stack.emulator.tenant()).byScenario['synced-disabled']?.[0],
    );
    assert.match(synced.reason, /accountEnabled: Managed in on-premises Active Directory: Enable-ADAccount -Identity \S+/);
    // One audit entry per attempted change of the job.
    const audit = (await stack.call('global-admin', '/api/audit?limit=500')).body.items.filter(
      (e: { jobId: string }) => e.jobId === started.body.jobId,
    );
    const attempted = job.results.filter((r: { status: string }) => r.status !== 'skipped').length;
    assert.ok(audit.length >= attempted);
  });

  it('a job makes one Get-CalendarProcessing and one Set-CalendarProcessing per account, and no other Exchange cmdlet', async () => {
    const tenant = stack.emulator.tenant();
    // Break 10 compliant rooms outside the app (rooms the interruption test below does not use), then pick them up.
    const compliant = new Set(seedManifest(tenant).byScenario[COMPLIANT] ?? []);
    const rooms = [...tenant.mailboxes.values()].filter((m) => compliant.has(m.userId)).slice(30, 40);
    assert.equal(rooms.length, 10);
    for (const mailbox of rooms) {
      const res = await fetch(
        `${stack.emulator.baseUrl}/emulator/tenants/${tenant.id}/mailboxes/${mailbox.primarySmtpAddress}/calendar-processing`,
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ DeleteSubject: false, AutomateProcessing: 'AutoUpdate' }),
        },
      );
      assert.equal(res.status, 200);
    }
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
    const ids = rooms.map((m) => m.userId);
    const needsAction = new Set(
      (await stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=500')).body.items.map((item: { id: string }) => item.id),
    );
    assert.ok(
      ids.every((id) => needsAction.has(id)),
      'the broken rooms should be graded Needs Action',
    );
    await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
    const started = await stack.call('exchange-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ids } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await waitForJob(stack, started.body.jobId, (j) => j.finishedAt !== null);
    assert.equal(job.counts.applied, ids.length, JSON.stringify(job.counts));
    const calls = ((await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as { calls: Record<string, number> }).calls;
    const exchange = Object.fromEntries(Object.entries(calls).filter(([api]) => api.startsWith('InvokeCommand ')));
    assert.deepEqual(exchange, { 'InvokeCommand Get-CalendarProcessing': ids.length, 'InvokeCommand Set-CalendarProcessing': ids.length });
    // Write-through without a read-back: the list shows them compliant at once.
    const still = (await stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=500')).body.items.map(
      (item: { id: string }) => item.id,
    );
    assert.deepEqual(
      still.filter((id: string) => ids.includes(id)),
      [],
    );
  });

  it('a job interrupted by stopping its worker finishes on a new worker with no double applies', async () => {
    const tenant = stack.emulator.tenant();
    // Break 30 compliant rooms outside the app, then pick them up.
    const compliant = new Set(seedManifest(tenant).byScenario[COMPLIANT] ?? []);
    const victims = [...tenant.mailboxes.values()].filter((m) => compliant.has(m.userId)).slice(0, 30);
    assert.equal(victims.length, 30);
    for (const mailbox of victims) {
      const res = await fetch(
        `${stack.emulator.baseUrl}/emulator/tenants/${tenant.id}/mailboxes/${mailbox.primarySmtpAddress}/calendar-processing`,
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ DeleteComments: true }),
        },
      );
      assert.equal(res.status, 200);
    }
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
    await fetch(`${stack.emulator.baseUrl}/emulator/stats/reset`, { method: 'POST' });
    const started = await stack.call('exchange-admin', '/api/jobs/apply-recommended', {
      method: 'POST',
      body: { accountIds: victims.map((m) => m.userId) },
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    await waitForJob(stack, started.body.jobId, (j) => j.counts.applied >= 5);
    await stack.api.worker?.stop();
    const midway = (await stack.call('global-admin', `/api/jobs/${started.body.jobId}`)).body;
    assert.ok(midway.counts.pending > 0, 'the job should still have work left when its worker stops');
    const replacement = new JobWorker(stack.api.services.db, stack.api.services.changes, { pollMs: 50, workerId: 'replacement' });
    replacement.start();
    try {
      const job = await waitForJob(stack, started.body.jobId, (j) => j.finishedAt !== null);
      assert.equal(job.counts.applied, victims.length, JSON.stringify(job.counts));
    } finally {
      await replacement.stop();
    }
    const counters = await stats();
    assertNoDoubleWrites(counters);
    for (const mailbox of victims) {
      assert.equal(counters.writes[`Set-CalendarProcessing ${mailbox.primarySmtpAddress.toLowerCase()}`], 1, mailbox.primarySmtpAddress);
      assert.equal(tenant.mailboxes.get(mailbox.userId)?.calendarProcessing.DeleteComments, false);
    }
  });

  it("a reader's job is created, and Microsoft 365 refuses each task: reported as refused naming the role, nothing written (issue 11)", async () => {
    const ids = (await stack.call('global-admin', '/api/accounts?status=noActionNeeded&pageSize=2')).body.items.map(
      (item: { id: string }) => item.id,
    );
    assert.equal(ids.length, 2);
    for (const id of ids) {
      const res = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${stack.emulator.tenantId}/users/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountEnabled: false }),
      });
      assert.ok(res.ok, await res.text());
    }
    assert.equal((await stack.sync('global-admin', 'refresh')).status, 'succeeded');
    const before = await stats();
    const started = await stack.call('global-reader', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ids } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    // The earlier test stopped the stack's worker: run one for this job.
    const worker = new JobWorker(stack.api.services.db, stack.api.services.changes, { pollMs: 50, workerId: 'refusals' });
    worker.start();
    const job = await waitForJob(stack, started.body.jobId, (j) => j.finishedAt !== null).finally(() => worker.stop());
    assert.deepEqual(
      job.results.map((r: { status: string }) => r.status),
      ['refused', 'refused'],
      JSON.stringify(job.results),
    );
    for (const result of job.results) assert.match(result.reason, /Microsoft 365 refused\. You need: .*User Administrator/);
    assert.equal(job.counts.failed, 0, 'a refusal is not our failure');
    assert.deepEqual((await stats()).writes, before.writes, 'refused tasks write nothing');
  });

  it('a job can be cancelled', async () => {
    const bad = await stack.call('global-admin', '/api/jobs/apply-recommended', { method: 'POST', body: { accountIds: ['nope'] } });
    assert.equal(bad.status, 400);
    const missing = await stack.call('global-admin', '/api/jobs/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
  });
});

describe('bulk apply: tasks in flight follow the worker’s limit as it changes', () => {
  let stack: DemoStack;
  let limit = 2;
  beforeAll(async () => {
    stack = await startDemoStack({
      emulator: { tenants: [{ seed: 32, rooms: 80 }], timeScale: 20 },
      // What bootstrap passes is a function of the learned Exchange pace; here the test moves it by hand.
      worker: { pollMs: 20, concurrency: () => limit },
    });
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
  });
  afterAll(() => stack.close());

  it('never runs more tasks than the limit asked before each claim, and uses a larger one at once', async () => {
    const started = await stack.call('global-admin', '/api/jobs/apply-recommended', {
      method: 'POST',
      body: { filter: { status: 'needsAction' } },
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.ok(started.body.total >= 20, `only ${started.body.total} accounts to apply`);
    let mostAtTwo = 0;
    let mostAtSix = 0;
    for (const deadline = Date.now() + 120_000; ;) {
      const job = (await stack.call('global-admin', `/api/jobs/${started.body.jobId}`)).body;
      if (job.finishedAt !== null) break;
      if (limit === 2) mostAtTwo = Math.max(mostAtTwo, job.counts.running);
      else mostAtSix = Math.max(mostAtSix, job.counts.running);
      const done = job.counts.applied + job.counts.skipped + job.counts.failed + job.counts.refused;
      if (limit === 2 && done >= 6) limit = 6;
      if (Date.now() > deadline) throw new Error(`job did not finish: ${JSON.stringify(job.counts)}`);
      await sleep(5);
    }
    assert.equal(limit, 6, 'the job finished before the limit was raised');
    assert.ok(mostAtTwo <= 2, `${mostAtTwo} tasks ran at once under a limit of 2`);
    assert.ok(mostAtTwo >= 1);
    assert.ok(mostAtSix > 2 && mostAtSix <= 6, `${mostAtSix} tasks ran at once under a limit of 6`);
  });
});

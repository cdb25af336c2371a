import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'vitest';
import {
  claimTasks,
  completeTask,
  createJob,
  finishJobIfDone,
  getJob,
  jobProgress,
  pauseJobForSignIn,
  reassignJob,
  requestCancel,
  type ClaimedTask,
} from '../../api/src/store/jobs.ts';
import type { SqlClient } from '../../api/src/store/sql.ts';
import { forEachStore } from '../helpers/stores.ts';

const accounts = (count: number) => Array.from({ length: count }, (_, n) => `account-${String(n).padStart(3, '0')}`);

function newJob(db: SqlClient, tenantId: string, accountIds: string[]) {
  return createJob(db, {
    tenantId,
    kind: 'apply-recommended',
    createdBy: 'ada@contoso.com',
    request: { filter: { status: 'needsAction' } },
    accountIds,
  });
}

/** Make every running task of the tenant look abandoned by its worker. */
async function expireLeases(db: SqlClient, tenantId: string): Promise<void> {
  await db.query(`update job_tasks set lease_until = now() - interval '1 second' where tenant_id = $1 and status = 'running'`, [tenantId]);
}

forEachStore('store: bulk jobs', (store) => {
  it('creates a queued job with one pending task per distinct account', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const job = await newJob(db, tenantId, ['b', 'a', 'b', 'c']);
    assert.equal(job.status, 'queued');
    assert.equal(job.tenantId, tenantId);
    assert.deepEqual(job.request, { filter: { status: 'needsAction' } });
    assert.equal(job.cancelRequested, false);
    assert.deepEqual(await getJob(db, job.id), job);
    const progress = await jobProgress(db, job.id);
    assert.deepEqual(progress?.counts, { pending: 3 });
    assert.deepEqual(
      progress?.tasks.map((task) => [task.accountId, task.status, task.attempts]),
      [
        ['a', 'pending', 0],
        ['b', 'pending', 0],
        ['c', 'pending', 0],
      ],
    );
    assert.equal(await getJob(db, randomUUID()), null);
    assert.equal(await getJob(db, 'not-a-uuid'), null);
    assert.equal(await jobProgress(db, 'not-a-uuid'), null);
  });

  it('never hands one task to two workers claiming at the same time', async () => {
    const { db, connect } = store();
    const other = await connect();
    const tenantId = randomUUID();
    const job = await newJob(db, tenantId, accounts(60));
    const claimAll = async (client: SqlClient, workerId: string) => {
      const mine: ClaimedTask[] = [];
      for (;;) {
        const batch = await claimTasks(client, { workerId, limit: 4, leaseMs: 60_000, tenantId });
        if (batch.length === 0) return mine;
        mine.push(...batch);
      }
    };
    const results = await Promise.all([claimAll(db, 'w1'), claimAll(other, 'w2'), claimAll(db, 'w3'), claimAll(other, 'w4')]);
    const claimed = results.flat().map((task) => task.accountId);
    assert.equal(claimed.length, 60);
    assert.equal(new Set(claimed).size, 60, 'no task was claimed twice');
    for (const [n, mine] of results.entries())
      assert.ok(mine.every((task) => task.claimedBy === `w${n + 1}` && task.status === 'running' && task.attempts === 1));
    const running = await getJob(db, job.id);
    assert.equal(running?.status, 'running');
    assert.ok(running?.startedAt);
  });

  it('completes a task only for the worker holding it, and closes the job when all are done', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const job = await newJob(db, tenantId, ['a', 'b', 'c']);
    const claimed = await claimTasks(db, { workerId: 'w1', limit: 10, leaseMs: 60_000, tenantId });
    assert.deepEqual(
      claimed.map((task) => task.accountId),
      ['a', 'b', 'c'],
    );
    assert.ok(Date.parse(claimed[0]!.leaseUntil!) > Date.now() + 50_000);

    assert.equal(await completeTask(db, job.id, 'a', 'w2', 'applied', { changes: 1 }), false, 'not its task');
    assert.equal(await completeTask(db, job.id, 'a', 'w1', 'applied', { changes: 2 }), true);
    assert.equal(await completeTask(db, job.id, 'a', 'w1', 'failed', null), false, 'already completed');
    assert.equal(await completeTask(db, job.id, 'b', 'w1', 'skipped', { reason: 'Already compliant: nothing to change.' }), true);
    assert.equal(await finishJobIfDone(db, job.id), null, 'c is still running');

    assert.equal(await completeTask(db, job.id, 'c', 'w1', 'failed', { reason: 'Exchange refused the change.' }), true);
    const finished = await finishJobIfDone(db, job.id);
    assert.equal(finished?.status, 'failed', 'a failed task fails the job');
    assert.deepEqual(finished?.totals, { applied: 1, skipped: 1, failed: 1 });
    assert.ok(finished?.finishedAt);
    assert.equal(await finishJobIfDone(db, job.id), null, 'only one caller closes it');

    const progress = await jobProgress(db, job.id);
    assert.deepEqual(progress?.counts, { applied: 1, skipped: 1, failed: 1 });
    assert.deepEqual(
      progress?.tasks.map((task) => task.result),
      [{ changes: 2 }, { reason: 'Already compliant: nothing to change.' }, { reason: 'Exchange refused the change.' }],
    );

    const clean = await newJob(db, tenantId, ['d']);
    await claimTasks(db, { workerId: 'w1', limit: 10, leaseMs: 60_000, tenantId });
    await completeTask(db, clean.id, 'd', 'w1', 'applied', null);
    assert.equal((await finishJobIfDone(db, clean.id))?.status, 'succeeded');
  });

  it('re-claims a task whose lease expired, and the first worker can no longer complete it', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const job = await newJob(db, tenantId, ['a']);
    assert.equal((await claimTasks(db, { workerId: 'w1', limit: 1, leaseMs: 60_000, tenantId })).length, 1);
    assert.deepEqual(await claimTasks(db, { workerId: 'w2', limit: 1, leaseMs: 60_000, tenantId }), [], 'leased to w1');

    await expireLeases(db, tenantId);
    const [again] = await claimTasks(db, { workerId: 'w2', limit: 1, leaseMs: 60_000, tenantId });
    assert.equal(again?.claimedBy, 'w2');
    assert.equal(again?.attempts, 2);
    assert.equal(await completeTask(db, job.id, 'a', 'w1', 'applied', null), false, 'w1 lost the task');
    assert.equal(await completeTask(db, job.id, 'a', 'w2', 'applied', null), true);
  });

  it('gives up a task that keeps losing its worker, then closes the job', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const job = await newJob(db, tenantId, ['a']);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const [task] = await claimTasks(db, { workerId: `w${attempt}`, limit: 1, leaseMs: 60_000, tenantId, maxAttempts: 3 });
      assert.equal(task?.attempts, attempt);
      await expireLeases(db, tenantId);
    }
    assert.deepEqual(await claimTasks(db, { workerId: 'w4', limit: 1, leaseMs: 60_000, tenantId, maxAttempts: 3 }), []);
    const progress = await jobProgress(db, job.id);
    assert.equal(progress?.tasks[0]?.status, 'failed');
    assert.equal((progress?.tasks[0]?.result as { code: string }).code, 'abandoned');
    assert.equal(progress?.job.status, 'failed');
  });

  it('cancels: pending tasks stop at once, the running one finishes, then the job is cancelled', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const job = await newJob(db, tenantId, ['a', 'b', 'c']);
    const [running] = await claimTasks(db, { workerId: 'w1', limit: 1, leaseMs: 60_000, tenantId });
    assert.equal(running?.accountId, 'a');

    assert.equal(await requestCancel(db, randomUUID(), job.id), false, 'another tenant cannot cancel it');
    assert.equal(await requestCancel(db, tenantId, 'not-a-uuid'), false);
    assert.equal(await requestCancel(db, tenantId, job.id), true);
    let progress = await jobProgress(db, job.id);
    assert.deepEqual(progress?.counts, { running: 1, cancelled: 2 });
    assert.equal(progress?.job.cancelRequested, true);
    assert.equal(progress?.job.status, 'running');
    assert.deepEqual(
      await claimTasks(db, { workerId: 'w2', limit: 10, leaseMs: 60_000, tenantId }),
      [],
      'nothing of a cancelled job is claimed',
    );

    assert.equal(await completeTask(db, job.id, 'a', 'w1', 'applied', null), true);
    assert.equal((await finishJobIfDone(db, job.id))?.status, 'cancelled');
    progress = await jobProgress(db, job.id);
    assert.deepEqual(progress?.job.totals, { applied: 1, cancelled: 2 });
    assert.equal(await requestCancel(db, tenantId, job.id), false, 'already finished');

    const queued = await newJob(db, tenantId, ['x', 'y']);
    assert.equal(await requestCancel(db, tenantId, queued.id), true);
    assert.equal((await getJob(db, queued.id))?.status, 'cancelled', 'with nothing in flight it ends at once');
  });

  it('closes a task of a cancelled job whose worker died', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const job = await newJob(db, tenantId, ['a']);
    await claimTasks(db, { workerId: 'w1', limit: 1, leaseMs: 60_000, tenantId });
    await requestCancel(db, tenantId, job.id);
    await expireLeases(db, tenantId);
    await claimTasks(db, { workerId: 'w2', limit: 1, leaseMs: 60_000, tenantId });
    const progress = await jobProgress(db, job.id);
    assert.deepEqual(progress?.counts, { cancelled: 1 });
    assert.equal(progress?.job.status, 'cancelled');
  });

  it('a sign-in refusal pauses the job only while it still acts for the admin refused, not after another took it over', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const ethan = { userId: randomUUID(), upn: 'ethan@contoso.com' };
    const grace = { userId: randomUUID(), upn: 'grace@contoso.com' };
    const job = await createJob(db, {
      tenantId,
      kind: 'apply-recommended',
      createdBy: ethan.upn,
      request: { accountIds: ['a', 'b'] },
      accountIds: ['a', 'b'],
      delegate: ethan,
    });
    await pauseJobForSignIn(db, job.id, 'AADSTS50173', ethan.userId);
    assert.equal((await getJob(db, job.id))?.status, 'waiting_for_signin');
    assert.ok(await reassignJob(db, tenantId, job.id, grace));
    assert.equal((await getJob(db, job.id))?.status, 'running');
    // A task that started under Ethan's grant meets its refusal after the take-over: the job goes on as Grace.
    await pauseJobForSignIn(db, job.id, 'AADSTS50173', ethan.userId);
    const after = await getJob(db, job.id);
    assert.equal(after?.status, 'running');
    assert.equal(after?.delegateUpn, grace.upn);
    // Grace's own grant refused: it waits for her.
    await pauseJobForSignIn(db, job.id, 'AADSTS50173', grace.userId);
    assert.equal((await getJob(db, job.id))?.status, 'waiting_for_signin');
  });
});

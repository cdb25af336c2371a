import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'vitest';
import { currentSyncRun, finishSyncRun, startSyncRun, updateSyncProgress } from '../../api/src/store/syncRuns.ts';
import { forEachStore } from '../helpers/stores.ts';

forEachStore('store: sync runs', (store) => {
  it('allows one running sync per tenant, and a new one once it finished', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    assert.equal(await currentSyncRun(db, tenantId), null);
    const run = await startSyncRun(db, { tenantId, kind: 'full', startedBy: 'ada@contoso.com' });
    assert.ok(run);
    assert.equal(run.status, 'running');
    assert.equal(run.kind, 'full');
    assert.equal(await startSyncRun(db, { tenantId, kind: 'refresh', startedBy: 'bob@contoso.com' }), null);
    assert.ok(
      await startSyncRun(db, { tenantId: randomUUID(), kind: 'refresh', startedBy: 'bob@contoso.com' }),
      'other tenants are independent',
    );

    await updateSyncProgress(db, run.id, { phase: 'mailboxSettings', done: 40, total: 120 });
    const current = await currentSyncRun(db, tenantId);
    assert.equal(current?.id, run.id);
    assert.deepEqual([current?.phase, current?.done, current?.total], ['mailboxSettings', 40, 120]);

    await finishSyncRun(db, run.id, { status: 'succeeded', stats: { accounts: 120, added: 3 } });
    const finished = await currentSyncRun(db, tenantId);
    assert.equal(finished?.status, 'succeeded');
    assert.deepEqual(finished?.stats, { accounts: 120, added: 3 });
    assert.ok(finished?.finishedAt);
    assert.equal(finished?.error, null);

    const next = await startSyncRun(db, { tenantId, kind: 'refresh', startedBy: 'bob@contoso.com' });
    assert.ok(next);
    assert.equal((await currentSyncRun(db, tenantId))?.id, next.id, 'the running one comes first');
    await finishSyncRun(db, next.id, { status: 'failed', error: { code: 'consent_required', message: 'Consent needed.' } });
    const failed = await currentSyncRun(db, tenantId);
    assert.equal(failed?.id, next.id, 'else the latest');
    assert.deepEqual(failed?.error, { code: 'consent_required', message: 'Consent needed.' });
  });

  it('lets only one of many simultaneous starts win, across connections', async () => {
    const { db, connect } = store();
    const other = await connect();
    const tenantId = randomUUID();
    const starts = await Promise.all(
      Array.from({ length: 8 }, (_, n) => startSyncRun(n % 2 ? other : db, { tenantId, kind: 'full', startedBy: `user${n}@contoso.com` })),
    );
    assert.equal(starts.filter(Boolean).length, 1);
  });

  it('reclaims a run whose process stopped reporting, and ignores that process afterwards', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const crashed = await startSyncRun(db, { tenantId, kind: 'full', startedBy: 'ada@contoso.com' });
    assert.ok(crashed);
    await db.query(`update sync_runs set heartbeat_at = now() - interval '3 minutes' where id = $1`, [crashed.id]);
    assert.equal(
      await startSyncRun(db, { tenantId, kind: 'full', startedBy: 'bob@contoso.com', staleAfterMs: 600_000 }),
      null,
      'not stale yet by this timeout',
    );

    const fresh = await startSyncRun(db, { tenantId, kind: 'full', startedBy: 'bob@contoso.com' });
    assert.ok(fresh, 'the default timeout (2 min) has passed');
    const { rows } = await db.query<{ status: string; error: { code: string } }>('select status, error from sync_runs where id = $1', [
      crashed.id,
    ]);
    assert.equal(rows[0]?.status, 'failed');
    assert.equal(rows[0]?.error.code, 'sync_interrupted');

    // The old process wakes up: its progress and result no longer count.
    await updateSyncProgress(db, crashed.id, { phase: 'users', done: 1, total: 2 });
    await finishSyncRun(db, crashed.id, { status: 'succeeded' });
    const after = await db.query<{ status: string; phase: string | null }>('select status, phase from sync_runs where id = $1', [
      crashed.id,
    ]);
    assert.deepEqual(after.rows[0], { status: 'failed', phase: null });
    assert.equal((await currentSyncRun(db, tenantId))?.id, fresh.id);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'vitest';
import { appendAudit, InvalidCursorError, queryAudit, type AuditEntryInput } from '../../api/src/store/audit.ts';
import { forEachStore } from '../helpers/stores.ts';

function entry(tenantId: string, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    tenantId,
    actorId: 'actor-ada',
    actorUpn: 'Ada@Contoso.com',
    accountId: 'account-1',
    setting: 'AutomateProcessing',
    before: 'AutoUpdate',
    after: 'AutoAccept',
    outcome: 'succeeded',
    correlationId: 'corr-1',
    ...overrides,
  };
}

forEachStore('store: audit log', (store) => {
  it('appends entries in one statement and reads them back newest first', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const jobId = randomUUID();
    const added = await appendAudit(db, [
      entry(tenantId, { before: { list: [1, 2] }, after: null }),
      entry(tenantId, { setting: 'license', outcome: 'refused', message: 'Needs License Administrator.', jobId, accountId: null }),
    ]);
    assert.equal(added, 2);
    assert.equal(await appendAudit(db, []), 0);
    const { entries, nextCursor } = await queryAudit(db, tenantId, { limit: 10 });
    assert.equal(nextCursor, null);
    assert.deepEqual(
      entries.map(({ id: _id, at: _at, ...rest }) => rest),
      [
        {
          tenantId,
          actorId: 'actor-ada',
          actorUpn: 'Ada@Contoso.com',
          accountId: null,
          setting: 'license',
          before: 'AutoUpdate',
          after: 'AutoAccept',
          outcome: 'refused',
          message: 'Needs License Administrator.',
          correlationId: 'corr-1',
          jobId,
          idempotencyKey: null,
        },
        {
          tenantId,
          actorId: 'actor-ada',
          actorUpn: 'Ada@Contoso.com',
          accountId: 'account-1',
          setting: 'AutomateProcessing',
          before: { list: [1, 2] },
          after: null,
          outcome: 'succeeded',
          message: null,
          correlationId: 'corr-1',
          jobId: null,
          idempotencyKey: null,
        },
      ],
    );
    assert.ok(entries[0]!.id > entries[1]!.id);
    assert.ok(!Number.isNaN(Date.parse(entries[0]!.at)));
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are rejected', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    await appendAudit(db, [entry(tenantId)]);
    await assert.rejects(db.query(`update audit_log set outcome = 'failed' where tenant_id = $1`, [tenantId]), /append-only/);
    await assert.rejects(db.query('delete from audit_log where tenant_id = $1', [tenantId]), /append-only/);
    await assert.rejects(db.query('truncate audit_log'), /append-only/);
    const { entries } = await queryAudit(db, tenantId, { limit: 10 });
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.outcome, 'succeeded');
  });

  it('records an entry once per idempotency key, so a retried write never doubles it', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const key = `${randomUUID()}:account-1:AutomateProcessing`;
    assert.equal(await appendAudit(db, [entry(tenantId, { idempotencyKey: key }), entry(tenantId, { idempotencyKey: key })]), 1);
    assert.equal(await appendAudit(db, [entry(tenantId, { idempotencyKey: key, outcome: 'failed' }), entry(tenantId)]), 1);
    assert.equal(await appendAudit(db, [entry(randomUUID(), { idempotencyKey: key })]), 1, 'keys are per tenant');
    const { entries } = await queryAudit(db, tenantId, { limit: 10 });
    assert.deepEqual(
      entries.map((e) => [e.idempotencyKey, e.outcome]),
      [
        [null, 'succeeded'],
        [key, 'succeeded'],
      ],
    );
  });

  it('filters by account, actor and time, and pages with a cursor', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const rows = Array.from({ length: 25 }, (_, n) =>
      entry(tenantId, {
        accountId: `account-${n % 3}`,
        actorId: n % 2 ? 'actor-bob' : 'actor-ada',
        actorUpn: n % 2 ? 'bob@contoso.com' : 'Ada@Contoso.com',
        setting: `setting-${n}`,
      }),
    );
    await appendAudit(db, rows);
    await appendAudit(db, [entry(randomUUID(), { accountId: 'account-0' })]);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await queryAudit(db, tenantId, { limit: 10, cursor });
      pages.push(page.entries.map((e) => e.setting));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(
      pages.map((page) => page.length),
      [10, 10, 5],
    );
    assert.deepEqual(pages.flat(), rows.map((row) => row.setting).reverse());

    const account0 = await queryAudit(db, tenantId, { accountId: 'account-0', limit: 100 });
    assert.deepEqual(
      account0.entries.map((e) => e.setting),
      ['setting-24', 'setting-21', 'setting-18', 'setting-15', 'setting-12', 'setting-9', 'setting-6', 'setting-3', 'setting-0'],
    );
    const byUpn = await queryAudit(db, tenantId, { actor: 'ada@contoso.com', accountId: 'account-1', limit: 100 });
    assert.deepEqual(
      byUpn.entries.map((e) => e.setting),
      ['setting-22', 'setting-16', 'setting-10', 'setting-4'],
    );
    const byId = await queryAudit(db, tenantId, { actor: 'actor-bob', limit: 3 });
    assert.deepEqual(
      byId.entries.map((e) => e.setting),
      ['setting-23', 'setting-21', 'setting-19'],
    );
    assert.ok(byId.nextCursor);
    const nextBob = await queryAudit(db, tenantId, { actor: 'actor-bob', limit: 3, cursor: byId.nextCursor });
    assert.deepEqual(
      nextBob.entries.map((e) => e.setting),
      ['setting-17', 'setting-15', 'setting-13'],
    );

    const at = (await queryAudit(db, tenantId, { limit: 1 })).entries[0]!.at;
    const justBefore = new Date(Date.parse(at) - 1).toISOString();
    assert.equal((await queryAudit(db, tenantId, { from: justBefore, limit: 100 })).entries.length, 25);
    assert.equal((await queryAudit(db, tenantId, { to: justBefore, limit: 100 })).entries.length, 0);
    assert.equal((await queryAudit(db, tenantId, { to: at, limit: 100 })).entries.length, 25, '`to` covers the millisecond it names');
    assert.equal(
      (await queryAudit(db, tenantId, { from: '2000-01-01T00:00:00Z', to: '2999-01-01T00:00:00+02:00', limit: 100 })).entries.length,
      25,
    );

    await assert.rejects(queryAudit(db, tenantId, { limit: 10, cursor: 'not-a-cursor' }), InvalidCursorError);
  });
});

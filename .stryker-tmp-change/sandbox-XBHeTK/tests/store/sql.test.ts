// @ts-nocheck
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { migrate } from '../../api/src/store/migrate.ts';
import { openPglite, type SqlClient } from '../../api/src/store/sql.ts';
import { getDataVersion, markFullSync } from '../../api/src/store/tenantState.ts';
import { forEachStore, openTestStore, storeKinds, type TestStore } from '../helpers/stores.ts';

const tenant = (name: string) => `${name}-${Math.random().toString(36).slice(2)}`;

async function stateCount(db: SqlClient, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from tenant_state where tenant_id = $1', [tenantId]);
  return rows[0]?.n ?? 0;
}

forEachStore('store: SQL client', (store) => {
  it('returns the same JS values on both engines', async () => {
    const { rows } = await store().db.query<Record<string, unknown>>(
      `select 9007199254740991::int8 as big, now() as at, '{"a":[1,"b"]}'::jsonb as doc, array['x','y,z']::text[] as list,
              null::text as nothing, 1.5::float8 as ratio, true as flag, $1::jsonb as param, gen_random_uuid() as id`,
      [JSON.stringify({ nested: { ok: true } })],
    );
    const row = rows[0]!;
    assert.equal(row.big, Number.MAX_SAFE_INTEGER);
    assert.ok(row.at instanceof Date);
    assert.deepEqual(row.doc, { a: [1, 'b'] });
    assert.deepEqual(row.list, ['x', 'y,z']);
    assert.equal(row.nothing, null);
    assert.equal(row.ratio, 1.5);
    assert.equal(row.flag, true);
    assert.deepEqual(row.param, { nested: { ok: true } });
    assert.match(String(row.id), /^[0-9a-f-]{36}$/);
  });

  it('commits a transaction that resolves and rolls back one that throws, nested ones included', async () => {
    const { db } = store();
    const kept = tenant('kept');
    const dropped = tenant('dropped');
    await db.transaction((tx) => markFullSync(tx, kept));
    await assert.rejects(
      db.transaction(async (tx) => {
        await markFullSync(tx, dropped);
        await tx.transaction((inner) => markFullSync(inner, dropped));
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal(await getDataVersion(db, kept), 1);
    assert.equal(await stateCount(db, dropped), 0);
  });

  it('surfaces PostgreSQL errors with their SQLSTATE code', async () => {
    const tenantId = tenant('dup');
    await store().db.query(`insert into tenant_state (tenant_id) values ($1)`, [tenantId]);
    await assert.rejects(store().db.query(`insert into tenant_state (tenant_id) values ($1)`, [tenantId]), { code: '23505' });
  });
});

if (storeKinds().includes('pglite')) {
  describe('store: embedded engine (PGlite)', () => {
    let opened: TestStore | undefined;
    beforeAll(async () => {
      opened = await openTestStore('pglite');
    });
    afterAll(() => opened?.close());

    it('runs statements from outside a transaction only after it ends, never inside it', async () => {
      const { db } = opened!;
      const order: string[] = [];
      const inside = tenant('inside');
      const outside = tenant('outside');
      const transaction = db.transaction(async (tx) => {
        await markFullSync(tx, inside);
        order.push('tx: write');
        await sleep(50);
        order.push(`tx: sees outside row = ${await stateCount(tx, outside)}`);
      });
      const statement = markFullSync(db, outside).then(() => order.push('outside: write'));
      await Promise.all([transaction, statement]);
      assert.deepEqual(order, ['tx: write', 'tx: sees outside row = 0', 'outside: write']);
    });

    it('serialises concurrent transactions, so read-modify-write loses nothing', async () => {
      const { db } = opened!;
      const tenantId = tenant('counter');
      await markFullSync(db, tenantId);
      const increment = () =>
        db.transaction(async (tx) => {
          const version = await getDataVersion(tx, tenantId);
          await sleep(5);
          await tx.query('update tenant_state set data_version = $2 where tenant_id = $1', [tenantId, version + 1]);
        });
      await Promise.all(Array.from({ length: 10 }, increment));
      assert.equal(await getDataVersion(db, tenantId), 11);
    });

    it('refuses the outer client inside a transaction instead of waiting for itself forever', async () => {
      const { db } = opened!;
      await assert.rejects(
        db.transaction(() => db.query('select 1')),
        /run statements on the transaction client/,
      );
      assert.deepEqual((await db.query<{ one: number }>('select 1 as one')).rows, [{ one: 1 }]);
    });

    it('keeps data in its directory, which one process at a time may open', async () => {
      const parent = mkdtempSync(join(tmpdir(), 'room-accounts-pglite-'));
      const dataDir = join(parent, 'pg');
      try {
        const first = await openPglite({ dataDir });
        await migrate(first);
        await markFullSync(first, 'tenant-on-disk');
        assert.ok(existsSync(`${dataDir}.lock`));
        await assert.rejects(openPglite({ dataDir }), /is in use by process/);
        await first.close();
        assert.ok(!existsSync(`${dataDir}.lock`));

        // A lock left by a process that died is taken over.
        writeFileSync(`${dataDir}.lock`, '2147483646');
        const reopened = await openPglite({ dataDir });
        assert.deepEqual(await migrate(reopened), []);
        assert.equal(await getDataVersion(reopened, 'tenant-on-disk'), 1);
        await reopened.close();
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    });
  });
}

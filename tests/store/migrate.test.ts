import assert from 'node:assert/strict';
import { it } from 'node:test';
import { migrate } from '../../api/src/store/migrate.ts';
import { forEachStore } from '../helpers/stores.ts';

const TABLES = ['account_snapshots', 'audit_log', 'baselines', 'job_tasks', 'jobs', 'schema_migrations', 'sync_runs', 'tenant_state', 'throttle_budget'];

forEachStore(
  'store: migrations',
  (store) => {
    it('applies each file once even when two instances migrate at the same moment', async () => {
      const { db, connect } = store();
      const other = await connect();
      const results = await Promise.all([migrate(db), migrate(other)]);
      assert.deepEqual(
        results.map((applied) => applied.length).sort(),
        [0, 1],
        'one instance applies the migration, the other finds it recorded',
      );
      assert.deepEqual(results.flat(), ['001_initial.sql']);
      const { rows } = await db.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = current_schema() order by 1`,
      );
      assert.deepEqual(rows.map((row) => row.name), TABLES);
    });

    it('is idempotent: a restart applies nothing and keeps the record', async () => {
      const { db } = store();
      assert.deepEqual(await migrate(db), []);
      const { rows } = await db.query<{ name: string; appliedAt: Date }>('select name, applied_at as "appliedAt" from schema_migrations');
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.name, '001_initial.sql');
      assert.ok(rows[0]?.appliedAt instanceof Date);
    });
  },
  { migrated: false },
);

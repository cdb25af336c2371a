import assert from 'node:assert/strict';
import { it } from 'vitest';
import { migrate } from '../../api/src/store/migrate.ts';
import { forEachStore } from '../helpers/stores.ts';

const TABLES = [
  'account_snapshots',
  'audit_log',
  'baselines',
  'delegations',
  'demo_sealing_key',
  'job_tasks',
  'jobs',
  'schema_migrations',
  'sync_runs',
  'tenant_state',
  'throttle_budget',
];
const FILES = ['001_initial.sql', '002_task_refused.sql', '003_delegations.sql', '004_settings_version.sql'];

forEachStore(
  'store: migrations',
  (store) => {
    it('applies each file once even when two instances migrate at the same moment', async () => {
      const { db, connect } = store();
      const other = await connect();
      const results = await Promise.all([migrate(db), migrate(other)]);
      assert.deepEqual(
        results.map((applied) => applied.length).sort(),
        [0, FILES.length],
        'one instance applies the migrations, the other finds them recorded',
      );
      assert.deepEqual(results.flat(), FILES);
      const { rows } = await db.query<{ name: string }>(
        `select table_name as name from information_schema.tables where table_schema = current_schema() order by 1`,
      );
      assert.deepEqual(
        rows.map((row) => row.name),
        TABLES,
      );
    });

    it('is idempotent: a restart applies nothing and keeps the record', async () => {
      const { db } = store();
      assert.deepEqual(await migrate(db), []);
      const { rows } = await db.query<{ name: string; appliedAt: Date }>(
        'select name, applied_at as "appliedAt" from schema_migrations order by name',
      );
      assert.deepEqual(
        rows.map((row) => row.name),
        FILES,
      );
      assert.ok(rows.every((row) => row.appliedAt instanceof Date));
    });
  },
  { migrated: false },
);

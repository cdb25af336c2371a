import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { BaselineValues } from '../../contract/index.ts';
import { DEFAULT_BASELINE } from '../../api/src/accounts/baseline.ts';
import { loadBaseline, saveBaseline } from '../../api/src/accounts/baselineStore.ts';
import { migrate } from '../../api/src/store/migrate.ts';
import { MEMORY_DATA_DIR } from '../../api/src/store/pglite.ts';
import { openPglite, type SqlClient } from '../../api/src/store/sql.ts';

describe('baseline store (PGlite in memory)', () => {
  let db: SqlClient;
  beforeAll(async () => {
    db = await openPglite({ dataDir: MEMORY_DATA_DIR });
    await migrate(db);
  });
  afterAll(() => db.close());

  const { version: _version, ...defaults } = DEFAULT_BASELINE;

  it('a tenant that never saved one has the shipped default, version 0, by nobody', async () => {
    assert.deepEqual(await loadBaseline(db, 'tenant-a'), { ...DEFAULT_BASELINE, updatedBy: null, updatedAt: null });
  });

  it('each save is a new version; the latest is loaded with who saved it and when', async () => {
    const first: BaselineValues = { ...defaults, usageLocation: 'DE' };
    const second: BaselineValues = { ...defaults, usageLocation: 'FR', severities: { allowConflicts: 'required' } };
    assert.equal(await saveBaseline(db, 'tenant-b', first, 'ada@contoso.com'), 1);
    const before = Date.now();
    assert.equal(await saveBaseline(db, 'tenant-b', second, 'bob@contoso.com'), 2);
    const loaded = await loadBaseline(db, 'tenant-b');
    const { updatedAt, ...rest } = loaded;
    assert.deepEqual(rest, { ...second, version: 2, updatedBy: 'bob@contoso.com' });
    assert.match(updatedAt ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(Math.abs(Date.parse(updatedAt ?? '') - before) < 60_000);
    assert.equal((await loadBaseline(db, 'tenant-a')).version, 0, 'tenants do not share baselines');
  });

  it('a baseline saved by an older release gets the newer fields from the default', async () => {
    const { signInWithinDays: _signIn, roomListName: _roomList, ...older } = defaults;
    await saveBaseline(db, 'tenant-c', { ...older, usageLocation: 'JP' } as BaselineValues, 'old@contoso.com');
    const loaded = await loadBaseline(db, 'tenant-c');
    assert.deepEqual(
      [loaded.usageLocation, loaded.signInWithinDays, loaded.roomListName, loaded.version],
      ['JP', DEFAULT_BASELINE.signInWithinDays, DEFAULT_BASELINE.roomListName, 1],
    );
  });
});

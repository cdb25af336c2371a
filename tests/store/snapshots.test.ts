import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'vitest';
import {
  deleteSnapshots,
  deleteSnapshotsNotIn,
  getDataVersion,
  getSnapshot,
  listSnapshots,
  upsertSnapshots,
  type SnapshotInput,
} from '../../api/src/store/snapshots.ts';
import { getTenantState, markFullSync, setUsersDeltaLink, updateTenantSettings } from '../../api/src/store/tenantState.ts';
import { forEachStore } from '../helpers/stores.ts';

const READ_AT = '2026-11-24T10:00:00.000Z';

function snapshot(n: number, overrides: Partial<SnapshotInput> = {}): SnapshotInput {
  const upn = `mtr-${n}@contoso.onmicrosoft.com`;
  return {
    accountId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    upn,
    displayName: `Room ${n}`,
    mail: upn,
    building: 'B1',
    city: 'Seattle',
    country: 'US',
    location: 'B1, Floor 1, Seattle',
    licenseSkuIds: ['4cde982a-ede4-4409-9ae6-b003453c8ea6'],
    recipientType: 'RoomMailbox',
    readAt: READ_AT,
    sources: {
      user: { status: 'ok', readAt: READ_AT, data: { id: n, accountEnabled: true, usageLocation: 'US' } },
      licenses: {
        status: 'ok',
        readAt: READ_AT,
        data: [{ skuId: '4cde982a-ede4-4409-9ae6-b003453c8ea6', skuPartNumber: 'Microsoft_Teams_Rooms_Pro' }],
      },
      place: { status: 'notFound', readAt: READ_AT },
      mailbox: { status: 'ok', readAt: READ_AT, data: { recipientTypeDetails: 'RoomMailbox', alias: `mtr-${n}` } },
      calendarProcessing: { status: 'error', readAt: READ_AT, error: { code: 'timeout', message: 'Exchange did not answer.' } },
    },
    ...overrides,
  };
}

forEachStore('store: account snapshots', (store) => {
  it('upserts, reads back exactly what was written, and keeps tenants apart', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const other = randomUUID();
    await upsertSnapshots(db, tenantId, [snapshot(2), snapshot(1, { mail: undefined, licenseSkuIds: undefined })]);
    await upsertSnapshots(db, other, [snapshot(1, { displayName: 'Other tenant' })]);

    const rows = await listSnapshots(db, tenantId);
    assert.deepEqual(
      rows.map((row) => row.accountId),
      [snapshot(1).accountId, snapshot(2).accountId],
    );
    const two = await getSnapshot(db, tenantId, snapshot(2).accountId);
    const { updatedAt, rowVersion, tenantId: storedTenant, ...written } = two!;
    assert.deepEqual(written, snapshot(2));
    assert.equal(storedTenant, tenantId);
    assert.equal(rowVersion, 1);
    assert.ok(!Number.isNaN(Date.parse(updatedAt)));
    const one = rows[0]!;
    assert.equal(one.mail, null);
    assert.deepEqual(one.licenseSkuIds, []);
    assert.equal((await getSnapshot(db, other, snapshot(1).accountId))?.displayName, 'Other tenant');
    assert.equal(await getSnapshot(db, tenantId, 'no-such-account'), null);
  });

  it('replaces a row on upsert and moves the data version on every write', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    assert.equal(await getDataVersion(db, tenantId), 0);
    await upsertSnapshots(db, tenantId, [snapshot(1), snapshot(2), snapshot(3)]);
    assert.equal(await getDataVersion(db, tenantId), 1);

    const later = '2026-11-25T08:30:00.000Z';
    await upsertSnapshots(db, tenantId, [snapshot(2, { displayName: 'Renamed', readAt: later, recipientType: null })]);
    assert.equal(await getDataVersion(db, tenantId), 2);
    const renamed = await getSnapshot(db, tenantId, snapshot(2).accountId);
    assert.equal(renamed?.displayName, 'Renamed');
    assert.equal(renamed?.readAt, later);
    assert.equal(renamed?.recipientType, null);
    assert.equal(renamed?.rowVersion, 2, 'the row carries the version of the write that touched it');
    assert.equal((await getSnapshot(db, tenantId, snapshot(1).accountId))?.rowVersion, 1);

    // A batch naming one account twice keeps the later row.
    await upsertSnapshots(db, tenantId, [snapshot(4, { displayName: 'first' }), snapshot(4, { displayName: 'second' })]);
    assert.equal((await getSnapshot(db, tenantId, snapshot(4).accountId))?.displayName, 'second');
    assert.equal(await getDataVersion(db, tenantId), 3);

    await upsertSnapshots(db, tenantId, []);
    assert.equal(await getDataVersion(db, tenantId), 3, 'an empty write changes nothing');
  });

  it('deletes named accounts, or all but the ones kept, bumping the version only when rows go', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    const other = randomUUID();
    await upsertSnapshots(
      db,
      tenantId,
      [1, 2, 3, 4, 5].map((n) => snapshot(n)),
    );
    await upsertSnapshots(db, other, [snapshot(1)]);

    assert.equal(await deleteSnapshots(db, tenantId, [snapshot(5).accountId, 'unknown']), 1);
    assert.equal(await getDataVersion(db, tenantId), 2);
    assert.equal(await deleteSnapshots(db, tenantId, ['unknown']), 0);
    assert.equal(await deleteSnapshots(db, tenantId, []), 0);
    assert.equal(await getDataVersion(db, tenantId), 2);

    assert.equal(await deleteSnapshotsNotIn(db, tenantId, [snapshot(1).accountId, snapshot(3).accountId]), 2);
    assert.deepEqual(
      (await listSnapshots(db, tenantId)).map((row) => row.displayName),
      ['Room 1', 'Room 3'],
    );
    assert.equal(await getDataVersion(db, tenantId), 3);
    assert.equal((await listSnapshots(db, other)).length, 1, 'another tenant is untouched');

    assert.equal(await deleteSnapshotsNotIn(db, tenantId, []), 2);
    assert.deepEqual(await listSnapshots(db, tenantId), []);
  });

  it('keeps the tenant state: delta link, last full sync and settings', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    assert.deepEqual(await getTenantState(db, tenantId), {
      tenantId,
      usersDeltaLink: null,
      usersDeltaAt: null,
      dataVersion: 0,
      lastFullSyncAt: null,
      settings: {},
    });
    await setUsersDeltaLink(db, tenantId, 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc');
    let state = await getTenantState(db, tenantId);
    assert.equal(state.usersDeltaLink, 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc');
    assert.ok(state.usersDeltaAt);
    assert.equal(state.dataVersion, 0, 'the delta link is sync bookkeeping: cached views stay valid');

    await markFullSync(db, tenantId, '2026-11-24T12:00:00.000Z');
    await updateTenantSettings(db, tenantId, { skus: [{ skuId: 'a', enabled: 10 }] });
    await updateTenantSettings(db, tenantId, { skus: [{ skuId: 'a', enabled: 10 }] });
    await updateTenantSettings(db, tenantId, { theme: 'dark' });
    state = await getTenantState(db, tenantId);
    assert.equal(state.lastFullSyncAt, '2026-11-24T12:00:00.000Z');
    assert.deepEqual(state.settings, { skus: [{ skuId: 'a', enabled: 10 }], theme: 'dark' });
    assert.equal(state.dataVersion, 3, 'full sync and two real settings changes; the repeated one is a no-op');

    await setUsersDeltaLink(db, tenantId, null);
    assert.equal((await getTenantState(db, tenantId)).usersDeltaLink, null);
  });

  it('a write that fails leaves no row and no new version, in one statement or in chunks', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    await upsertSnapshots(db, tenantId, [snapshot(1)]);
    assert.equal(await getDataVersion(db, tenantId), 1);
    // The last row's time does not parse: PostgreSQL refuses the write, after the version's bump and the rows before it.
    for (const size of [3, 1_200]) {
      const rows = Array.from({ length: size }, (_, n) => snapshot(100 + n));
      rows[size - 1] = snapshot(99, { readAt: 'not a time' });
      await assert.rejects(upsertSnapshots(db, tenantId, rows));
      assert.equal(await getDataVersion(db, tenantId), 1, `${size} rows: the version stays`);
      assert.equal((await listSnapshots(db, tenantId)).length, 1, `${size} rows: none written`);
    }
  });

  it('upserts 10,000 snapshots in chunks quickly', async () => {
    const { db, kind } = store();
    const tenantId = randomUUID();
    const rows = Array.from({ length: 10_000 }, (_, n) => snapshot(n));
    const started = performance.now();
    await upsertSnapshots(db, tenantId, rows);
    const inserted = performance.now() - started;
    const again = performance.now();
    await upsertSnapshots(
      db,
      tenantId,
      rows.map((row) => ({ ...row, displayName: `${row.displayName}*` })),
    );
    const updated = performance.now() - again;
    const listing = performance.now();
    const listed = await listSnapshots(db, tenantId);
    const listed10k = performance.now() - listing;
    console.log(`${kind}: insert 10k ${inserted.toFixed(0)} ms, update 10k ${updated.toFixed(0)} ms, list 10k ${listed10k.toFixed(0)} ms`);
    assert.equal(listed.length, 10_000);
    assert.ok(listed.every((row) => row.displayName.endsWith('*')));
    assert.equal(await getDataVersion(db, tenantId), 2, 'one version per call, however many chunks');
    assert.ok(inserted < 15_000 && updated < 15_000, 'well under the test budget');
  });
});

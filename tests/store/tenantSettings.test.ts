import assert from 'node:assert/strict';
import { it } from 'vitest';
import { getTenantSettings, markFullSync, updateTenantSettings } from '../../api/src/store/tenantState.ts';
import { forEachStore } from '../helpers/stores.ts';

forEachStore('store: tenant settings kept parsed', (store) => {
  it('parses the settings once per version, and every instance sees another instance’s change', async () => {
    const { db, connect } = store();
    const other = await connect();
    const tenantId = 'tenant-settings-version';
    assert.deepEqual((await getTenantSettings(db, tenantId)).settings, {}, 'a tenant never synced has no settings');

    await updateTenantSettings(db, tenantId, { conditionalAccess: { status: 'ok', groups: { g1: ['a', 'b'] } } });
    const first = await getTenantSettings(db, tenantId);
    assert.deepEqual(first.settings.conditionalAccess, { status: 'ok', groups: { g1: ['a', 'b'] } });
    // A snapshot write or a finished Get Data moves the data version, not the settings: the parsed settings serve on.
    await markFullSync(db, tenantId);
    const second = await getTenantSettings(db, tenantId);
    assert.equal(second.settings, first.settings, 'the same parsed object, not a second parse');
    assert.ok(second.lastFullSyncAt, 'the last Get Data time is read every time');
    // Writing what is already there changes nothing.
    await updateTenantSettings(other, tenantId, { conditionalAccess: { status: 'ok', groups: { g1: ['a', 'b'] } } });
    assert.equal((await getTenantSettings(db, tenantId)).settings, first.settings);

    // Another instance (a second pool on PostgreSQL) changes them: the next read here has the change.
    await updateTenantSettings(other, tenantId, { conditionalAccess: { status: 'ok', groups: { g1: ['a', 'b', 'c'] } } });
    const changed = await getTenantSettings(db, tenantId);
    assert.notEqual(changed.settings, first.settings);
    assert.deepEqual(changed.settings.conditionalAccess, { status: 'ok', groups: { g1: ['a', 'b', 'c'] } });
  });

  it('hands out frozen settings, so no caller can change what the next one reads', async () => {
    const { db } = store();
    const tenantId = 'tenant-settings-frozen';
    await updateTenantSettings(db, tenantId, { skus: [{ skuId: 's1', servicePlans: [] }] });
    const { settings } = await getTenantSettings(db, tenantId);
    const skus = settings.skus as { skuId: string }[];
    assert.throws(() => skus.push({ skuId: 's2' }), TypeError);
    assert.throws(() => {
      skus[0]!.skuId = 'changed';
    }, TypeError);
    assert.deepEqual((await getTenantSettings(db, tenantId)).settings.skus, [{ skuId: 's1', servicePlans: [] }]);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { it } from 'vitest';
import { latestBaseline, saveBaseline } from '../../api/src/store/baselines.ts';
import { forEachStore } from '../helpers/stores.ts';

forEachStore('store: baselines', (store) => {
  it('numbers versions per tenant and returns the latest', async () => {
    const { db } = store();
    const tenantId = randomUUID();
    assert.equal(await latestBaseline(db, tenantId), null);
    assert.equal(await saveBaseline(db, tenantId, { bookingWindowInDays: 180 }, 'ada@contoso.com'), 1);
    assert.equal(await saveBaseline(db, tenantId, { bookingWindowInDays: 365 }, 'bob@contoso.com'), 2);
    assert.equal(await saveBaseline(db, randomUUID(), { bookingWindowInDays: 90 }, 'eve@fabrikam.com'), 1);
    const { createdAt, ...latest } = (await latestBaseline(db, tenantId))!;
    assert.deepEqual(latest, { tenantId, version: 2, values: { bookingWindowInDays: 365 }, createdBy: 'bob@contoso.com' });
    assert.ok(!Number.isNaN(Date.parse(createdAt)));
  });

  it('gives simultaneous saves distinct versions, across connections', async () => {
    const { db, connect } = store();
    const other = await connect();
    const tenantId = randomUUID();
    const versions = await Promise.all(
      Array.from({ length: 6 }, (_, n) => saveBaseline(n % 2 ? other : db, tenantId, { n }, `admin${n}@contoso.com`)),
    );
    assert.deepEqual([...versions].sort(), [1, 2, 3, 4, 5, 6]);
    assert.equal((await latestBaseline(db, tenantId))?.version, 6);
  });
});

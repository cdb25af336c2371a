import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { startTenant } from '../helpers/tenant.ts';
import { GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';
import { addSubscription, addUser, graph } from './graphFixtures.ts';

describe('emulator: Graph licenses', () => {
  let emulator: RunningEmulator;
  let licenseAdmin: string;
  let reader: string;

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 22, rooms: 3 }] });
    licenseAdmin = await oboToken(emulator, 'license-admin', GRAPH_SCOPE);
    reader = await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
  });
  afterAll(() => emulator.close());

  const consumed = async (skuId: string) => {
    const reply = await graph(emulator, reader, '/subscribedSkus');
    assert.equal(reply.status, 200);
    const sku = reply.body.value?.find((entry) => entry.skuId === skuId);
    assert.ok(sku, `subscribedSkus lists ${skuId}`);
    return sku;
  };
  const assign = (token: string, userId: string, addLicenses: unknown[], removeLicenses: string[] = []) =>
    graph(emulator, token, `/users/${userId}/assignLicense`, { method: 'POST', body: { addLicenses, removeLicenses } });

  it('lists subscribed SKUs with Graph ids, prepaid units and service plans', async () => {
    const tenant = emulator.tenant();
    const skuId = addSubscription(tenant, 'GT_SHAPE', 7);
    const sku = await consumed(skuId);
    assert.equal(sku.id, `${tenant.id}_${skuId}`);
    assert.equal(sku.skuPartNumber, 'GT_SHAPE');
    assert.equal(sku.appliesTo, 'User');
    assert.equal(sku.capabilityStatus, 'Enabled');
    assert.equal(sku.consumedUnits, 0);
    assert.deepEqual(sku.prepaidUnits, { enabled: 7, suspended: 0, warning: 0, lockedOut: 0 });
    const [plan] = sku.servicePlans as { provisioningStatus: string; appliesTo: string }[];
    assert.equal(plan?.provisioningStatus, 'Success');
    assert.equal(plan?.appliesTo, 'User');
  });

  it('assigns until the seats run out, then refuses with 400, and consumedUnits follows', async () => {
    const tenant = emulator.tenant();
    const skuId = addSubscription(tenant, 'GT_TWO_SEATS', 2);
    const [first, second, third] = ['gt-seat-1', 'gt-seat-2', 'gt-seat-3'].map((alias) => addUser(tenant, alias));
    assert.ok(first && second && third);

    const granted = await assign(licenseAdmin, first.id, [{ skuId, disabledPlans: [] }]);
    assert.equal(granted.status, 200);
    assert.equal(granted.body.id, first.id);
    assert.equal(granted.body.userPrincipalName, first.userPrincipalName);
    assert.equal((await consumed(skuId)).consumedUnits, 1);
    assert.equal((await assign(licenseAdmin, second.id, [{ skuId, disabledPlans: [] }])).status, 200);
    assert.equal((await consumed(skuId)).consumedUnits, 2);

    const full = await assign(licenseAdmin, third.id, [{ skuId, disabledPlans: [] }]);
    assert.equal(full.status, 400);
    assert.equal(full.body.error?.code, 'Request_BadRequest');
    assert.equal(full.body.error?.message, `Subscription with SKU ${skuId} does not have any available licenses.`);
    assert.equal((await consumed(skuId)).consumedUnits, 2);
    assert.deepEqual(third.assignedLicenses, []);

    assert.equal((await assign(licenseAdmin, first.id, [{ skuId, disabledPlans: [] }])).status, 200, 're-assigning takes no new seat');
    assert.equal((await assign(licenseAdmin, first.id, [], [skuId])).status, 200);
    assert.equal((await consumed(skuId)).consumedUnits, 1);
    assert.equal((await assign(licenseAdmin, third.id, [{ skuId, disabledPlans: [] }])).status, 200);
    assert.equal((await consumed(skuId)).consumedUnits, 2);
    const writes = emulator.context.stats.snapshot().writes;
    assert.equal(writes[`assignLicense ${third.id}`], 1);
    assert.equal(writes[`assignLicense ${first.id}`], 3);
  });

  it('refuses a user without usageLocation, an unknown SKU and a license the user lacks', async () => {
    const tenant = emulator.tenant();
    const skuId = addSubscription(tenant, 'GT_RULES', 10);
    const nowhere = addUser(tenant, 'gt-nowhere', { usageLocation: null });
    const noLocation = await assign(licenseAdmin, nowhere.id, [{ skuId, disabledPlans: [] }]);
    assert.equal(noLocation.status, 400);
    assert.equal(noLocation.body.error?.code, 'Request_BadRequest');
    assert.equal(noLocation.body.error?.message, 'License assignment cannot be done for user with invalid usage location.');

    const someone = addUser(tenant, 'gt-someone');
    const unknownSku = '11111111-2222-4333-8444-555555555555';
    const unknown = await assign(licenseAdmin, someone.id, [{ skuId: unknownSku, disabledPlans: [] }]);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error?.message, `License ${unknownSku} does not correspond to a valid company License.`);
    const lacking = await assign(licenseAdmin, someone.id, [], [skuId]);
    assert.equal(lacking.status, 400);
    const malformed = await graph(emulator, licenseAdmin, `/users/${someone.id}/assignLicense`, {
      method: 'POST',
      body: { addLicenses: [] },
    });
    assert.equal(malformed.status, 400);
    const missingUser = await assign(licenseAdmin, 'no-such-user', [{ skuId, disabledPlans: [] }]);
    assert.equal(missingUser.status, 404);
  });

  it('requires a license-capable role', async () => {
    const tenant = emulator.tenant();
    const skuId = addSubscription(tenant, 'GT_ROLES', 10);
    const target = addUser(tenant, 'gt-role-target');
    const refused = await assign(reader, target.id, [{ skuId, disabledPlans: [] }]);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, 'Authorization_RequestDenied');
    const devices = await assign(await oboToken(emulator, 'teams-devices-admin', GRAPH_SCOPE), target.id, [{ skuId, disabledPlans: [] }]);
    assert.equal(devices.status, 403);
    const userAdmin = await assign(await oboToken(emulator, 'user-admin', GRAPH_SCOPE), target.id, [{ skuId, disabledPlans: [] }]);
    assert.equal(userAdmin.status, 200);
  });

  it('reports licenseDetails with disabled plans, and the change shows in the next delta round', async () => {
    const tenant = emulator.tenant();
    const skuId = addSubscription(tenant, 'GT_DETAILS', 5);
    const [plan] = tenant.subscriptions.get(skuId)?.servicePlans ?? [];
    assert.ok(plan);
    const user = addUser(tenant, 'gt-details');
    const start = await graph(emulator, reader, '/users/delta?$deltatoken=latest&$select=assignedLicenses');
    assert.equal((await assign(licenseAdmin, user.id, [{ skuId, disabledPlans: [plan.servicePlanId] }])).status, 200);

    const details = await graph(emulator, reader, `/users/${user.id}/licenseDetails`);
    assert.equal(details.status, 200);
    assert.equal(details.body['@odata.context'], `${emulator.baseUrl}/v1.0/$metadata#users('${user.id}')/licenseDetails`);
    const [detail] = details.body.value ?? [];
    assert.equal(detail?.skuId, skuId);
    assert.equal(detail?.skuPartNumber, 'GT_DETAILS');
    assert.equal(typeof detail?.id, 'string');
    assert.deepEqual(detail?.servicePlans, [
      { servicePlanId: plan.servicePlanId, servicePlanName: plan.servicePlanName, provisioningStatus: 'Disabled', appliesTo: 'User' },
    ]);

    const delta = await fetch(String(start.body['@odata.deltaLink']), { headers: { authorization: `Bearer ${reader}` } });
    const round = (await delta.json()) as { value: Record<string, unknown>[] };
    assert.deepEqual(round.value, [{ id: user.id, assignedLicenses: [{ disabledPlans: [plan.servicePlanId], skuId }] }]);
    assert.equal((await graph(emulator, reader, '/users/no-such-user/licenseDetails')).status, 404);
  });
});

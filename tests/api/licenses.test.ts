import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { freeSeats, licenseChangeResponse, MESSAGES } from '../../contract/index.ts';
import { COMPLIANT, seedManifest, SKU } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

/**
 * `PUT /api/accounts/{id}/licenses` is planned and applied like any other change (issue 13, one path per
 * operation): a repeated request writes nothing, its answer is the contract's, and a lack of seats is the
 * same 409 whether the license route or apply recommended meets it.
 */
describe('license changes through plan and apply', () => {
  let stack: DemoStack;
  let id: string;
  const PRO = SKU.roomsPro.skuId;

  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 5, rooms: 110 }] } });
    id = [...(seedManifest(stack.emulator.tenant()).byScenario[COMPLIANT] ?? [])][0] as string;
    assert.ok(id, 'the seed has a compliant room');
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
  });
  afterAll(() => stack.close());

  const writes = async () =>
    ((await (await fetch(`${stack.emulator.baseUrl}/emulator/stats`)).json()) as { totals: { writes: number } }).totals.writes;
  const audit = async () =>
    (await stack.call('global-reader', `/api/audit?accountId=${id}`)).body.items as {
      setting: string;
      outcome: string;
      message: string | null;
      before: unknown;
      after: unknown;
    }[];
  const subscription = () => stack.emulator.tenant().subscriptions.get(PRO) ?? assert.fail('the tenant subscribes to Teams Rooms Pro');
  const consumed = () =>
    [...stack.emulator.tenant().users.values()].filter((user) => user.assignedLicenses.some((license) => license.skuId === PRO)).length;
  const put = (body: unknown) => stack.call('license-admin', `/api/accounts/${id}/licenses`, { method: 'PUT', body });

  it('removes a license: the answer is the contract shape, with the account re-graded and the seats as they are now', async () => {
    const res = await put({ remove: [PRO] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = licenseChangeResponse.parse(res.body);
    assert.equal(body.message, MESSAGES.success);
    assert.deepEqual(body.results, [{ setting: 'license', from: ['Microsoft Teams Rooms Pro'], to: [], outcome: 'succeeded' }]);
    assert.ok(!body.account.licenses.some((license) => license.skuId === PRO));
    assert.equal(body.account.status, 'needsAction', 'graded without its Teams Rooms license');
    const seat = body.seats.find((candidate) => candidate.skuId === PRO);
    assert.ok(seat);
    assert.deepEqual(
      [seat.enabled, seat.consumed, seat.available],
      [subscription().prepaidEnabled, consumed(), freeSeats({ enabled: subscription().prepaidEnabled, consumed: consumed() })],
    );
    const entries = (await audit()).filter((entry) => entry.setting === 'license');
    assert.deepEqual(
      entries.map((entry) => [entry.outcome, entry.before, entry.after]),
      [['succeeded', ['Microsoft Teams Rooms Pro'], []]],
    );
    const stored = (await stack.call('global-reader', `/api/accounts/${id}`)).body;
    assert.deepEqual(stored.licenses, body.account.licenses, 'the answer is what the store now holds');
  });

  it('the same request again plans nothing: no write to Microsoft 365, no audit entry', async () => {
    const [before, entries] = [await writes(), (await audit()).length];
    const res = await put({ remove: [PRO] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.message, 'Nothing to change: the account already has these settings.');
    assert.deepEqual(res.body.results, []);
    assert.equal(await writes(), before);
    assert.equal((await audit()).length, entries);
  });

  it('no seat left: the license route and apply recommended both answer 409 naming the license and the seats left, writing nothing', async () => {
    const bought = subscription().prepaidEnabled;
    subscription().prepaidEnabled = consumed();
    try {
      const before = await writes();
      const assigned = await put({ add: [PRO] });
      assert.equal(assigned.status, 409, JSON.stringify(assigned.body));
      assert.equal(assigned.body.error.code, 'conflict');
      assert.match(
        assigned.body.error.message,
        /^No Microsoft Teams Rooms Pro licenses are left to assign: 0 seats left \(\d+ of \d+ assigned\)/,
      );
      const recommended = await stack.call('license-admin', `/api/accounts/${id}/apply-recommended`, { method: 'POST' });
      assert.equal(recommended.status, 409, JSON.stringify(recommended.body));
      assert.equal(recommended.body.error.message, assigned.body.error.message);
      assert.equal(await writes(), before, 'nothing was written to Microsoft 365');
      const failed = (await audit()).filter((entry) => entry.setting === 'license' && entry.outcome === 'failed');
      assert.equal(failed.length, 2, 'each attempt is on record');
      for (const entry of failed) assert.equal(entry.message, assigned.body.error.message);
    } finally {
      subscription().prepaidEnabled = bought;
    }
  });

  it('with a seat free again, the license is assigned and the seats count down', async () => {
    const res = await put({ add: [PRO] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = licenseChangeResponse.parse(res.body);
    assert.equal(body.results[0]?.outcome, 'succeeded');
    assert.equal(body.account.status, 'noActionNeeded');
    assert.equal(body.seats.find((seat) => seat.skuId === PRO)?.consumed, consumed());
    assert.ok(
      stack.emulator
        .tenant()
        .users.get(id)
        ?.assignedLicenses.some((license) => license.skuId === PRO),
    );
  });
});

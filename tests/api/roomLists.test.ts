import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { EmMailbox, Tenant } from '../../emulator/src/tenant/model.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

type Check = { id: string; result: string; actual: unknown; note?: string };

/** Room lists end to end: read in a sync, graded, fixed with a preview, audited, refused without an Exchange role. */
describe('api: room lists (Room Finder) against the emulator', () => {
  let stack: DemoStack;
  let tenant: Tenant;
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 9, rooms: 40 }] } });
    tenant = stack.emulator.tenant();
    assert.equal((await stack.sync('global-admin', 'full')).status, 'succeeded');
  });
  afterAll(() => stack.close());

  const check = async (persona: string, id: string): Promise<Check> => {
    const detail = (await stack.call(persona, `/api/accounts/${id}`)).body as { checks: Check[] };
    const found = detail.checks.find((item) => item.id === 'inRoomList');
    assert.ok(found, 'the account page grades "in a room list"');
    return found;
  };
  /** A room whose building has (or has no) list, and that is in no list. */
  const unlisted = (buildingHasList: boolean): EmMailbox => {
    const lists = [...tenant.distributionGroups.values()];
    const found = [...tenant.places.values()]
      .filter((place) => place.building && Boolean(tenant.distributionGroupByIdentity(`Rooms - ${place.building}`)) === buildingHasList)
      .map((place) => tenant.mailboxByIdentity(place.emailAddress))
      .find((mailbox) => mailbox && !lists.some((list) => list.memberIds.has(mailbox.userId)));
    assert.ok(found, `a room outside every list in a building ${buildingHasList ? 'with' : 'without'} a list`);
    return found;
  };

  it('a sync reads every room list and its members: listed rooms pass, unlisted rooms fail', async () => {
    const list = [...tenant.distributionGroups.values()].find((group) => group.memberIds.size > 0);
    assert.ok(list);
    const member = [...list.memberIds][0] as string;
    const passing = await check('global-reader', member);
    assert.equal(passing.result, 'pass');
    assert.deepEqual(passing.actual, [list.name]);
    const failing = await check('global-reader', unlisted(true).userId);
    assert.equal(failing.result, 'fail');
  });

  it('the list filters by room list and by "none"; the summary names the lists for the filter', async () => {
    const summary = (await stack.call('global-reader', '/api/summary')).body as { roomLists: string[] };
    const names = [...tenant.distributionGroups.values()].map((group) => group.name).sort();
    assert.deepEqual(summary.roomLists, names);
    const list = [...tenant.distributionGroups.values()].find((group) => group.memberIds.size > 0);
    assert.ok(list);
    const inList = (await stack.call('global-reader', `/api/accounts?roomList=${encodeURIComponent(list.name)}&pageSize=500`)).body as {
      items: { id: string; roomLists: string[] | null }[];
    };
    assert.deepEqual(inList.items.map((item) => item.id).sort(), [...list.memberIds].sort());
    const none = (await stack.call('global-reader', '/api/accounts?roomList=none&pageSize=500')).body as {
      items: { id: string; roomLists: string[] | null }[];
    };
    assert.ok(none.items.length > 0);
    assert.ok(none.items.every((item) => item.roomLists !== null && item.roomLists.length === 0));
    assert.ok(none.items.some((item) => item.id === unlisted(true).userId));
  });

  it('previews and adds a room to its building list (Add-DistributionGroupMember), audited, then passes', async () => {
    const room = unlisted(true);
    const building = tenant.placeByIdOrEmail(room.primarySmtpAddress)?.building;
    const listName = `Rooms - ${building}`;
    const plan = await stack.call('exchange-recipient-admin', `/api/accounts/${room.userId}/plan`, {
      method: 'POST',
      body: { settings: { roomList: listName } },
    });
    assert.equal(plan.status, 200, JSON.stringify(plan.body));
    assert.deepEqual(
      plan.body.changes.map((change: { label: string; to: unknown; api: string; requiredRole: string }) => [
        change.label,
        change.to,
        change.api,
        change.requiredRole,
      ]),
      [['In a room list', listName, 'Add-DistributionGroupMember', 'Exchange Recipient Administrator']],
    );
    const applied = await stack.call('exchange-recipient-admin', `/api/accounts/${room.userId}`, {
      method: 'PATCH',
      body: { roomList: listName },
    });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    assert.equal(applied.body.message, 'Your changes have been saved successfully');
    assert.ok(tenant.distributionGroupByIdentity(listName)?.memberIds.has(room.userId), 'Exchange holds the membership');
    assert.equal((await check('global-reader', room.userId)).result, 'pass');
    const audit = (await stack.call('global-reader', `/api/audit?accountId=${room.userId}`)).body.items as {
      setting: string;
      outcome: string;
      after: unknown;
    }[];
    assert.ok(
      audit.some((entry) => entry.setting === 'roomList' && entry.outcome === 'succeeded' && entry.after === listName),
      JSON.stringify(audit),
    );
  });

  it('creates the building list (New-DistributionGroup -RoomList) when the baseline marks the check and Apply recommended runs', async () => {
    const room = unlisted(false);
    const building = tenant.placeByIdOrEmail(room.primarySmtpAddress)?.building;
    const listName = `Rooms - ${building}`;
    const unmarked = await stack.call('exchange-admin', `/api/accounts/${room.userId}/plan`, {
      method: 'POST',
      body: { recommended: true },
    });
    assert.ok(
      !unmarked.body.changes.some((change: { setting: string }) => change.setting === 'roomList'),
      'not without the baseline marking the check',
    );
    const baseline = (await stack.call('exchange-admin', '/api/baseline')).body;
    const saved = await stack.call('exchange-admin', '/api/baseline', {
      method: 'PUT',
      body: { ...baseline.values, severities: { ...baseline.values.severities, inRoomList: 'recommended' } },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const plan = await stack.call('exchange-admin', `/api/accounts/${room.userId}/plan`, { method: 'POST', body: { recommended: true } });
    const change = plan.body.changes.find((item: { setting: string }) => item.setting === 'roomList');
    assert.equal(change?.api, 'New-DistributionGroup -RoomList');
    const applied = await stack.call('exchange-admin', `/api/accounts/${room.userId}/apply-recommended`, { method: 'POST' });
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    const created = tenant.distributionGroupByIdentity(listName);
    assert.equal(created?.recipientTypeDetails, 'RoomList');
    assert.ok(created?.memberIds.has(room.userId));
    assert.equal((await check('global-reader', room.userId)).result, 'pass');
  });

  it('refuses a Global Reader and a User Administrator with insufficient_role, naming the role, changing nothing', async () => {
    const room = unlisted(true);
    const listName = `Rooms - ${tenant.placeByIdOrEmail(room.primarySmtpAddress)?.building}`;
    const sizes = () => [...tenant.distributionGroups.values()].map((group) => group.memberIds.size).join(',');
    const before = sizes();
    for (const persona of ['global-reader', 'user-admin']) {
      const refused = await stack.call(persona, `/api/accounts/${room.userId}`, { method: 'PATCH', body: { roomList: listName } });
      assert.equal(refused.status, 403, `${persona}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.code, 'insufficient_role');
      assert.match(refused.body.error.message, /Exchange Recipient Administrator/);
    }
    assert.equal(sizes(), before);
    const audit = (await stack.call('global-reader', `/api/audit?accountId=${room.userId}`)).body.items as {
      setting: string;
      outcome: string;
    }[];
    assert.ok(
      audit.some((entry) => entry.setting === 'roomList' && entry.outcome === 'refused'),
      'the refusal is audited',
    );
  });
});

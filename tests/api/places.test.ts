import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setLogSink } from '../../api/src/log.ts';
import { resourceAccountIds } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

interface SourceRead {
  status: string;
  data?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** Places in a sync: every room of a large tenant, rooms Places leaves out, and a Places that fails. */
describe('api sync: places', () => {
  let stack: DemoStack;
  let hidden: { userId: string; building: string };
  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 17, rooms: 160 }] } });
    const tenant = stack.emulator.tenant();
    const res = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${tenant.id}/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Hidden Boardroom', scenario: 'hidden-from-gal' }),
    });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    const room = JSON.parse(text) as { userId: string; building: string; placeId: string | null };
    assert.ok(room.placeId, 'the hidden room has a place record');
    hidden = { userId: room.userId, building: room.building };
  });
  afterAll(() => stack.close());

  const control = (path: string, method: string, body: unknown) =>
    fetch(`${stack.emulator.baseUrl}/emulator/tenants/${stack.emulator.tenant().id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const getPlaceCalls = () => stack.emulator.context.stats.snapshot().calls['InvokeCommand Get-Place'] ?? 0;
  const placeOf = async (persona: string, id: string): Promise<SourceRead> => {
    const res = await stack.call(persona, `/api/accounts/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.sources.place as SourceRead;
  };

  it('a sync of a tenant with more than 100 listed rooms has the place of every room that has one, with Get-Place only for rooms Places leaves out', async () => {
    const before = getPlaceCalls();
    const progress = await stack.sync('global-admin', 'full');
    assert.equal(progress.status, 'succeeded', JSON.stringify(progress));
    const tenant = stack.emulator.tenant();
    const unlisted = [...tenant.mailboxes.values()].filter(
      (mailbox) =>
        mailbox.recipientTypeDetails === 'RoomMailbox' &&
        (mailbox.hiddenFromAddressListsEnabled || !tenant.placeByIdOrEmail(mailbox.primarySmtpAddress)),
    );
    assert.equal(getPlaceCalls() - before, unlisted.length);
    const listedRooms = [...tenant.mailboxes.values()].filter(
      (mailbox) =>
        mailbox.recipientTypeDetails === 'RoomMailbox' &&
        !mailbox.hiddenFromAddressListsEnabled &&
        tenant.placeByIdOrEmail(mailbox.primarySmtpAddress),
    );
    assert.ok(listedRooms.length > 100, `${listedRooms.length} rooms in Places`);
    for (const mailbox of listedRooms) {
      const place = await placeOf('global-admin', mailbox.userId);
      assert.equal(place.status, 'ok', `${mailbox.primarySmtpAddress}: ${JSON.stringify(place)}`);
      assert.equal(place.data?.id, tenant.placeByIdOrEmail(mailbox.primarySmtpAddress)?.id);
    }
  });

  it('a room hidden from address lists gets its place from Exchange Get-Place, in a full sync and in a refresh', async () => {
    const place = await placeOf('global-admin', hidden.userId);
    assert.equal(place.status, 'ok', JSON.stringify(place));
    assert.equal(place.data?.building, hidden.building);
    // A new UPN makes refresh read the place again (an unchanged account keeps the place it had).
    const renamed = await control(`/users/${hidden.userId}`, 'PATCH', {
      userPrincipalName: `hidden.boardroom.2@${stack.emulator.tenant().domain}`,
    });
    assert.equal(renamed.status, 200);
    const before = getPlaceCalls();
    assert.equal((await stack.sync('global-admin', 'refresh')).status, 'succeeded');
    assert.equal(getPlaceCalls() - before, 1, 'the changed hidden room, read through Get-Place');
    const refreshed = await placeOf('global-admin', hidden.userId);
    assert.equal(refreshed.status, 'ok', JSON.stringify(refreshed));
    assert.equal(refreshed.data?.building, hidden.building);
  });

  it("without an Exchange role the hidden room's place is unavailable with the reason, not missing", async () => {
    const progress = await stack.sync('user-admin', 'full');
    assert.equal(progress.status, 'succeeded', JSON.stringify(progress));
    const place = await placeOf('user-admin', hidden.userId);
    assert.equal(place.status, 'unavailable', JSON.stringify(place));
    assert.match(place.error?.message ?? '', /Get-Place/);
    assert.ok(place.error?.code);
  });

  it('a failing Places makes the place source unavailable on every account and the sync still lists them all', async () => {
    assert.equal((await control('/places/outage', 'PUT', { absent: true })).status, 200);
    try {
      const progress = await stack.sync('global-admin', 'full');
      assert.equal(progress.status, 'succeeded', JSON.stringify(progress));
      const list = await stack.call('global-admin', '/api/accounts?pageSize=500');
      const expected = [...resourceAccountIds(stack.emulator.tenant())].sort();
      assert.deepEqual(list.body.items.map((item: { id: string }) => item.id).sort(), expected);
      for (const id of expected) {
        const place = await placeOf('global-admin', id);
        assert.equal(place.status, 'unavailable', `${id}: ${JSON.stringify(place)}`);
        assert.equal(place.error?.code, 'BadRequest');
      }
    } finally {
      await control('/places/outage', 'PUT', { absent: false });
    }
  });

  it('a malformed user is skipped and logged, the sync counts it, and its account keeps its last read', async () => {
    const tenant = stack.emulator.tenant();
    const [victim, ...others] = [...resourceAccountIds(tenant)];
    assert.ok(victim);
    assert.equal((await control(`/users/${victim}/corrupt`, 'POST', { set: { accountEnabled: 'yes' } })).status, 200);
    const lines: Record<string, unknown>[] = [];
    setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>), 'info');
    try {
      const progress = await stack.sync('global-admin', 'full');
      assert.equal(progress.status, 'succeeded', JSON.stringify(progress));
    } finally {
      setLogSink((line) => process.stdout.write(`${line}\n`));
    }
    const skipped = lines.filter((line) => line.event === 'graph_invalid_item');
    assert.ok(skipped.length >= 1 && skipped.every((line) => line.id === victim && line.what === 'users'), JSON.stringify(skipped));
    const finished = lines.find((line) => line.event === 'sync_finished');
    assert.equal(finished?.invalidItems, skipped.length);
    const list = await stack.call('global-admin', '/api/accounts?pageSize=500');
    const ids = new Set(list.body.items.map((item: { id: string }) => item.id));
    assert.ok(ids.has(victim), 'kept from the earlier sync, not removed');
    assert.ok(others.every((id) => ids.has(id)));
    const detail = await stack.call('global-admin', `/api/accounts/${victim}`);
    assert.equal(detail.body.sources.user.status, 'ok');
    assert.notEqual(detail.body.sources.user.data.accountEnabled, 'yes');
  });
});

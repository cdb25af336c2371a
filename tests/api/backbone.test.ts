import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { resourceAccountIds } from '../../emulator/src/index.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

/** The vertical slice: demo token → sync → accounts, all in one process against the emulator. */
describe('api backbone: sync and read API', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    // Small write batches: mailbox settings are stored while other reads are still in flight, as at 10,000 rooms.
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 11, rooms: 120 }] }, inventory: { writeBatchSize: 7 } });
  });
  afterAll(() => stack.close());

  const allAccounts = async (persona: string) => {
    const res = await stack.call(persona, '/api/accounts?pageSize=500');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: { id: string; status: string | null; userPrincipalName: string }[]; total: number };
  };

  it('Get Data lists every resource account of the tenant and nothing else', async () => {
    const progress = await stack.sync('global-admin', 'full');
    assert.equal(progress.status, 'succeeded', JSON.stringify(progress));
    const list = await allAccounts('global-admin');
    const expected = [...resourceAccountIds(stack.emulator.tenant())].sort();
    assert.deepEqual(list.items.map((item) => item.id).sort(), expected);
    assert.equal(list.total, expected.length);
    // Every mailbox's settings were read and stored: nothing is left ungraded (`pending`).
    assert.ok(
      list.items.every((item) => item.status !== null),
      `${list.items.filter((item) => item.status === null).length} accounts left ungraded`,
    );
  });

  it('serves one account with every raw setting and its source', async () => {
    const list = await allAccounts('global-reader');
    const first = list.items[0];
    assert.ok(first);
    const res = await stack.call('global-reader', `/api/accounts/${first.id}`);
    assert.equal(res.status, 200);
    for (const source of ['user', 'licenses', 'place', 'mailbox', 'calendarProcessing'])
      assert.ok(res.body.sources[source]?.status, source);
    assert.ok(res.body.checks.length > 10);
    const missing = await stack.call('global-reader', '/api/accounts/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'not_found');
  });

  it('searches, sorts, filters and pages', async () => {
    const page = await stack.call('global-admin', '/api/accounts?pageSize=10&page=2&sort=userPrincipalName&order=desc');
    assert.equal(page.body.items.length, 10);
    const upns = page.body.items.map((item: { userPrincipalName: string }) => item.userPrincipalName);
    assert.deepEqual(
      upns,
      [...upns].sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' })),
    );
    const needsAction = await stack.call('global-admin', '/api/accounts?status=needsAction&pageSize=500');
    assert.ok(needsAction.body.total > 0);
    assert.ok(needsAction.body.items.every((item: { status: string }) => item.status === 'needsAction'));
    const some = needsAction.body.items[0] as { displayName: string };
    const search = await stack.call('global-admin', `/api/accounts?search=${encodeURIComponent(some.displayName)}`);
    assert.ok(search.body.items.some((item: { displayName: string }) => item.displayName === some.displayName));
    const bad = await stack.call('global-admin', '/api/accounts?pageSize=100000&sort=nope');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'bad_request');
  });

  it('summarises by status and license, with seats', async () => {
    const res = await stack.call('global-admin', '/api/summary');
    assert.equal(res.status, 200);
    const { byStatus, total, seats } = res.body;
    assert.equal(byStatus.noActionNeeded + byStatus.needsAction + byStatus.notAvailable + byStatus.ungraded, total);
    assert.ok(
      seats.some(
        (seat: { skuPartNumber: string; consumed: number }) => seat.skuPartNumber === 'Microsoft_Teams_Rooms_Pro' && seat.consumed > 0,
      ),
    );
  });

  it('exports the current filter as CSV', async () => {
    const res = await stack.call('global-admin', '/api/accounts/export.csv?status=needsAction');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
    const lines = String(res.body).trim().split('\r\n');
    const count = (await stack.call('global-admin', '/api/accounts?status=needsAction')).body.total;
    assert.equal(lines.length, count + 1);
  });

  it('a persona without an Exchange role gets the accounts with mailbox settings unavailable, not an error', async () => {
    const progress = await stack.sync('user-admin', 'full');
    assert.equal(progress.status, 'succeeded', JSON.stringify(progress));
    const list = await allAccounts('user-admin');
    assert.equal(list.total, resourceAccountIds(stack.emulator.tenant()).size);
    const detail = await stack.call('user-admin', `/api/accounts/${list.items[0]?.id}`);
    assert.equal(detail.body.sources.calendarProcessing.status, 'unavailable');
    assert.match(detail.body.mailboxMessage, /Mailbox settings are not available/);
    // Restore full data for the tests after this one.
    await stack.sync('global-admin', 'full');
  });

  it('refresh picks up exactly an admin-side change', async () => {
    const tenant = stack.emulator.tenant();
    const before = new Map((await allAccounts('global-admin')).items.map((item) => [item.id, item]));
    const target = [...resourceAccountIds(tenant)].find((id) => tenant.users.get(id)?.accountEnabled);
    assert.ok(target);
    const res = await fetch(`${stack.emulator.baseUrl}/emulator/tenants/${tenant.id}/users/${target}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountEnabled: false }),
    });
    assert.equal(res.status, 200, await res.text());
    const progress = await stack.sync('global-admin', 'refresh');
    assert.equal(progress.status, 'succeeded');
    const after = await allAccounts('global-admin');
    const changed = after.items.filter((item) => JSON.stringify(item) !== JSON.stringify(before.get(item.id)));
    assert.deepEqual(
      changed.map((item) => item.id),
      [target],
    );
    const detail = await stack.call('global-admin', `/api/accounts/${target}`);
    assert.equal(detail.body.sources.user.data.accountEnabled, false);
    assert.equal(detail.body.status, 'needsAction');
  });

  it('only one sync per tenant runs at a time', async () => {
    const first = await stack.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
    const second = await stack.call('global-admin', '/api/sync', { method: 'POST', body: { kind: 'full' } });
    assert.equal(first.status, 202);
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'sync_in_progress');
    await stack.api.services.inventory.idle();
  });
});

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { AccountListQuery } from '../../contract/index.ts';
import { AccountsView } from '../../api/src/inventory/view/accountsView.ts';
import { inventoryStore } from '../../api/src/store/inventoryStore.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import { compliantSnapshot } from '../helpers/snapshots.ts';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.ts';

const TENANT = 'view-tenant';
const QUERY: AccountListQuery = {
  page: 1,
  pageSize: 100,
  sort: 'displayName',
  order: 'asc',
  status: [],
  license: [],
  building: [],
  roomList: [],
  signIn: [],
};

/** `n` compliant accounts with distinct ids, UPNs and names. */
function accounts(n: number, prefix: string): AccountSnapshot[] {
  return Array.from({ length: n }, (_, index) => {
    const snapshot = compliantSnapshot();
    const id = `${prefix}-${String(index).padStart(5, '0')}`;
    return { ...snapshot, accountId: id, userPrincipalName: `${id}@contoso.onmicrosoft.com`, displayName: `${prefix} room ${index}` };
  });
}

for (const kind of storeKinds()) {
  describe(`accounts view: read side [${kind}]`, () => {
    let store: TestStore;
    beforeAll(async () => (store = await openTestStore(kind)));
    afterAll(() => store.close());

    it('builds from the store a page at a time, every account once', async () => {
      const tenant = `${TENANT}-pages`;
      await inventoryStore(store.db).saveSnapshots(tenant, accounts(2_345, 'stored'));
      const pages: number[] = [];
      for await (const page of inventoryStore(store.db).snapshotPages(tenant, 1_000)) pages.push(page.length);
      assert.deepEqual(pages, [1_000, 1_000, 345]);
      const list = await new AccountsView(store.db).list(tenant, { ...QUERY, pageSize: 10 });
      assert.equal(list.total, 2_345);
    });

    it("lists a sync's primed accounts before they are stored, and drops them if the write fails", async () => {
      const tenant = `${TENANT}-primed`;
      const view = new AccountsView(store.db);
      assert.equal((await view.list(tenant, QUERY)).total, 0);
      const primed = view.prime(tenant).add(accounts(3, 'primed'));
      // Nothing is in the store yet, and the list already shows the three accounts.
      assert.equal((await inventoryStore(store.db).versions(tenant)).dataVersion, 0);
      assert.deepEqual(
        (await view.list(tenant, QUERY)).items.map((item) => item.displayName),
        ['primed room 0', 'primed room 1', 'primed room 2'],
      );
      primed.dropped();
      assert.equal((await view.list(tenant, QUERY)).total, 0, 'a dropped priming must not outlive its failed write');
    });

    it('once stored, a primed list stands for that data version and a later write rebuilds from the store', async () => {
      const tenant = `${TENANT}-stored`;
      const view = new AccountsView(store.db);
      const snapshots = accounts(2, 'synced');
      const primed = view.prime(tenant).add(snapshots);
      primed.stored(await inventoryStore(store.db).saveSnapshots(tenant, snapshots));
      assert.equal((await view.list(tenant, QUERY)).total, 2);
      // Another instance writes one more account: the version moves past the primed one, so it is read from the store.
      await inventoryStore(store.db).saveSnapshots(tenant, accounts(1, 'later'));
      assert.equal((await view.list(tenant, QUERY)).total, 3);
    });

    it("a sync's pages fill in the list already stored: rows added or replaced, none lost, none twice", async () => {
      const tenant = `${TENANT}-pages-fill`;
      const stored = accounts(4, 'room');
      await inventoryStore(store.db).saveSnapshots(tenant, stored);
      const view = new AccountsView(store.db);
      assert.equal((await view.list(tenant, QUERY)).total, 4);
      const feed = view.prime(tenant);
      // Page 1: two known rooms read again (one renamed) and one new room.
      const renamed = {
        ...(stored[1] as AccountSnapshot),
        displayName: 'room renamed',
        userPrincipalName: 'renamed@contoso.onmicrosoft.com',
      };
      const first = [stored[0] as AccountSnapshot, renamed, ...accounts(1, 'new')];
      const firstPrimed = feed.add(first);
      const seen = await view.list(tenant, QUERY);
      assert.equal(seen.total, 5, 'the rows stored before stay while the sync lists its first page');
      assert.equal(new Set(seen.items.map((item) => item.id)).size, 5);
      firstPrimed.stored(await inventoryStore(store.db).saveSnapshots(tenant, first));
      // A second order asked of page 1's list: the next page's list carries it over, merged, not sorted afresh.
      const byLocation: AccountListQuery = { ...QUERY, sort: 'location', order: 'desc' };
      assert.equal((await view.list(tenant, byLocation)).total, 5);
      // Page 2 arrives while page 1 is served at its data version; it names one room twice.
      const second = [...accounts(2, 'later'), { ...(accounts(1, 'later')[0] as AccountSnapshot), displayName: 'later room again' }];
      const secondPrimed = feed.add(second);
      const both = await view.list(tenant, QUERY);
      assert.equal(both.total, 7);
      assert.ok(both.items.some((item) => item.displayName === 'room renamed'));
      secondPrimed.stored(await inventoryStore(store.db).saveSnapshots(tenant, second));
      await assert.rejects(
        view.get(tenant, 'room-00001@contoso.onmicrosoft.com'),
        /not in the inventory/,
        'the old UPN no longer finds the renamed room',
      );
      const fromStore = await new AccountsView(store.db).list(tenant, QUERY);
      assert.deepEqual(
        (await view.list(tenant, QUERY)).items.map((item) => [item.id, item.displayName, item.status]),
        fromStore.items.map((item) => [item.id, item.displayName, item.status]),
        'the list built page by page equals the one built from the store',
      );
      assert.deepEqual(
        (await view.list(tenant, byLocation)).items.map((item) => [item.id, item.displayName]),
        (await new AccountsView(store.db).list(tenant, byLocation)).items.map((item) => [item.id, item.displayName]),
        'an order carried from page to page equals the same order sorted from the store',
      );
    });
  });
}

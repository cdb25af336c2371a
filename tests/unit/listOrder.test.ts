import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { AccountListItem } from '../../contract/index.ts';
import { listOrder, mergedOrder } from '../../api/src/inventory/view/listOrder.ts';

/** A row with what the orders read; the rest of the row does not take part. */
const row = (id: string, displayName: string, location: string | null, status: AccountListItem['status']) =>
  ({ id, displayName, userPrincipalName: `${id}@contoso.example`, location, status, lastReadAt: null }) as unknown as AccountListItem;

/** A small deterministic generator, so a failure names a reproducible case. */
function rows(seed: number, count: number, prefix: string): AccountListItem[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const statuses = ['needsAction', 'noActionNeeded', 'notAvailable'] as const;
  return Array.from({ length: count }, (_, index) =>
    row(
      `${prefix}-${index}`,
      `Room ${Math.floor(next() * 30)}`,
      next() < 0.2 ? null : `Building ${Math.floor(next() * 5)}`,
      statuses[Math.floor(next() * 3)] as AccountListItem['status'],
    ),
  );
}

describe('list orders carried over a new page of rows', () => {
  for (const name of ['displayName:asc', 'location:desc', 'status:asc', 'userPrincipalName:desc'])
    it(`${name}: merging equals sorting afresh, with changed rows replaced and new ones added`, () => {
      const compare = listOrder(name);
      const before = rows(7, 300, 'a');
      const sorted = [...before].sort(compare);
      // A page that changes every tenth known row (new name, new status) and adds 120 new rows.
      const changed = before
        .filter((_, index) => index % 10 === 0)
        .map((item) => row(item.id, `Renamed ${item.displayName}`, item.location ?? null, 'needsAction'));
      const page = [...changed, ...rows(11, 120, 'b')];
      const byId = new Map(before.map((item) => [item.id, item]));
      for (const item of page) byId.set(item.id, item);
      const expected = [...byId.values()].sort(compare);
      const merged = mergedOrder(sorted, page, compare);
      assert.deepEqual(
        merged.map((item) => item.id),
        expected.map((item) => item.id),
      );
      assert.equal(merged.length, 420);
    });

  it('new rows only (a listing): placed among thousands by galloping, the same order as sorting afresh', () => {
    for (const name of ['displayName:asc', 'status:desc']) {
      const compare = listOrder(name);
      let sorted = rows(3, 2_000, 'kept').sort(compare);
      // Parts of a listing as the view merges them: each adds new rows, clustered and spread alike.
      for (const [part, count] of [
        [1, 1],
        [2, 200],
        [3, 5],
        [4, 999],
      ] as const) {
        const page = rows(20 + part, count, `part${part}`);
        const expected = [...sorted, ...page].sort(compare);
        sorted = mergedOrder(sorted, page, compare, false);
        assert.deepEqual(
          sorted.map((item) => item.id),
          expected.map((item) => item.id),
          `${name}, part ${part}`,
        );
      }
      assert.equal(sorted.length, 3_205);
    }
  });

  it('the tie-breakers make the order total: equal keys sort by display name, then id', () => {
    const compare = listOrder('location:asc');
    const a = row('2', 'Same', 'B1', 'needsAction');
    const b = row('1', 'Same', 'B1', 'needsAction');
    assert.deepEqual(
      mergedOrder([a], [b], compare).map((item) => item.id),
      ['1', '2'],
    );
  });
});

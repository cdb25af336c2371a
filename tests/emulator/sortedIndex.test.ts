import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { sortedIndex, type Keyed } from '../../emulator/src/graph/odata/sortedIndex.ts';
import { CountedMap } from '../../emulator/src/tenant/countedMap.ts';

interface Room {
  name: string;
}

const BY_KEY = (a: Keyed, b: Keyed) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const order = (items: Map<string, Room>) =>
  sortedIndex(
    items,
    'name',
    (room) => room.name,
    (name) => name.toLowerCase(),
    BY_KEY,
  );
const ids = (index: Keyed[]) => index.map((entry) => entry.id);

// The listings keep their sorted order between pages; it must never serve an order the items no longer have.
describe('emulator: kept listing order', () => {
  for (const [kind, make] of [
    ['counted map', () => new CountedMap<string, Room>()],
    ['plain map', () => new Map<string, Room>()],
  ] as const)
    it(`${kind}: kept while nothing changes, rebuilt after an add, a remove, a replacement or a rename in place`, () => {
      const items = make();
      for (const [id, name] of [
        ['a', 'Delta'],
        ['b', 'alpha'],
        ['c', 'Charlie'],
      ] as const)
        items.set(id, { name });
      const first = order(items);
      assert.deepEqual(ids(first), ['b', 'c', 'a']);
      assert.equal(order(items), first, 'the same order object while nothing changed');

      items.get('a')!.name = 'Bravo';
      assert.deepEqual(ids(order(items)), ['b', 'a', 'c'], 'a rename in place re-sorts');

      items.set('d', { name: 'Echo' });
      assert.deepEqual(ids(order(items)), ['b', 'a', 'c', 'd'], 'an added item is listed');

      items.delete('c');
      items.set('e', { name: 'Aardvark' });
      assert.deepEqual(ids(order(items)), ['e', 'b', 'a', 'd'], 'one out and one in, the size unchanged');

      const kept = order(items);
      items.set('d', { name: 'Echo' });
      assert.notEqual(order(items), kept, 'a replaced object is read again');
      assert.deepEqual(ids(order(items)), ['e', 'b', 'a', 'd']);
    });
});

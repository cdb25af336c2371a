import { CountedMap } from '../../tenant/countedMap.ts';

/** An item's id, the field it sorts by (as stored) and its sort key. */
export interface Keyed {
  id: string;
  field: string;
  key: string;
}

/** What an order compares: the sort key, then the id. */
export type SortKey = Pick<Keyed, 'id' | 'key'>;

/** A kept order: its entries, each with the object it was built from, and the map's write count then. */
interface KeptOrder<T> {
  entries: Keyed[];
  objects: T[];
  writes: number | undefined;
}

const indexes = new WeakMap<object, Map<string, KeptOrder<unknown>>>();

/**
 * The ids of `items` in listing order, kept between requests. Paging 10,000 rooms or users would otherwise
 * build and sort the whole tenant on every page, and the emulator's own CPU, not its latency knobs, would set
 * a client's pace. Before it is used, the kept order is checked against every item's current sort field (an
 * identity compare each), so an added, removed or renamed item rebuilds it. A `CountedMap` whose writes have not
 * moved holds the same objects as when the order was built, so only their fields are read again: looking up
 * each of 14,000 users by id on every page was the largest part of a users page's cost.
 */
export function sortedIndex<T>(
  items: Map<string, T>,
  order: string,
  fieldOf: (item: T) => string,
  keyOf: (field: string) => string,
  compare: (a: Keyed, b: Keyed) => number,
): Keyed[] {
  let byOrder = indexes.get(items) as Map<string, KeptOrder<T>> | undefined;
  if (!byOrder) indexes.set(items, (byOrder = new Map()));
  const writes = items instanceof CountedMap ? items.writes : undefined;
  const kept = byOrder.get(order);
  if (kept && isCurrent(kept, items, writes, fieldOf)) return kept.entries;
  const pairs = [...items].map(([id, item]) => {
    const field = fieldOf(item);
    return { entry: { id, field, key: keyOf(field) }, item };
  });
  pairs.sort((a, b) => compare(a.entry, b.entry));
  const built = { entries: pairs.map((pair) => pair.entry), objects: pairs.map((pair) => pair.item), writes };
  byOrder.set(order, built);
  return built.entries;
}

function isCurrent<T>(kept: KeptOrder<T>, items: Map<string, T>, writes: number | undefined, fieldOf: (item: T) => string): boolean {
  const { entries, objects } = kept;
  if (entries.length !== items.size) return false;
  const same = writes !== undefined && kept.writes === writes;
  for (let at = 0; at < entries.length; at += 1) {
    const entry = entries[at] as Keyed;
    const item = same ? objects[at] : items.get(entry.id);
    if (item === undefined || (!same && item !== objects[at]) || fieldOf(item) !== entry.field) return false;
  }
  return true;
}

/** The first position whose entry sorts after `after` (binary search: the index is sorted by `compare`). */
export function positionAfter<E extends SortKey>(index: E[], after: SortKey, compare: (a: SortKey, b: SortKey) => number): number {
  let [low, high] = [0, index.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(index[middle] as E, after) > 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

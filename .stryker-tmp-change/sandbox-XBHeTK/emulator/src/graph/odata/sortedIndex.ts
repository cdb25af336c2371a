/** An item's id, the field it sorts by (as stored) and its sort key. */
// @ts-nocheck

export interface Keyed {
  id: string;
  field: string;
  key: string;
}

/** What an order compares: the sort key, then the id. */
export type SortKey = Pick<Keyed, 'id' | 'key'>;

const indexes = new WeakMap<object, Map<string, Keyed[]>>();

/**
 * The ids of `items` in listing order, kept between requests. Paging 10,000 rooms or users would otherwise
 * build and sort the whole tenant on every page, and the emulator's own CPU, not its latency knobs, would set
 * a client's pace. Before it is used, the kept order is checked against every item's current sort field (an
 * identity compare each), so an added, removed or renamed item rebuilds it.
 */
export function sortedIndex<T>(
  items: Map<string, T>,
  order: string,
  fieldOf: (item: T) => string,
  keyOf: (field: string) => string,
  compare: (a: Keyed, b: Keyed) => number,
): Keyed[] {
  let byOrder = indexes.get(items);
  if (!byOrder) indexes.set(items, (byOrder = new Map()));
  const kept = byOrder.get(order);
  if (kept && kept.length === items.size && kept.every((entry) => isCurrent(items, entry, fieldOf))) return kept;
  const built = [...items].map(([id, item]) => {
    const field = fieldOf(item);
    return { id, field, key: keyOf(field) };
  });
  built.sort(compare);
  byOrder.set(order, built);
  return built;
}

function isCurrent<T>(items: Map<string, T>, entry: Keyed, fieldOf: (item: T) => string): boolean {
  const item = items.get(entry.id);
  return item !== undefined && fieldOf(item) === entry.field;
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

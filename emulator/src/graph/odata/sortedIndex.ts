/** An item's id and the key it sorts by. */
export interface Keyed {
  id: string;
  key: string;
}

const indexes = new WeakMap<object, Map<string, Keyed[]>>();

/**
 * The ids of `items` in listing order, kept between requests. Paging 10,000 rooms or users would otherwise
 * build and sort the whole tenant on every page, and the emulator's own CPU, not its latency knobs, would set
 * a client's pace. Before it is used, the kept order is checked against every item's current key (a string
 * compare each), so an added, removed or renamed item rebuilds it.
 */
export function sortedIndex<T>(items: Map<string, T>, order: string, keyOf: (item: T) => string, compare: (a: Keyed, b: Keyed) => number): Keyed[] {
  let byOrder = indexes.get(items);
  if (!byOrder) indexes.set(items, (byOrder = new Map()));
  const kept = byOrder.get(order);
  if (kept && kept.length === items.size && kept.every((entry) => isCurrent(items, entry, keyOf))) return kept;
  const built = [...items].map(([id, item]) => ({ id, key: keyOf(item) })).sort(compare);
  byOrder.set(order, built);
  return built;
}

function isCurrent<T>(items: Map<string, T>, entry: Keyed, keyOf: (item: T) => string): boolean {
  const item = items.get(entry.id);
  return item !== undefined && keyOf(item) === entry.key;
}

/** The first position whose entry sorts after `after` (binary search: the index is sorted by `compare`). */
export function positionAfter(index: Keyed[], after: Keyed, compare: (a: Keyed, b: Keyed) => number): number {
  let [low, high] = [0, index.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(index[middle] as Keyed, after) > 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

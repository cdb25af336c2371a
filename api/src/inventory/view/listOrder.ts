import type { AccountListItem } from '../../../../contract/index.ts';

const STATUS_ORDER: Record<string, number> = { needsAction: 0, notAvailable: 1, noActionNeeded: 2 };
/** One collator for every comparison: `localeCompare` with a locale argument builds one per call. */
const BY_NAME = new Intl.Collator('en', { sensitivity: 'base' });
const TIE_BREAK = new Intl.Collator();

type Compare = (a: AccountListItem, b: AccountListItem) => number;
const comparators = new Map<string, Compare>();

/**
 * The list order named `key:order` (as a view keeps its sorted orders): the key, then display name and id as
 * tie-breakers, so two rows compare equal only if they are the same account.
 */
export function listOrder(name: string): Compare {
  let compare = comparators.get(name);
  if (!compare) {
    const [key, order] = name.split(':') as [keyof AccountListItem, string];
    const direction = order === 'desc' ? -1 : 1;
    const byKey: Compare =
      key === 'status'
        ? (a, b) => (STATUS_ORDER[a.status ?? ''] ?? 3) - (STATUS_ORDER[b.status ?? ''] ?? 3)
        : (a, b) => BY_NAME.compare(String(a[key] ?? ''), String(b[key] ?? ''));
    compare = (a, b) => direction * byKey(a, b) || TIE_BREAK.compare(a.displayName, b.displayName) || TIE_BREAK.compare(a.id, b.id);
    comparators.set(name, compare);
  }
  return compare;
}

/**
 * `sorted` (in the order `compare`) with the rows of `changed` accounts replaced by `items`, without sorting
 * again: while Get Data lists 10,000 accounts a page at a time, each page makes a new view, and sorting every
 * one of them afresh for the tab's next poll cost n log n comparisons a page. Each new row is placed by a
 * galloping search from the one before it, so a part of 500 rows costs a few thousand comparisons, not one per
 * row already listed. `replaces` false says no row of `items` is in `sorted` yet (a listing's new rows): the
 * rows are then not looked for.
 */
export function mergedOrder(
  sorted: readonly AccountListItem[],
  items: readonly AccountListItem[],
  compare: Compare,
  replaces = true,
): AccountListItem[] {
  const changed = replaces ? new Set(items.map((item) => item.id)) : undefined;
  const kept = changed ? sorted.filter((item) => !changed.has(item.id)) : sorted;
  const fresh = [...items].sort(compare);
  const merged: AccountListItem[] = [];
  let from = 0;
  for (const item of fresh) {
    const at = insertionPoint(kept, item, compare, from);
    for (let index = from; index < at; index += 1) merged.push(kept[index] as AccountListItem);
    merged.push(item);
    from = at;
  }
  for (let index = from; index < kept.length; index += 1) merged.push(kept[index] as AccountListItem);
  return merged;
}

/** The first position at or after `from` whose row sorts after `item`: galloping from `from`, then halving. */
function insertionPoint(sorted: readonly AccountListItem[], item: AccountListItem, compare: Compare, from: number): number {
  let low = from;
  let high = from;
  let step = 1;
  while (high < sorted.length && compare(sorted[high] as AccountListItem, item) < 0) {
    low = high + 1;
    high = from + step;
    step *= 2;
  }
  high = Math.min(high, sorted.length);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle] as AccountListItem, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

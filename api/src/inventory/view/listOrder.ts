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
 * one of them afresh for the tab's next poll cost n log n comparisons a page; this costs about n.
 */
export function mergedOrder(sorted: readonly AccountListItem[], items: readonly AccountListItem[], compare: Compare): AccountListItem[] {
  const changed = new Set(items.map((item) => item.id));
  const kept = sorted.filter((item) => !changed.has(item.id));
  const fresh = [...items].sort(compare);
  const merged: AccountListItem[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < fresh.length)
    merged.push(
      compare(fresh[j] as AccountListItem, kept[i] as AccountListItem) < 0
        ? (fresh[j++] as AccountListItem)
        : (kept[i++] as AccountListItem),
    );
  while (i < kept.length) merged.push(kept[i++] as AccountListItem);
  while (j < fresh.length) merged.push(fresh[j++] as AccountListItem);
  return merged;
}

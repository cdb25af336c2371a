import type { AccountListItem, AccountListQuery, AccountListResponse } from '../../../../contract/index.ts';
import { listOrder } from './listOrder.ts';
import { keepRecent, type TenantView } from './tenantView.ts';

/** One page of a query's results. */
export function page(view: TenantView, query: AccountListQuery): AccountListResponse {
  const matches = filtered(view, query);
  const start = (query.page - 1) * query.pageSize;
  return { items: matches.slice(start, start + query.pageSize), total: matches.length, page: query.page, pageSize: query.pageSize };
}

/** The items matching a query's search and filters, in its order; recent results are kept per view. */
export function filtered(view: TenantView, query: Omit<AccountListQuery, 'page' | 'pageSize'>): AccountListItem[] {
  const search = query.search?.trim().toLowerCase();
  const key = JSON.stringify([
    search ?? '',
    [...query.status].sort(),
    [...query.license].sort(),
    [...query.building].sort(),
    [...query.roomList].sort(),
    [...query.signIn].sort(),
    query.sort,
    query.order,
  ]);
  const cached = view.results.get(key);
  if (cached) return cached;
  const statuses = new Set(query.status);
  const licenses = new Set(query.license.map((license) => license.toLowerCase()));
  const buildings = new Set(query.building.map((building) => building.toLowerCase()));
  const roomLists = new Set(query.roomList.map((list) => list.toLowerCase()));
  const signIns = new Set<string>(query.signIn);
  const matches = sortedBy(view, query.sort, query.order).filter((item) => {
    if (search && !`${item.displayName}\n${item.userPrincipalName}\n${item.location ?? ''}`.toLowerCase().includes(search)) return false;
    if (statuses.size > 0 && !statuses.has(item.status ?? 'unknown')) return false;
    if (licenses.size > 0) {
      const held = item.licenses.length > 0 ? item.licenses.map((license) => license.skuPartNumber.toLowerCase()) : ['none'];
      if (!held.some((license) => licenses.has(license))) return false;
    }
    if (buildings.size > 0 && !buildings.has((item.building ?? 'none').toLowerCase())) return false;
    // `none`: rooms known to be in no list (rooms whose lists are unknown match no room-list filter).
    // Sign-in states are alternatives; `blocked` matches accounts an enabled CA policy would block, whatever their state.
    if (
      signIns.size > 0 &&
      !(signIns.has(item.signIn?.state ?? 'unknown') || (signIns.has('blocked') && (item.signIn?.blockingPolicies ?? 0) > 0))
    )
      return false;
    if (
      roomLists.size > 0 &&
      !(item.roomLists?.length
        ? item.roomLists.some((list) => roomLists.has(list.toLowerCase()))
        : item.roomLists !== null && roomLists.has('none'))
    )
      return false;
    return true;
  });
  keepRecent(view.results, key, matches);
  return matches;
}

/** The view's items in a list order, sorted on first use: the key, then display name and id as tie-breakers. */
function sortedBy(view: TenantView, key: AccountListQuery['sort'], order: AccountListQuery['order']): AccountListItem[] {
  const name = `${key}:${order}`;
  let sorted = view.orders.get(name);
  if (!sorted) {
    sorted = [...view.items].sort(listOrder(name));
    view.orders.set(name, sorted);
  }
  return sorted;
}

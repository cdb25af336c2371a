// @ts-nocheck
import type { AccountListResponse } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';
import { listSearchParams, type ListFilter } from '../listFilter.ts';

/** Rows fetched per request: big enough for few round trips at 10,000 accounts, small enough to answer fast. */
export const PAGE_SIZE = 500;

/** One page (1-based) of the account list under a filter. */
export function getAccountsPage(filter: ListFilter, page: number, pageSize = PAGE_SIZE): Promise<AccountListResponse> {
  const query = listSearchParams(filter);
  query.set('page', String(page));
  query.set('pageSize', String(pageSize));
  return apiFetch<AccountListResponse>(`/api/accounts?${query}`);
}

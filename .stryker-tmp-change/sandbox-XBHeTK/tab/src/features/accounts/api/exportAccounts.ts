// @ts-nocheck
import { apiDownload } from '../../../api/client.ts';
import { listSearchParams, type ListFilter } from '../listFilter.ts';

/** Download the CSV of every account under the current filter (not just the rows on screen). */
export function exportAccounts(filter: ListFilter): Promise<{ fileName: string; size: number }> {
  const query = listSearchParams(filter).toString();
  return apiDownload(`/api/accounts/export.csv${query ? `?${query}` : ''}`, 'room-accounts.csv');
}

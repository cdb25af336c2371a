// @ts-nocheck
import type { AuditResponse } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** The latest changes made to one account through Room Accounts. */
export function getActivity(accountId: string): Promise<AuditResponse> {
  return apiFetch<AuditResponse>(`/api/audit?${new URLSearchParams({ accountId, limit: '100' })}`);
}

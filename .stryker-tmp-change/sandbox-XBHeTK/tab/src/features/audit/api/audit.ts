// @ts-nocheck
import type { AuditResponse } from '../../../../../contract/index.ts';
import { apiDownload, apiFetch } from '../../../api/client.ts';

/** Audit filters as the API takes them (times are ISO with offset). */
export interface AuditFilter {
  accountId?: string;
  actor?: string;
  from?: string;
  to?: string;
}

function params(filter: AuditFilter): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  return query;
}

/** One page of the audit log, newest first; pass the previous answer's cursor for the next. */
export function getAudit(filter: AuditFilter, cursor?: string): Promise<AuditResponse> {
  const query = params(filter);
  query.set('limit', '100');
  if (cursor) query.set('cursor', cursor);
  return apiFetch<AuditResponse>(`/api/audit?${query}`);
}

/** The whole filtered log as CSV. */
export function exportAudit(filter: AuditFilter): Promise<{ fileName: string; size: number }> {
  const query = params(filter).toString();
  return apiDownload(`/api/audit/export.csv${query ? `?${query}` : ''}`, 'room-accounts-audit.csv');
}

import {
  accountDetail,
  applyResponse,
  licenseChangeResponse,
  planResponse,
  summaryResponse,
  type AccountDetail,
  type ApplyResponse,
  type DesiredSettings,
  type LicenseChangeResponse,
  type PlanResponse,
  type SummaryResponse,
} from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

const base = (id: string) => `/api/accounts/${encodeURIComponent(id)}`;

/** One account with every source as read and every check's outcome. */
export function getAccount(id: string): Promise<AccountDetail> {
  return apiFetch(base(id), accountDetail);
}

/** The diff a save (or recommended config) would make, computed from the stored snapshot. */
export function planChanges(id: string, request: { settings: DesiredSettings } | { recommended: true }): Promise<PlanResponse> {
  return apiFetch(`${base(id)}/plan`, planResponse, { method: 'POST', body: request });
}

/** Save changed settings; the answer carries the re-read account, so its status updates in place. */
export function saveSettings(id: string, settings: DesiredSettings): Promise<ApplyResponse> {
  return apiFetch(base(id), applyResponse, { method: 'PATCH', body: settings });
}

export function applyRecommended(id: string): Promise<ApplyResponse> {
  return apiFetch(`${base(id)}/apply-recommended`, applyResponse, { method: 'POST' });
}

export function saveLocation(id: string, location: NonNullable<DesiredSettings['location']>): Promise<ApplyResponse> {
  return apiFetch(`${base(id)}/location`, applyResponse, { method: 'PATCH', body: location });
}

export function changeLicenses(id: string, change: { add: string[]; remove: string[] }): Promise<LicenseChangeResponse> {
  return apiFetch(`${base(id)}/licenses`, licenseChangeResponse, { method: 'PUT', body: change });
}

/** License seats of the tenant, for the Licenses tab's "left" counts. */
export function getSeats(): Promise<SummaryResponse['seats']> {
  return apiFetch('/api/summary', summaryResponse).then((summary) => summary.seats);
}

// @ts-nocheck
import type { AccountDetail, ApplyResponse, DesiredSettings, PlanResponse, SummaryResponse } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

const base = (id: string) => `/api/accounts/${encodeURIComponent(id)}`;

/** One account with every source as read and every check's outcome. */
export function getAccount(id: string): Promise<AccountDetail> {
  return apiFetch<AccountDetail>(base(id));
}

/** The diff a save (or recommended config) would make, computed from the stored snapshot. */
export function planChanges(id: string, request: { settings: DesiredSettings } | { recommended: true }): Promise<PlanResponse> {
  return apiFetch<PlanResponse>(`${base(id)}/plan`, { method: 'POST', body: request });
}

/** Save changed settings; the answer carries the re-read account, so its status updates in place. */
export function saveSettings(id: string, settings: DesiredSettings): Promise<ApplyResponse> {
  return apiFetch<ApplyResponse>(base(id), { method: 'PATCH', body: settings });
}

export function applyRecommended(id: string): Promise<ApplyResponse> {
  return apiFetch<ApplyResponse>(`${base(id)}/apply-recommended`, { method: 'POST' });
}

export function saveLocation(id: string, location: NonNullable<DesiredSettings['location']>): Promise<ApplyResponse> {
  return apiFetch<ApplyResponse>(`${base(id)}/location`, { method: 'PATCH', body: location });
}

/** Seats left after a license change, as `PUT /licenses` reports them. */
export type SeatsLeft = { skuId: string; name: string; available: number }[];

export function changeLicenses(id: string, change: { add: string[]; remove: string[] }): Promise<ApplyResponse & { seats: SeatsLeft }> {
  return apiFetch<ApplyResponse & { seats: SeatsLeft }>(`${base(id)}/licenses`, { method: 'PUT', body: change });
}

/** License seats of the tenant, for the Licenses tab's "left" counts. */
export function getSeats(): Promise<SummaryResponse['seats']> {
  return apiFetch<SummaryResponse>('/api/summary').then((summary) => summary.seats);
}

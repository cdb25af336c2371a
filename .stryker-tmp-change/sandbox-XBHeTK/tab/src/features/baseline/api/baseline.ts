// @ts-nocheck
import type { BaselineResponse, BaselineValues, SummaryResponse } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

export { getBaseline } from '../../../api/baseline.ts';

export function saveBaseline(values: BaselineValues): Promise<BaselineResponse> {
  return apiFetch<BaselineResponse>('/api/baseline', { method: 'PUT', body: values });
}

/** Teams Rooms subscriptions, for choosing the license Apply assigns. */
export function getLicenseChoices(): Promise<SummaryResponse['seats']> {
  return apiFetch<SummaryResponse>('/api/summary').then((summary) => summary.seats.filter((seat) => seat.isTeamsRooms));
}

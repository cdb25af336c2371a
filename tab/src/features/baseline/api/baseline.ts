import {
  baselineResponse,
  summaryResponse,
  type BaselineResponse,
  type BaselineValues,
  type SummaryResponse,
} from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

export { getBaseline } from '../../../api/baseline.ts';

export function saveBaseline(values: BaselineValues): Promise<BaselineResponse> {
  return apiFetch('/api/baseline', baselineResponse, { method: 'PUT', body: values });
}

/** Teams Rooms subscriptions, for choosing the license Apply assigns. */
export function getLicenseChoices(): Promise<SummaryResponse['seats']> {
  return apiFetch('/api/summary', summaryResponse).then((summary) => summary.seats.filter((seat) => seat.isTeamsRooms));
}

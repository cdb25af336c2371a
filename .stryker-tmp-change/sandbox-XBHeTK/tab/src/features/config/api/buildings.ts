// @ts-nocheck
import type { SummaryResponse } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** Buildings seen in the inventory, to offer a building as the tab's start view. */
export function getBuildings(): Promise<string[]> {
  return apiFetch<SummaryResponse>('/api/summary').then((summary) => summary.buildings);
}

// @ts-nocheck
import type { SummaryResponse } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** Counts per status, warnings, license seats and buildings for the cards and filters. */
export function getSummary(): Promise<SummaryResponse> {
  return apiFetch<SummaryResponse>('/api/summary');
}

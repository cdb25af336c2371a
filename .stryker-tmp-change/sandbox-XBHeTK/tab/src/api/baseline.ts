// @ts-nocheck
import type { BaselineResponse } from '../../../contract/index.ts';
import { apiFetch } from './client.ts';

/** The tenant's recommended values and every check with its effective severity: read by the baseline page and by the account page (room list name). */
export function getBaseline(): Promise<BaselineResponse> {
  return apiFetch<BaselineResponse>('/api/baseline');
}

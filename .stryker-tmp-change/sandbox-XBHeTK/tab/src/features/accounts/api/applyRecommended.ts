// @ts-nocheck
import type { ApplyJobRequest, PlanResponse } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** The changes recommended config would make to one account, for the confirmation's preview. */
export function planRecommended(accountId: string): Promise<PlanResponse> {
  return apiFetch<PlanResponse>(`/api/accounts/${encodeURIComponent(accountId)}/plan`, { method: 'POST', body: { recommended: true } });
}

/** Start a bulk apply job; the API answers 202 with its id and how many accounts it covers. */
export function startApplyJob(request: ApplyJobRequest): Promise<{ jobId: string; total: number }> {
  return apiFetch('/api/jobs/apply-recommended', { method: 'POST', body: request });
}

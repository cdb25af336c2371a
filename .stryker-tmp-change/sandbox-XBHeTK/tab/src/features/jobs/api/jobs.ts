// @ts-nocheck
import type { JobProgress } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** A bulk job's counts and per-account results. */
export function getJob(id: string): Promise<JobProgress> {
  return apiFetch<JobProgress>(`/api/jobs/${encodeURIComponent(id)}`);
}

/** Stop a job: accounts not started yet are cancelled; ones in flight finish. */
export async function cancelJob(id: string): Promise<void> {
  await apiFetch<unknown>(`/api/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
}

/** Act for the job from now on: resumes one waiting for a sign-in (its own admin's, or another's: audited). */
export function takeOverJob(id: string): Promise<JobProgress> {
  return apiFetch<JobProgress>(`/api/jobs/${encodeURIComponent(id)}/take-over`, { method: 'POST' });
}

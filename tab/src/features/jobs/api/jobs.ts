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

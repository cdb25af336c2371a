// @ts-nocheck
import type { JobProgress } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** The bulk apply this tab started, for the list's banner (waiting for a sign-in, or still running). */
export function getActiveJob(id: string): Promise<JobProgress> {
  return apiFetch<JobProgress>(`/api/jobs/${encodeURIComponent(id)}`);
}

import { jobProgress, type JobProgress } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** A bulk job's counts and per-account results. */
export function getJob(id: string): Promise<JobProgress> {
  return apiFetch(`/api/jobs/${encodeURIComponent(id)}`, jobProgress);
}

/** Stop a job: accounts not started yet are cancelled; ones in flight finish. The answer is the job as it now stands. */
export function cancelJob(id: string): Promise<JobProgress> {
  return apiFetch(`/api/jobs/${encodeURIComponent(id)}/cancel`, jobProgress, { method: 'POST' });
}

/** Act for the job from now on: resumes one waiting for a sign-in (its own admin's, or another's: audited). */
export function takeOverJob(id: string): Promise<JobProgress> {
  return apiFetch(`/api/jobs/${encodeURIComponent(id)}/take-over`, jobProgress, { method: 'POST' });
}

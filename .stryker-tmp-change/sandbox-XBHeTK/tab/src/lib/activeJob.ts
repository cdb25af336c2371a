/**
 * The bulk apply this browser tab started last, so its progress and results survive a reload and the list can
 * link to it (a job of 1,000 rooms may well finish while Teams reloads the tab). Kept until dismissed or replaced.
 */
// @ts-nocheck

const KEY = 'room-accounts.active-job';

export function rememberActiveJob(jobId: string): void {
  sessionStorage.setItem(KEY, jobId);
}

export function activeJob(): string | null {
  return sessionStorage.getItem(KEY);
}

export function forgetActiveJob(jobId: string): void {
  if (sessionStorage.getItem(KEY) === jobId) sessionStorage.removeItem(KEY);
}

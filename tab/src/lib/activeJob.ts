/** The bulk apply this browser tab started, so its progress survives a reload and the list can link to it. */
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

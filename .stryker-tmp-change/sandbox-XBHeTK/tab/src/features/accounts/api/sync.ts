// @ts-nocheck
import type { SyncProgress } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** Get Data (full) or Refresh (incremental); answers 409 sync_in_progress when one is already running. */
export function startSync(kind: 'full' | 'refresh'): Promise<{ syncId: string; kind: 'full' | 'refresh' }> {
  return apiFetch('/api/sync', { method: 'POST', body: { kind } });
}

/** The tenant's latest sync, running or finished; null before the first Get Data. */
export async function getCurrentSync(): Promise<SyncProgress | null> {
  return (await apiFetch<{ sync: SyncProgress | null }>('/api/sync/current')).sync;
}

import { syncCurrentResponse, syncStartResponse, type SyncProgress, type SyncStartResponse } from '../../../../../contract/index.ts';
import { apiFetch } from '../../../api/client.ts';

/** Get Data (full) or Refresh (incremental); answers 409 sync_in_progress when one is already running. */
export function startSync(kind: 'full' | 'refresh'): Promise<SyncStartResponse> {
  return apiFetch('/api/sync', syncStartResponse, { method: 'POST', body: { kind } });
}

/** The tenant's latest sync, running or finished; null before the first Get Data. */
export async function getCurrentSync(): Promise<SyncProgress | null> {
  return (await apiFetch('/api/sync/current', syncCurrentResponse)).sync;
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncProgress } from '../../../../contract/index.ts';
import type { ApiError } from '../../api/client.ts';
import { toApiError } from '../../lib/useApi.ts';
import { getCurrentSync, startSync } from './api/sync.ts';

/**
 * While Get Data lists accounts (a page of Graph users every round trip or so), rows should show as they come: the
 * first rows wait half this on average after they are served. The listing lasts seconds and a poll reads one row.
 */
export const LISTING_POLL_MS = 100;
export const POLL_MS = 1000;

/**
 * How often to ask for the sync's progress; undefined when none runs. Fast from the start of a run until it has
 * listed the accounts: a run not yet started has no phase (''), and polling it at the slow pace left the first
 * rows a second late whenever the first poll came before the run reached `users` (about half of the bench's runs).
 */
export function pollIntervalOf(sync: SyncProgress | null | undefined): number | undefined {
  if (sync?.status !== 'running') return undefined;
  return sync.phase === '' || sync.phase === 'users' ? LISTING_POLL_MS : POLL_MS;
}

export interface SyncState {
  /** undefined until the first answer; null when the tenant was never synced. */
  sync: SyncProgress | null | undefined;
  running: boolean;
  error: ApiError | undefined;
  start(kind: 'full' | 'refresh'): Promise<void>;
}

/**
 * The tenant's sync: start Get Data or Refresh, and poll `GET /api/sync/current` while one runs (including one
 * started by someone else). `onProgress` fires when the phase changes, when the sync ends, and while Get Data
 * lists accounts each time their count grows (a page of Graph users at a time), so the page shows accounts as
 * soon as they are listed.
 */
export function useSync(onProgress: (sync: SyncProgress) => void): SyncState {
  const [sync, setSync] = useState<SyncProgress | null>();
  const [error, setError] = useState<ApiError>();
  const last = useRef<string | undefined>(undefined);
  const progressRef = useRef(onProgress);
  progressRef.current = onProgress;

  const poll = useCallback(async () => {
    try {
      const current = await getCurrentSync();
      setSync(current);
      const marker = current
        ? `${current.id}:${current.phase}:${current.status}${current.phase === 'users' ? `:${current.done}` : ''}`
        : '';
      if (current && last.current !== undefined && marker !== last.current) progressRef.current(current);
      last.current = marker;
    } catch (failure) {
      setError(toApiError(failure));
    }
  }, []);

  useEffect(() => {
    void poll();
  }, [poll]);

  const running = sync?.status === 'running';
  const interval = pollIntervalOf(sync);
  useEffect(() => {
    if (interval === undefined) return;
    const timer = setInterval(() => void poll(), interval);
    return () => clearInterval(timer);
  }, [interval, poll]);

  const start = useCallback(
    async (kind: 'full' | 'refresh') => {
      setError(undefined);
      try {
        await startSync(kind);
      } catch (failure) {
        const apiError = toApiError(failure);
        // Someone else's sync is already running: follow its progress instead of failing.
        if (apiError.code !== 'sync_in_progress') setError(apiError);
      }
      await poll();
    },
    [poll],
  );

  return { sync, running, error, start };
}

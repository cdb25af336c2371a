// @ts-nocheck
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Load again (after a change, or from a Retry button). */
  reload: () => Promise<void>;
  /** Replace the data in place, e.g. with the account a save returned. */
  setData: (data: T) => void;
}

/** Load data for a page; a newer load wins over an older one that answers late. */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  // `deps` are the caller's, like useEffect's: eslint checks them at each call site (exhaustive-deps with
  // additionalHooks: useApi), so this one line cannot be checked here.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await run();
      if (mine !== generation.current) return;
      setData(value);
      setError(undefined);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(toApiError(failure));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [run]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload, setData };
}

/** Any failure as an ApiError, so every page renders errors the same way. */
export function toApiError(failure: unknown): ApiError {
  if (failure instanceof ApiError) return failure;
  return new ApiError(0, 'unknown', failure instanceof Error ? failure.message : 'Something went wrong. Try again.', '');
}

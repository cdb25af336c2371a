import { useCallback, useEffect, useRef, useState } from 'react';
import type { AccountListItem } from '../../../../contract/index.ts';
import type { ApiError } from '../../api/client.ts';
import { toApiError } from '../../lib/useApi.ts';
import { getAccountsPage, PAGE_SIZE } from './api/getAccounts.ts';
import { listSearchParams, type ListFilter } from './listFilter.ts';

export interface AccountPages {
  /** Matching accounts in all; undefined until the first page answers. */
  total: number | undefined;
  /** The row at an index, or undefined while its page is still loading. */
  rowAt(index: number): AccountListItem | undefined;
  /** Every row loaded so far (for selecting all loaded rows): the same array until a page arrives or the list reloads. */
  loadedRows(): AccountListItem[];
  /** Fetch the pages covering these row indexes, if not fetched yet. */
  ensureRows(first: number, last: number): void;
  error: ApiError | undefined;
  /** Drop every page and start over (after a save or a bulk apply, or from a Retry button). */
  reload(): void;
  /**
   * Fetch the loaded pages again while they stay shown, each replaced when its answer comes: a list that grows
   * during a sync fills in without emptying, jumping or losing the scroll position.
   */
  refresh(): void;
}

/**
 * The account list as pages of PAGE_SIZE fetched as the user scrolls, so 10,000 rows stay smooth: only visible pages
 * are requested, a filter change starts afresh, and an answer for an older filter is ignored.
 */
export function useAccountPages(filter: ListFilter): AccountPages {
  const key = listSearchParams(filter).toString();
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<ApiError>();
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, AccountListItem[]>());
  const inFlight = useRef(new Set<number>());
  // Pages still shown from before a refresh, until their new answer replaces them.
  const stale = useRef(new Set<number>());
  // Up to 10,000 rows: built when asked for after a change, not on every render of a scrolling list.
  const loaded = useRef<AccountListItem[]>(undefined);
  const generation = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const fetchPage = useCallback((page: number) => {
    if ((pages.current.has(page) && !stale.current.has(page)) || inFlight.current.has(page)) return;
    const mine = generation.current;
    inFlight.current.add(page);
    getAccountsPage(filterRef.current, page)
      .then((response) => {
        if (mine !== generation.current) return;
        pages.current.set(page, response.items);
        stale.current.delete(page);
        loaded.current = undefined;
        setTotal(response.total);
        setError(undefined);
      })
      .catch((failure: unknown) => {
        if (mine === generation.current) setError(toApiError(failure));
      })
      .finally(() => {
        if (mine !== generation.current) return;
        inFlight.current.delete(page);
        setVersion((value) => value + 1);
      });
  }, []);

  const reload = useCallback(() => {
    generation.current += 1;
    pages.current = new Map();
    stale.current = new Set();
    loaded.current = undefined;
    inFlight.current = new Set();
    setError(undefined);
    fetchPage(1);
  }, [fetchPage]);

  const refresh = useCallback(() => {
    // Answers to requests made before now are ignored: they may predate rows the refresh is for.
    generation.current += 1;
    inFlight.current = new Set();
    stale.current = new Set(pages.current.keys());
    stale.current.add(1);
    for (const page of stale.current) fetchPage(page);
  }, [fetchPage]);

  useEffect(() => {
    setTotal(undefined);
    reload();
  }, [key, reload]);

  const ensureRows = useCallback(
    (first: number, last: number) => {
      for (let page = Math.floor(first / PAGE_SIZE) + 1; page <= Math.floor(last / PAGE_SIZE) + 1; page += 1) fetchPage(page);
    },
    [fetchPage],
  );

  return {
    total,
    rowAt: (index) => pages.current.get(Math.floor(index / PAGE_SIZE) + 1)?.[index % PAGE_SIZE],
    loadedRows: () => (loaded.current ??= [...pages.current.entries()].sort(([a], [b]) => a - b).flatMap(([, items]) => items)),
    ensureRows,
    error,
    reload,
    refresh,
  };
}

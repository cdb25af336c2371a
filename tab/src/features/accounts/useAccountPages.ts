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
  /** Drop every page and start over (after a sync, a save or a bulk apply). */
  reload(): void;
}

/**
 * The account list as pages of 500 fetched as the user scrolls, so 10,000 rows stay smooth: only visible pages
 * are requested, a filter change starts afresh, and an answer for an older filter is ignored.
 */
export function useAccountPages(filter: ListFilter): AccountPages {
  const key = listSearchParams(filter).toString();
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<ApiError>();
  const [, setVersion] = useState(0);
  const pages = useRef(new Map<number, AccountListItem[]>());
  const inFlight = useRef(new Set<number>());
  // Up to 10,000 rows: built when asked for after a change, not on every render of a scrolling list.
  const loaded = useRef<AccountListItem[]>(undefined);
  const generation = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const fetchPage = useCallback((page: number) => {
    if (pages.current.has(page) || inFlight.current.has(page)) return;
    const mine = generation.current;
    inFlight.current.add(page);
    getAccountsPage(filterRef.current, page)
      .then((response) => {
        if (mine !== generation.current) return;
        pages.current.set(page, response.items);
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
    loaded.current = undefined;
    inFlight.current = new Set();
    setError(undefined);
    fetchPage(1);
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
  };
}

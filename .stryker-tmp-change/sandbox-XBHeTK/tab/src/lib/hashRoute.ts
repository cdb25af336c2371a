// @ts-nocheck
import { useSyncExternalStore } from 'react';

/** Where the app is: a path and a query, both kept in the URL hash so a reload or a Teams contentUrl restores them. */
export interface HashRoute {
  path: string;
  query: URLSearchParams;
}

/** Parse `#/accounts?status=needsAction` into its path and query. */
export function parseHash(hash: string): HashRoute {
  const raw = hash.replace(/^#/, '');
  const at = raw.indexOf('?');
  const path = (at === -1 ? raw : raw.slice(0, at)) || '/';
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(at === -1 ? '' : raw.slice(at + 1)) };
}

/** The hash for a path and query, dropping empty values so URLs stay short. */
export function formatHash(path: string, query?: URLSearchParams | Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query ?? {});
  for (const [key, value] of entries) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text) params.set(key, text);
  }
  const search = params.toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Go somewhere inside the app; `replace` keeps filter tweaks out of the back history. */
export function navigate(path: string, query?: Record<string, string | string[] | undefined>, options: { replace?: boolean } = {}): void {
  const hash = formatHash(path, query);
  if (hash === window.location.hash) return;
  if (options.replace) {
    window.history.replaceState(window.history.state, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const getHash = () => window.location.hash;

/** The current route; components re-render when the hash changes. */
export function useHashRoute(): HashRoute {
  const hash = useSyncExternalStore(subscribe, getHash);
  return parseHash(hash);
}

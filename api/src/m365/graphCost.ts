import type { HttpMethod } from './transport.ts';

/** What a Graph request is charged against the identity service's token bucket (graph-engineering.md §1.2). */
export interface GraphCost {
  resourceUnits: number;
  writes: number;
  /** 1 for a request to the identity and access reports service (`/auditLogs`). */
  reports?: number;
  /** 1 for a request that `$select`s signInActivity (its own limit, beside the identity units). */
  signInActivity?: number;
}

const IDENTITY_ROOTS = new Set(['users', 'me', 'subscribedskus', 'organization', 'directoryroles', 'groups', 'directoryobjects']);

/**
 * The documented base cost with its modifiers ($select −1, $expand +1, $top < 20 −1, minimum 1).
 * Calls outside the identity service (places, which Outlook limits per mailbox instead) cost nothing here.
 */
export function graphCost(method: HttpMethod, pathAndQuery: string): GraphCost {
  const url = new URL(pathAndQuery.replace(/^\/?(v1\.0|beta)?\/?/, '/'), 'https://graph.invalid');
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.toLowerCase());
  const root = segments[0] ?? '';
  // The reports service has its own limit and no resource units (docs/microsoft-365.md#graph-sign-ins).
  if (root === 'auditlogs') return { resourceUnits: 0, writes: 0, reports: 1 };
  if (!IDENTITY_ROOTS.has(root)) return { resourceUnits: 0, writes: 0 };
  if (method !== 'GET') return { resourceUnits: 1, writes: 1 };

  const last = segments[segments.length - 1];
  let base = 1;
  if (root === 'users' && (segments.length === 1 || (segments.length === 2 && last === 'delta'))) base = 2;
  else if (last === 'licensedetails') base = 2;
  else if (root === 'subscribedskus') base = 3;
  else if (root === 'groups' && last === 'members') base = 3;

  const query = url.searchParams;
  if (query.has('$select')) base -= 1;
  if (query.has('$expand')) base += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && top < 20) base -= 1;
  const signInActivity = /(^|,)signInActivity(,|$)/i.test(query.get('$select') ?? '') ? { signInActivity: 1 } : {};
  return { resourceUnits: Math.max(1, base), writes: 0, ...signInActivity };
}

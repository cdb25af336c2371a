// Evidence: docs/microsoft-365.md#exo-get-mailbox
import { createHash } from 'node:crypto';
import { cmdletErrors } from './errors.ts';

/**
 * Server-side paging of list cmdlets. A page ends with `@odata.nextLink`, the same InvokeCommand URL plus a
 * `$skiptoken`; the client re-POSTs the same body to it. The token is a keyset cursor (the last key returned),
 * so objects added or removed between pages never make a page repeat or skip another object.
 */

/** Exchange's default and largest page (`Prefer: odata.maxpagesize`). */
export const MAX_PAGE_SIZE = 1000;
/** Exchange forgets a paged query after 30 minutes. */
const TOKEN_LIFETIME_MS = 30 * 60 * 1000;

export interface PageRequest {
  skipToken?: string;
  maxPageSize: number;
  /** Hash of the cmdlet and its parameters: a token continues only the query that issued it. */
  fingerprint: string;
}

interface Cursor {
  after: string;
  returned: number;
  fingerprint: string;
  issuedAt: number;
}

export interface Page<T> {
  items: T[];
  nextSkipToken?: string;
  /** More objects matched than `resultSize` allowed. */
  truncated: boolean;
}

export function queryFingerprint(cmdletName: string, parameters: Record<string, unknown>): string {
  const canonical = Object.entries(parameters)
    .map(([key, value]) => [key.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([cmdletName.toLowerCase(), canonical]))
    .digest('base64url')
    .slice(0, 22);
}

/** One page of `items` ordered by `keyOf`, after the request's cursor, returning at most `resultSize` in total. */
export function takePage<T>(items: readonly T[], keyOf: (item: T) => string, resultSize: number, request: PageRequest): Page<T> {
  const cursor = request.skipToken === undefined ? undefined : readCursor(request);
  const ordered = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  const remaining = cursor ? ordered.filter((item) => compare(keyOf(item), cursor.after) > 0) : ordered;
  const returnedBefore = cursor?.returned ?? 0;
  const page = remaining.slice(0, Math.max(0, Math.min(request.maxPageSize, resultSize - returnedBefore)));
  const returned = returnedBefore + page.length;
  const more = remaining.length > page.length;
  const last = page.at(-1);
  if (!more || !last || returned >= resultSize) return { items: page, truncated: more };
  const next: Cursor = { after: keyOf(last), returned, fingerprint: request.fingerprint, issuedAt: cursor?.issuedAt ?? Date.now() };
  return { items: page, truncated: false, nextSkipToken: Buffer.from(JSON.stringify(next)).toString('base64url') };
}

function readCursor(request: PageRequest): Cursor {
  let cursor: Partial<Cursor>;
  try {
    cursor = JSON.parse(Buffer.from(request.skipToken ?? '', 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw cmdletErrors.invalidPagination();
  }
  const valid =
    typeof cursor.after === 'string' &&
    typeof cursor.returned === 'number' &&
    typeof cursor.issuedAt === 'number' &&
    cursor.fingerprint === request.fingerprint &&
    Date.now() - cursor.issuedAt <= TOKEN_LIFETIME_MS;
  if (!valid) throw cmdletErrors.invalidPagination();
  return cursor as Cursor;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

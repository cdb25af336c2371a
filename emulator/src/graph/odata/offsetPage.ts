import type { EmulatorContext } from '../../context.ts';
import { graphErrors } from '../errors.ts';
import { graphLink } from './links.ts';
import { parsePageSize, type QueryOptions } from './query.ts';
import { decodeToken, encodeToken } from './tokens.ts';

/**
 * One page of an already ordered collection, continued by an opaque `$skiptoken` holding the offset, as Graph's
 * absolute `@odata.nextLink`s carry the caller's query with a new token. For collections small or stable enough
 * that an offset is a fair cursor (policies, a group's members, role assignments, a sign-in log).
 */
export function offsetPage<T>(
  ctx: EmulatorContext,
  query: QueryOptions,
  path: string,
  items: readonly T[],
  size: { fallback: number; max: number; cap?: number },
): { page: T[]; nextLink?: string } {
  const requested = parsePageSize(query.get('top'), size.fallback, size.max);
  const top = size.cap === undefined ? requested : Math.min(requested, size.cap);
  const token = query.get('skiptoken');
  let start = 0;
  if (token !== undefined) {
    const offset = decodeToken(`offset:${path}`, token)?.offset;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw graphErrors.expiredPageToken();
    start = offset;
  }
  const page = items.slice(start, start + top);
  const next = start + top;
  return next < items.length
    ? { page, nextLink: graphLink(ctx, path, query.with('skiptoken', encodeToken(`offset:${path}`, { offset: next }))) }
    : { page };
}

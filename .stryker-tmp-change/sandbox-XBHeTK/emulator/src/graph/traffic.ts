// @ts-nocheck
// Evidence: docs/microsoft-365.md#graph-errors
import { throttleHeaders } from '../limits/throttleHeaders.ts';
import type { Admission } from '../limits/types.ts';
import { GraphError } from './errors.ts';
import type { QueryOptions } from './odata/query.ts';
import type { GraphRoute } from './router.ts';

/** Retry-After of an injected 503: Graph asks for a short pause; the gate's fault carries none. */
const SERVICE_UNAVAILABLE_RETRY_SECONDS = 1;

/** The identity cost of one call (graph-engineering.md §1.2): `$select` −1, `$top` below 20 −1, at least 1. */
export function resourceUnitsFor(route: GraphRoute, query: QueryOptions): number {
  let units = route.resourceUnits;
  if (query.has('select')) units -= 1;
  const top = Number(query.get('top'));
  if (query.has('top') && Number.isInteger(top) && top < 20) units -= 1;
  return Math.max(1, units);
}

/** Graph's 429: Retry-After plus the throttle scope and reason headers. */
export function throttled(admission: Extract<Admission, { kind: 'throttle' }>): GraphError {
  return new GraphError(429, 'TooManyRequests', 'Too many requests.', throttleHeaders(admission, 'graph'));
}

/** An injected gateway fault, worded as Graph's `serviceNotAvailable` and `gatewayTimeout`. */
export function injectedFault(status: 503 | 504): GraphError {
  if (status === 503) {
    return new GraphError(
      503,
      'serviceNotAvailable',
      'The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, the length of which may be specified in a Retry-After header.',
      { 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_SECONDS) },
    );
  }
  return new GraphError(
    504,
    'gatewayTimeout',
    'The server, while acting as a proxy, did not receive a timely response from the upstream server it needed to access in attempting to complete the request.',
  );
}

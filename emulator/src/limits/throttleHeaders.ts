import type { Admission } from './types.ts';

/**
 * The headers of a 429 answer: `Retry-After` in whole seconds as HTTP requires, Graph's
 * `x-ms-throttle-scope` / `x-ms-throttle-information`, and, only when the emulator's time is scaled,
 * `x-ms-retry-after-ms` with the exact wait (an emulator extension; Microsoft does not send it).
 */
export function throttleHeaders(
  admission: Extract<Admission, { kind: 'throttle' }>,
  service: 'graph' | 'exchange',
): Record<string, string> {
  const headers: Record<string, string> = { 'Retry-After': String(Math.max(1, Math.ceil(admission.retryAfterSeconds))) };
  if (service === 'graph') {
    headers['x-ms-throttle-scope'] = admission.scope;
    headers['x-ms-throttle-information'] = admission.reason;
  }
  const exact = (admission as { retryAfterMs?: unknown }).retryAfterMs;
  if (typeof exact === 'number') headers['x-ms-retry-after-ms'] = String(exact);
  return headers;
}

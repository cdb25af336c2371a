// Evidence: docs/microsoft-365.md#graph-errors, #exo-errors
import { parseRetryAfter } from './retry.ts';
import { exchangeErrorBody, graphErrorBody } from './schemas.ts';
import type { HttpResponse, NetworkError } from './transport.ts';

export type M365Service = 'graph' | 'exchange';

export type M365ErrorKind =
  'unauthorized' | 'forbidden' | 'notFound' | 'badRequest' | 'throttled' | 'unavailable' | 'network' | 'invalid_response';

export interface M365ErrorInit {
  service: M365Service;
  kind: M365ErrorKind;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  code: string;
  message: string;
  requestId?: string;
  retryAfterMs?: number;
  /** A later attempt may succeed (429, 503, 504, a reset connection). */
  transient?: boolean;
  /** The service's rate-limit feedback headers, when it sent any. */
  rateLimit?: RateLimitInfo;
}

/**
 * Exchange Online's feedback headers (a live InvokeCommand reply carries `Rate-Limit-Limit: 30000`,
 * `Rate-Limit-Remaining`, `Rate-Limit-Reset` as an ISO time and `X-ConcurrencyCount`). Kept, not yet
 * used for pacing; absent fields were not sent or not numbers.
 */
export interface RateLimitInfo {
  limit?: number;
  remaining?: number;
  /** When the window resets, as the service wrote it (an ISO date-time on live replies). */
  reset?: string;
  /** Requests of this caller the service counts as in flight. */
  concurrency?: number;
}

/** The rate-limit headers of a response, or undefined when it carries none. */
export function rateLimitOf(headers: Record<string, string>): RateLimitInfo | undefined {
  const number = (name: string) => {
    const value = Number(headers[name]);
    return headers[name] !== undefined && headers[name] !== '' && Number.isFinite(value) ? value : undefined;
  };
  const info: RateLimitInfo = {
    limit: number('rate-limit-limit'),
    remaining: number('rate-limit-remaining'),
    reset: headers['rate-limit-reset'] || undefined,
    concurrency: number('x-concurrencycount'),
  };
  const present = Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined)) as RateLimitInfo;
  return Object.keys(present).length > 0 ? present : undefined;
}

/**
 * A failed Microsoft 365 call, with the service's own code and human message, so business code can decide
 * (forbidden → N/A, notFound → missing) and the tab can show Microsoft's words. Never carries a token.
 */
export class M365Error extends Error {
  override name = 'M365Error';
  readonly service: M365Service;
  readonly kind: M365ErrorKind;
  readonly status: number;
  /** The service's code: `Authorization_RequestDenied`, `ManagementObjectNotFoundException`, `ECONNRESET`… */
  readonly code: string;
  readonly requestId?: string;
  /** The wait the service asked for (Retry-After), in ms. */
  readonly retryAfterMs?: number;
  readonly transient: boolean;
  readonly rateLimit?: RateLimitInfo;
  /** How many attempts were made before this error was final. */
  attempts = 1;
  /** Why retrying stopped, when it did. */
  gaveUp?: 'deadline' | 'attempts';

  constructor(init: M365ErrorInit) {
    super(scrubSecrets(init.message));
    this.service = init.service;
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.transient = init.transient ?? false;
    this.rateLimit = init.rateLimit;
  }
}

/** Graph answered that a delta link is no longer valid: the caller must run a full sync and start over. */
export class DeltaExpiredError extends M365Error {
  override name = 'DeltaExpiredError';
}

const TRANSIENT_STATUSES = new Set([429, 503, 504]);

function kindForStatus(status: number): M365ErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'notFound';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'unavailable';
  return 'badRequest';
}

function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['request-id'] ?? headers['client-request-id'] ?? headers['x-ms-request-id'];
}

/** A Graph error response (`{ error: { code, message, innerError } }`) as an M365Error. */
export function graphError(res: HttpResponse): M365Error {
  const parsed = graphErrorBody.safeParse(res.body);
  const error = parsed.success ? parsed.data.error : undefined;
  return new M365Error({
    service: 'graph',
    kind: kindForStatus(res.status),
    status: res.status,
    code: error?.code ?? `HTTP${res.status}`,
    message: error?.message || fallbackMessage(res),
    requestId: requestIdOf(res.headers) ?? error?.innerError?.['request-id'],
    retryAfterMs: parseRetryAfter(res.headers),
    transient: TRANSIENT_STATUSES.has(res.status),
    rateLimit: rateLimitOf(res.headers),
  });
}

/**
 * On a delta call, the answers that mean "this link is no longer valid" become DeltaExpiredError: any
 * `410 Gone`, whatever its code (Learn "Use delta query": 410 means restart with a full synchronization),
 * and the expired-token codes (`syncStateNotFound` as a 400 after the 7-day lifetime, `resyncRequired`,
 * an expired page token) on a 400.
 */
export function asDeltaExpired(error: M365Error): M365Error {
  const expired =
    error.status === 410 ||
    (error.status === 400 && /syncstatenotfound|resyncrequired|expiredpagetoken|deltatokenexpired/i.test(error.code));
  if (!expired) return error;
  const copy = new DeltaExpiredError({ ...error, message: error.message });
  copy.attempts = error.attempts;
  return copy;
}

/**
 * An Exchange admin API error. Its useful text hides in `error.details[0].message` as
 * `Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't…`;
 * the type's last segment becomes the code and the rest the message.
 */
export function exchangeError(res: HttpResponse): M365Error {
  const parsed = exchangeErrorBody.safeParse(res.body);
  const error = parsed.success ? parsed.data.error : undefined;
  const inner = error?.innererror?.internalexception ?? error?.innererror?.internalException;
  const raw = error?.details?.[0]?.message || inner?.message || error?.message || fallbackMessage(res);
  const unwrapped = unwrapExchangeMessage(raw);
  const code = unwrapped.type ?? shortTypeName(inner?.type) ?? error?.code ?? `HTTP${res.status}`;
  // A 2xx that carries an error object is judged by its code alone, as a 4xx with that body would be.
  let kind: M365ErrorKind = res.status < 300 ? 'badRequest' : kindForStatus(res.status);
  if (/ObjectNotFound/i.test(code)) kind = 'notFound';
  else if (/AccessDenied/i.test(code)) kind = 'forbidden';
  else if (res.status === 500 && error?.details?.[0]?.code === 'Client') kind = 'badRequest';
  const silent403 = res.status === 403 && !error && isEmptyBody(res.body);
  return new M365Error({
    service: 'exchange',
    kind,
    status: res.status,
    code: silent403 ? 'AccessDenied' : code,
    message: silent403 ? SILENT_403 : unwrapped.message,
    requestId: requestIdOf(res.headers),
    retryAfterMs: parseRetryAfter(res.headers),
    transient: TRANSIENT_STATUSES.has(res.status),
    rateLimit: rateLimitOf(res.headers),
  });
}

/** Exchange may refuse with a bare 403: say what usually causes it instead of "HTTP 403". */
const SILENT_403 =
  'Exchange Online refused the request (HTTP 403) without giving a reason. The signed-in account most likely has no Exchange role that allows this cmdlet (Exchange Recipient Administrator or Exchange Administrator), or the organization does not allow the Exchange admin API.';

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || (typeof body === 'string' && body.trim() === '');
}

/**
 * An InvokeCommand 200 whose body carries an `error` object with a message, as production callers
 * check every reply for (CIPP-API New-ExoBulkRequest.ps1): such a reply failed, whatever its status.
 */
export function hasExchangeError(body: unknown): boolean {
  const parsed = exchangeErrorBody.safeParse(body);
  return parsed.success && Boolean(parsed.data.error.details?.[0]?.message || parsed.data.error.message);
}

/** Split `<id>|<Namespace.TypeName>|<message>` into the short type name and the message. */
export function unwrapExchangeMessage(raw: string): { type?: string; message: string } {
  const match = /^[^|\s]*\|([\w.]+)\|([\s\S]*)$/.exec(raw);
  if (!match) return { message: raw };
  return { type: shortTypeName(match[1]), message: (match[2] ?? '').trim() };
}

function shortTypeName(type: string | undefined): string | undefined {
  if (!type) return undefined;
  return type.split('.').pop() || undefined;
}

function fallbackMessage(res: HttpResponse): string {
  const text = typeof res.body === 'string' ? res.body.trim().slice(0, 200) : '';
  return text ? `HTTP ${res.status}: ${text}` : `HTTP ${res.status}`;
}

/** No response arrived (reset, timeout, refused, TLS). */
export function networkFailure(service: M365Service, error: NetworkError): M365Error {
  return new M365Error({ service, kind: 'network', status: 0, code: error.code, message: error.message, transient: error.transient });
}

/** Where a response broke its contract (a zod issue fits). */
export interface ResponseIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** The service answered 2xx with a body we cannot trust: never guess at its meaning. */
export function invalidResponse(service: M365Service, what: string, issues: readonly ResponseIssue[], res?: HttpResponse): M365Error {
  const where = issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return new M365Error({
    service,
    kind: 'invalid_response',
    status: res?.status ?? 0,
    code: 'InvalidResponse',
    message: `Unexpected ${what} response from ${service === 'graph' ? 'Microsoft Graph' : 'Exchange Online'}: ${where}`,
    requestId: res ? requestIdOf(res.headers) : undefined,
  });
}

/** Bearer tokens must never reach a log through an error message, even one the service echoed. */
export function scrubSecrets(text: string): string {
  return text.replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]').replace(/eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[redacted-token]');
}

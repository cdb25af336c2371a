import { randomUUID } from 'node:crypto';
import { BudgetWaitExceeded } from './rateBucket.ts';
import type { BudgetCall, CallOutcome, TenantBudget } from './tenantBudget.ts';
import { M365Error, networkFailure, rateLimitOf, type M365Service } from './errors.ts';
import { parseRetryAfter, withRetries, type RetryPolicy } from './retry.ts';
import { NetworkError, type HttpMethod, type HttpResponse, type Transport } from './transport.ts';

/** Per-call overrides of the client's retry policy. */
export interface CallOptions {
  /** Give up (with the last error) once this much time has passed, waits included. */
  deadlineMs?: number;
  maxAttempts?: number;
}

/** What GraphClient and ExchangeClient share: where to send, how to authenticate, how to pace and retry. */
export interface CallContext {
  service: M365Service;
  transport: Transport;
  getToken: () => Promise<string>;
  budget: TenantBudget;
  retry: RetryPolicy;
}

export interface CallSpec {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** What the call spends from the budget (the deadline is added here). */
  cost: Omit<BudgetCall, 'deadline' | 'user'>;
  /** Safe to send twice: reads, PATCH, Set-*, assignLicense with the same sets. */
  idempotent: boolean;
  toError: (res: HttpResponse) => M365Error;
  /** Derive the budget feedback differently (a `$batch` reports its inner 429s). */
  outcomeOf?: (res: HttpResponse) => CallOutcome;
  /** Key for per-user limits, learnt from the token. */
  userOf?: (token: string) => string;
}

/** The client's policy with one call's overrides. */
export function policyFor(base: RetryPolicy, call: CallOptions = {}): RetryPolicy {
  return {
    ...base,
    ...(call.deadlineMs !== undefined ? { deadlineMs: call.deadlineMs } : {}),
    ...(call.maxAttempts !== undefined ? { maxAttempts: call.maxAttempts } : {}),
  };
}

/** The feedback every response carries for the budget. */
export function outcomeFromHeaders(res: HttpResponse): CallOutcome {
  const fraction = Number(res.headers['x-ms-throttle-limit-percentage']);
  return {
    status: res.status,
    retryAfterMs: res.status === 429 ? parseRetryAfter(res.headers) : undefined,
    limitFraction: Number.isFinite(fraction) && fraction > 0 ? fraction : undefined,
    throttleInformation: res.headers['x-ms-throttle-information'],
    rateLimit: rateLimitOf(res.headers),
  };
}

/**
 * One logical call: for each attempt, get a token, wait for the tenant budget, send, feed the outcome back
 * to the budget, and turn failures into M365Error; retry transient ones within the policy. Resolves with
 * any 2xx response.
 */
export function resilientCall(context: CallContext, spec: CallSpec, options: CallOptions = {}): Promise<HttpResponse> {
  const policy = policyFor(context.retry, options);
  return withRetries(
    async ({ deadline }) => {
      const token = await context.getToken();
      const lease = await context.budget.acquire({ ...spec.cost, user: spec.userOf?.(token), deadline }).catch((error: unknown) => {
        throw error instanceof BudgetWaitExceeded ? budgetExceeded(context.service, error) : error;
      });
      let res: HttpResponse;
      try {
        res = await context.transport.send({
          method: spec.method,
          url: spec.url,
          headers: { ...spec.headers, authorization: `Bearer ${token}`, 'client-request-id': randomUUID() },
          body: spec.body,
          timeoutMs: Math.max(1, deadline - Date.now()),
        });
      } catch (error) {
        lease.release({ status: 0 });
        throw error instanceof NetworkError ? networkFailure(context.service, error) : error;
      }
      lease.release((spec.outcomeOf ?? outcomeFromHeaders)(res));
      if (res.status >= 200 && res.status < 300) return res;
      throw spec.toError(res);
    },
    { policy, idempotent: spec.idempotent },
  );
}

function budgetExceeded(service: M365Service, error: BudgetWaitExceeded): M365Error {
  const failure = new M365Error({ service, kind: 'throttled', status: 0, code: 'ClientBudgetExhausted', message: error.message });
  failure.gaveUp = 'deadline';
  return failure;
}

// Evidence: docs/microsoft-365.md#graph-errors
import type { CallOutcome } from './tenantBudget.ts';
import { graphError, invalidResponse, type M365Error } from './errors.ts';
import { graphCost } from './graphCost.ts';
import type { GraphRequests } from './graphRequests.ts';
import { outcomeFromHeaders, policyFor, type CallOptions } from './resilientCall.ts';
import { backoffDelay, parseRetryAfter } from './retry.ts';
import { batchResponse } from './schemas.ts';
import { lowerCaseKeys, type HttpMethod, type HttpResponse } from './transport.ts';

export interface BatchRequest {
  /** Unique within one `batch()` call. */
  id: string;
  method: HttpMethod;
  /** Relative to the version root, e.g. `/users/{id}?$select=id`. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Safe to resend after an inner 429/503/504; defaults to true for every method but POST. */
  idempotent?: boolean;
}

export interface BatchResult {
  id: string;
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: unknown;
}

const BATCH_LIMIT = 20;
const RETRYABLE_INNER = new Set([429, 503, 504]);

/**
 * Send requests through `$batch`, 20 per envelope with `concurrency` envelopes in flight, and return one result
 * per request in input order. Inner 429/503/504 answers are retried (only those requests, after their
 * Retry-After) within the policy; when retries run out the last inner answer is returned as the result.
 */
export async function sendBatched(
  requests: GraphRequests,
  items: readonly BatchRequest[],
  concurrency: number,
  call?: CallOptions,
): Promise<BatchResult[]> {
  const ids = new Set(items.map((request) => request.id));
  if (ids.size !== items.length) throw new Error('batch(): request ids must be unique');
  const chunks: BatchRequest[][] = [];
  for (let start = 0; start < items.length; start += BATCH_LIMIT) chunks.push(items.slice(start, start + BATCH_LIMIT));
  const byId = new Map<string, BatchResult>();
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] as BatchRequest[];
      for (const result of await runBatchChunk(requests, chunk, call)) byId.set(result.id, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return items.map((request) => byId.get(request.id) as BatchResult);
}

/** The M365Error a failed `$batch` item stands for. */
export function batchItemError(result: BatchResult): M365Error {
  return graphError({ status: result.status, headers: result.headers, body: result.body });
}

async function runBatchChunk(requests: GraphRequests, chunk: BatchRequest[], call?: CallOptions): Promise<BatchResult[]> {
  const policy = policyFor(requests.retry, call);
  const deadline = Date.now() + policy.deadlineMs;
  const done = new Map<string, BatchResult>();
  let pending = chunk;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const results = await sendEnvelope(requests, pending, { ...call, deadlineMs: Math.max(1, deadline - Date.now()) });
    const again: BatchRequest[] = [];
    let wait = 0;
    for (const request of pending) {
      const result = results.get(request.id);
      if (!result) throw invalidResponse('graph', '$batch', [{ path: ['responses'], message: `no response for request ${request.id}` }]);
      done.set(request.id, result);
      if (RETRYABLE_INNER.has(result.status) && (request.idempotent ?? request.method !== 'POST')) {
        again.push(request);
        wait = Math.max(wait, parseRetryAfter(result.headers) ?? backoffDelay(attempt, policy));
      }
    }
    if (again.length === 0 || attempt >= policy.maxAttempts || Date.now() + wait >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, wait));
    pending = again;
  }
  return chunk.map((request) => done.get(request.id) as BatchResult);
}

/** One envelope: its cost is the sum of its items' costs. */
async function sendEnvelope(requests: GraphRequests, items: BatchRequest[], call: CallOptions): Promise<Map<string, BatchResult>> {
  let resourceUnits = 0;
  let writes = 0;
  let reports = 0;
  let signInActivity = 0;
  for (const request of items) {
    const cost = graphCost(request.method, request.url);
    resourceUnits += cost.resourceUnits;
    writes += cost.writes;
    reports += cost.reports ?? 0;
    signInActivity += cost.signInActivity ?? 0;
  }
  const body = {
    requests: items.map((request) => ({
      id: request.id,
      method: request.method,
      url: request.url,
      ...(request.body !== undefined
        ? { body: request.body, headers: { 'content-type': 'application/json', ...request.headers } }
        : request.headers
          ? { headers: request.headers }
          : {}),
    })),
  };
  const res = await requests.call(
    {
      method: 'POST',
      url: `${requests.root}/$batch`,
      headers: requests.headers(),
      body,
      cost: { service: 'graph', resourceUnits, writes, reports, signInActivity },
      idempotent: items.every((request) => request.idempotent ?? request.method !== 'POST'),
      toError: graphError,
      outcomeOf: batchOutcome,
    },
    call,
  );
  const parsed = requests.parse(batchResponse, res, '$batch');
  return new Map(
    parsed.responses.map((item) => [
      item.id,
      { id: item.id, status: item.status, headers: lowerCaseKeys(item.headers ?? {}), body: item.body },
    ]),
  );
}

/** A `$batch` answers 200 even when its items were throttled: tell the budget about the worst inner 429. */
function batchOutcome(res: HttpResponse): CallOutcome {
  const outcome = outcomeFromHeaders(res);
  const parsed = batchResponse.safeParse(res.body);
  if (!parsed.success) return outcome;
  for (const item of parsed.data.responses) {
    if (item.status !== 429) continue;
    const headers = lowerCaseKeys(item.headers ?? {});
    const retryAfterMs = parseRetryAfter(headers);
    outcome.status = 429;
    outcome.retryAfterMs = Math.max(outcome.retryAfterMs ?? 0, retryAfterMs ?? 0) || undefined;
    outcome.throttleInformation ??= headers['x-ms-throttle-information'];
  }
  return outcome;
}

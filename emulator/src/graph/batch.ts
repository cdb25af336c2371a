// Evidence: docs/microsoft-365.md#graph-batch
import type { EmulatorContext } from '../context.ts';
import { authenticateGraphCaller, requestIdsFor, withEnvelopeHeaders } from './envelope.ts';
import { errorResponse, GraphError, graphErrors } from './errors.ts';
import { DROPPED, INVALID_JSON, jsonResponse, type GraphRequest, type GraphResponse } from './message.ts';
import { executeGraphRequest } from './pipeline.ts';
import { injectedFault } from './traffic.ts';

/** JSON batching allows 20 requests per batch (graph-engineering.md §2). */
export const MAX_BATCH_REQUESTS = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * POST /$batch. The envelope is authenticated and validated as a whole (400 if malformed); each item then
 * runs through `executeGraphRequest` with the outer token, so it is admitted, throttled and refused on its
 * own. Independent items run concurrently; an item waits for its `dependsOn` and answers 424 if one failed.
 */
export async function runBatch(ctx: EmulatorContext, outer: GraphRequest): Promise<GraphResponse> {
  const ids = requestIdsFor(outer.headers);
  let items: BatchItem[];
  try {
    await authenticateGraphCaller(ctx, outer.headers);
    items = parseBatch(outer.body);
  } catch (error) {
    if (error instanceof GraphError) return withEnvelopeHeaders(errorResponse(error, ids), ids);
    throw error;
  }
  const byId = new Map(items.map((item) => [item.id, item]));
  const running = new Map<string, Promise<BatchItemResponse>>();
  const run = (item: BatchItem): Promise<BatchItemResponse> => {
    let pending = running.get(item.id);
    if (!pending) {
      pending = runItem(
        ctx,
        outer,
        item,
        item.dependsOn.map((id) => run(byId.get(id) as BatchItem)),
      );
      running.set(item.id, pending);
    }
    return pending;
  };
  const responses = await Promise.all(items.map(run));
  return withEnvelopeHeaders(jsonResponse({ responses }), ids);
}

async function runItem(
  ctx: EmulatorContext,
  outer: GraphRequest,
  item: BatchItem,
  dependencies: Promise<BatchItemResponse>[],
): Promise<BatchItemResponse> {
  const settled = await Promise.all(dependencies);
  const headers = { ...item.headers, authorization: outer.headers.authorization ?? '' };
  const itemIds = requestIdsFor(headers);
  if (settled.some((dependency) => dependency.status >= 400)) {
    const failed = errorResponse(
      new GraphError(424, 'FailedDependency', 'The request failed because a request it depends on failed.'),
      itemIds,
    );
    return toItemResponse(item.id, withEnvelopeHeaders(failed, itemIds));
  }
  const questionMark = item.url.indexOf('?');
  const target = questionMark < 0 ? item.url : item.url.slice(0, questionMark);
  const request: GraphRequest = {
    method: item.method,
    path: `/${target.replace(/^\/+/, '')}`,
    query: questionMark < 0 ? '' : item.url.slice(questionMark + 1),
    headers,
    body: item.body,
  };
  const outcome = await executeGraphRequest(ctx, request);
  // A dropped connection behind Graph's front door reaches the client as the gateway's 504.
  const response = outcome === DROPPED ? withEnvelopeHeaders(errorResponse(injectedFault(504), itemIds), itemIds) : outcome;
  return toItemResponse(item.id, response);
}

function toItemResponse(id: string, response: GraphResponse): BatchItemResponse {
  return { id, status: response.status, headers: response.headers, ...(response.body === undefined ? {} : { body: response.body }) };
}

/** Validate the envelope as Graph does before running anything. */
function parseBatch(body: unknown): BatchItem[] {
  if (body === INVALID_JSON) throw graphErrors.invalidPayload();
  const requests = typeof body === 'object' && body !== null ? (body as { requests?: unknown }).requests : undefined;
  if (!Array.isArray(requests)) throw graphErrors.badRequest('Invalid batch payload format.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw graphErrors.badRequest(`The number of requests in the batch exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  }
  const items = requests.map(parseItem);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw graphErrors.badRequest(`Batch request contains more than one request with id '${item.id}'.`);
    seen.add(item.id);
  }
  for (const item of items) {
    for (const dependency of item.dependsOn) {
      if (!seen.has(dependency))
        throw graphErrors.badRequest(`Request '${item.id}' depends on '${dependency}', which is not in the batch.`);
    }
  }
  rejectCycles(items);
  return items;
}

function parseItem(raw: unknown): BatchItem {
  if (typeof raw !== 'object' || raw === null) throw graphErrors.badRequest('Invalid batch payload format.');
  const { id, method, url, headers = {}, body, dependsOn = [] } = raw as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof method !== 'string' || typeof url !== 'string') {
    throw graphErrors.badRequest('Invalid batch payload format.');
  }
  if (typeof headers !== 'object' || headers === null || !Array.isArray(dependsOn) || !dependsOn.every((dep) => typeof dep === 'string')) {
    throw graphErrors.badRequest('Invalid batch payload format.');
  }
  const lowerHeaders = Object.fromEntries(
    Object.entries(headers as Record<string, unknown>).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  const isWrite = ['POST', 'PATCH', 'PUT'].includes(method.toUpperCase());
  if ((body !== undefined || isWrite) && (body === undefined || !lowerHeaders['content-type'])) {
    throw graphErrors.badRequest(`Write request id : ${id} does not contain a Content-Type header or body.`);
  }
  return { id, method: method.toUpperCase(), url, headers: lowerHeaders, body, dependsOn: dependsOn as string[] };
}

function rejectCycles(items: BatchItem[]): void {
  const byId = new Map(items.map((item) => [item.id, item]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw graphErrors.badRequest('The dependsOn references of the batch form a cycle.');
    state.set(id, 'visiting');
    for (const dependency of byId.get(id)?.dependsOn ?? []) visit(dependency);
    state.set(id, 'done');
  };
  for (const item of items) visit(item.id);
}

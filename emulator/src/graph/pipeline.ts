import type { EmulatorContext } from '../context.ts';
import { authenticateGraphCaller, requestIdsFor, withEnvelopeHeaders } from './envelope.ts';
import { errorResponse, GraphError } from './errors.ts';
import { DROPPED, type GraphOutcome, type GraphRequest, type GraphResponse } from './message.ts';
import { QueryOptions } from './odata/query.ts';
import { requirePermission } from './permissions.ts';
import { GRAPH_ROUTES } from './routeTable.ts';
import { matchRoute, type GraphCall, type RouteMatch } from './router.ts';
import { injectedFault, resourceUnitsFor, throttled } from './traffic.ts';

/**
 * Answer one Graph request: route, authenticate, admit through the traffic gate, check the permission,
 * run the handler. The Express adapter and every `$batch` item come through here, so both see the same
 * auth, throttling, faults and errors. `DROPPED` means the gate chose to drop the connection.
 */
export async function executeGraphRequest(ctx: EmulatorContext, request: GraphRequest): Promise<GraphOutcome> {
  const ids = requestIdsFor(request.headers);
  const fail = (error: GraphError) => withEnvelopeHeaders(errorResponse(error, ids), ids);

  let match: RouteMatch;
  try {
    match = matchRoute(GRAPH_ROUTES, request.method, request.path);
  } catch (error) {
    if (error instanceof GraphError) return fail(error);
    throw error;
  }
  const { route, params } = match;
  // Reads that `$select` signInActivity have their own limit: counted apart, so a benchmark's floor can charge them.
  const quota = quotaOf(route, request.query);
  const api = `${route.method} ${route.template}${quota === 'signInActivity' ? ' $select=signInActivity' : ''}`;
  ctx.stats.call(api);

  let call: GraphCall;
  try {
    const caller = await authenticateGraphCaller(ctx, request.headers);
    call = { ctx, caller, tenant: caller.tenant, request, params, query: new QueryOptions(request.query) };
  } catch (error) {
    if (error instanceof GraphError) return fail(error);
    throw error;
  }
  const { caller, tenant, query } = call;
  const resourceUnits = resourceUnitsFor(route, query);
  const admission = await ctx.gate.admit({
    service: 'graph',
    api,
    tenantId: tenant.id,
    appId: caller.appId,
    userId: caller.userId,
    mailbox: route.mailbox?.(tenant, params),
    isWrite: route.isWrite ?? false,
    resourceUnits,
    reportsQuota: quota,
    read: request.method === 'GET',
  });
  if (admission.kind === 'throttle') {
    ctx.stats.throttle(api);
    return fail(throttled(admission));
  }
  if (admission.kind === 'fault') {
    ctx.stats.fault(api);
    return fail(injectedFault(admission.status));
  }
  if (admission.kind === 'drop') {
    ctx.stats.fault(api);
    return DROPPED;
  }

  let response: GraphResponse;
  try {
    requirePermission(call, route);
    response = await route.handle(call);
  } catch (error) {
    if (!(error instanceof GraphError)) console.error(`emulator graph: ${api} failed`, error);
    response = errorResponse(
      error instanceof GraphError ? error : new GraphError(500, 'generalException', 'An unexpected error occurred.'),
      ids,
    );
  } finally {
    // A read is answered once its latency has passed (it was worked out meanwhile), holding its slot till then.
    await admission.answerAt;
    admission.release();
  }
  if (route.workload === 'directory') response.headers['x-ms-resource-unit'] = String(resourceUnits);
  return withEnvelopeHeaders(response, ids);
}

/** The reports quota a request falls under; a query too malformed to parse is refused later, with its own error. */
function quotaOf(route: GraphRequestRoute, query: GraphRequest['query']): ReturnType<NonNullable<GraphRequestRoute['reportsQuota']>> {
  try {
    return route.reportsQuota?.(new QueryOptions(query));
  } catch {
    return undefined;
  }
}

type GraphRequestRoute = RouteMatch['route'];

// Evidence: docs/microsoft-365.md#graph-errors
import { randomUUID } from 'node:crypto';
import type { Caller } from '../access/caller.ts';
import { authenticateCaller } from '../access/caller.ts';
import type { EmulatorContext } from '../context.ts';
import { RESOURCE } from '../tenant/catalog.ts';
import { graphErrors, type RequestIds } from './errors.ts';
import type { GraphResponse } from './message.ts';

const DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'EMULATOR' },
});

/** A fresh `request-id`; `client-request-id` echoes the caller's, or repeats the request id as Graph does. */
export function requestIdsFor(headers: Record<string, string>): RequestIds {
  const requestId = randomUUID();
  return { requestId, clientRequestId: headers['client-request-id'] || requestId };
}

/** The headers every Graph answer carries. */
export function withEnvelopeHeaders(response: GraphResponse, ids: RequestIds): GraphResponse {
  return {
    ...response,
    headers: {
      'Cache-Control': 'no-cache',
      ...response.headers,
      'request-id': ids.requestId,
      'client-request-id': ids.clientRequestId,
      'x-ms-ags-diagnostic': DIAGNOSTIC,
    },
  };
}

/** A Graph-audience token, or Graph's 401 with the reason and a `WWW-Authenticate` challenge. */
export async function authenticateGraphCaller(ctx: EmulatorContext, headers: Record<string, string>): Promise<Caller> {
  const result = await authenticateCaller(headers.authorization, ctx.keys, RESOURCE.graph, ctx.findTenant);
  if (!result.ok)
    throw graphErrors.invalidAuthenticationToken(result.reason, `${ctx.baseUrl}/common/oauth2/authorize`, RESOURCE.graph.appId);
  return result.caller;
}

// Evidence: docs/microsoft-365.md#graph-errors
import { JSON_CONTENT_TYPE, type GraphResponse } from './message.ts';

/** A refusal a handler throws; the pipeline turns it into Graph's error envelope with this call's ids. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`, dated like Graph (no fraction, no zone). */
export function errorResponse(error: GraphError, ids: RequestIds): GraphResponse {
  return {
    status: error.status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, ...error.headers },
    body: {
      error: {
        code: error.code,
        message: error.message,
        innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
      },
    },
  };
}

const ADVANCED_QUERY_HINT =
  'is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information';

/** The refusals Graph answers for the calls we emulate, with Microsoft's codes and wording. */
export const graphErrors = {
  badRequest: (message: string) => new GraphError(400, 'BadRequest', message),
  requestBadRequest: (message: string) => new GraphError(400, 'Request_BadRequest', message),
  unsupportedQuery: (message: string) => new GraphError(400, 'Request_UnsupportedQuery', message),
  advancedQueryRequired: (operator: string) =>
    new GraphError(400, 'Request_UnsupportedQuery', `Operator '${operator}' ${ADVANCED_QUERY_HINT}`),
  invalidPayload: () =>
    new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    ),
  unknownSegment: (segment: string) => new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: () => new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
  unknownProperty: (property: string, type: string) =>
    new GraphError(
      400,
      'BadRequest',
      `The property '${property}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
    ),
  invalidValue: (property: string, resource: string) =>
    new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${property}' of resource '${resource}'.`),
  readOnly: (property: string) => new GraphError(400, 'Request_BadRequest', `Property '${property}' is read-only and cannot be set.`),
  resourceNotFound: (id: string) =>
    new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  authorizationDenied: () => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  /** Outlook-backed workloads (Places) refuse with Exchange's code. */
  accessDenied: () => new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.'),
  placeNotFound: () => new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.'),
  expiredPageToken: () =>
    new GraphError(
      400,
      'Directory_ExpiredPageToken',
      'The specified page token value has expired and can no longer be included in your request.',
    ),
  syncStateNotFound: () =>
    new GraphError(
      400,
      'SyncStateNotFound',
      'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    ),
  /**
   * Learn "Use delta query", Synchronization reset: `410 Gone` with a Location header holding the initial
   * query (empty `$deltaToken`). The body's code is not documented; `code` picks one.
   */
  syncReset: (code: string, location: string) =>
    new GraphError(410, code, 'The delta token is no longer valid: restart with a full synchronization.', { Location: location }),
  invalidAuthenticationToken: (reason: string, authorizationUri: string, resourceAppId: string) =>
    new GraphError(401, 'InvalidAuthenticationToken', reason, {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="${authorizationUri}", client_id="${resourceAppId}"`,
    }),
};

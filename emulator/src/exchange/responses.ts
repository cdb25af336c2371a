// Evidence: docs/microsoft-365.md#exo-errors, #exo-batch
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { BackendNames } from './backend.ts';
import type { ExchangeError } from './errors.ts';

/**
 * InvokeCommand answers with the headers the EXO module reads (request-id, X-CalculatedBETarget,
 * x-ExceptionType), built as values first so the same answer can go on the wire or into a `$batch` item.
 */
export interface InvokeReply {
  status: number;
  headers: Record<string, string>;
  /** The JSON body; undefined for a reply with no body at all. */
  body?: Record<string, unknown>;
}

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function commonHeaders(backend: BackendNames | undefined): Record<string, string> {
  return {
    'request-id': randomUUID(),
    'OData-Version': '4.0',
    'Cache-Control': 'no-cache',
    ...(backend ? { 'X-CalculatedBETarget': backend.mailboxServer } : {}),
    'Content-Type': ODATA_JSON,
  };
}

export function resultReply(body: Record<string, unknown>, backend: BackendNames, headers: Record<string, string>): InvokeReply {
  return { status: 200, headers: { ...commonHeaders(backend), ...headers }, body };
}

/** An error body; `status` and extra `headers` when an injected reply or the quota headers change them. */
export function errorReply(
  error: ExchangeError,
  backend?: BackendNames,
  options: { status?: number; headers?: Record<string, string> } = {},
): InvokeReply {
  return {
    status: options.status ?? error.status,
    headers: {
      ...commonHeaders(backend),
      'x-ExceptionType': error.type.split('.').pop() ?? error.type,
      ...error.headers,
      ...options.headers,
    },
    body: error.toBody(),
  };
}

/** A status with no body at all. */
export function emptyReply(status: number, backend: BackendNames, headers: Record<string, string>): InvokeReply {
  return {
    status,
    headers: { 'request-id': randomUUID(), ...(backend ? { 'X-CalculatedBETarget': backend.mailboxServer } : {}), ...headers },
  };
}

export function sendReply(res: Response, reply: InvokeReply): void {
  res.set(reply.headers);
  if (reply.body === undefined) res.status(reply.status).end();
  else res.status(reply.status).send(JSON.stringify(reply.body));
}

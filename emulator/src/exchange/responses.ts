// Evidence: docs/microsoft-365.md#exo-errors
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { BackendNames } from './backend.ts';
import type { ExchangeError } from './errors.ts';

/** Writing InvokeCommand answers with the headers the EXO module reads (request-id, X-CalculatedBETarget, x-ExceptionType). */

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function setCommonHeaders(res: Response, backend: BackendNames | undefined): void {
  res.set('request-id', randomUUID());
  res.set('OData-Version', '4.0');
  res.set('Cache-Control', 'no-cache');
  if (backend) res.set('X-CalculatedBETarget', backend.mailboxServer);
  res.type(ODATA_JSON);
}

export function sendResult(res: Response, body: Record<string, unknown>, backend: BackendNames, headers: Record<string, string>): void {
  setCommonHeaders(res, backend);
  res.set(headers);
  res.status(200).send(JSON.stringify(body));
}

/** An error body; `status` and extra `headers` when an injected reply or the quota headers change them. */
export function sendError(res: Response, error: ExchangeError, backend?: BackendNames, options: { status?: number; headers?: Record<string, string> } = {}): void {
  setCommonHeaders(res, backend);
  res.set('x-ExceptionType', error.type.split('.').pop() ?? error.type);
  res.set(error.headers);
  res.set(options.headers ?? {});
  res.status(options.status ?? error.status).send(JSON.stringify(error.toBody()));
}

/** A status with no body at all. */
export function sendEmpty(res: Response, status: number, backend: BackendNames, headers: Record<string, string>): void {
  res.set('request-id', randomUUID());
  if (backend) res.set('X-CalculatedBETarget', backend.mailboxServer);
  res.set(headers);
  res.status(status).end();
}

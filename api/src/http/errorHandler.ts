import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorEnvelope } from '../../../contract/index.ts';
import { TokenRejected } from '../auth/tokenValidator.ts';
import { AppError } from '../errors.ts';
import { log } from '../log.ts';
import { InvalidCursorError } from '../store/audit.ts';

/** Unknown /api paths answer in our envelope, not Express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new AppError(404, 'not_found', 'There is no such API route. Check the address, or see /api/openapi.json.'));
};

/**
 * The last middleware: every failure leaves as `{ error: { code, message, correlationId } }`. The log line
 * carries the same correlation id and the detail the client does not get (e.g. why a token was refused).
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const correlationId = String(res.locals.correlationId ?? '');
  const appError = toAppError(error);
  const level = appError.status >= 500 ? 'error' : 'warn';
  log(level, 'request_failed', {
    correlationId,
    method: req.method,
    path: req.path,
    status: appError.status,
    code: appError.code,
    reason: appError instanceof TokenRejected ? appError.reason : appError.extra.logDetail,
    ...(appError.status >= 500 && !(error instanceof AppError) ? { error } : {}),
  });
  if (res.headersSent) return;
  const body: ErrorEnvelope = {
    error: {
      code: appError.code,
      message: appError.message,
      correlationId,
      ...(appError.extra.requiredRole ? { requiredRole: appError.extra.requiredRole } : {}),
      ...(appError.extra.issues ? { issues: appError.extra.issues } : {}),
    },
  };
  if (appError.status === 401) res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
  res.status(appError.status).json(body);
};

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof InvalidCursorError)
    return new AppError(400, 'bad_request', 'The page cursor is not valid. Start again from the first page.');
  const httpError = error as { status?: number; type?: string; message?: string };
  // body-parser errors: malformed JSON, too large, wrong charset.
  if (httpError.type === 'entity.parse.failed') return new AppError(400, 'bad_request', 'The request body is not valid JSON.');
  if (httpError.type === 'entity.too.large') return new AppError(413, 'bad_request', 'The request body is too large.');
  if (typeof httpError.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
    return new AppError(httpError.status, 'bad_request', 'The request could not be read. Check its format and try again.');
  }
  return new AppError(
    500,
    'internal_error',
    'Something went wrong on our side. Try again; if it keeps happening, give your administrator the correlation id.',
  );
}

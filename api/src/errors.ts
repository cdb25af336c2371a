import type { ErrorCode } from '../../contract/index.ts';

/** The one error type our modules throw for a client-visible failure; the HTTP layer renders it. */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { requiredRole?: string; issues?: { path: string; message: string }[]; logDetail?: string } = {},
  ) {
    super(message);
  }
}

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

/**
 * Work running on an admin's behalf could not renew their sign-in (refresh token expired or revoked, user
 * disabled, consent withdrawn). Jobs and syncs pause on it instead of failing; nothing else catches it.
 */
export class SignInRequiredError extends AppError {
  override name = 'SignInRequiredError';

  constructor(
    readonly userPrincipalName: string,
    /** Entra's reason, e.g. `AADSTS700082`, for the log and the paused work's state. */
    readonly reason: string,
  ) {
    super(
      401,
      'signin_required',
      `Waiting for ${userPrincipalName} to sign in again: Microsoft Entra ID no longer renews their sign-in for this work (${reason}). It resumes when they open Room Accounts, or when another admin takes it over.`,
    );
  }
}

export function isSignInRequired(error: unknown): error is SignInRequiredError {
  return error instanceof SignInRequiredError;
}

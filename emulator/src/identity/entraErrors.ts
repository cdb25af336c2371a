// Evidence: docs/microsoft-365.md#entra-obo-token, #entra-refresh-token
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** Entra token-endpoint errors: the OAuth error, an AADSTS code in `error_description`, and Entra's extra fields. */
export interface EntraError {
  status: 400 | 401;
  error:
    | 'invalid_request'
    | 'invalid_grant'
    | 'invalid_client'
    | 'unauthorized_client'
    | 'interaction_required'
    | 'unsupported_grant_type'
    | 'invalid_scope'
    | 'invalid_resource';
  aadsts: number;
  message: string;
  suberror?: string;
  claims?: string;
}

export function sendEntraError(res: Response, failure: EntraError): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  res.status(failure.status).json({
    error: failure.error,
    error_description: `AADSTS${failure.aadsts}: ${failure.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [failure.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${failure.aadsts}`,
    ...(failure.suberror ? { suberror: failure.suberror } : {}),
    ...(failure.claims ? { claims: failure.claims } : {}),
  });
}

export const entraErrors = {
  missingParameter: (name: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    aadsts: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  unknownClient: (clientId: string, tenantId: string): EntraError => ({
    status: 400,
    error: 'unauthorized_client',
    aadsts: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  badSecret: (clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    aadsts: 7000215,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  unknownTenant: (tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    aadsts: 90002,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  unsupportedGrant: (grant: string): EntraError => ({
    status: 400,
    error: 'unsupported_grant_type',
    aadsts: 70003,
    message: `The app requested an unsupported grant type '${grant}'.`,
  }),
  assertionInvalid: (detail: string): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    aadsts: 50013,
    message: `Assertion failed signature validation. [Reason - ${detail}]`,
  }),
  // Text as captured in msal-js issue #5330, with the current time and the assertion's expiry.
  assertionExpired: (expiresAt: Date): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    aadsts: 500133,
    message: `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${new Date().toISOString()}, expiry time of assertion ${expiresAt.toISOString()}.`,
  }),
  assertionAudience: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    aadsts: 50013,
    message: 'Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was not expected.',
  }),
  unknownResource: (resource: string, tenantId: string): EntraError => ({
    status: 400,
    error: 'invalid_resource',
    aadsts: 500011,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  consentRequired: (clientId: string, appName: string): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    suberror: 'consent_required',
    aadsts: 65001,
    message: `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
  }),
  userDisabled: (): EntraError => ({ status: 400, error: 'invalid_grant', aadsts: 50057, message: 'The user account is disabled.' }),
  // Field captures of refresh_token redemptions with a garbled or unknown token (see EVIDENCE-tokens.md).
  refreshTokenMalformed: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    aadsts: 9002313,
    message: 'Invalid request. Request is malformed or invalid.',
  }),
  refreshTokenOtherClient: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    aadsts: 700007,
    message: 'The grant was issued for a different client id.',
  }),
  refreshTokenInactive: (issuedAt: Date, inactiveMs: number): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    aadsts: 700082,
    message: `The refresh token has expired due to inactivity. The token was issued on ${issuedAt.toISOString()} and was inactive for ${timeSpan(inactiveMs)}.`,
  }),
  refreshTokenRevoked: (authTime: Date, validFrom: Date): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    aadsts: 50173,
    message: `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${authTime.toISOString()}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${validFrom.toISOString()}'.`,
  }),
  mfaRequired: (): EntraError => ({
    status: 400,
    error: 'interaction_required',
    suberror: 'basic_action',
    aadsts: 50076,
    message:
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.',
    claims: '{"access_token":{"capolids":{"essential":true,"values":["c0a8f5d2-0000-4000-8000-000000000001"]}}}',
  }),
};

/** A duration as .NET prints a TimeSpan (`90.00:00:00`), as Entra's AADSTS700082 text does. */
function timeSpan(ms: number): string {
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86_400);
  const clock = [Math.floor(total / 3600) % 24, Math.floor(total / 60) % 60, total % 60]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days}.${clock}` : clock;
}

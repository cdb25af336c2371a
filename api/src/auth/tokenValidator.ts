import type { Agent } from 'node:https';
import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { httpsJson } from './httpsJson.ts';
import type { Principal } from './principal.ts';
import { rememberValidatedTokens, type ValidatedTokenCacheOptions, type Verified } from './validatedTokens.ts';

/** Clock skew we tolerate on exp/nbf: small, as Entra's own validators do. */
const CLOCK_SKEW_SECONDS = 120;
const REQUIRED_SCOPE = 'access_as_user';

export type TokenValidator = (authorization: string | undefined) => Promise<Principal>;

/** Why a token was refused. Logged, never sent: clients only learn `invalid_token`. */
export class TokenRejected extends AppError {
  constructor(readonly reason: string) {
    super(401, 'invalid_token', 'Your sign-in token is not valid. Sign in again, or reopen the tab in Teams.', { logDetail: reason });
  }
}

/**
 * Validate Teams SSO tokens with jose against the authority's JWKS (cached; refetched on an unknown `kid`),
 * checking RS256, issuer, audience, tenant, expiry, the `access_as_user` scope and the calling client (azp).
 * A token that passed is remembered until its `exp` (auth/validatedTokens.ts), so a tab's requests pay the
 * signature check once per token, not once each.
 */
export function createTokenValidator(
  config: Config,
  agent: Agent,
  options: { jwksCooldownMs?: number; remember?: ValidatedTokenCacheOptions } = {},
): TokenValidator {
  const jwksTenant = config.tenantId === 'common' ? 'common' : config.tenantId;
  const jwks = createRemoteJWKSet(new URL(`${config.endpoints.authorityHost}/${jwksTenant}/discovery/v2.0/keys`), {
    // After a fetch, an unknown kid waits this long before the next fetch (jose's guard against kid flooding).
    cooldownDuration: options.jwksCooldownMs ?? 30_000,
    cacheMaxAge: 6 * 3600_000,
    [customFetch]: async (url: string) => {
      const res = await httpsJson(url, { agent });
      return new Response(JSON.stringify(res.body), { status: res.status, headers: { 'content-type': 'application/json' } });
    },
  });
  const audiences = [config.app.clientId, `api://${config.tabDomain}/${config.app.clientId}`];
  const allowedTenants = new Set(config.allowedTenants);
  const allowedClients = new Set(config.allowedClientIds);

  const verify = async (token: string): Promise<Verified<Principal>> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        algorithms: ['RS256'],
        audience: audiences,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'tid', 'oid', 'iss'],
      }));
    } catch (error) {
      throw new TokenRejected(describeJoseError(error));
    }
    const tenantId = String(payload.tid);
    if (!allowedTenants.has(tenantId)) throw new TokenRejected(`tenant ${tenantId} is not allowed`);
    const issuers = [`${config.endpoints.authorityHost}/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
    if (!issuers.includes(String(payload.iss))) throw new TokenRejected(`unexpected issuer ${String(payload.iss)}`);
    if (payload.nbf === undefined && payload.iat !== undefined && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
      throw new TokenRejected('token issued in the future');
    }
    const scopes = String(payload.scp ?? '').split(' ');
    if (!scopes.includes(REQUIRED_SCOPE)) throw new TokenRejected(`scope ${REQUIRED_SCOPE} missing`);
    const client = String(payload.azp ?? payload.appid ?? '');
    if (!allowedClients.has(client)) throw new TokenRejected(`client ${client} is not pre-authorized`);
    // Frozen: the remembered principal is handed to every request that carries this token.
    const principal: Principal = Object.freeze({
      tenantId,
      userId: String(payload.oid),
      userPrincipalName: String(payload.upn ?? payload.preferred_username ?? ''),
      displayName: String(payload.name ?? ''),
      roleTemplateIds: Object.freeze(Array.isArray(payload.wids) ? payload.wids.map(String) : []),
      assertion: token,
    });
    // requiredClaims made exp present; jwtVerify checked it is a number.
    return { value: principal, expiresAt: Number(payload.exp) * 1000 };
  };
  const validate = rememberValidatedTokens(verify, options.remember);

  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(authorization ?? '');
    if (!match?.[1]) throw new TokenRejected('missing or malformed Authorization header');
    return validate(match[1]);
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} failed: ${error.reason}`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no signing key matches the token kid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (error instanceof joseErrors.JOSEError) return `${error.code}: ${error.message}`;
  return 'token could not be parsed';
}

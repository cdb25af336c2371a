// Evidence: docs/microsoft-365.md#entra-openid-config, #entra-jwks, #entra-obo-token, #entra-refresh-token
import express, { type Request, Router } from 'express';
import { decodeJwt, jwtVerify } from 'jose';
import type { EmulatorContext } from '../context.ts';
import { RESOURCE } from '../tenant/catalog.ts';
import type { GrantKind } from '../stats.ts';
import type { EmApp, EmUser, Tenant, TenantRegion } from '../tenant/model.ts';
import { personaById, PERSONAS } from '../tenant/personas.ts';
import { entraErrors, sendEntraError, type EntraError } from './entraErrors.ts';
import { refreshTokensOf, type SignInSession } from './refreshTokens.ts';
import { DEMO_SIGNIN_CLIENT_ID, mintAppToken, mintIdToken, mintUserToken } from './tokens.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const RESOURCES = [RESOURCE.graph, RESOURCE.exchange];
type Resource = (typeof RESOURCES)[number];

/** What Entra's discovery document says about a tenant's cloud (domain.md §6). */
const REGION_METADATA: Record<TenantRegion, Record<string, string>> = {
  WW: { tenant_region_scope: 'EU', cloud_instance_name: 'microsoftonline.com', msgraph_host: 'graph.microsoft.com' },
  GCC: {
    tenant_region_scope: 'NA',
    tenant_region_sub_scope: 'GCC',
    cloud_instance_name: 'microsoftonline.com',
    msgraph_host: 'graph.microsoft.com',
  },
  GCCH: {
    tenant_region_scope: 'USG',
    tenant_region_sub_scope: 'DODCON',
    cloud_instance_name: 'microsoftonline.us',
    msgraph_host: 'graph.microsoft.us',
  },
  DOD: {
    tenant_region_scope: 'USG',
    tenant_region_sub_scope: 'DOD',
    cloud_instance_name: 'microsoftonline.us',
    msgraph_host: 'dod-graph.microsoft.us',
  },
};

/** Entra ID: discovery, JWKS, the token endpoint (on-behalf-of, refresh token, client credentials), and demo sign-in. */
export function identityRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  router.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const segment = String(req.params.tenant);
    const tenant = ctx.findTenant(segment);
    const multi = segment === 'common' || segment === 'organizations';
    if (!tenant && !multi) return sendEntraError(res, entraErrors.unknownTenant(segment));
    const id = tenant?.id ?? '{tenantid}';
    const keysSegment = tenant?.id ?? segment;
    res.json({
      token_endpoint: `${ctx.baseUrl}/${keysSegment}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${ctx.baseUrl}/${keysSegment}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${ctx.baseUrl}/${id}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${ctx.baseUrl}/oidc/userinfo`,
      authorization_endpoint: `${ctx.baseUrl}/${keysSegment}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${ctx.baseUrl}/${keysSegment}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${ctx.baseUrl}/${keysSegment}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${ctx.baseUrl}/${keysSegment}/kerberos`,
      ...(tenant ? REGION_METADATA[tenant.region] : { cloud_instance_name: 'microsoftonline.com', msgraph_host: 'graph.microsoft.com' }),
      cloud_graph_host_name: 'graph.windows.net',
      rbac_url: 'https://pas.windows.net',
    });
  });

  // msal-node's instance discovery; also answered when a client lists the emulator in knownAuthorities.
  router.get('/common/discovery/instance', (req, res) => {
    const host = new URL(ctx.baseUrl).host;
    res.json({
      tenant_discovery_endpoint: `${ctx.baseUrl}/common/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  });

  router.get('/:tenant/discovery/v2.0/keys', (req, res) => {
    const segment = String(req.params.tenant);
    if (!ctx.findTenant(segment) && segment !== 'common' && segment !== 'organizations') {
      return sendEntraError(res, entraErrors.unknownTenant(segment));
    }
    res.json(ctx.keys.jwks());
  });

  router.post('/:tenant/oauth2/v2.0/token', form, async (req, res) => {
    const fail = (failure: EntraError) => {
      ctx.stats.grantFailure(failure.aadsts);
      sendEntraError(res, failure);
    };
    const tenant = ctx.findTenant(String(req.params.tenant));
    if (!tenant) return fail(entraErrors.unknownTenant(String(req.params.tenant)));
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const clientAuth = authenticateClient(req, body, tenant);
    if ('status' in clientAuth) return fail(clientAuth);
    const grantType = body.grant_type;
    if (!grantType) return fail(entraErrors.missingParameter('grant_type'));
    if (!body.scope) return fail(entraErrors.missingParameter('scope'));
    const resource = resourceOf(body.scope);
    if (!resource) return fail(entraErrors.unknownResource(body.scope, tenant.id));
    const request: GrantRequest = { ctx, tenant, app: clientAuth, body, resource, scopes: body.scope.split(' ').filter(Boolean) };
    let outcome: GrantOutcome;
    if (grantType === JWT_BEARER && body.requested_token_use === 'on_behalf_of') outcome = await onBehalfOf(request);
    else if (grantType === 'refresh_token') outcome = await redeemRefreshToken(request);
    else if (grantType === 'client_credentials') outcome = await clientCredentials(request);
    else return fail(entraErrors.unsupportedGrant(grantType));
    if ('failure' in outcome) return fail(outcome.failure);
    ctx.stats.grant(outcome.kind);
    res.json(outcome.body);
  });

  // Demo sign-in, standing in for Teams' getAuthToken outside Teams. Not part of Entra.
  router.post('/demo/token', express.json({ limit: '16kb' }), async (req, res) => {
    const body = (req.body ?? {}) as { persona?: unknown; tenant?: unknown };
    const persona = typeof body.persona === 'string' ? personaById(body.persona) : undefined;
    if (!persona) {
      return res.status(400).json({
        error: { code: 'unknown_persona', message: `Pick one of: ${PERSONAS.map((p) => p.id).join(', ')}.` },
      });
    }
    const tenant = typeof body.tenant === 'string' ? ctx.findTenant(body.tenant) : ctx.tenants.values().next().value;
    if (!tenant) return res.status(404).json({ error: { code: 'unknown_tenant', message: 'No such tenant in this emulator.' } });
    const user = tenant.userByIdOrUpn(`${persona.alias}@${tenant.domain}`);
    const app = demoApp(tenant);
    if (!user || !app) return res.status(404).json({ error: { code: 'not_seeded', message: 'The persona or demo app is missing.' } });
    const lifetimeSeconds = ctx.lifetimes().ssoSeconds;
    const token = await mintUserToken(ctx.keys, {
      tenant,
      user,
      audience: app.clientId,
      scopes: ['access_as_user'],
      clientId: DEMO_SIGNIN_CLIENT_ID,
      version: 2,
      issuerBase: ctx.baseUrl,
      lifetimeSeconds,
    });
    res.json({ access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds });
  });

  return router;
}

/** The demo app is the first app registered in each seeded tenant. */
export function demoApp(tenant: Tenant): EmApp | undefined {
  return tenant.apps.values().next().value;
}

function authenticateClient(req: Request, body: Record<string, string | undefined>, tenant: Tenant) {
  let clientId = body.client_id;
  let secret = body.client_secret;
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const [id, pass] = Buffer.from(basic[1], 'base64').toString().split(':');
    clientId = decodeURIComponent(id ?? '');
    secret = decodeURIComponent(pass ?? '');
  }
  if (!clientId) return entraErrors.missingParameter('client_id');
  const app = tenant.apps.get(clientId);
  if (!app) return entraErrors.unknownClient(clientId, tenant.id);
  if (!secret) return entraErrors.missingParameter("client_assertion' or 'client_secret");
  if (secret !== app.clientSecret) return entraErrors.badSecret(clientId);
  return app;
}

function resourceOf(scope: string) {
  for (const item of scope.split(' ')) {
    const found = RESOURCES.find((resource) => item.startsWith(`${resource.uri}/`) || item.startsWith(`${resource.appId}/`));
    if (found) return found;
  }
  return undefined;
}

interface GrantRequest {
  ctx: EmulatorContext;
  tenant: Tenant;
  app: EmApp;
  body: Record<string, string | undefined>;
  resource: Resource;
  /** The `scope` parameter split: the resource's scope plus, from MSAL, `openid profile offline_access`. */
  scopes: string[];
}

type GrantOutcome = { failure: EntraError } | { kind: GrantKind; body: Record<string, unknown> };

async function clientCredentials({ ctx, tenant, app, resource }: GrantRequest): Promise<GrantOutcome> {
  const lifetimeSeconds = ctx.lifetimes().accessSeconds;
  const token = await mintAppToken(ctx.keys, tenant, app, resource.uri, app.appRoles[resource.uri] ?? [], lifetimeSeconds);
  return {
    kind: 'client_credentials',
    body: { token_type: 'Bearer', expires_in: lifetimeSeconds, ext_expires_in: lifetimeSeconds, access_token: token },
  };
}

async function onBehalfOf(request: GrantRequest): Promise<GrantOutcome> {
  const { ctx, tenant, app, body } = request;
  if (!body.assertion) return { failure: entraErrors.missingParameter('assertion') };
  let payload;
  try {
    ({ payload } = await jwtVerify(body.assertion, ctx.keys.verificationKeys, { algorithms: ['RS256'] }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED')
      return { failure: entraErrors.assertionExpired(new Date(Number(decodeJwt(body.assertion).exp) * 1000)) };
    return { failure: entraErrors.assertionInvalid(describeAssertion(body.assertion)) };
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((aud) => aud === app.clientId || aud === app.identifierUri)) return { failure: entraErrors.assertionAudience() };
  if (payload.tid !== tenant.id) return { failure: entraErrors.assertionInvalid('Token tenant does not match the request tenant.') };
  const user = tenant.users.get(String(payload.oid));
  return userTokens(request, user, { kind: 'obo' });
}

/**
 * `grant_type=refresh_token`: a refresh token is bound to user + client, not to a resource, so it redeems
 * for any resource the client holds consent for (refresh-tokens, Learn); each redemption returns a new one.
 */
async function redeemRefreshToken(request: GrantRequest): Promise<GrantOutcome> {
  const { tenant, app, body } = request;
  if (!body.refresh_token) return { failure: entraErrors.missingParameter('refresh_token') };
  const store = refreshTokensOf(tenant);
  const record = store.find(body.refresh_token);
  if (!record) return { failure: entraErrors.refreshTokenMalformed() };
  const { session } = record;
  if (session.clientId !== app.clientId) return { failure: entraErrors.refreshTokenOtherClient() };
  if (session.revokedAt) return { failure: entraErrors.refreshTokenRevoked(session.authTime, session.revokedAt) };
  if (Date.now() > record.expiresAt)
    return { failure: entraErrors.refreshTokenInactive(record.issuedAt, record.expiresAt - record.lastUsedAt) };
  const outcome = await userTokens(request, tenant.users.get(session.userId), { kind: 'refresh_token', session });
  if (!('failure' in outcome)) store.markUsed(record, request.ctx.lifetimes().refreshMs);
  return outcome;
}

/**
 * What OBO and refresh-token redemption share once the grant itself holds: the user must still be enabled,
 * Conditional Access and consent must still allow it, then the access token, a refresh token when
 * `offline_access` was asked for, and for a refresh an ID token when `openid` was asked for.
 */
async function userTokens(
  { ctx, tenant, app, resource, scopes }: GrantRequest,
  user: EmUser | undefined,
  grant: { kind: 'obo' } | { kind: 'refresh_token'; session: SignInSession },
): Promise<GrantOutcome> {
  if (!user || !user.accountEnabled) return { failure: entraErrors.userDisabled() };
  if (tenant.mfaRequiredUsers.has(user.id)) return { failure: entraErrors.mfaRequired() };
  const consented = app.consentedScopes[resource.uri] ?? [];
  if (consented.length === 0 || app.consentRevokedFor.has(user.id))
    return { failure: entraErrors.consentRequired(app.clientId, app.displayName) };
  const lifetimes = ctx.lifetimes();
  const accessToken = await mintUserToken(ctx.keys, {
    tenant,
    user,
    audience: resource.uri,
    scopes: consented,
    clientId: app.clientId,
    version: 1,
    issuerBase: ctx.baseUrl,
    lifetimeSeconds: lifetimes.accessSeconds,
  });
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: consented.map((scope) => `${resource.uri}/${scope}`).join(' '),
    expires_in: lifetimes.accessSeconds,
    ext_expires_in: lifetimes.accessSeconds,
    access_token: accessToken,
  };
  if (scopes.includes('offline_access')) {
    // A rotated token continues its sign-in session, so revoking that session ends the whole chain.
    const session = grant.kind === 'refresh_token' ? grant.session : { userId: user.id, clientId: app.clientId, authTime: new Date() };
    body.refresh_token = refreshTokensOf(tenant).issue(session, lifetimes.refreshMs);
  }
  if (grant.kind === 'refresh_token' && scopes.includes('openid')) {
    body.id_token = await mintIdToken(ctx.keys, tenant, user, app.clientId, ctx.baseUrl, lifetimes.accessSeconds);
  }
  body.client_info = Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString('base64url');
  return { kind: grant.kind, body };
}

function describeAssertion(assertion: string): string {
  try {
    decodeJwt(assertion);
    return 'The key was not found.';
  } catch {
    return 'The assertion is not a well-formed JWT.';
  }
}

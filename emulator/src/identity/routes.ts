// Evidence: docs/microsoft-365.md#entra-openid-config, #entra-jwks, #entra-obo-token, #entra-refresh-token
import express, { type Request, type Response, Router } from 'express';
import { decodeJwt, jwtVerify } from 'jose';
import type { EmulatorContext } from '../context.ts';
import { RESOURCE } from '../tenant/catalog.ts';
import type { EmApp, Tenant, TenantRegion } from '../tenant/model.ts';
import { personaById, PERSONAS } from '../tenant/personas.ts';
import { entraErrors, sendEntraError } from './entraErrors.ts';
import { ACCESS_TOKEN_SECONDS, DEMO_SIGNIN_CLIENT_ID, mintAppToken, mintUserToken } from './tokens.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const RESOURCES = [RESOURCE.graph, RESOURCE.exchange];

/** What Entra's discovery document says about a tenant's cloud (domain.md §6). */
const REGION_METADATA: Record<TenantRegion, Record<string, string>> = {
  WW: { tenant_region_scope: 'EU', cloud_instance_name: 'microsoftonline.com', msgraph_host: 'graph.microsoft.com' },
  GCC: { tenant_region_scope: 'NA', tenant_region_sub_scope: 'GCC', cloud_instance_name: 'microsoftonline.com', msgraph_host: 'graph.microsoft.com' },
  GCCH: { tenant_region_scope: 'USG', tenant_region_sub_scope: 'DODCON', cloud_instance_name: 'microsoftonline.us', msgraph_host: 'graph.microsoft.us' },
  DOD: { tenant_region_scope: 'USG', tenant_region_sub_scope: 'DOD', cloud_instance_name: 'microsoftonline.us', msgraph_host: 'dod-graph.microsoft.us' },
};

/** Entra ID: discovery, JWKS, the token endpoint (on-behalf-of and client credentials), and demo sign-in. */
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
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
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
    const tenant = ctx.findTenant(String(req.params.tenant));
    if (!tenant) return sendEntraError(res, entraErrors.unknownTenant(String(req.params.tenant)));
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const clientAuth = authenticateClient(req, body, tenant);
    if ('status' in clientAuth) return sendEntraError(res, clientAuth);
    const grantType = body.grant_type;
    if (!grantType) return sendEntraError(res, entraErrors.missingParameter('grant_type'));
    if (!body.scope) return sendEntraError(res, entraErrors.missingParameter('scope'));
    const resource = resourceOf(body.scope);
    if (!resource) return sendEntraError(res, entraErrors.unknownResource(body.scope, tenant.id));
    if (grantType === JWT_BEARER && body.requested_token_use === 'on_behalf_of') {
      return onBehalfOf(ctx, res, tenant, clientAuth, body, resource);
    }
    if (grantType === 'client_credentials') {
      const roles = clientAuth.appRoles[resource.uri] ?? [];
      const token = await mintAppToken(ctx.keys, tenant, clientAuth, resource.uri, roles);
      return res.json({ token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, ext_expires_in: ACCESS_TOKEN_SECONDS, access_token: token });
    }
    return sendEntraError(res, entraErrors.unsupportedGrant(grantType));
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
    const token = await mintUserToken(ctx.keys, {
      tenant,
      user,
      audience: app.clientId,
      scopes: ['access_as_user'],
      clientId: DEMO_SIGNIN_CLIENT_ID,
      version: 2,
      issuerBase: ctx.baseUrl,
    });
    res.json({ access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS });
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
  if (!secret) return entraErrors.missingParameter('client_assertion\' or \'client_secret');
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

async function onBehalfOf(
  ctx: EmulatorContext,
  res: Response,
  tenant: Tenant,
  app: EmApp,
  body: Record<string, string | undefined>,
  resource: (typeof RESOURCES)[number],
) {
  if (!body.assertion) return sendEntraError(res, entraErrors.missingParameter('assertion'));
  let payload;
  try {
    ({ payload } = await jwtVerify(body.assertion, ctx.keys.verificationKeys, { algorithms: ['RS256'] }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') return sendEntraError(res, entraErrors.assertionExpired());
    return sendEntraError(res, entraErrors.assertionInvalid(describeAssertion(body.assertion)));
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((aud) => aud === app.clientId || aud === app.identifierUri)) {
    return sendEntraError(res, entraErrors.assertionAudience());
  }
  if (payload.tid !== tenant.id) return sendEntraError(res, entraErrors.assertionInvalid('Token tenant does not match the request tenant.'));
  const user = tenant.users.get(String(payload.oid));
  if (!user || !user.accountEnabled) {
    return sendEntraError(res, { status: 400, error: 'invalid_grant', aadsts: 50057, message: 'The user account is disabled.' });
  }
  if (tenant.mfaRequiredUsers.has(user.id)) return sendEntraError(res, entraErrors.mfaRequired());
  const consented = app.consentedScopes[resource.uri] ?? [];
  if (consented.length === 0 || app.consentRevokedFor.has(user.id)) {
    return sendEntraError(res, entraErrors.consentRequired(app.clientId, app.displayName));
  }
  const token = await mintUserToken(ctx.keys, {
    tenant,
    user,
    audience: resource.uri,
    scopes: consented,
    clientId: app.clientId,
    version: 1,
    issuerBase: ctx.baseUrl,
  });
  const clientInfo = Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString('base64url');
  res.json({
    token_type: 'Bearer',
    scope: consented.map((scope) => `${resource.uri}/${scope}`).join(' '),
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: token,
    client_info: clientInfo,
  });
}

function describeAssertion(assertion: string): string {
  try {
    decodeJwt(assertion);
    return 'The key was not found.';
  } catch {
    return 'The assertion is not a well-formed JWT.';
  }
}

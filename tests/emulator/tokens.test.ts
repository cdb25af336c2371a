import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { RunningEmulator } from '../../emulator/src/index.ts';
import { demoToken, startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, msalClient } from '../helpers/tokens.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** What msal-node adds to every user-token request (OIDC default scopes). */
const OIDC = 'openid profile offline_access';

interface TokenReply {
  status: number;
  json: Record<string, unknown>;
}

async function tokenRequest(emulator: RunningEmulator, form: Record<string, string>): Promise<TokenReply> {
  const res = await fetch(`${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

function obo(emulator: RunningEmulator, assertion: string, scope: string): Promise<TokenReply> {
  return tokenRequest(emulator, {
    grant_type: JWT_BEARER,
    requested_token_use: 'on_behalf_of',
    client_id: emulator.clientId,
    client_secret: emulator.clientSecret,
    assertion,
    scope,
  });
}

function redeem(
  emulator: RunningEmulator,
  refreshToken: string,
  scope = `${GRAPH_SCOPE} ${OIDC}`,
  client = { id: emulator.clientId, secret: emulator.clientSecret },
) {
  return tokenRequest(emulator, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    scope,
    client_id: client.id,
    client_secret: client.secret,
  });
}

function aadsts(reply: TokenReply): string {
  return /^AADSTS\d+/.exec(String(reply.json.error_description))?.[0] ?? `(no code: ${JSON.stringify(reply.json)})`;
}

async function stats(emulator: RunningEmulator): Promise<{ grants: Record<string, number>; failures: Record<string, number> }> {
  const res = await fetch(`${emulator.baseUrl}/emulator/stats`);
  return ((await res.json()) as { tokens: { grants: Record<string, number>; failures: Record<string, number> } }).tokens;
}

async function graphMe(emulator: RunningEmulator, accessToken: string) {
  const res = await fetch(`${emulator.baseUrl}/v1.0/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
}

/** A refresh token for a persona, from an on-behalf-of request that asks for offline_access. */
async function oboRefreshToken(emulator: RunningEmulator, persona: string): Promise<string> {
  const reply = await obo(emulator, await demoToken(emulator, persona), `${GRAPH_SCOPE} ${OIDC}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.json));
  return String(reply.json.refresh_token);
}

describe('emulator: refresh tokens and the refresh_token grant', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 11, rooms: 3 }] });
  });
  afterAll(() => emulator.close());

  it('returns an opaque refresh token to on-behalf-of only when offline_access is requested', async () => {
    const sso = await demoToken(emulator, 'global-admin');
    const without = await obo(emulator, sso, GRAPH_SCOPE);
    assert.equal(without.status, 200);
    assert.equal(without.json.refresh_token, undefined);
    assert.equal(without.json.expires_in, 3600);
    const withOffline = await obo(emulator, sso, `${GRAPH_SCOPE} offline_access`);
    assert.equal(withOffline.status, 200);
    assert.equal(typeof withOffline.json.refresh_token, 'string');
    assert.throws(() => decodeJwt(String(withOffline.json.refresh_token)), 'a refresh token is not a JWT');
  });

  it('lets msal-node keep the refresh token of an OBO and redeem it for another resource, caching the rotated one', async () => {
    const client = msalClient(emulator);
    const oboResult = await client.acquireTokenOnBehalfOf({
      oboAssertion: await demoToken(emulator, 'exchange-admin'),
      scopes: [GRAPH_SCOPE],
    });
    assert.ok(oboResult?.accessToken);
    const afterObo = JSON.parse(client.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    const oboRefresh = Object.values(afterObo.RefreshToken).map((entry) => entry.secret);
    assert.equal(oboRefresh.length, 1, 'msal-node caches the refresh token the OBO response carried');

    // The response carries an id_token (openid was asked for), so msal-node keeps the rotated refresh token of a
    // client that has no cached account only with forceCache (ResponseHandler: "refreshed tokens will not be stored").
    const forgetful = msalClient(emulator);
    assert.ok(await forgetful.acquireTokenByRefreshToken({ refreshToken: oboRefresh[0] ?? '', scopes: [GRAPH_SCOPE] }));
    assert.deepEqual((JSON.parse(forgetful.getTokenCache().serialize()) as { RefreshToken: object }).RefreshToken, {});

    const renewer = msalClient(emulator);
    const before = await stats(emulator);
    const renewed = await renewer.acquireTokenByRefreshToken({
      refreshToken: oboRefresh[0] ?? '',
      scopes: [EXCHANGE_SCOPE],
      forceCache: true,
    });
    assert.ok(renewed?.accessToken);
    const claims = decodeJwt(renewed.accessToken);
    assert.equal(claims.aud, 'https://outlook.office365.com', 'a refresh token is not bound to the resource it came with');
    assert.ok(String(claims.upn).startsWith('ethan.exchange@'));
    assert.equal(renewed.account?.tenantId, emulator.tenantId);
    const cache = JSON.parse(renewer.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
    const rotated = Object.values(cache.RefreshToken).map((entry) => entry.secret);
    assert.equal(rotated.length, 1);
    assert.notEqual(rotated[0], oboRefresh[0], 'each redemption returns a new refresh token');
    assert.equal((await stats(emulator)).grants.refresh_token, (before.grants.refresh_token ?? 0) + 1);

    // The old token is not revoked by its redemption (Entra: "doesn't revoke old refresh tokens"), and the new one works.
    assert.equal((await redeem(emulator, oboRefresh[0] ?? '')).status, 200);
    const viaRotated = await redeem(emulator, rotated[0] ?? '');
    assert.equal(viaRotated.status, 200);
    assert.equal(typeof viaRotated.json.id_token, 'string');
    assert.equal(typeof viaRotated.json.client_info, 'string');
    assert.equal(viaRotated.json.expires_in, 3600);
    assert.equal((await graphMe(emulator, String(viaRotated.json.access_token))).status, 200);
  });

  it('omits the rotated refresh token when offline_access is not requested', async () => {
    const reply = await redeem(emulator, await oboRefreshToken(emulator, 'global-reader'), GRAPH_SCOPE);
    assert.equal(reply.status, 200);
    assert.equal(reply.json.refresh_token, undefined);
    assert.equal(reply.json.id_token, undefined);
  });

  it("refuses unknown and other clients' refresh tokens with invalid_grant", async () => {
    const before = await stats(emulator);
    const unknown = await redeem(emulator, 'not-a-refresh-token');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.error, 'invalid_grant');
    assert.equal(aadsts(unknown), 'AADSTS9002313');
    const missing = await tokenRequest(emulator, {
      grant_type: 'refresh_token',
      scope: GRAPH_SCOPE,
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
    });
    assert.equal(aadsts(missing), 'AADSTS900144');

    const tenant = emulator.tenant();
    const demo = tenant.apps.get(emulator.clientId);
    assert.ok(demo);
    const other = {
      ...structuredClone(demo),
      clientId: '3b0c6a9e-1f2d-4c5b-8a7e-6d5c4b3a2f1e',
      clientSecret: 'other-secret',
      consentRevokedFor: new Set<string>(),
    };
    tenant.apps.set(other.clientId, other);
    const stolen = await redeem(emulator, await oboRefreshToken(emulator, 'global-admin'), `${GRAPH_SCOPE} ${OIDC}`, {
      id: other.clientId,
      secret: other.clientSecret,
    });
    assert.equal(stolen.json.error, 'invalid_grant');
    assert.equal(aadsts(stolen), 'AADSTS700007');
    const after = await stats(emulator);
    assert.equal(after.failures.AADSTS9002313, (before.failures.AADSTS9002313 ?? 0) + 1);
    assert.equal(after.failures.AADSTS700007, (before.failures.AADSTS700007 ?? 0) + 1);
  });

  it('ends every refresh token of a user whose sessions are revoked, rotated ones included (AADSTS50173)', async () => {
    const first = await oboRefreshToken(emulator, 'user-admin');
    const rotated = String((await redeem(emulator, first)).json.refresh_token);
    const tenant = emulator.tenant();
    const user = tenant.userByIdOrUpn(`uma.user@${tenant.domain}`);
    assert.ok(user);
    const res = await fetch(`${emulator.baseUrl}/emulator/tenants/${tenant.id}/users/${user.id}/revoke-sessions`, { method: 'POST' });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { revokedRefreshTokens: number }).revokedRefreshTokens, 2);
    for (const token of [first, rotated]) {
      const reply = await redeem(emulator, token);
      assert.equal(reply.json.error, 'invalid_grant');
      assert.equal(aadsts(reply), 'AADSTS50173');
    }
    await assert.rejects(
      msalClient(emulator).acquireTokenByRefreshToken({ refreshToken: rotated, scopes: [GRAPH_SCOPE] }),
      (error: { errorCode?: string; errorMessage?: string }) =>
        error.errorCode === 'invalid_grant' && /AADSTS50173/.test(String(error.errorMessage)),
    );
    // A new sign-in after the revocation is not affected.
    assert.equal((await redeem(emulator, await oboRefreshToken(emulator, 'user-admin'))).status, 200);
  });

  it('refuses a refresh token of a user disabled since (AADSTS50057) or who withdrew consent (AADSTS65001)', async () => {
    const tenant = emulator.tenant();
    const disabledToken = await oboRefreshToken(emulator, 'license-admin');
    const license = tenant.userByIdOrUpn(`liam.license@${tenant.domain}`);
    assert.ok(license, 'the license-admin persona');
    const patch = await fetch(`${emulator.baseUrl}/emulator/tenants/${tenant.id}/users/${license.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountEnabled: false }),
    });
    assert.equal(patch.status, 200);
    const disabled = await redeem(emulator, disabledToken);
    assert.equal(disabled.json.error, 'invalid_grant');
    assert.equal(aadsts(disabled), 'AADSTS50057');

    const consentToken = await oboRefreshToken(emulator, 'no-role');
    const noRole = tenant.userByIdOrUpn(`nora.noroles@${tenant.domain}`);
    assert.ok(noRole);
    const consent = await fetch(`${emulator.baseUrl}/emulator/tenants/${tenant.id}/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: noRole.id, granted: false }),
    });
    assert.equal(consent.status, 200);
    const withdrawn = await redeem(emulator, consentToken);
    assert.equal(withdrawn.json.error, 'invalid_grant');
    assert.equal(withdrawn.json.suberror, 'consent_required');
    assert.equal(aadsts(withdrawn), 'AADSTS65001');
  });
});

describe('emulator: token lifetimes are time-scaled knobs', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    // k = 3600: Entra's hour-long SSO and access tokens live 1 s here.
    emulator = await startTenant({ tenants: [{ seed: 12, rooms: 3 }], timeScale: 3600 });
  });
  afterAll(() => emulator.close());

  it('expires SSO tokens (AADSTS500133), access tokens (Graph 401) and idle refresh tokens (AADSTS700082); a refresh token renews past them', async () => {
    const profile = (await (await fetch(`${emulator.baseUrl}/emulator/profile`)).json()) as { knobs: Record<string, unknown> };
    assert.equal(profile.knobs.ssoTokenLifetimeSeconds, 3600);
    assert.equal(profile.knobs.accessTokenLifetimeSeconds, 3600);
    assert.equal(profile.knobs.refreshTokenLifetimeSeconds, 7_776_000);

    const ssoReply = await fetch(`${emulator.baseUrl}/demo/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: 'global-admin' }),
    });
    const sso = (await ssoReply.json()) as { access_token: string; expires_in: number };
    assert.equal(sso.expires_in, 1);
    const ssoClaims = decodeJwt(sso.access_token);
    assert.ok(Number(ssoClaims.exp) - Number(ssoClaims.iat) >= 1, 'exp is rounded up: the token lives at least its expires_in');

    const first = await obo(emulator, sso.access_token, `${GRAPH_SCOPE} ${OIDC}`);
    assert.equal(first.status, 200);
    assert.equal(first.json.expires_in, 1);
    const accessToken = String(first.json.access_token);
    const refreshToken = String(first.json.refresh_token);
    assert.equal((await graphMe(emulator, accessToken)).status, 200);

    // Until past the access token's exp plus Graph's 5 s clock-skew allowance (emulator/src/access/caller.ts).
    await sleep(Math.max(0, (Number(decodeJwt(accessToken).exp) + 5) * 1000 + 250 - Date.now()));
    const expired = await graphMe(emulator, accessToken);
    assert.equal(expired.status, 401);
    assert.equal(expired.json.error?.code, 'InvalidAuthenticationToken');
    assert.match(String(expired.json.error?.message), /Lifetime validation failed, the token is expired/);
    const staleObo = await obo(emulator, sso.access_token, `${GRAPH_SCOPE} ${OIDC}`);
    assert.equal(staleObo.json.error, 'invalid_grant');
    assert.equal(aadsts(staleObo), 'AADSTS500133');
    assert.match(
      String(staleObo.json.error_description),
      new RegExp(`expiry time of assertion ${new Date(Number(ssoClaims.exp) * 1000).toISOString()}`),
    );
    await assert.rejects(
      msalClient(emulator).acquireTokenOnBehalfOf({ oboAssertion: sso.access_token, scopes: [GRAPH_SCOPE] }),
      (error: { errorMessage?: string }) => /AADSTS500133/.test(String(error.errorMessage)),
    );

    // The refresh token (90 days / 3600 = 36 min here) renews long after the SSO token died.
    const renewed = await redeem(emulator, refreshToken);
    assert.equal(renewed.status, 200);
    assert.equal((await graphMe(emulator, String(renewed.json.access_token))).status, 200);

    // Shorten the refresh lifetime to 1 s (3600 / k) through the control API: an idle token then dies.
    const put = await fetch(`${emulator.baseUrl}/emulator/profile`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshTokenLifetimeSeconds: 3600 }),
    });
    assert.equal(put.status, 200);
    const shortLived = String((await redeem(emulator, String(renewed.json.refresh_token))).json.refresh_token);
    await sleep(1_200);
    const idle = await redeem(emulator, shortLived);
    assert.equal(idle.json.error, 'invalid_grant');
    assert.equal(aadsts(idle), 'AADSTS700082');
    assert.match(String(idle.json.error_description), /expired due to inactivity/);
    const counts = await stats(emulator);
    assert.equal(counts.grants.refresh_token, 2);
    assert.equal(counts.grants.obo, 1);
    assert.equal(counts.failures.AADSTS500133, 2);
    assert.equal(counts.failures.AADSTS700082, 1);
  });

  it('issues client-credential tokens with the scaled access lifetime', async () => {
    const reply = await tokenRequest(emulator, {
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
      scope: GRAPH_SCOPE,
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.json.expires_in, 1);
    const claims = decodeJwt(String(reply.json.access_token));
    assert.ok(Number(claims.exp) * 1000 > Date.now(), 'the token is still alive when returned');
  });
});

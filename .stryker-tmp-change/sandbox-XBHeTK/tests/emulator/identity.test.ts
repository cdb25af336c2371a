// @ts-nocheck
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { ROLE, type RunningEmulator } from '../../emulator/src/index.ts';
import { demoToken, startTenant } from '../helpers/tenant.ts';
import { EXCHANGE_SCOPE, GRAPH_SCOPE, msalClient } from '../helpers/tokens.ts';

describe('emulator: Entra ID', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 7, rooms: 5 }] });
  });
  afterAll(() => emulator.close());

  it('serves OpenID discovery whose issuer and jwks_uri belong to the tenant', async () => {
    const res = await fetch(`${emulator.baseUrl}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as Record<string, string>;
    assert.equal(doc.issuer, `${emulator.baseUrl}/${emulator.tenantId}/v2.0`);
    assert.equal(doc.jwks_uri, `${emulator.baseUrl}/${emulator.tenantId}/discovery/v2.0/keys`);
    assert.equal(doc.token_endpoint, `${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/token`);
    assert.equal(doc.cloud_instance_name, 'microsoftonline.com');
    const unknown = await fetch(`${emulator.baseUrl}/00000000-0000-4000-8000-000000000000/v2.0/.well-known/openid-configuration`);
    assert.equal(unknown.status, 400);
    assert.match(((await unknown.json()) as { error_description: string }).error_description, /^AADSTS90002:/);
  });

  it('issues demo SSO tokens that jose verifies against the JWKS, with the claims real tokens carry', async () => {
    const token = await demoToken(emulator, 'exchange-admin');
    const jwks = createRemoteJWKSet(new URL(`${emulator.baseUrl}/${emulator.tenantId}/discovery/v2.0/keys`));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: `${emulator.baseUrl}/${emulator.tenantId}/v2.0`,
      audience: emulator.clientId,
      algorithms: ['RS256'],
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.tid, emulator.tenantId);
    assert.equal(payload.scp, 'access_as_user');
    assert.equal(payload.ver, '2.0');
    assert.ok(String(payload.upn).startsWith('ethan.exchange@'));
    assert.ok(payload.oid && payload.name);
    assert.ok((payload.wids as string[]).includes(ROLE.exchangeAdmin));
  });

  it('rotates its signing key on request, and new tokens carry the new kid', async () => {
    const before = decodeJwtHeader(await demoToken(emulator, 'global-admin'));
    const rotated = (await (await fetch(`${emulator.baseUrl}/emulator/keys/rotate`, { method: 'POST' })).json()) as { kid: string };
    const afterKid = decodeJwtHeader(await demoToken(emulator, 'global-admin'));
    assert.notEqual(rotated.kid, before);
    assert.equal(afterKid, rotated.kid);
    const keys = (await (await fetch(`${emulator.baseUrl}/common/discovery/v2.0/keys`)).json()) as { keys: { kid: string }[] };
    assert.ok(keys.keys.some((key) => key.kid === rotated.kid));
  });

  it('exchanges an SSO token on-behalf-of for Graph and Exchange tokens through real msal-node', async () => {
    const sso = await demoToken(emulator, 'global-reader');
    const client = msalClient(emulator);
    for (const [scope, audience] of [
      [GRAPH_SCOPE, 'https://graph.microsoft.com'],
      [EXCHANGE_SCOPE, 'https://outlook.office365.com'],
    ] as const) {
      const result = await client.acquireTokenOnBehalfOf({ oboAssertion: sso, scopes: [scope] });
      assert.ok(result?.accessToken);
      const claims = decodeJwt(result.accessToken);
      assert.equal(claims.aud, audience);
      assert.equal(claims.tid, emulator.tenantId);
      assert.ok((claims.wids as string[]).includes(ROLE.globalReader));
    }
  });

  it('answers consent_required (AADSTS65001) when the user has not consented', async () => {
    const tenant = emulator.tenant();
    const persona = tenant.userByIdOrUpn(`nora.noroles@${tenant.domain}`);
    assert.ok(persona);
    const app = tenant.apps.get(emulator.clientId);
    app?.consentRevokedFor.add(persona.id);
    try {
      const body = await tokenRequest({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
        assertion: await demoToken(emulator, 'no-role'),
        scope: GRAPH_SCOPE,
      });
      assert.equal(body.status, 400);
      assert.equal(body.json.error, 'invalid_grant');
      assert.equal(body.json.suberror, 'consent_required');
      assert.match(String(body.json.error_description), /^AADSTS65001:/);
      await assert.rejects(
        msalClient(emulator).acquireTokenOnBehalfOf({ oboAssertion: await demoToken(emulator, 'no-role'), scopes: [GRAPH_SCOPE] }),
        (error: { errorCode?: string; subError?: string }) => error.subError === 'consent_required',
      );
    } finally {
      app?.consentRevokedFor.delete(persona.id);
    }
  });

  it('answers interaction_required when Conditional Access demands MFA', async () => {
    const tenant = emulator.tenant();
    const persona = tenant.userByIdOrUpn(`uma.user@${tenant.domain}`);
    assert.ok(persona);
    tenant.mfaRequiredUsers.add(persona.id);
    try {
      await assert.rejects(
        msalClient(emulator).acquireTokenOnBehalfOf({ oboAssertion: await demoToken(emulator, 'user-admin'), scopes: [GRAPH_SCOPE] }),
        (error: { errorCode?: string }) => error.errorCode === 'interaction_required',
      );
    } finally {
      tenant.mfaRequiredUsers.delete(persona.id);
    }
  });

  it('refuses bad clients and bad assertions with Entra error shapes', async () => {
    const assertion = await demoToken(emulator, 'global-admin');
    const obo = {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
      assertion,
      scope: GRAPH_SCOPE,
    };
    const badSecret = await tokenRequest({ ...obo, client_secret: 'wrong' });
    assert.equal(badSecret.status, 401);
    assert.equal(badSecret.json.error, 'invalid_client');
    assert.match(String(badSecret.json.error_description), /^AADSTS7000215:/);
    const unknownClient = await tokenRequest({ ...obo, client_id: '11111111-1111-4111-8111-111111111111' });
    assert.match(String(unknownClient.json.error_description), /^AADSTS700016:/);
    const tampered = await tokenRequest({ ...obo, assertion: `${assertion.slice(0, -4)}AAAA` });
    assert.equal(tampered.json.error, 'invalid_grant');
    const missing = await tokenRequest({ ...obo, assertion: '' });
    assert.match(String(missing.json.error_description), /^AADSTS900144:/);
  });

  it('issues app-only tokens for client credentials', async () => {
    const result = await msalClient(emulator).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    assert.ok(result?.accessToken);
    const claims = decodeJwt(result.accessToken);
    assert.equal(claims.idtyp, 'app');
    assert.equal(claims.appid, emulator.clientId);
  });

  async function tokenRequest(form: Record<string, string>) {
    const res = await fetch(`${emulator.baseUrl}/${emulator.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
});

function decodeJwtHeader(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string };
  return header.kid;
}

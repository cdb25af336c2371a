import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { TEAMS_CLIENT_IDS } from '../../api/src/config.ts';
import { readText } from './support.ts';

interface AadManifest {
  identifierUris: string[];
  groupMembershipClaims: string;
  signInAudience: string;
  api: {
    requestedAccessTokenVersion: number;
    oauth2PermissionScopes: { id: string; value: string; type: string; isEnabled: boolean }[];
    preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
  };
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  web: { redirectUris: string[] };
}

const GRAPH = '00000003-0000-0000-c000-000000000000';
const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
/** Delegated permission ids (see the README's permission table for where each was checked). */
const DELEGATED = {
  'User.ReadWrite.All': '204e0828-b5ca-4ad8-b9f3-f32a958e7cc4',
  'Place.ReadWrite.All': '4c06a06a-098a-4063-868e-5dfee3827264',
  'Organization.Read.All': '4908d5b9-3fb2-4b1e-9336-1888b7937185',
  'Directory.Read.All': '06da0dbc-49e2-44d2-8312-53f166ab848a',
  'LicenseAssignment.ReadWrite.All': 'f55016cc-149c-447e-8f21-7cf3ec1d6350',
  // Issue 14 (Conditional Access readiness, sign-in health); ids as the Graph permissions reference lists them.
  'Policy.Read.All': '572fea84-0151-49b2-9301-11cb16974376',
  'AuditLog.Read.All': 'e4c9e354-4dc5-45b8-9e7c-e1393b0b1a20',
  'Exchange.Manage': 'ab4f2b77-0b06-4fc1-a9de-02113fc2ab7c',
};

const aad = JSON.parse(readText('aad.manifest.json')) as AadManifest;

describe('package: Entra app registration manifest', () => {
  it('exposes access_as_user and issues v2 tokens with the wids claim', () => {
    const [scope] = aad.api.oauth2PermissionScopes;
    assert.equal(aad.api.oauth2PermissionScopes.length, 1);
    assert.equal(scope?.value, 'access_as_user');
    assert.equal(scope?.type, 'User');
    assert.equal(scope?.isEnabled, true);
    assert.equal(aad.api.requestedAccessTokenVersion, 2);
    assert.ok(['DirectoryRole', 'All'].includes(aad.groupMembershipClaims));
    assert.equal(aad.signInAudience, 'AzureADMyOrg');
  });

  it('pre-authorizes exactly the Teams, Microsoft 365 and Outlook clients the API accepts', () => {
    const scopeId = aad.api.oauth2PermissionScopes[0]?.id;
    assert.deepEqual(aad.api.preAuthorizedApplications.map((app) => app.appId).sort(), [...TEAMS_CLIENT_IDS].sort());
    for (const app of aad.api.preAuthorizedApplications) assert.deepEqual(app.delegatedPermissionIds, [scopeId], app.appId);
  });

  it('has the identifier URI the Teams manifest asks tokens for', () => {
    const teams = JSON.parse(readText('appPackage/manifest.json')) as { webApplicationInfo: { resource: string } };
    assert.deepEqual(aad.identifierUris, [teams.webApplicationInfo.resource]);
    // The consent page (tab/auth-start.html) redirects to Entra and back; the code is never redeemed.
    assert.deepEqual(aad.web.redirectUris, ['https://${{TAB_DOMAIN}}/auth-end.html']);
  });

  it('requests the delegated Graph and Exchange permissions the product uses, and no others', () => {
    const requested = (resource: string) =>
      aad.requiredResourceAccess.find((entry) => entry.resourceAppId === resource)?.resourceAccess ?? [];
    assert.equal(aad.requiredResourceAccess.length, 2);
    const { 'Exchange.Manage': exchange, ...graph } = DELEGATED;
    assert.deepEqual(
      requested(GRAPH)
        .map((access) => access.id)
        .sort(),
      Object.values(graph).sort(),
    );
    assert.deepEqual(
      requested(EXCHANGE).map((access) => access.id),
      [exchange],
    );
    for (const access of [...requested(GRAPH), ...requested(EXCHANGE)]) assert.equal(access.type, 'Scope');
  });
});

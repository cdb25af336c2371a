import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CA_POLICIES, ROLE, seedManifest, type RunningEmulator, type SeedManifest } from '../../emulator/src/index.ts';
import { transitiveUserIds } from '../../emulator/src/tenant/signInModel.ts';
import { startTenant } from '../helpers/tenant.ts';
import { GRAPH_SCOPE, oboToken } from '../helpers/tokens.ts';
import { graph, pageAll, type GraphBody } from './graphFixtures.ts';

/** Sign-in health and Conditional Access readiness (issue 14): the Graph calls the product makes, over real HTTPS. */

const ANCHOR = '2026-12-01T12:00:00Z';
const DAY = 86_400_000;
const GRAPH_SCOPES_WITHOUT = (...removed: string[]) =>
  [
    'User.ReadWrite.All',
    'Place.ReadWrite.All',
    'Organization.Read.All',
    'Directory.Read.All',
    'LicenseAssignment.ReadWrite.All',
    'Policy.Read.All',
    'AuditLog.Read.All',
  ].filter((scope) => !removed.includes(scope));

describe('emulator: sign-in health and Conditional Access', () => {
  let emulator: RunningEmulator;
  let manifest: SeedManifest;
  let reader: string;
  let userAdmin: string;
  const control = (path: string, body: unknown, method = 'PUT') =>
    fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const premium = async (enabled: boolean) => assert.equal((await control('/premium', { enabled })).status, 200);
  /** A fresh global-reader token whose `scp` holds only `scopes` (consent narrowed through the control API, then restored). */
  const readerWithScopes = async (scopes: string[]) => {
    assert.equal((await control(`/apps/${emulator.clientId}/scopes`, { scopes })).status, 200);
    try {
      return await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
    } finally {
      await control(`/apps/${emulator.clientId}/scopes`, { scopes: GRAPH_SCOPES_WITHOUT() });
    }
  };
  const ca = () => manifest.signIn.conditionalAccess;
  const firstOf = (scenario: string) => {
    const id = manifest.signIn.byScenario[scenario]?.[0];
    assert.ok(id, `a room in sign-in scenario ${scenario}`);
    return id;
  };
  const failuresOf = async (token: string, userId: string, extra = '') =>
    graph(
      emulator,
      token,
      `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${userId}' and status/errorCode ne 0${extra}`)}&$top=10`,
    );

  beforeAll(async () => {
    emulator = await startTenant({ tenants: [{ seed: 31, rooms: 150, signInAnchor: ANCHOR }] });
    manifest = seedManifest(emulator.tenant());
    reader = await oboToken(emulator, 'global-reader', GRAPH_SCOPE);
    userAdmin = await oboToken(emulator, 'user-admin', GRAPH_SCOPE);
  });
  afterAll(() => emulator.close());

  it('seeds every resource account a sign-in scenario consistent with its setup, and a small MFA-caught share', () => {
    const tenant = emulator.tenant();
    const { scenarios, byScenario } = manifest.signIn;
    assert.deepEqual([...scenarios.keys()].sort(), [...manifest.resourceAccountIds].sort());
    for (const [userId, scenario] of scenarios) {
      const user = tenant.users.get(userId);
      assert.ok(user);
      assert.equal(scenario === 'disabled-50057', !user.accountEnabled, `${user.userPrincipalName} ${scenario}`);
      if (manifest.scenarios.get(userId) === 'password-expires' && user.accountEnabled && !ca().caughtBy.mfaAllUsers.includes(userId))
        assert.equal(scenario, 'password-expired-50055');
    }
    for (const scenario of [
      'recent',
      'stale',
      'never',
      'mfa-required-50076',
      'ca-blocked-53003',
      'bad-password-50126',
      'disabled-50057',
      'password-expired-50055',
      'security-defaults-530032',
    ]) {
      assert.ok((byScenario[scenario]?.length ?? 0) >= 1, scenario);
    }
    const accounts = manifest.resourceAccountIds.size;
    const caught = ca().caughtBy.mfaAllUsers;
    assert.ok(caught.length >= 1 && caught.length <= Math.ceil(accounts * 0.04), `${caught.length} of ${accounts} caught by MFA`);
    // Caught = every resource account outside the exclusion group, nested members counted as inside.
    const spared = transitiveUserIds(tenant.groups, ca().groupIds.roomsDevices);
    assert.deepEqual(caught, [...manifest.resourceAccountIds].filter((id) => !spared.has(id)).sort());
    const nested = tenant.groups.get(ca().groupIds.roomsAndroid);
    assert.ok(nested && nested.memberUserIds.size > 0);
    assert.ok(tenant.groups.get(ca().groupIds.roomsDevices)?.memberGroupIds.has(nested.id));
    for (const id of nested.memberUserIds)
      assert.ok(
        !tenant.groups.get(ca().groupIds.roomsDevices)?.memberUserIds.has(id),
        'Android rooms are excluded only through the nested group',
      );
    for (const [userId, scenario] of scenarios) {
      const days = manifest.signIn.daysSinceSuccess.get(userId);
      if (scenario === 'never') assert.equal(days, null);
      else if (scenario === 'recent') assert.equal(days, 0);
      else assert.ok(days !== null && days !== undefined && days >= 9 && days <= 40, `${scenario}: ${days} days`);
    }
    assert.equal(manifest.signIn.anchor, ANCHOR);
    assert.equal(tenant.premium, true);
    assert.equal(tenant.securityDefaultsEnabled, false);
  });

  it('lists Conditional Access policies in Graph shape for a Global Reader, pages with $top, and honours $select', async () => {
    const reply = await graph(emulator, reader, '/identity/conditionalAccess/policies');
    assert.equal(reply.status, 200, reply.text);
    const policies = reply.body.value ?? [];
    assert.deepEqual(policies.map((policy) => policy.displayName).sort(), Object.values(CA_POLICIES).sort());
    const byName = (name: string) => policies.find((policy) => policy.displayName === name) as Record<string, any>;
    const mfa = byName(CA_POLICIES.mfaAllUsers);
    assert.equal(mfa.state, 'enabled');
    assert.deepEqual(mfa.conditions.users.includeUsers, ['All']);
    assert.deepEqual(mfa.conditions.users.excludeGroups, [ca().groupIds.roomsDevices]);
    assert.deepEqual(mfa.conditions.applications.includeApplications, ['All']);
    assert.deepEqual(mfa.grantControls, {
      operator: 'OR',
      builtInControls: ['mfa'],
      customAuthenticationFactors: [],
      termsOfUse: [],
      authenticationStrength: null,
    });
    assert.equal(byName(CA_POLICIES.signInFrequencyReportOnly).state, 'enabledForReportingButNotEnforced');
    assert.deepEqual(byName(CA_POLICIES.signInFrequencyReportOnly).sessionControls.signInFrequency, {
      value: 8,
      type: 'hours',
      isEnabled: true,
      frequencyInterval: 'timeBased',
      authenticationType: 'primaryAndSecondaryAuthentication',
    });
    assert.deepEqual(byName(CA_POLICIES.blockUntrustedLocations).conditions.locations, {
      includeLocations: ['All'],
      excludeLocations: ['AllTrusted'],
    });
    assert.equal(byName(CA_POLICIES.blockLegacyAuthDisabled).state, 'disabled');
    assert.ok(byName(CA_POLICIES.adminsPhishingResistant).conditions.users.includeRoles.includes(ROLE.globalAdmin));
    assert.equal(byName(CA_POLICIES.adminsPhishingResistant).grantControls.authenticationStrength.id, ca().authenticationStrengthId);
    assert.deepEqual(byName(CA_POLICIES.contractorsTermsOfUse).grantControls.termsOfUse, [ca().termsOfUseId]);
    assert.deepEqual(byName(CA_POLICIES.blockDeviceCodeFlow).conditions.authenticationFlows, { transferMethods: 'deviceCodeFlow' });
    assert.deepEqual(byName(CA_POLICIES.browserCompliantDevice).conditions.clientAppTypes, ['browser']);

    const paged = await pageAll(emulator, reader, '/identity/conditionalAccess/policies?$top=3');
    assert.equal(paged.pages, 3);
    assert.deepEqual(
      paged.items.map((policy) => policy.id),
      policies.map((policy) => policy.id),
    );
    const selected = await graph(emulator, reader, '/identity/conditionalAccess/policies?$select=id,displayName,state');
    assert.deepEqual(Object.keys(selected.body.value?.[0] ?? {}), ['id', 'displayName', 'state']);
  });

  it('refuses Conditional Access without a policy-reading role, without Policy.Read.All, and in a tenant without P1; security defaults stay readable', async () => {
    const denied = await graph(emulator, userAdmin, '/identity/conditionalAccess/policies');
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error?.code, 'Authorization_RequestDenied');
    const noScope = await graph(
      emulator,
      await readerWithScopes(GRAPH_SCOPES_WITHOUT('Policy.Read.All')),
      '/identity/conditionalAccess/policies',
    );
    assert.equal(noScope.status, 403);
    assert.equal(noScope.body.error?.code, 'Authorization_RequestDenied');

    const defaults = await graph(emulator, reader, '/policies/identitySecurityDefaultsEnforcementPolicy');
    assert.equal(defaults.status, 200);
    assert.equal(defaults.body.isEnabled, false);
    assert.equal(defaults.body.id, '00000000-0000-0000-0000-000000000005');
    await premium(false);
    try {
      const refused = await graph(emulator, reader, '/identity/conditionalAccess/policies');
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error?.code, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
      assert.equal((await control('/security-defaults', { enabled: true })).status, 200);
      const on = await graph(emulator, reader, '/policies/identitySecurityDefaultsEnforcementPolicy?$select=isEnabled');
      assert.equal(on.status, 200);
      assert.deepEqual(
        Object.keys(on.body).filter((key) => !key.startsWith('@')),
        ['isEnabled'],
      );
      assert.equal(on.body.isEnabled, true);
    } finally {
      await premium(true);
      await control('/security-defaults', { enabled: false });
    }
    assert.equal((await graph(emulator, userAdmin, '/policies/identitySecurityDefaultsEnforcementPolicy')).status, 403);
  });

  it('reads a group and its transitive user members (nested groups flattened), paged, and 404s an unknown group', async () => {
    const tenant = emulator.tenant();
    const groupId = ca().groupIds.roomsDevices;
    const group = await graph(emulator, userAdmin, `/groups/${groupId}?$select=id,displayName`);
    assert.equal(group.status, 200);
    assert.deepEqual({ id: group.body.id, displayName: group.body.displayName }, { id: groupId, displayName: 'Teams Rooms devices' });
    const expected = [...transitiveUserIds(tenant.groups, groupId)].sort();
    const members = await pageAll(emulator, userAdmin, `/groups/${groupId}/transitiveMembers/microsoft.graph.user?$select=id&$top=40`);
    assert.ok(members.pages > 1);
    assert.deepEqual(members.items.map((member) => member.id).sort(), expected);
    assert.deepEqual(Object.keys(members.items[0] ?? {}), ['id']);
    const android = [...(tenant.groups.get(ca().groupIds.roomsAndroid)?.memberUserIds ?? [])];
    assert.ok(android.length > 0 && android.every((id) => expected.includes(id)), 'nested members are listed');

    const missing = await graph(
      emulator,
      userAdmin,
      '/groups/00000000-0000-4000-8000-000000000000/transitiveMembers/microsoft.graph.user?$select=id',
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error?.code, 'Request_ResourceNotFound');
    const noScope = await graph(emulator, await readerWithScopes(['User.Read.All']), `/groups/${groupId}`);
    assert.equal(noScope.status, 403);
  });

  it('lists directory role assignments filtered by role for a Global Reader, refuses other admins, and names a role definition', async () => {
    const admin = emulator.tenant().userByIdOrUpn(`grace.global@${emulator.tenant().domain}`);
    const refused = await graph(
      emulator,
      userAdmin,
      `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`roleDefinitionId eq '${ROLE.globalAdmin}'`)}`,
    );
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, 'Authorization_RequestDenied');
    const reply = await graph(
      emulator,
      reader,
      `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`roleDefinitionId eq '${ROLE.globalAdmin}'`)}`,
    );
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(
      reply.body.value?.map((assignment) => [assignment.principalId, assignment.roleDefinitionId, assignment.directoryScopeId]),
      [[admin?.id, ROLE.globalAdmin, '/']],
    );
    const scoped = await graph(
      emulator,
      reader,
      `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(`roleDefinitionId eq '${ROLE.userAdmin}'`)}`,
    );
    assert.ok(scoped.body.value?.some((assignment) => String(assignment.directoryScopeId).startsWith('/administrativeUnits/')));
    const definition = await graph(
      emulator,
      userAdmin,
      `/roleManagement/directory/roleDefinitions/${ROLE.reportsReader}?$select=id,displayName`,
    );
    assert.equal(definition.status, 200);
    assert.equal(definition.body.displayName, 'Reports Reader');
    assert.equal(
      (await graph(emulator, userAdmin, '/roleManagement/directory/roleDefinitions/00000000-0000-4000-8000-000000000000')).status,
      404,
    );
  });

  it('serves signInActivity on $select to a sign-in reader, leaves it out for a user who never signed in, and pages lists by 120', async () => {
    const recent = firstOf('recent');
    const reply = await graph(emulator, reader, `/users/${recent}?$select=id,signInActivity`);
    assert.equal(reply.status, 200, reply.text);
    const activity = reply.body.signInActivity as Record<string, string>;
    assert.ok(Date.parse(ANCHOR) - Date.parse(activity.lastSuccessfulSignInDateTime ?? '') < DAY);
    assert.deepEqual(Object.keys(activity).sort(), [
      'lastNonInteractiveSignInDateTime',
      'lastNonInteractiveSignInRequestId',
      'lastSignInDateTime',
      'lastSignInRequestId',
      'lastSuccessfulSignInDateTime',
      'lastSuccessfulSignInRequestId',
    ]);
    const never = await graph(emulator, reader, `/users/${firstOf('never')}?$select=id,signInActivity`);
    assert.equal(never.status, 200);
    assert.equal('signInActivity' in never.body, false);
    const blocked = firstOf('ca-blocked-53003');
    const stale = (await graph(emulator, reader, `/users/${blocked}?$select=signInActivity`)).body.signInActivity as Record<string, string>;
    const days = Math.floor((Date.parse(ANCHOR) - Date.parse(stale.lastSuccessfulSignInDateTime ?? '')) / DAY);
    assert.equal(days, manifest.signIn.daysSinceSuccess.get(blocked));
    assert.ok(
      Date.parse(stale.lastSignInDateTime ?? '') > Date.parse(stale.lastSuccessfulSignInDateTime ?? ''),
      'the last attempt failed after the last success',
    );

    const list = await graph(emulator, reader, '/users?$select=id,signInActivity&$top=999');
    assert.equal(list.status, 200);
    assert.equal(list.body.value?.length, 120);
    assert.ok(list.body['@odata.nextLink']);
    assert.equal(
      (await graph(emulator, reader, '/users?$select=id,accountEnabled&$top=999')).body.value?.length,
      emulator.tenant().users.size,
    );
  });

  it('refuses signInActivity without AuditLog.Read.All, without a sign-in reading role, and without P1', async () => {
    const recent = firstOf('recent');
    const noScope = await graph(
      emulator,
      await readerWithScopes(GRAPH_SCOPES_WITHOUT('AuditLog.Read.All')),
      `/users/${recent}?$select=id,signInActivity`,
    );
    assert.equal(noScope.status, 403);
    assert.equal(noScope.body.error?.code, 'Authentication_MSGraphPermissionMissing');
    const noRole = await graph(emulator, userAdmin, `/users/${recent}?$select=id,signInActivity`);
    assert.equal(noRole.status, 403);
    assert.equal(noRole.body.error?.code, 'Authorization_RequestDenied');
    assert.equal(
      (await graph(emulator, userAdmin, `/users/${recent}?$select=id,accountEnabled`)).status,
      200,
      'without signInActivity the read is unchanged',
    );
    await premium(false);
    try {
      const refused = await graph(emulator, reader, '/users?$select=id,signInActivity');
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error?.code, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
    } finally {
      await premium(true);
    }
  });

  it('lists an account failed sign-ins newest first with codes, reasons and the policy that failed, filtered by date and paged', async () => {
    const blocked = firstOf('ca-blocked-53003');
    const reply = await failuresOf(reader, blocked);
    assert.equal(reply.status, 200, reply.text);
    const items = reply.body.value ?? [];
    assert.equal(items.length, 3);
    const dates = items.map((item) => String(item.createdDateTime));
    assert.deepEqual(dates, [...dates].sort().reverse());
    const [newest] = items as Record<string, any>[];
    assert.equal(newest?.userId, blocked);
    assert.equal(newest?.status.errorCode, 53003);
    assert.match(newest?.status.failureReason, /Conditional Access/);
    assert.equal(newest?.clientAppUsed, 'Mobile Apps and Desktop clients');
    assert.equal(newest?.conditionalAccessStatus, 'failure');
    assert.deepEqual(newest?.appliedConditionalAccessPolicies, [
      {
        id: ca().policyIds.mfaAllUsers,
        displayName: CA_POLICIES.mfaAllUsers,
        enforcedGrantControls: ['Mfa'],
        enforcedSessionControls: [],
        result: 'failure',
      },
    ]);
    for (const [scenario, code] of [
      ['mfa-required-50076', 50076],
      ['bad-password-50126', 50126],
      ['disabled-50057', 50057],
      ['password-expired-50055', 50055],
      ['security-defaults-530032', 530032],
    ] as const) {
      const codes = ((await failuresOf(reader, firstOf(scenario))).body.value ?? []).map(
        (item) => (item.status as { errorCode: number }).errorCode,
      );
      assert.deepEqual(codes, [code, code, code], scenario);
    }
    assert.deepEqual((await failuresOf(reader, firstOf('recent'))).body.value, []);
    const since = new Date(Date.parse(ANCHOR) - 1.5 * DAY).toISOString().replace('.000Z', 'Z');
    const recentOnly = await failuresOf(reader, blocked, ` and createdDateTime ge ${since}`);
    assert.ok((recentOnly.body.value?.length ?? 0) >= 1 && (recentOnly.body.value?.length ?? 0) < 3);
    const all = await graph(emulator, reader, `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${blocked}'`)}`);
    assert.equal(all.body.value?.length, 4, 'three failures and the last success');
    const paged = await pageAll(emulator, reader, `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${blocked}'`)}&$top=1`);
    assert.equal(paged.pages, 4);
    assert.deepEqual(
      paged.items.map((item) => item.id),
      all.body.value?.map((item) => item.id),
    );
  });

  it('refuses the sign-in log without AuditLog.Read.All, without a sign-in reading role, and without P1', async () => {
    const noScope = await graph(emulator, await readerWithScopes(GRAPH_SCOPES_WITHOUT('AuditLog.Read.All')), '/auditLogs/signIns?$top=1');
    assert.equal(noScope.status, 403);
    assert.equal(noScope.body.error?.code, 'Authentication_MSGraphPermissionMissing');
    const noRole = await graph(emulator, userAdmin, '/auditLogs/signIns?$top=1');
    assert.equal(noRole.status, 403);
    assert.equal(noRole.body.error?.code, 'Authorization_RequestDenied');
    await premium(false);
    try {
      const refused = await graph(emulator, reader, '/auditLogs/signIns?$top=1');
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error?.code, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
      assert.equal(refused.body.error?.message, "Tenant is not a B2C tenant and doesn't have premium license");
    } finally {
      await premium(true);
    }
  });

  it('answers signInActivity and sign-in log reads inside $batch, each item refused on its own', async () => {
    const [first, second] = manifest.signIn.byScenario['mfa-required-50076'] ?? [];
    assert.ok(first);
    const requests = [
      { id: 'a', method: 'GET', url: `/users/${first}?$select=id,signInActivity` },
      { id: 'b', method: 'GET', url: `/users/${firstOf('recent')}?$select=id,signInActivity` },
      {
        id: 'c',
        method: 'GET',
        url: `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${second ?? first}' and status/errorCode ne 0`)}&$top=5`,
      },
    ];
    const reply = await graph(emulator, reader, '/$batch', { method: 'POST', body: { requests } });
    assert.equal(reply.status, 200);
    const byId = new Map((reply.body.responses ?? []).map((response) => [response.id, response]));
    assert.deepEqual(
      [...byId.values()].map((response) => response.status),
      [200, 200, 200],
    );
    assert.equal((byId.get('a')?.body as GraphBody).id, first);
    assert.ok((byId.get('a')?.body as GraphBody).signInActivity);
    assert.equal(((byId.get('c')?.body as GraphBody).value ?? []).length, 3);
    const refused = await graph(emulator, userAdmin, '/$batch', { method: 'POST', body: { requests } });
    assert.deepEqual(
      (refused.body.responses ?? []).map((response) => response.status),
      [403, 403, 403],
    );
  });

  it('exposes the seed ground truth and the sign-in controls through the control API', async () => {
    const seed = (await (await fetch(`${emulator.baseUrl}/emulator/tenants/${emulator.tenantId}/sign-in-seed`)).json()) as {
      anchor: string;
      premium: boolean;
      scenarios: Record<string, string>;
      daysSinceSuccess: Record<string, number | null>;
      conditionalAccess: { caughtBy: Record<string, string[]>; policyIds: Record<string, string> };
    };
    assert.equal(seed.anchor, ANCHOR);
    assert.equal(seed.premium, true);
    assert.deepEqual(seed.scenarios, Object.fromEntries(manifest.signIn.scenarios));
    assert.deepEqual(seed.conditionalAccess.caughtBy.mfaAllUsers, ca().caughtBy.mfaAllUsers);
    const tenants = (await (await fetch(`${emulator.baseUrl}/emulator/tenants`)).json()) as {
      value: { premium: boolean; securityDefaultsEnabled: boolean }[];
    };
    assert.deepEqual([tenants.value[0]?.premium, tenants.value[0]?.securityDefaultsEnabled], [true, false]);

    const never = firstOf('never');
    const set = await control(`/users/${never}/sign-in-activity`, { lastSuccessfulSignInDateTime: '2026-11-30T08:00:00Z' });
    assert.equal(set.status, 200);
    const read = await graph(emulator, reader, `/users/${never}?$select=signInActivity`);
    assert.equal((read.body.signInActivity as Record<string, unknown>).lastSuccessfulSignInDateTime, '2026-11-30T08:00:00Z');
    assert.equal((await control(`/users/${never}/sign-in-activity`, {}, 'DELETE')).status, 200);
    assert.equal('signInActivity' in (await graph(emulator, reader, `/users/${never}?$select=signInActivity`)).body, false);
    assert.equal((await control(`/users/${never}/sign-in-activity`, { lastSuccessfulSignInDateTime: 'yesterday' })).status, 400);
    assert.equal((await control('/premium', { enabled: 'no' })).status, 400);
    assert.equal((await control('/apps/not-an-app/scopes', { scopes: [] })).status, 404);
  });

  it('throttles the reports service on its own budget (5 requests per 10 s per app and tenant in the realistic profile)', async () => {
    const profile = (body: unknown) =>
      fetch(`${emulator.baseUrl}/emulator/profile`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await profile({ profile: 'realistic', graphLatencyMs: [0, 0] })).status, 200);
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let index = 0; index < 6; index += 1) {
        const reply = await graph(emulator, reader, '/auditLogs/signIns?$top=1');
        statuses.push(reply.status);
        if (reply.status === 429) retryAfter = reply.headers.get('retry-after');
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
      assert.ok(Number(retryAfter) >= 1);
      assert.equal((await graph(emulator, reader, '/users?$top=1&$select=id')).status, 200, 'identity reads keep their own budget');
    } finally {
      await profile({ profile: 'none' });
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { PolicyVerdict } from '../../contract/index.ts';
import { evaluateConditionalAccess, SECURITY_DEFAULTS_POLICY_ID } from '../../api/src/accounts/signIn/conditionalAccess.ts';
import type { CaPolicy } from '../../api/src/domain/signInFacts.ts';
import { ACCOUNT, caFact, MFA_FOR_ALL, OTHER_ROOM, policy } from '../helpers/signIn.ts';

/** Issue 14: each Conditional Access rule in isolation, on one resource account. */

const TEAMS = 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe';
const EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';
const DRS = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9';
const AZURE_PORTAL = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const ROOMS_GROUP = 'g-rooms';
const EXCLUDED_GROUP = 'g-ca-exclude-mtr';

const users = (change: Partial<CaPolicy['conditions']['users']>) => ({ users: { ...MFA_FOR_ALL.conditions.users, ...change } });
const apps = (change: Partial<CaPolicy['conditions']['applications']>) => ({
  applications: { ...MFA_FOR_ALL.conditions.applications, ...change },
});
const grant = (change: Partial<NonNullable<CaPolicy['grantControls']>>) => ({
  grantControls: { ...(MFA_FOR_ALL.grantControls as NonNullable<CaPolicy['grantControls']>), ...change },
});

function only(policies: CaPolicy[], extra: Parameters<typeof caFact>[1] = {}): PolicyVerdict | undefined {
  const verdicts = evaluateConditionalAccess(ACCOUNT, caFact(policies, extra));
  assert.ok(verdicts.length <= 1, `expected at most one verdict, got ${verdicts.map((verdict) => verdict.displayName).join(', ')}`);
  return verdicts[0];
}

describe('users: who the policy takes in', () => {
  it('All users with MFA blocks, included by "All users", with the policy link and what the room cannot do', () => {
    const verdict = only([MFA_FOR_ALL]);
    assert.ok(verdict);
    assert.equal(verdict.verdict, 'blocks');
    assert.equal(verdict.state, 'enabled');
    assert.equal(verdict.includedBy, 'All users');
    assert.match(verdict.unsupported.join(), /multifactor authentication/);
    assert.deepEqual(verdict.dependsOn, []);
    assert.equal(verdict.portalUrl, 'https://entra.microsoft.com/#view/Microsoft_AAD_ConditionalAccess/PolicyBlade/policyId/p-mfa');
  });

  it('the account excluded by id is not listed, even with All users included', () => {
    assert.equal(only([policy({ conditions: users({ excludeUsers: [ACCOUNT] }) })]), undefined);
  });

  it('an excluded group holding the account wins over All users', () => {
    const groups = {
      [EXCLUDED_GROUP]: { displayName: 'CA exclude MTR', status: 'ok' as const, resourceAccountIds: [ACCOUNT, OTHER_ROOM] },
    };
    assert.equal(only([policy({ conditions: users({ excludeGroups: [EXCLUDED_GROUP] }) })], { groups }), undefined);
  });

  it('a nested group counts through its transitive members (resolved by the sync into resourceAccountIds)', () => {
    // The sync read /groups/{id}/transitiveMembers: the account sits in a child group of "Teams Rooms devices".
    const groups = { [ROOMS_GROUP]: { displayName: 'Teams Rooms devices', status: 'ok' as const, resourceAccountIds: [ACCOUNT] } };
    const verdict = only([policy({ conditions: users({ includeUsers: [], includeGroups: [ROOMS_GROUP] }) })], { groups });
    assert.equal(verdict?.verdict, 'blocks');
    assert.equal(verdict?.includedBy, 'group Teams Rooms devices');
  });

  it('a group that does not hold the account leaves it out', () => {
    const groups = { [ROOMS_GROUP]: { displayName: 'Sales', status: 'ok' as const, resourceAccountIds: [OTHER_ROOM] } };
    assert.equal(only([policy({ conditions: users({ includeUsers: [], includeGroups: [ROOMS_GROUP] }) })], { groups }), undefined);
  });

  it('a role the account holds includes it; one it does not hold leaves it out', () => {
    const roles = { [GLOBAL_ADMIN]: { displayName: 'Global Administrator', status: 'ok' as const, resourceAccountIds: [ACCOUNT] } };
    const byRole = policy({ conditions: users({ includeUsers: [], includeRoles: [GLOBAL_ADMIN] }) });
    assert.equal(only([byRole], { roles })?.includedBy, 'role Global Administrator');
    assert.equal(
      only([byRole], { roles: { [GLOBAL_ADMIN]: { displayName: 'Global Administrator', status: 'ok', resourceAccountIds: [] } } }),
      undefined,
    );
  });

  it('the account named itself is "the account itself"', () => {
    assert.equal(only([policy({ conditions: users({ includeUsers: [ACCOUNT] }) })])?.includedBy, 'the account itself');
  });

  it('None and GuestsOrExternalUsers never take in a resource account (a member of the tenant)', () => {
    assert.equal(only([policy({ conditions: users({ includeUsers: ['None'] }) })]), undefined);
    assert.equal(only([policy({ conditions: users({ includeUsers: ['GuestsOrExternalUsers'] }) })]), undefined);
  });

  it('an unreadable included group gives "depends on membership", never "blocks"', () => {
    const groups = { [ROOMS_GROUP]: { displayName: 'Teams Rooms devices', status: 'unavailable' as const, reason: '403 Forbidden' } };
    const verdict = only([policy({ conditions: users({ includeUsers: [], includeGroups: [ROOMS_GROUP] }) })], { groups });
    assert.equal(verdict?.verdict, 'depends');
    assert.deepEqual(verdict?.dependsOn, ['depends on membership of group Teams Rooms devices (could not be read: 403 Forbidden)']);
  });

  it('an unreadable excluded group makes an All-users policy depend on it; a group the sync never read names its id', () => {
    const verdict = only([policy({ conditions: users({ excludeGroups: ['g-unread'] }) })]);
    assert.equal(verdict?.verdict, 'depends');
    assert.deepEqual(verdict?.dependsOn, [
      'depends on membership of group g-unread, which the policy excludes (could not be read: not read)',
    ]);
  });
});

describe('apps: the cloud apps Teams Rooms signs in to', () => {
  it('Office365, Teams Services, Exchange, SharePoint and Device Registration each reach the room', () => {
    for (const app of ['Office365', TEAMS, EXCHANGE, SHAREPOINT, DRS]) {
      assert.equal(only([policy({ conditions: apps({ includeApplications: [app] }) })])?.verdict, 'blocks', app);
    }
  });

  it('a policy only on another app (the Azure portal) is not listed', () => {
    assert.equal(only([policy({ conditions: apps({ includeApplications: [AZURE_PORTAL] }) })]), undefined);
  });

  it('All apps excluding Teams still reaches Exchange; excluding Office365 leaves only Device Registration', () => {
    assert.equal(only([policy({ conditions: apps({ excludeApplications: [TEAMS] }) })])?.verdict, 'blocks');
    assert.equal(
      only([
        policy({
          conditions: apps({
            includeApplications: ['Office365'],
            excludeApplications: [TEAMS, EXCHANGE, SHAREPOINT, '00000004-0000-0ff1-ce00-000000000000'],
          }),
        }),
      ]),
      undefined,
    );
    assert.equal(only([policy({ conditions: apps({ includeApplications: [TEAMS], excludeApplications: ['Office365'] }) })]), undefined);
  });

  it('user actions and authentication contexts are not a device sign-in', () => {
    assert.equal(
      only([policy({ conditions: apps({ includeApplications: [], includeUserActions: ['urn:user:registersecurityinfo'] }) })]),
      undefined,
    );
    assert.equal(
      only([policy({ conditions: apps({ includeApplications: [], includeAuthenticationContextClassReferences: ['c1'] }) })]),
      undefined,
    );
  });

  it('an application filter makes it depend, never block', () => {
    const verdict = only([policy({ conditions: apps({ hasApplicationFilter: true }) })]);
    assert.equal(verdict?.verdict, 'depends');
    assert.match(verdict?.dependsOn.join() ?? '', /application filter/);
  });
});

describe('client apps, platforms, flows, locations, device filters and risk', () => {
  it('browser-only or legacy-only policies do not reach the Teams app; all and desktop clients do', () => {
    assert.equal(only([policy({ conditions: { clientAppTypes: ['browser'] } })]), undefined);
    assert.equal(only([policy({ conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] } })]), undefined);
    assert.equal(only([policy({ conditions: { clientAppTypes: ['mobileAppsAndDesktopClients'] } })])?.verdict, 'blocks');
    assert.equal(only([policy({ conditions: { clientAppTypes: [] } })])?.verdict, 'blocks');
  });

  it('a platform condition: iOS only leaves the room out; Android only depends; all platforms blocks', () => {
    assert.equal(only([policy({ conditions: { platforms: { includePlatforms: ['iOS'], excludePlatforms: [] } } })]), undefined);
    const android = only([policy({ conditions: { platforms: { includePlatforms: ['android'], excludePlatforms: [] } } })]);
    assert.equal(android?.verdict, 'depends');
    assert.deepEqual(android?.dependsOn, ['device platform: applies to Teams Rooms on Android and panels only']);
    assert.equal(only([policy({ conditions: { platforms: { includePlatforms: ['all'], excludePlatforms: [] } } })])?.verdict, 'blocks');
    assert.equal(
      only([policy({ conditions: { platforms: { includePlatforms: ['all'], excludePlatforms: ['windows'] } } })])?.verdict,
      'depends',
    );
  });

  it('include any location with no exclusion applies everywhere; a named-location exclusion depends', () => {
    assert.equal(only([policy({ conditions: { locations: { includeLocations: ['All'], excludeLocations: [] } } })])?.verdict, 'blocks');
    const verdict = only([policy({ conditions: { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } } })]);
    assert.equal(verdict?.verdict, 'depends');
    assert.deepEqual(verdict?.dependsOn, ['named locations (include: any location, exclude: all trusted locations)']);
    assert.equal(
      only([policy({ conditions: { locations: { includeLocations: ['loc-1'], excludeLocations: [] } } })])?.dependsOn[0],
      'named locations (include: named location loc-1)',
    );
  });

  it('a device filter depends, with its rule', () => {
    const verdict = only([policy({ conditions: { deviceFilter: { mode: 'exclude', rule: 'device.model -startsWith "MTR"' } } })]);
    assert.equal(verdict?.verdict, 'depends');
    assert.deepEqual(verdict?.dependsOn, ['a device filter (exclude: device.model -startsWith "MTR")']);
  });

  it('sign-in risk and user risk depend', () => {
    assert.deepEqual(only([policy({ conditions: { signInRiskLevels: ['high', 'medium'] } })])?.dependsOn, ['sign-in risk (high, medium)']);
    assert.deepEqual(only([policy({ conditions: { userRiskLevels: ['high'] } })])?.dependsOn, ['user risk (high)']);
  });

  it('device code flow blocked depends on the platform (Android signs in with it); authentication transfer alone never reaches the room', () => {
    const blockDcf = policy({ conditions: { transferMethods: 'deviceCodeFlow' }, ...grant({ builtInControls: ['block'] }) });
    const verdict = only([blockDcf]);
    assert.equal(verdict?.verdict, 'depends');
    assert.deepEqual(verdict?.unsupported, ['blocks access']);
    assert.match(verdict?.dependsOn.join() ?? '', /device code flow only, which Teams Rooms on Android/);
    assert.equal(
      only([policy({ conditions: { transferMethods: 'authenticationTransfer' }, ...grant({ builtInControls: ['block'] }) })]),
      undefined,
    );
  });
});

describe('grant and session controls', () => {
  it('OR with a compliant device is satisfiable (the room offers compliance): not listed', () => {
    assert.equal(only([policy(grant({ operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] }))]), undefined);
  });

  it('AND with MFA is not: it blocks and names only what the room cannot do', () => {
    const verdict = only([policy(grant({ operator: 'AND', builtInControls: ['mfa', 'compliantDevice'] }))]);
    assert.equal(verdict?.verdict, 'blocks');
    assert.equal(verdict?.unsupported.length, 1);
    assert.match(verdict?.unsupported[0] ?? '', /multifactor/);
  });

  it('compliant device only is supported: not listed', () => {
    assert.equal(only([policy(grant({ builtInControls: ['compliantDevice'] }))]), undefined);
  });

  it('block, hybrid join, approved app, app protection and password change are unsupported', () => {
    for (const [control, words] of [
      ['block', /blocks access/],
      ['domainJoinedDevice', /hybrid joined/],
      ['approvedApplication', /approved client app/],
      ['compliantApplication', /app protection/],
      ['passwordChange', /password change/],
    ] as const) {
      assert.match(only([policy(grant({ builtInControls: [control] }))])?.unsupported.join() ?? '', words, control);
    }
  });

  it('an authentication strength blocks, named', () => {
    const verdict = only([
      policy(grant({ builtInControls: [], authenticationStrength: { id: 's1', displayName: 'Phishing-resistant MFA' } })),
    ]);
    assert.deepEqual(verdict?.unsupported, ['requires authentication strength "Phishing-resistant MFA"']);
  });

  it('terms of use block (a room cannot accept them)', () => {
    assert.deepEqual(only([policy(grant({ builtInControls: [], termsOfUse: ['tou-1'] }))])?.unsupported, [
      'requires accepting terms of use',
    ]);
  });

  it('a custom control blocks', () => {
    assert.deepEqual(only([policy(grant({ builtInControls: [], customAuthenticationFactors: ['Duo'] }))])?.unsupported, [
      'requires the custom control "Duo"',
    ]);
  });

  it('sign-in frequency signs the device out, even with grant controls the room satisfies', () => {
    const frequency = policy({
      ...grant({ builtInControls: ['compliantDevice'] }),
      sessionControls: { signInFrequency: { isEnabled: true, value: 8, type: 'hours', frequencyInterval: 'timeBased' } },
    });
    const verdict = only([frequency]);
    assert.equal(verdict?.verdict, 'blocks');
    assert.match(verdict?.unsupported[0] ?? '', /signs the device out every 8 hours/);
    const disabled = policy({
      ...grant({ builtInControls: ['compliantDevice'] }),
      sessionControls: { signInFrequency: { isEnabled: false, value: 8, type: 'hours', frequencyInterval: 'timeBased' } },
    });
    assert.equal(only([disabled]), undefined);
  });

  it('no grant controls and no session controls: access granted, not listed', () => {
    assert.equal(only([policy({ grantControls: null })]), undefined);
    assert.equal(only([policy(grant({ builtInControls: [] }))]), undefined);
  });
});

describe('state, fix and security defaults', () => {
  it('report-only that would block is shown as reportOnly; disabled is not listed', () => {
    const reportOnly = only([policy({ state: 'enabledForReportingButNotEnforced' })]);
    assert.equal(reportOnly?.verdict, 'reportOnly');
    assert.equal(reportOnly?.state, 'reportOnly');
    assert.equal(only([policy({ state: 'disabled' })]), undefined);
    // Report-only with a condition: still reportOnly (logged, not enforced), the condition kept.
    assert.deepEqual(
      only([policy({ state: 'enabledForReportingButNotEnforced', conditions: { signInRiskLevels: ['high'] } })])?.dependsOn,
      ['sign-in risk (high)'],
    );
  });

  it('report-only that the room satisfies is not listed', () => {
    assert.equal(
      only([policy({ state: 'enabledForReportingButNotEnforced', ...grant({ builtInControls: ['compliantDevice'] }) })]),
      undefined,
    );
  });

  it('fixExclusionGroup: a group the policy excludes that holds other resource accounts, the fullest one', () => {
    const groups = {
      [EXCLUDED_GROUP]: { displayName: 'CA exclude MTR', status: 'ok' as const, resourceAccountIds: [OTHER_ROOM, 'room-3'] },
      'g-break-glass': { displayName: 'Break glass', status: 'ok' as const, resourceAccountIds: [] },
      'g-one': { displayName: 'One room', status: 'ok' as const, resourceAccountIds: ['room-4'] },
    };
    const verdict = only([policy({ conditions: users({ excludeGroups: ['g-break-glass', 'g-one', EXCLUDED_GROUP] }) })], { groups });
    assert.equal(verdict?.verdict, 'blocks');
    assert.deepEqual(verdict?.fixExclusionGroup, { id: EXCLUDED_GROUP, displayName: 'CA exclude MTR' });
    // Excluded groups with no resource account: no established exclusion group to suggest.
    assert.equal(only([policy({ conditions: users({ excludeGroups: ['g-break-glass'] }) })], { groups })?.fixExclusionGroup, null);
  });

  it('security defaults on: a blocking verdict of their own, besides the policies', () => {
    const verdicts = evaluateConditionalAccess(ACCOUNT, caFact([], { securityDefaultsEnabled: true }));
    assert.equal(verdicts.length, 1);
    assert.equal(verdicts[0]?.policyId, SECURITY_DEFAULTS_POLICY_ID);
    assert.equal(verdicts[0]?.verdict, 'blocks');
    assert.match(verdicts[0]?.unsupported[0] ?? '', /do not support security defaults/);
    assert.deepEqual(evaluateConditionalAccess(ACCOUNT, caFact([], { securityDefaultsEnabled: null })), []);
  });

  it('several policies: each listed with its own verdict, in the tenant order', () => {
    const verdicts = evaluateConditionalAccess(
      ACCOUNT,
      caFact([
        MFA_FOR_ALL,
        policy({
          id: 'p-loc',
          displayName: 'Block outside office',
          ...grant({ builtInControls: ['block'] }),
          conditions: { locations: { includeLocations: ['All'], excludeLocations: ['office'] } },
        }),
        policy({ id: 'p-off', state: 'disabled' }),
      ]),
    );
    assert.deepEqual(
      verdicts.map((verdict) => [verdict.policyId, verdict.verdict]),
      [
        ['p-mfa', 'blocks'],
        ['p-loc', 'depends'],
      ],
    );
  });
});

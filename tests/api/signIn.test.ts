import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { accountDetail, accountListResponse, summaryResponse, type AccountDetail, type PolicyVerdict } from '../../contract/index.ts';
import { seedManifest, type SeedManifest } from '../../emulator/src/tenant/seed/manifest.ts';
import type { Tenant } from '../../emulator/src/tenant/model.ts';
import { startDemoStack, type DemoStack } from '../helpers/api.ts';

/**
 * Issue 14 end to end: a sync reads the tenant's Conditional Access and every account's sign-in activity from the
 * emulator's Graph, and the API flags exactly the rooms the seed put in each situation: per policy, per sign-in
 * state, with the failures' reasons; a tenant without Entra ID P1 and an admin without a reading role get N/A
 * with the reason instead.
 */
describe('api: sign-in health and Conditional Access readiness against the emulator', () => {
  let stack: DemoStack;
  let tenant: Tenant;
  let seed: SeedManifest;
  const details = new Map<string, AccountDetail>();

  beforeAll(async () => {
    stack = await startDemoStack({ emulator: { tenants: [{ seed: 14, rooms: 120 }] } });
    tenant = stack.emulator.tenant();
    seed = seedManifest(tenant);
    assert.equal((await stack.sync('global-reader', 'full')).status, 'succeeded');
    for (const id of seed.resourceAccountIds)
      details.set(id, accountDetail.parse((await stack.call('global-reader', `/api/accounts/${id}`)).body));
  });
  afterAll(() => stack.close());

  const ca = () => seed.signIn.conditionalAccess;
  /** The accounts whose Sign-in tab lists a policy, with the verdict they got. */
  const listedFor = (policyId: string) => {
    const found = new Map<string, PolicyVerdict>();
    for (const [id, detail] of details) {
      const verdict = detail.signInHealth?.conditionalAccess.policies.find((policy) => policy.policyId === policyId);
      if (verdict) found.set(id, verdict);
    }
    return found;
  };

  it('flags exactly the rooms each Conditional Access policy catches, with the verdict its controls and conditions call for', () => {
    const expected = {
      mfaAllUsers: 'blocks',
      contractorsTermsOfUse: 'blocks',
      blockUntrustedLocations: 'depends',
      blockDeviceCodeFlow: 'depends',
      signInFrequencyReportOnly: 'reportOnly',
    } as const;
    for (const [key, verdict] of Object.entries(expected)) {
      const policyId = ca().policyIds[key as keyof typeof expected];
      const listed = listedFor(policyId);
      assert.deepEqual([...listed.keys()].sort(), ca().caughtBy[key as keyof typeof expected], `${key}: the rooms it applies to`);
      assert.ok(listed.size > 0, `${key}: the seed catches at least one room`);
      for (const item of listed.values()) assert.equal(item.verdict, verdict, key);
    }
    // The disabled, the role-based and the browser-only policies apply to no room.
    for (const key of ['blockLegacyAuthDisabled', 'adminsPhishingResistant', 'browserCompliantDevice'] as const)
      assert.equal(listedFor(ca().policyIds[key]).size, 0, key);
  });

  it('the MFA policy names what Teams Rooms cannot satisfy, the exclusion group that fixes it and the policy in the Entra admin center', () => {
    const caught = ca().caughtBy.mfaAllUsers[0] as string;
    const verdict = listedFor(ca().policyIds.mfaAllUsers).get(caught);
    assert.ok(verdict);
    assert.equal(verdict.includedBy, 'All users');
    assert.match(verdict.unsupported.join(' '), /multifactor|MFA/i);
    assert.deepEqual(verdict.fixExclusionGroup, { id: ca().groupIds.roomsDevices, displayName: 'Teams Rooms devices' });
    assert.match(verdict.portalUrl, new RegExp(`^https://entra\\.microsoft\\.com/.*${ca().policyIds.mfaAllUsers}`));
    const check = details.get(caught)?.checks.find((outcome) => outcome.id === 'conditionalAccessReady');
    assert.equal(check?.result, 'fail');
    assert.equal(check?.severity, 'required');
    assert.match(check?.note ?? '', /Require MFA for all users/);
    assert.equal(details.get(caught)?.status, 'needsAction');
  });

  it('a room excluded through the nested Android group passes the required check', () => {
    const android = [...(tenant.groups.get(ca().groupIds.roomsAndroid)?.memberUserIds ?? [])].find(
      (id) => seed.resourceAccountIds.has(id) && !ca().caughtBy.blockDeviceCodeFlow.includes(id),
    );
    assert.ok(android, 'a room in the nested group only');
    assert.equal(listedFor(ca().policyIds.mfaAllUsers).has(android), false);
    assert.equal(details.get(android)?.checks.find((outcome) => outcome.id === 'conditionalAccessReady')?.result, 'pass');
  });

  it("the list, its Sign-in filter and the summary agree with each room's last successful sign-in", async () => {
    const list = accountListResponse.parse((await stack.call('global-reader', '/api/accounts?pageSize=500')).body);
    const states = new Map(list.items.map((item) => [item.id, item.signIn?.state]));
    for (const [id, days] of seed.signIn.daysSinceSuccess) {
      if (!seed.resourceAccountIds.has(id)) continue;
      assert.equal(states.get(id), days === null ? 'never' : days <= 7 ? 'recent' : 'stale', `${id}: ${days} days`);
    }
    const notRecent = [...states.values()].filter((state) => state === 'stale' || state === 'never').length;
    assert.ok(notRecent > 0);
    const summary = summaryResponse.parse((await stack.call('global-reader', '/api/summary')).body);
    assert.equal(summary.notSignedInRecently, notRecent);
    assert.equal(summary.signInWithinDays, 7);
    const filtered = accountListResponse.parse((await stack.call('global-reader', '/api/accounts?pageSize=500&signIn=stale,never')).body);
    assert.equal(filtered.total, notRecent);
    const blocked = accountListResponse.parse((await stack.call('global-reader', '/api/accounts?pageSize=500&signIn=blocked')).body);
    assert.deepEqual(
      blocked.items.map((item) => item.id).sort(),
      [...new Set([...ca().caughtBy.mfaAllUsers, ...ca().caughtBy.contractorsTermsOfUse])].sort(),
    );
    const csv = String((await stack.call('global-reader', '/api/accounts/export.csv?signIn=never')).body)
      .trim()
      .split('\r\n');
    assert.match(csv[0] ?? '', /Sign-in,Last successful sign-in,Blocking CA policies/);
    assert.equal(csv.length - 1, [...states.values()].filter((state) => state === 'never').length);
  });

  it('reads the recent failures of rooms in trouble, newest first, each with a plain reason and the policies applied', () => {
    for (const [scenario, code, reason] of [
      ['mfa-required-50076', 50076, /multifactor|MFA/i],
      ['password-expired-50055', 50055, /password.*expired/i],
      ['disabled-50057', 50057, /disabled/i],
    ] as const) {
      const id = (seed.signIn.byScenario[scenario] ?? []).find((account) => seed.resourceAccountIds.has(account));
      assert.ok(id, `the seed has a ${scenario} room`);
      const failures = details.get(id)?.signInHealth?.failures;
      assert.equal(failures?.status, 'ok', `${scenario}: ${failures?.reason}`);
      assert.ok(failures.items.length > 0 && failures.items.length <= 5);
      assert.equal(failures.items[0]?.errorCode, code);
      assert.match(failures.items[0]?.reason ?? '', reason);
      const times = failures.items.map((item) => item.createdDateTime);
      assert.deepEqual(times, [...times].sort().reverse());
    }
    const blocked = (seed.signIn.byScenario['ca-blocked-53003'] ?? []).find((account) => seed.resourceAccountIds.has(account));
    assert.ok(blocked);
    const failure = details.get(blocked)?.signInHealth?.failures.items[0];
    assert.equal(failure?.errorCode, 53003);
    assert.ok(failure?.appliedPolicies.some((policy) => policy.id === ca().policyIds.mfaAllUsers && policy.result === 'failure'));
    // A room that signed in successfully since its last attempt costs no log read.
    const healthy = (seed.signIn.byScenario.recent ?? []).find((account) => seed.resourceAccountIds.has(account));
    assert.ok(healthy);
    assert.equal(details.get(healthy)?.signInHealth?.failures.status, 'notRead');
  });

  it('an admin without a role that may read policies or sign-ins gets N/A with the role named, not an error', async () => {
    assert.equal((await stack.sync('user-admin', 'full')).status, 'succeeded');
    const id = ca().caughtBy.mfaAllUsers[0] as string;
    const detail = accountDetail.parse((await stack.call('user-admin', `/api/accounts/${id}`)).body);
    assert.equal(detail.signInHealth?.conditionalAccess.status, 'unavailable');
    assert.match(detail.signInHealth?.conditionalAccess.reason ?? '', /Security Reader/);
    assert.equal(detail.signInHealth?.activity.status, 'unavailable');
    assert.match(detail.signInHealth?.activity.reason ?? '', /Reports Reader/);
    const check = detail.checks.find((outcome) => outcome.id === 'conditionalAccessReady');
    assert.equal(check?.result, 'unknown');
    assert.equal(detail.status === 'needsAction' || detail.status === 'notAvailable', true);
  });

  it('a tenant without Entra ID P1: no policy can apply, sign-in activity is N/A with the licence named', async () => {
    tenant.premium = false;
    try {
      assert.equal((await stack.sync('global-reader', 'full')).status, 'succeeded');
      const id = ca().caughtBy.mfaAllUsers[0] as string;
      const detail = accountDetail.parse((await stack.call('global-reader', `/api/accounts/${id}`)).body);
      assert.equal(detail.checks.find((outcome) => outcome.id === 'conditionalAccessReady')?.result, 'pass');
      assert.deepEqual(detail.signInHealth?.conditionalAccess.policies, []);
      assert.equal(detail.signInHealth?.activity.status, 'unavailable');
      assert.match(detail.signInHealth?.activity.reason ?? '', /P1/);
      const recent = detail.checks.find((outcome) => outcome.id === 'signedInRecently');
      assert.equal(recent?.result, 'unknown');
      assert.match(recent?.note ?? '', /P1/);
    } finally {
      tenant.premium = true;
    }
  });
});

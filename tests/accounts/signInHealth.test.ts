import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_BASELINE, type Baseline } from '../../api/src/accounts/baseline.ts';
import { conditionalAccessConditional } from '../../api/src/accounts/checks/signIn/conditionalAccessConditional.ts';
import { conditionalAccessReady } from '../../api/src/accounts/checks/signIn/conditionalAccessReady.ts';
import { signedInRecently } from '../../api/src/accounts/checks/signIn/signedInRecently.ts';
import type { TenantFacts } from '../../api/src/accounts/checks/types.ts';
import { NOT_READ_YET, SIGN_IN_ROLE_REASON, signInHealthOf, signInStateOf } from '../../api/src/accounts/signIn/health.ts';
import { signInReason } from '../../api/src/accounts/signIn/signInReasons.ts';
import { evaluateStatus } from '../../api/src/accounts/status.ts';
import { tenant } from '../helpers/checkCases.ts';
import { caFact, failure, MFA_FOR_ALL, NOW, OTHER_ROOM, policy, withSignIn } from '../helpers/signIn.ts';
import { compliantSnapshot } from '../helpers/snapshots.ts';

/** Issue 14: sign-in health, the list's Sign-in state and the three sign-in checks, on a fixed clock. */

const DAY = 24 * 60 * 60 * 1000;
const daysBefore = (days: number, ms = 0) => new Date(NOW.getTime() - days * DAY - ms).toISOString();
const withCa = (conditionalAccess: TenantFacts['conditionalAccess']): TenantFacts => ({ ...tenant, conditionalAccess });
const context = (facts: TenantFacts = tenant, baseline: Baseline = DEFAULT_BASELINE) => ({ baseline, tenant: facts, now: NOW });

describe('plain-language reasons', () => {
  it('the codes that sign a room out read as their cause', () => {
    assert.match(signInReason(50076, 'Due to a configuration change…'), /^MFA required/);
    assert.match(signInReason(50079, null), /^MFA registration required/);
    assert.match(signInReason(50126, null), /Wrong user name or password/);
    assert.match(signInReason(50057, null), /disabled/);
    assert.match(signInReason(50055, null), /password expired/);
    assert.match(signInReason(50053, null), /^Locked/);
    assert.match(signInReason(53003, null), /Conditional Access/);
    assert.match(signInReason(530035, null), /security defaults/);
    assert.match(signInReason(530032, null), /tenant security policy/);
    assert.match(signInReason(53000, null), /compliant device/);
    assert.match(signInReason(70043, null), /sign-in frequency/);
    assert.match(signInReason(50173, null), /revoked/);
    assert.match(signInReason(50133, null), /password expired or was changed/);
    assert.match(signInReason(50105, null), /not assigned/);
  });

  it("an unknown code falls back to Microsoft's failureReason, then to the code", () => {
    assert.equal(signInReason(99999, '  Something Microsoft says  '), 'Something Microsoft says');
    assert.equal(signInReason(99999, null), 'Sign-in error 99999');
  });
});

describe('sign-in health', () => {
  it('last sign-in is the newer of interactive and non-interactive; failures newest first with our reasons', () => {
    const snapshot = withSignIn(
      {
        lastSignInDateTime: '2026-11-20T07:00:00Z',
        lastNonInteractiveSignInDateTime: '2026-11-22T07:00:00Z',
        lastSuccessfulSignInDateTime: '2026-11-15T07:00:00Z',
      },
      [
        failure(50126, '2026-11-21T07:00:00Z'),
        failure(50076, '2026-11-22T07:00:00Z', 'Due to a configuration change made by your administrator…'),
      ],
    );
    const health = signInHealthOf(snapshot, tenant, DEFAULT_BASELINE, NOW);
    assert.deepEqual(health.activity, { status: 'ok', lastSignIn: '2026-11-22T07:00:00Z', lastSuccessfulSignIn: '2026-11-15T07:00:00Z' });
    assert.deepEqual(
      health.failures.items.map((item) => item.errorCode),
      [50076, 50126],
    );
    assert.match(health.failures.items[0]?.reason ?? '', /^MFA required/);
    assert.equal(health.failures.items[0]?.failureReason, 'Due to a configuration change made by your administrator…');
  });

  it('a snapshot stored before sign-in was read: every part not read yet, saying Get Data reads it', () => {
    const health = signInHealthOf(compliantSnapshot(), { skus: [] });
    assert.deepEqual([health.activity.status, health.failures.status, health.conditionalAccess.status], ['notRead', 'notRead', 'notRead']);
    assert.equal(health.activity.reason, NOT_READ_YET);
    assert.equal(health.conditionalAccess.reason, NOT_READ_YET);
  });

  it('activity refused: unavailable, naming the least-privileged role, or the reason the sync gave', () => {
    assert.equal(signInHealthOf(withSignIn({ status: 'unavailable' }), tenant).activity.reason, SIGN_IN_ROLE_REASON);
    assert.match(SIGN_IN_ROLE_REASON, /Reports Reader/);
    assert.match(SIGN_IN_ROLE_REASON, /P1/);
    const told = withSignIn({ status: 'unavailable', message: 'The tenant has no Microsoft Entra ID P1 license' });
    assert.equal(signInHealthOf(told, tenant).activity.reason, 'The tenant has no Microsoft Entra ID P1 license');
  });

  it('failures not read this sync (the activity showed no trouble) say so', () => {
    const health = signInHealthOf(withSignIn({}), tenant);
    assert.equal(health.failures.status, 'notRead');
    assert.match(health.failures.reason ?? '', /only when the activity shows trouble/);
  });

  it('Conditional Access: evaluated for the account, unavailable with the reason, or no policy without P1', () => {
    assert.equal(signInHealthOf(compliantSnapshot(), withCa(caFact([MFA_FOR_ALL]))).conditionalAccess.policies[0]?.verdict, 'blocks');
    const refused = signInHealthOf(
      compliantSnapshot(),
      withCa({ status: 'unavailable', readAt: NOW.toISOString(), reason: 'Reading policies needs Security Reader at least' }),
    );
    assert.deepEqual(refused.conditionalAccess, {
      status: 'unavailable',
      reason: 'Reading policies needs Security Reader at least',
      policies: [],
    });
    const noPremium = signInHealthOf(
      compliantSnapshot(),
      withCa({ status: 'noPremium', readAt: NOW.toISOString(), reason: 'No Microsoft Entra ID P1', securityDefaultsEnabled: false }),
    );
    assert.deepEqual(noPremium.conditionalAccess, { status: 'ok', reason: 'No Microsoft Entra ID P1', policies: [] });
  });
});

describe('the list state, at the boundary of N days', () => {
  const state = (lastSuccessfulSignInDateTime: string | null, baseline = DEFAULT_BASELINE) =>
    signInStateOf(withSignIn({ lastSuccessfulSignInDateTime }), tenant, baseline, NOW).state;

  it('recent up to exactly N days, stale a millisecond later, never without a success', () => {
    assert.equal(state(daysBefore(7)), 'recent');
    assert.equal(state(daysBefore(7, 1)), 'stale');
    assert.equal(state(daysBefore(0)), 'recent');
    assert.equal(state(null), 'never');
  });

  it('N comes from the baseline', () => {
    assert.equal(state(daysBefore(9), { ...DEFAULT_BASELINE, signInWithinDays: 10 }), 'recent');
    assert.equal(state(daysBefore(2), { ...DEFAULT_BASELINE, signInWithinDays: 1 }), 'stale');
  });

  it('unknown when the activity is unavailable or not read, and blocking policies are counted', () => {
    assert.equal(signInStateOf(withSignIn({ status: 'unavailable' }), tenant, DEFAULT_BASELINE, NOW).state, 'unknown');
    assert.equal(signInStateOf(compliantSnapshot(), tenant, DEFAULT_BASELINE, NOW).state, 'unknown');
    const caught = signInStateOf(
      withSignIn({}),
      withCa(caFact([MFA_FOR_ALL, policy({ id: 'p-2' }), policy({ id: 'p-3', state: 'enabledForReportingButNotEnforced' })])),
      DEFAULT_BASELINE,
      NOW,
    );
    assert.deepEqual(caught, { state: 'recent', lastSuccessfulSignIn: '2026-11-24T09:00:00Z', blockingPolicies: 2 });
  });
});

describe('signedInRecently', () => {
  it('passes within N days, with the baseline in the expected value', () => {
    assert.equal(signedInRecently.evaluate(withSignIn({ lastSuccessfulSignInDateTime: daysBefore(7) }), context()).result, 'pass');
    assert.equal(signedInRecently.expected(DEFAULT_BASELINE), 'a successful sign-in within the last 7 days');
  });

  it('fails past N days with how long ago and the last error in words', () => {
    const snapshot = withSignIn({ lastSuccessfulSignInDateTime: daysBefore(9) }, [failure(50076, daysBefore(1))]);
    const evaluation = signedInRecently.evaluate(snapshot, context());
    assert.equal(evaluation.result, 'fail');
    assert.equal(evaluation.note, 'Last successful sign-in 9 days ago; last error 50076: MFA required');
  });

  it('fails with no successful sign-in recorded', () => {
    const evaluation = signedInRecently.evaluate(
      withSignIn({ lastSuccessfulSignInDateTime: null }, [failure(50126, daysBefore(1))]),
      context(),
    );
    assert.equal(evaluation.result, 'fail');
    assert.equal(evaluation.note, 'No successful sign-in recorded; last error 50126: Wrong user name or password');
  });

  it('N/A with the reason: no P1 or role, not read yet', () => {
    const refused = signedInRecently.evaluate(withSignIn({ status: 'unavailable' }), context());
    assert.deepEqual([refused.result, refused.note], ['unknown', SIGN_IN_ROLE_REASON]);
    const notRead = signedInRecently.evaluate(compliantSnapshot(), context());
    assert.deepEqual([notRead.result, notRead.note], ['unknown', NOT_READ_YET]);
  });

  it('uses the context clock, not the wall clock', () => {
    const snapshot = withSignIn({ lastSuccessfulSignInDateTime: '2026-11-20T00:00:00Z' });
    assert.equal(signedInRecently.evaluate(snapshot, { ...context(), now: new Date('2026-11-21T00:00:00Z') }).result, 'pass');
    assert.equal(signedInRecently.evaluate(snapshot, { ...context(), now: new Date('2027-01-01T00:00:00Z') }).result, 'fail');
  });
});

describe('conditionalAccessReady and conditionalAccessConditional', () => {
  it('a blocking policy fails the required check, naming the policy and the exclusion group that would fix it', () => {
    const groups = { 'g-ex': { displayName: 'CA exclude MTR', status: 'ok' as const, resourceAccountIds: [OTHER_ROOM] } };
    const facts = withCa(
      caFact([policy({ conditions: { users: { ...MFA_FOR_ALL.conditions.users, excludeGroups: ['g-ex'] } } })], { groups }),
    );
    const evaluation = conditionalAccessReady.evaluate(compliantSnapshot(), context(facts));
    assert.equal(evaluation.result, 'fail');
    assert.deepEqual(evaluation.actual, ['MFA for all users']);
    assert.match(evaluation.note ?? '', /^Blocked by "MFA for all users" \(requires multifactor authentication/);
    assert.match(evaluation.note ?? '', /Fix: add the account to "CA exclude MTR", which "MFA for all users" already excludes/);
    assert.equal(evaluateStatus(compliantSnapshot(), DEFAULT_BASELINE, facts).status, 'needsAction');
  });

  it("passes with no blocking policy; a depends or report-only one is the recommended check's warning", () => {
    const facts = withCa(
      caFact([
        policy({ conditions: { signInRiskLevels: ['high'] } }),
        policy({ id: 'p-ro', displayName: 'MFA pilot', state: 'enabledForReportingButNotEnforced' }),
      ]),
    );
    assert.equal(conditionalAccessReady.evaluate(compliantSnapshot(), context(facts)).result, 'pass');
    const warning = conditionalAccessConditional.evaluate(compliantSnapshot(), context(facts));
    assert.equal(warning.result, 'fail');
    assert.deepEqual(warning.actual, ['MFA for all users', 'MFA pilot']);
    assert.equal(
      warning.note,
      'May block, depending on "MFA for all users" (sign-in risk (high)). Report-only, would block: "MFA pilot" (requires multifactor authentication (a room has no second device to approve it))',
    );
    const grade = evaluateStatus(compliantSnapshot(), DEFAULT_BASELINE, facts);
    assert.equal(grade.status, 'noActionNeeded');
    assert.equal(grade.warnings, 1);
  });

  it('a tenant without Entra ID P1: no policy can apply, both pass, the note says why', () => {
    const facts = withCa({
      status: 'noPremium',
      readAt: NOW.toISOString(),
      reason: 'No Microsoft Entra ID P1',
      securityDefaultsEnabled: false,
    });
    const ready = conditionalAccessReady.evaluate(compliantSnapshot(), context(facts));
    assert.deepEqual([ready.result, ready.note], ['pass', 'No Microsoft Entra ID P1: no Conditional Access policy can apply']);
    assert.equal(conditionalAccessConditional.evaluate(compliantSnapshot(), context(facts)).result, 'pass');
  });

  it('security defaults on fail the required check, with or without P1', () => {
    const noPremium = withCa({
      status: 'noPremium',
      readAt: NOW.toISOString(),
      reason: 'No Microsoft Entra ID P1',
      securityDefaultsEnabled: true,
    });
    const ready = conditionalAccessReady.evaluate(compliantSnapshot(), context(noPremium));
    assert.equal(ready.result, 'fail');
    assert.deepEqual(ready.actual, ['Security defaults']);
    assert.equal(
      conditionalAccessReady.evaluate(compliantSnapshot(), context(withCa(caFact([], { securityDefaultsEnabled: true })))).result,
      'fail',
    );
  });

  it('N/A with the reason when policies could not be read, or were never read', () => {
    const refused = withCa({ status: 'unavailable', readAt: NOW.toISOString(), reason: 'Reading policies needs Security Reader at least' });
    for (const check of [conditionalAccessReady, conditionalAccessConditional]) {
      assert.deepEqual(Object.values(check.evaluate(compliantSnapshot(), context(refused))), [
        'unknown',
        null,
        'Reading policies needs Security Reader at least',
      ]);
      const never = check.evaluate(compliantSnapshot(), context({ skus: [] }));
      assert.deepEqual([never.result, never.note], ['unknown', 'Conditional Access not read yet: run Get Data']);
    }
  });

  it('none of the sign-in checks changes anything itself: each explains the manual fix', () => {
    for (const check of [signedInRecently, conditionalAccessReady, conditionalAccessConditional]) {
      assert.equal(check.fix, undefined, check.id);
      assert.ok(check.manualFix && check.manualFix.length > 40, check.id);
      assert.equal(check.group, 'signIn');
    }
    assert.match(conditionalAccessReady.manualFix ?? '', /never changes Conditional Access policies/);
  });
});

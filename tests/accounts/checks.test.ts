import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { DEFAULT_BASELINE, type Baseline } from '../../api/src/accounts/baseline.ts';
import { CHECKS, CHECKS_BY_ID } from '../../api/src/accounts/checks/registry.ts';
import { recommendedSettings } from '../../api/src/accounts/plan.ts';
import { evaluateStatus } from '../../api/src/accounts/status.ts';
import { basicOnly, CASES, cp, tenant } from '../helpers/checkCases.ts';
import { compliantSnapshot, withSource } from '../helpers/snapshots.ts';

describe('checks catalog', () => {
  it('has a test case for every check, and every check has a label, hover text and PowerShell', () => {
    assert.deepEqual(Object.keys(CASES).sort(), CHECKS.map((check) => check.id).sort());
    for (const check of CHECKS) {
      assert.ok(check.label && check.description.length > 40 && check.powershell, check.id);
    }
  });

  for (const check of CHECKS) {
    it(`${check.id}: pass, fail and unknown`, () => {
      const testCase = CASES[check.id];
      assert.ok(testCase);
      const context = { baseline: DEFAULT_BASELINE, tenant: testCase.tenant ?? tenant, ...(testCase.now ? { now: testCase.now } : {}) };
      const passing =
        check.id === 'basicLicenseCap'
          ? check.evaluate(basicOnly, { ...context, tenant })
          : check.evaluate(testCase.pass ?? compliantSnapshot(), { ...context, tenant: testCase.passTenant ?? context.tenant });
      assert.equal(passing.result, 'pass');
      assert.equal(check.evaluate(testCase.fail, context).result, 'fail');
      assert.equal(check.evaluate(testCase.unknown, { ...context, tenant: testCase.unknownTenant ?? context.tenant }).result, 'unknown');
    });
  }

  it('the required set is domain.md §1d plus what Microsoft words as "must" / "will cause sign in problems" / "not supported" (CA)', () => {
    const required = CHECKS.filter((check) => check.severity === 'required')
      .map((check) => check.id)
      .sort();
    assert.deepEqual(required, [
      'accountEnabled',
      'addAdditionalResponse',
      'addOrganizerToSubject',
      'allowRecurringMeetings',
      'automateProcessing',
      'conditionalAccessReady',
      'deleteAttachments',
      'deleteComments',
      'deleteSubject',
      'noForcedPasswordChange',
      'passwordNeverExpires',
      'processExternalMeetingMessages',
      'removePrivateProperty',
      'teamsRoomsLicense',
      'upnMatchesSmtp',
    ]);
  });

  it('UPN = SMTP and no forced password change are never fixed automatically, and cite the Learn page', () => {
    for (const id of ['upnMatchesSmtp', 'noForcedPasswordChange']) {
      const check = CHECKS_BY_ID.get(id);
      assert.ok(check && !check.fix && check.manualFix, id);
      assert.match(check.description, /https:\/\/learn\.microsoft\.com\/microsoftteams\/rooms\/create-resource-account/, id);
    }
  });
});

describe('settings left to the admin', () => {
  const synced = (change: Record<string, unknown>) =>
    withSource('user', { onPremisesSyncEnabled: true, onPremisesSamAccountName: 'mtr-sea-1', ...change });

  it('a synced account: sign-in is left to AD with the AD command; passwordPolicies is still planned (a cloud setting)', () => {
    const { settings, leftAlone } = recommendedSettings(
      synced({ accountEnabled: false, passwordPolicies: null }),
      DEFAULT_BASELINE,
      tenant,
    );
    assert.equal(settings.accountEnabled, undefined);
    assert.equal(settings.passwordNeverExpires, true);
    assert.deepEqual(leftAlone, [
      {
        setting: 'accountEnabled',
        from: false,
        to: true,
        message: 'Managed in on-premises Active Directory: Enable-ADAccount -Identity mtr-sea-1',
      },
    ]);
  });

  it('a cloud account: sign-in is planned; a forced password change is left alone with the guidance, never planned', () => {
    const { settings, leftAlone } = recommendedSettings(
      withSource('user', { accountEnabled: false, forceChangePasswordNextSignIn: true }),
      DEFAULT_BASELINE,
      tenant,
    );
    assert.equal(settings.accountEnabled, true);
    assert.equal(settings.forceChangePasswordNextSignIn, undefined);
    assert.deepEqual(
      leftAlone.map((entry) => entry.setting),
      ['noForcedPasswordChange'],
    );
    assert.match(leftAlone[0]?.message ?? '', /Microsoft 365 admin center/);
  });
});

describe('status rules', () => {
  it('No Action Needed when every required check passes', () => {
    const grade = evaluateStatus(compliantSnapshot(), DEFAULT_BASELINE, tenant);
    assert.equal(grade.status, 'noActionNeeded');
    assert.equal(grade.warnings, 0);
  });

  it('Needs Action when any required check fails', () => {
    assert.equal(evaluateStatus(withSource('user', { accountEnabled: false }), DEFAULT_BASELINE, tenant).status, 'needsAction');
  });

  it('N/A when required data cannot be read (no Exchange permission, or no mailbox)', () => {
    assert.equal(
      evaluateStatus(withSource('calendarProcessing', { status: 'unavailable' }), DEFAULT_BASELINE, tenant).status,
      'notAvailable',
    );
    assert.equal(evaluateStatus(withSource('calendarProcessing', { status: 'notFound' }), DEFAULT_BASELINE, tenant).status, 'notAvailable');
  });

  it('a known failure outranks unreadable data', () => {
    const snapshot = withSource('user', { accountEnabled: false }, withSource('calendarProcessing', { status: 'unavailable' }));
    assert.equal(evaluateStatus(snapshot, DEFAULT_BASELINE, tenant).status, 'needsAction');
  });

  it('warnings are counted but never change the status', () => {
    const grade = evaluateStatus(cp({ AllowConflicts: true, BookingWindowInDays: 0 }), DEFAULT_BASELINE, tenant);
    assert.equal(grade.status, 'noActionNeeded');
    assert.equal(grade.warnings, 2);
  });

  it('the baseline re-grades: a recommended check made required, a required one ignored, a value changed', () => {
    const conflicts = cp({ AllowConflicts: true });
    const strict: Baseline = { ...DEFAULT_BASELINE, version: 1, severities: { allowConflicts: 'required' } };
    assert.equal(evaluateStatus(conflicts, strict, tenant).status, 'needsAction');
    const noExternal = cp({ ProcessExternalMeetingMessages: false });
    assert.equal(evaluateStatus(noExternal, DEFAULT_BASELINE, tenant).status, 'needsAction');
    const secure: Baseline = {
      ...DEFAULT_BASELINE,
      version: 2,
      calendarProcessing: { ...DEFAULT_BASELINE.calendarProcessing, ProcessExternalMeetingMessages: false },
    };
    assert.equal(evaluateStatus(noExternal, secure, tenant).status, 'noActionNeeded');
    const ignored: Baseline = { ...DEFAULT_BASELINE, version: 3, severities: { processExternalMeetingMessages: 'ignored' } };
    assert.equal(evaluateStatus(noExternal, ignored, tenant).status, 'noActionNeeded');
  });

  it('fixable checks name the setting they change', () => {
    for (const check of CHECKS) {
      if (!check.fix) continue;
      const fix = check.fix(CASES[check.id]?.fail ?? compliantSnapshot(), { baseline: DEFAULT_BASELINE, tenant });
      assert.ok(fix === null || fix.setting, check.id);
    }
    assert.ok(CHECKS_BY_ID.get('deleteComments')?.fix);
  });
});

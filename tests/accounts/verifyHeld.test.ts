import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import type { ChangeResult } from '../../contract/index.ts';
import { verifyHeld } from '../../api/src/accounts/applyReads.ts';
import { planChanges } from '../../api/src/accounts/plan.ts';
import { ROLE } from '../../api/src/auth/roles.ts';
import type { AccountSnapshot } from '../../api/src/domain/snapshot.ts';
import { compliantSnapshot, withSource } from '../helpers/snapshots.ts';

const PRO = '4cde982a-ede4-4409-9ae6-b003453c8ea6';
const BASIC = '6af4b3d6-14bb-4a2a-960c-6c902aad34f3';

/** The changes planned from `before` to `desired`, reported as Microsoft accepting every one. */
function accepted(before: AccountSnapshot, desired: Parameters<typeof planChanges>[1], licenseSkuId?: string) {
  const applied = planChanges(before, desired, [ROLE.globalAdmin], licenseSkuId);
  const results: ChangeResult[] = applied.map((change) => ({
    setting: change.setting,
    from: change.from,
    to: change.to,
    outcome: 'succeeded',
  }));
  return { applied, results };
}

describe('verifyHeld: a Graph write is reported as made only when Microsoft holds it on read-back', () => {
  it('every accepted change read back as written: the results stand', () => {
    const before = withSource('user', { accountEnabled: false, passwordPolicies: null, usageLocation: null });
    const { applied, results } = accepted(before, { accountEnabled: true, passwordNeverExpires: true, usageLocation: 'us' });
    const after = withSource('user', { passwordPolicies: 'DisableStrongPassword,DisablePasswordExpiration' });
    assert.deepEqual(verifyHeld(results, applied, after), results);
  });

  it('a write Graph accepted but did not keep is failed, with the value Microsoft still reports', () => {
    const before = withSource('user', {
      accountEnabled: false,
      forceChangePasswordNextSignIn: true,
      passwordPolicies: null,
      usageLocation: null,
    });
    const { applied, results } = accepted(before, {
      accountEnabled: true,
      forceChangePasswordNextSignIn: false,
      passwordNeverExpires: true,
      usageLocation: 'DE',
    });
    const kept = verifyHeld(results, applied, before);
    assert.deepEqual(kept, [
      {
        setting: 'accountEnabled',
        from: false,
        to: false,
        outcome: 'failed',
        message: 'Microsoft accepted the change but still reports false.',
      },
      {
        setting: 'passwordPolicies',
        from: null,
        to: 'None',
        outcome: 'failed',
        message: 'Microsoft accepted the change but still reports None.',
      },
      {
        setting: 'forceChangePasswordNextSignIn',
        from: true,
        to: true,
        outcome: 'failed',
        message: 'Microsoft accepted the change but still reports true.',
      },
      {
        setting: 'usageLocation',
        from: null,
        to: null,
        outcome: 'failed',
        message: 'Microsoft accepted the change but still reports no value.',
      },
    ]);
  });

  it('an unread flag counts as off; a passwordPolicies removal holds when the policy is gone', () => {
    const forced = withSource('user', { forceChangePasswordNextSignIn: true });
    const cleared = accepted(forced, { forceChangePasswordNextSignIn: false });
    assert.equal(
      verifyHeld(cleared.results, cleared.applied, withSource('user', { forceChangePasswordNextSignIn: null }))[0]?.outcome,
      'succeeded',
    );
    const removal = accepted(compliantSnapshot(), { passwordNeverExpires: false });
    assert.equal(
      verifyHeld(removal.results, removal.applied, withSource('user', { passwordPolicies: 'DisableStrongPassword' }))[0]?.outcome,
      'succeeded',
    );
    assert.equal(verifyHeld(removal.results, removal.applied, compliantSnapshot())[0]?.outcome, 'failed');
    const spaced = accepted(withSource('user', { passwordPolicies: null }), { passwordNeverExpires: true });
    assert.equal(
      verifyHeld(
        spaced.results,
        spaced.applied,
        withSource('user', { passwordPolicies: 'DisableStrongPassword, DisablePasswordExpiration' }),
      )[0]?.outcome,
      'succeeded',
    );
    const forcing = accepted(compliantSnapshot(), { forceChangePasswordNextSignIn: true });
    assert.deepEqual(verifyHeld(forcing.results, forcing.applied, withSource('user', { forceChangePasswordNextSignIn: null }))[0], {
      setting: 'forceChangePasswordNextSignIn',
      from: false,
      to: false,
      outcome: 'failed',
      message: 'Microsoft accepted the change but still reports false.',
    });
    const located = accepted(withSource('user', { usageLocation: null }), { usageLocation: 'DE' });
    assert.equal(
      verifyHeld(located.results, located.applied, withSource('user', { usageLocation: undefined }))[0]?.message,
      'Microsoft accepted the change but still reports no value.',
    );
  });

  it('licenses: held when the read-back user carries the SKU; otherwise the licenses it has, by name', () => {
    const before = withSource('licenses', [] as never, withSource('user', { assignedSkuIds: [] }));
    const { applied, results } = accepted(before, {}, PRO);
    assert.equal(verifyHeld(results, applied, compliantSnapshot())[0]?.outcome, 'succeeded');
    const [missing] = verifyHeld(results, applied, withSource('user', { assignedSkuIds: [BASIC] }));
    assert.deepEqual(missing, {
      setting: 'license',
      from: [],
      to: ['Microsoft Teams Rooms Basic'],
      outcome: 'failed',
      message: 'Microsoft accepted the change but still reports Microsoft Teams Rooms Basic.',
    });
    const [none] = verifyHeld(results, applied, withSource('user', { assignedSkuIds: [] }));
    assert.equal(none?.message, 'Microsoft accepted the change but still reports none.');
    const [two] = verifyHeld(results, applied, withSource('user', { assignedSkuIds: [BASIC, BASIC] }));
    assert.equal(two?.message, 'Microsoft accepted the change but still reports Microsoft Teams Rooms Basic, Microsoft Teams Rooms Basic.');
  });

  it('Exchange and place writes, refused or failed results, and an unread user are left as they are', () => {
    const before = withSource('calendarProcessing', { AllowConflicts: true }, withSource('user', { accountEnabled: false }));
    const { applied } = accepted(before, {
      accountEnabled: true,
      calendarProcessing: { AllowConflicts: false },
      location: { capacity: 3 },
    });
    const results: ChangeResult[] = [
      { setting: 'accountEnabled', from: false, to: true, outcome: 'refused', requiredRole: 'User Administrator' },
      { setting: 'AllowConflicts', from: true, to: false, outcome: 'succeeded' },
      { setting: 'location.capacity', from: 8, to: 3, outcome: 'succeeded' },
    ];
    assert.deepEqual(verifyHeld(results, applied, before), results);
    const succeeded: ChangeResult[] = [{ setting: 'accountEnabled', from: false, to: true, outcome: 'succeeded' }];
    assert.deepEqual(verifyHeld(succeeded, applied, withSource('user', { status: 'unavailable' })), succeeded);
    assert.deepEqual(verifyHeld(succeeded, [], before), succeeded, 'a result with no applied change is kept');
  });

  it('a setting Graph writes that is not read back is taken as held', () => {
    const results: ChangeResult[] = [{ setting: 'displayName', from: 'a', to: 'b', outcome: 'succeeded' }];
    const applied = [
      {
        setting: 'displayName',
        label: 'Name',
        group: 'account',
        from: 'a',
        to: 'b',
        api: 'PATCH /users/{id}',
        requiredRole: 'User Administrator',
        allowed: true,
        kind: 'userAccount',
        payload: {},
      },
    ] as const;
    assert.deepEqual(verifyHeld(results, [...applied], withSource('user', { displayName: 'a' })), results);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { CHECKS_BY_ID } from '../../api/src/accounts/checks/registry.ts';
import { isDirectorySynced, MANAGED_ON_PREMISES, onPremisesCommand, onPremisesReason } from '../../api/src/accounts/onPremises.ts';
import { compliantSnapshot, withSource } from '../helpers/snapshots.ts';

const synced = withSource('user', { onPremisesSyncEnabled: true, onPremisesSamAccountName: 'mtr-sea-1' });
const check = (id: string) => {
  const found = CHECKS_BY_ID.get(id);
  assert.ok(found, id);
  return found;
};

describe('accounts synchronized from on-premises AD', () => {
  it('synced only when Graph says onPremisesSyncEnabled true', () => {
    assert.equal(isDirectorySynced(synced), true);
    assert.equal(isDirectorySynced(compliantSnapshot()), false);
    assert.equal(isDirectorySynced(withSource('user', { onPremisesSyncEnabled: false })), false);
    assert.equal(isDirectorySynced(withSource('user', { status: 'unavailable' })), false);
    const stale = withSource('user', { onPremisesSyncEnabled: true });
    stale.sources.user.status = 'error';
    assert.equal(isDirectorySynced(stale), false, 'data left in a source not read ok is not used');
    const empty = compliantSnapshot();
    empty.sources.user = { status: 'ok', readAt: empty.readAt };
    assert.equal(isDirectorySynced(empty), false);
  });

  it('the AD command for a check AD masters, with the sAMAccountName or a placeholder', () => {
    assert.equal(onPremisesCommand(check('accountEnabled'), synced), 'Enable-ADAccount -Identity mtr-sea-1');
    assert.equal(
      onPremisesCommand(check('accountEnabled'), withSource('user', { onPremisesSyncEnabled: true })),
      'Enable-ADAccount -Identity <sAMAccountName>',
    );
    assert.equal(onPremisesCommand(check('accountEnabled'), compliantSnapshot()), undefined);
    assert.equal(onPremisesCommand(check('passwordNeverExpires'), synced), undefined, 'a cloud setting even when synced');
  });

  it('the reason an explicit change is refused names the check and the command', () => {
    assert.equal(
      onPremisesReason('accountEnabled', synced),
      `${MANAGED_ON_PREMISES}: change "Sign-in allowed" there (Enable-ADAccount -Identity mtr-sea-1).`,
    );
    assert.match(
      onPremisesReason('forceChangePasswordNextSignIn', synced) ?? '',
      /^Managed in on-premises Active Directory: change "Password change forced at next sign-in" there \(Set-ADUser -Identity mtr-sea-1 -ChangePasswordAtLogon \$false/,
    );
    assert.equal(onPremisesReason('passwordPolicies', synced), undefined);
    assert.equal(onPremisesReason('usageLocation', synced), undefined);
    assert.equal(onPremisesReason('accountEnabled', compliantSnapshot()), undefined);
  });
});

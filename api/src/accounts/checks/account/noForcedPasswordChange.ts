import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** A forced change at next sign-in blocks an unattended device (CRA account include). */
export const noForcedPasswordChange: CheckDefinition = {
  id: 'noForcedPasswordChange',
  group: 'account',
  label: 'No forced password change',
  description:
    'Whether the account must change its password at next sign-in. "Requiring users to change the password on a shared device will cause sign in problems": nobody is at the device to type a new one.',
  powershell: 'Update-MgUser -UserId <upn> -PasswordProfile @{ ForceChangePasswordNextSignIn = $false }',
  severity: 'recommended',
  changeRole: ROLE.userAdmin,
  expected: () => false,
  evaluate(snapshot) {
    const user = readSource(snapshot, 'user');
    if ('unknown' in user) return user.unknown;
    return verdict(user.data.forceChangePasswordNextSignIn !== true, user.data.forceChangePasswordNextSignIn ?? false);
  },
  fix: () => ({ kind: 'userPatch', setting: 'forceChangePasswordNextSignIn', patch: { passwordProfile: { forceChangePasswordNextSignIn: false } }, to: false }),
};

import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** Shared devices must not be signed out by password expiry (CRA password include). */
export const passwordNeverExpires: CheckDefinition = {
  id: 'passwordNeverExpires',
  group: 'account',
  label: 'Password never expires',
  setting: 'passwordPolicies',
  description:
    'Whether the account password is exempt from expiry. When it expires, the Teams Rooms device is signed out and cannot sign in again without someone on site; Microsoft lists "password never expires" as a requirement for shared Teams devices.',
  powershell: 'Update-MgUser -UserId <upn> -PasswordPolicies DisablePasswordExpiration',
  severity: 'required',
  changeRole: ROLE.userAdmin,
  expected: () => 'DisablePasswordExpiration',
  evaluate(snapshot) {
    const user = readSource(snapshot, 'user');
    if ('unknown' in user) return user.unknown;
    const policies = user.data.passwordPolicies ?? '';
    return verdict(
      policies
        .split(',')
        .map((p) => p.trim())
        .includes('DisablePasswordExpiration'),
      policies || 'None',
    );
  },
  fix(snapshot) {
    const user = readSource(snapshot, 'user');
    // Keep any other policy (e.g. DisableStrongPassword) the account already has.
    const others =
      'data' in user
        ? (user.data.passwordPolicies ?? '')
            .split(',')
            .map((p) => p.trim())
            .filter((p) => p && p !== 'None' && p !== 'DisablePasswordExpiration')
        : [];
    const value = ['DisablePasswordExpiration', ...others].join(', ');
    return { kind: 'userPatch', setting: 'passwordPolicies', patch: { passwordPolicies: value }, to: value };
  },
};

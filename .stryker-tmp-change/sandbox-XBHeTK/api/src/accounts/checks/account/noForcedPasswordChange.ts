// @ts-nocheck
import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

const SOURCE = 'https://learn.microsoft.com/microsoftteams/rooms/create-resource-account';

/**
 * A forced change at next sign-in blocks an unattended device (CRA account include), so it is required.
 * There is no automatic fix: Graph answers 204 to a passwordProfile PATCH without a password and may keep the
 * flag (microsoft-graph-docs#4267), and a fix we can't verify is no fix. Resetting the password is the admin's.
 */
export const noForcedPasswordChange: CheckDefinition = {
  id: 'noForcedPasswordChange',
  group: 'account',
  label: 'Password change forced at next sign-in',
  setting: 'forceChangePasswordNextSignIn',
  description: `Whether the account must change its password at next sign-in. Microsoft: "Requiring users to change the password on a shared device will cause sign in problems": nobody is at the device to type a new one. (${SOURCE})`,
  powershell: 'Update-MgUser -UserId <upn> -PasswordProfile @{ Password = "<new password>"; ForceChangePasswordNextSignIn = $false }',
  severity: 'required',
  changeRole: ROLE.userAdmin,
  expected: () => false,
  evaluate(snapshot) {
    const user = readSource(snapshot, 'user');
    if ('unknown' in user) return user.unknown;
    return verdict(user.data.forceChangePasswordNextSignIn !== true, user.data.forceChangePasswordNextSignIn ?? false);
  },
  manualFix:
    'Not fixed automatically: Microsoft 365 does not reliably clear this flag without a new password. Reset the password in the Microsoft 365 admin center with "Require this user to change their password when they first sign in" unchecked, then update the password stored on the device.',
  onPremises: (identity) => `Set-ADUser -Identity ${identity} -ChangePasswordAtLogon $false   # then set the new password on the device`,
};

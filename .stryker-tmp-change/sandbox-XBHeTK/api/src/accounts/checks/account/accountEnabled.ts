// @ts-nocheck
import { ROLE } from '../../../auth/roles.ts';
import { readSource, verdict } from '../read.ts';
import type { CheckDefinition } from '../types.ts';

/** The device signs in with this account, so sign-in must be allowed (CRA account include). */
export const accountEnabled: CheckDefinition = {
  id: 'accountEnabled',
  group: 'account',
  label: 'Sign-in allowed',
  setting: 'accountEnabled',
  description:
    'Whether the account is enabled in Microsoft Entra ID. The Teams Rooms device signs in with this account; room mailboxes created without an account, or disabled later, leave the device signed out.',
  powershell: 'Update-MgUser -UserId <upn> -AccountEnabled:$true',
  severity: 'required',
  changeRole: ROLE.userAdmin,
  expected: () => true,
  evaluate(snapshot) {
    const user = readSource(snapshot, 'user');
    if ('unknown' in user) return user.unknown;
    return verdict(user.data.accountEnabled === true, user.data.accountEnabled);
  },
  fix: () => ({ kind: 'userPatch', setting: 'accountEnabled', patch: { accountEnabled: true }, to: true }),
  // For synced accounts AD decides: a cloud change is overwritten once AD's value is synchronized again.
  onPremises: (identity) => `Enable-ADAccount -Identity ${identity}`,
};

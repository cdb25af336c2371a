// @ts-nocheck
import type { AccountSnapshot } from '../inventory/snapshot.ts';
import { accountEnabled } from './checks/account/accountEnabled.ts';
import { noForcedPasswordChange } from './checks/account/noForcedPasswordChange.ts';
import type { CheckDefinition } from './checks/types.ts';

/*
 * Accounts synchronized from on-premises Active Directory (onPremisesSyncEnabled true). Their sign-in state,
 * password and names are mastered in AD: Graph refuses some writes ("Unable to update the specified properties
 * for on-premises mastered Directory Sync objects…", microsoft-graph-docs#7301) and the next synchronization
 * overwrites others (Azure AD Connect FAQ, azure-docs#35963). passwordPolicies and usageLocation stay cloud
 * settings (Learn, password hash synchronization: `Update-MgUser -PasswordPolicies DisablePasswordExpiration`
 * for synced accounts that need non-expiring passwords), so they are still fixed through Graph.
 */

export const MANAGED_ON_PREMISES = 'Managed in on-premises Active Directory';

/** The plan settings (see plan.ts) whose value AD masters for a synced account, with the check that grades each. */
const ON_PREMISES_SETTINGS: ReadonlyMap<string, CheckDefinition> = new Map([
  ['accountEnabled', accountEnabled],
  ['forceChangePasswordNextSignIn', noForcedPasswordChange],
]);

export function isDirectorySynced(snapshot: AccountSnapshot): boolean {
  const user = snapshot.sources.user;
  return user.status === 'ok' && user.data?.onPremisesSyncEnabled === true;
}

/** The identity AD PowerShell takes (sAMAccountName); a placeholder when Graph did not return it. */
function adIdentity(snapshot: AccountSnapshot): string {
  const user = snapshot.sources.user.status === 'ok' ? snapshot.sources.user.data : undefined;
  return user?.onPremisesSamAccountName ?? '<sAMAccountName>';
}

/** For a synced account and a check AD masters: the AD PowerShell that changes it; otherwise undefined. */
export function onPremisesCommand(check: CheckDefinition, snapshot: AccountSnapshot): string | undefined {
  return check.onPremises && isDirectorySynced(snapshot) ? check.onPremises(adIdentity(snapshot)) : undefined;
}

/** The reason a setting is not changed on a synced account, or undefined when we may change it. */
export function onPremisesReason(setting: string, snapshot: AccountSnapshot): string | undefined {
  const check = ON_PREMISES_SETTINGS.get(setting);
  const command = check && onPremisesCommand(check, snapshot);
  return command ? `${MANAGED_ON_PREMISES}: change "${check.label}" there (${command}).` : undefined;
}

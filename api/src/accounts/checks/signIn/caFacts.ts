import type { PolicyVerdict } from '../../../../../contract/index.ts';
import type { AccountSnapshot } from '../../../domain/snapshot.ts';
import { signInHealthOf } from '../../signIn/health.ts';
import { CA_BEST_PRACTICE_URL, SUPPORTED_CA_URL } from '../../signIn/teamsRoomsSupport.ts';
import type { Evaluation, TenantFacts } from '../types.ts';

/** The verdicts for one account, or why they can't be known (CA not read yet, or the admin may not read it). */
export function caVerdicts(
  snapshot: AccountSnapshot,
  tenant: TenantFacts,
): { policies: PolicyVerdict[]; noPremium: string | null } | { unknown: Evaluation } {
  const ca = signInHealthOf(snapshot, tenant).conditionalAccess;
  if (ca.status !== 'ok')
    return {
      unknown: {
        result: 'unknown',
        actual: null,
        note:
          ca.status === 'notRead' ? 'Conditional Access not read yet: run Get Data' : (ca.reason ?? 'Conditional Access could not be read'),
      },
    };
  return {
    policies: ca.policies,
    noPremium: tenant.conditionalAccess?.status === 'noPremium' ? (ca.reason ?? 'No Microsoft Entra ID P1') : null,
  };
}

/** `"MFA for all users" (requires multifactor authentication …)`: a policy and what it demands or depends on. */
export function describeVerdict(verdict: PolicyVerdict, what: 'unsupported' | 'dependsOn'): string {
  return `"${verdict.displayName}" (${verdict[what].join('; ')})`;
}

export const CA_MANUAL_FIX =
  'Room Accounts never changes Conditional Access policies. In the Microsoft Entra admin center (the policy link on the Sign-in tab), exclude the account from the policy, best by adding it to the group of Teams Rooms accounts the policy already excludes, and give the rooms a policy of their own (for example, require a compliant device). Security defaults can only be switched off (Entra ID > Overview > Properties > Manage security defaults).';

export const CA_SOURCES = `Microsoft: "Exclude your Teams Rooms resource accounts from all existing Conditional Access policies and create a new policy specific to the resource accounts" (${CA_BEST_PRACTICE_URL}); what Teams Rooms supports: ${SUPPORTED_CA_URL}.`;

export const CA_POWERSHELL =
  'Get-MgIdentityConditionalAccessPolicy | Where-Object State -ne "disabled" | Select-Object DisplayName, State, @{n="ExcludeGroups";e={$_.Conditions.Users.ExcludeGroups}}   # fix: New-MgGroupMember -GroupId <exclusion group id> -DirectoryObjectId <account id>';

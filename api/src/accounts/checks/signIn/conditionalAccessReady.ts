import { ROLE } from '../../../auth/roles.ts';
import type { CheckDefinition } from '../types.ts';
import { CA_MANUAL_FIX, CA_POWERSHELL, CA_SOURCES, caVerdicts, describeVerdict } from './caFacts.ts';

/**
 * An enabled policy that demands MFA, an authentication strength, terms of use or a sign-in frequency signs the room
 * out and keeps it out: Microsoft lists those as unsupported for Teams Rooms, so this check is required. Only
 * certain verdicts fail it; "depends" and report-only ones are conditionalAccessConditional's warnings.
 */
export const conditionalAccessReady: CheckDefinition = {
  id: 'conditionalAccessReady',
  group: 'signIn',
  label: 'Conditional Access lets Teams Rooms sign in',
  description: `Whether any enabled Conditional Access policy that applies to the account (by user, group, role or "All users", for the cloud apps Teams Rooms uses) demands what a Teams Rooms device can't give: multifactor authentication, an authentication strength, terms of use, a hybrid-joined device, an approved or protected app, a sign-in frequency, or a block. Security defaults count too: Teams shared devices don't support them. ${CA_SOURCES} Reading policies needs Policy.Read.All and Security Reader at least; a tenant without Microsoft Entra ID P1 has no policies to apply.`,
  powershell: CA_POWERSHELL,
  severity: 'required',
  changeRole: ROLE.conditionalAccessAdmin,
  expected: () => "no enabled policy Teams Rooms can't satisfy",
  evaluate(snapshot, { tenant }) {
    const read = caVerdicts(snapshot, tenant);
    if ('unknown' in read) return read.unknown;
    const blocking = read.policies.filter((policy) => policy.verdict === 'blocks');
    if (blocking.length === 0)
      return {
        result: 'pass',
        actual: 'none',
        ...(read.noPremium ? { note: `${read.noPremium}: no Conditional Access policy can apply` } : {}),
      };
    const fixes = blocking.flatMap((policy) =>
      policy.fixExclusionGroup
        ? [`add the account to "${policy.fixExclusionGroup.displayName}", which "${policy.displayName}" already excludes`]
        : [],
    );
    const note = `Blocked by ${blocking.map((policy) => describeVerdict(policy, 'unsupported')).join(', ')}${fixes.length > 0 ? `. Fix: ${fixes.join('; ')}` : ''}`;
    return { result: 'fail', actual: blocking.map((policy) => policy.displayName), note };
  },
  manualFix: CA_MANUAL_FIX,
};

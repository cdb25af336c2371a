import { ROLE } from '../../../auth/roles.ts';
import type { CheckDefinition } from '../types.ts';
import { CA_MANUAL_FIX, CA_POWERSHELL, CA_SOURCES, caVerdicts, describeVerdict } from './caFacts.ts';

/**
 * A policy whose effect on the room is decided only at sign-in (a named location, a platform, a device filter, risk,
 * a group we couldn't read) or that is report-only today: not a failure we can prove, but one a move, a network
 * change or a switch to "On" turns into a signed-out room. A warning, never a change of status.
 */
export const conditionalAccessConditional: CheckDefinition = {
  id: 'conditionalAccessConditional',
  group: 'signIn',
  label: 'Conditional Access is certain to let Teams Rooms sign in',
  description: `Whether every Conditional Access policy that could demand what Teams Rooms can't give is ruled out without sign-in-time conditions. A policy that applies only at some locations, on some platforms, to some devices or at some risk levels, or that is report-only (logged, not enforced), may sign the room out later: when it moves, its network changes, or the policy is switched on. ${CA_SOURCES}`,
  powershell: CA_POWERSHELL,
  severity: 'recommended',
  changeRole: ROLE.conditionalAccessAdmin,
  expected: () => 'no policy that depends on sign-in conditions or is report-only',
  evaluate(snapshot, { tenant }) {
    const read = caVerdicts(snapshot, tenant);
    if ('unknown' in read) return read.unknown;
    const depends = read.policies.filter((policy) => policy.verdict === 'depends');
    const reportOnly = read.policies.filter((policy) => policy.verdict === 'reportOnly');
    if (depends.length === 0 && reportOnly.length === 0) return { result: 'pass', actual: 'none' };
    const parts = [
      ...(depends.length > 0
        ? [`May block, depending on ${depends.map((policy) => describeVerdict(policy, 'dependsOn')).join(', ')}`]
        : []),
      ...(reportOnly.length > 0
        ? [`Report-only, would block: ${reportOnly.map((policy) => describeVerdict(policy, 'unsupported')).join(', ')}`]
        : []),
    ];
    return { result: 'fail', actual: [...depends, ...reportOnly].map((policy) => policy.displayName), note: parts.join('. ') };
  },
  manualFix: CA_MANUAL_FIX,
};

import { MESSAGES, type AccountDetail } from '../../../../contract/index.ts';
import type { Baseline } from '../../accounts/baseline.ts';
import type { CheckDefinition } from '../../accounts/checks/types.ts';
import { onPremisesCommand } from '../../accounts/onPremises.ts';
import { signInHealthOf } from '../../accounts/signIn/health.ts';
import { evaluateStatus } from '../../accounts/status.ts';
import { ROLE_NAMES } from '../../auth/roles.ts';
import type { RoomListsFact } from '../../domain/roomLists.ts';
import type { ConditionalAccessFact } from '../../domain/signInFacts.ts';
import type { AccountSnapshot } from '../../domain/snapshot.ts';
import type { SubscribedSku } from '../../domain/subscribedSku.ts';
import { factsOf, listItem, skuParts } from './listRow.ts';

/** One account with its sources and checks, graded now from its stored snapshot and the tenant's facts. */
export function accountDetail(
  snapshot: AccountSnapshot,
  state: { skus: SubscribedSku[]; roomLists?: RoomListsFact; conditionalAccess?: ConditionalAccessFact },
  baseline: Baseline,
): AccountDetail {
  const tenant = factsOf(state);
  const grade = evaluateStatus(snapshot, baseline, tenant);
  const mailboxUnavailable =
    snapshot.sources.calendarProcessing.status === 'unavailable' || snapshot.sources.mailbox.status === 'unavailable';
  return {
    ...listItem(snapshot, grade, skuParts(state.skus), tenant, baseline),
    signInHealth: signInHealthOf(snapshot, tenant, baseline, new Date()),
    sources: snapshot.sources,
    checks: grade.outcomes.map((outcome) => ({
      id: outcome.check.id,
      group: outcome.check.group,
      label: outcome.check.label,
      description: outcome.check.description,
      powershell: outcome.check.powershell,
      severity: outcome.severity,
      result: outcome.result,
      actual: outcome.actual,
      expected: outcome.expected,
      ...(outcome.note ? { note: outcome.note } : {}),
      changeRole: ROLE_NAMES[outcome.check.changeRole] ?? outcome.check.changeRole,
      ...(outcome.check.manualFix ? { manualFix: outcome.check.manualFix } : {}),
      ...onPremisesField(outcome.check, snapshot),
    })),
    mailboxMessage: mailboxUnavailable ? MESSAGES.permission : null,
  };
}

/** For a synced account, the AD PowerShell of a setting AD masters: shown instead of a control. */
function onPremisesField(check: CheckDefinition, snapshot: AccountSnapshot): { managedOnPremises?: string } {
  const command = onPremisesCommand(check, snapshot);
  return command ? { managedOnPremises: command } : {};
}

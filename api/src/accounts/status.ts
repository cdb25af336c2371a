import type { AccountStatus } from '../../../contract/index.ts';
import type { AccountSnapshot } from '../domain/snapshot.ts';
import type { Baseline } from './baseline.ts';
import { CHECKS } from './checks/registry.ts';
import type { CheckContext, CheckDefinition, Evaluation, TenantFacts } from './checks/types.ts';

export type EffectiveSeverity = 'required' | 'recommended' | 'ignored';

export interface CheckOutcome extends Evaluation {
  check: CheckDefinition;
  severity: EffectiveSeverity;
  expected: unknown;
}

export interface AccountGrade {
  status: AccountStatus;
  /** Recommended checks that fail: shown and counted, never changing the status. */
  warnings: number;
  outcomes: CheckOutcome[];
}

export function severityOf(check: CheckDefinition, baseline: Baseline): EffectiveSeverity {
  return baseline.severities[check.id] ?? check.severity;
}

/**
 * Grade one account (domain.md §1d, PMP semantics): Needs Action when a required check fails; otherwise
 * N/A when a required check can't be read (no permission, no mailbox, not read yet); otherwise No Action Needed.
 * A known failure outranks missing data, because the admin can act on it.
 */
export function evaluateStatus(snapshot: AccountSnapshot, baseline: Baseline, tenant: TenantFacts): AccountGrade {
  const context: CheckContext = { baseline, tenant };
  const outcomes = CHECKS.map((check): CheckOutcome => ({
    check,
    severity: severityOf(check, baseline),
    expected: check.expected(baseline),
    ...check.evaluate(snapshot, context),
  }));
  const required = outcomes.filter((outcome) => outcome.severity === 'required');
  const status: AccountStatus = required.some((outcome) => outcome.result === 'fail')
    ? 'needsAction'
    : required.some((outcome) => outcome.result === 'unknown')
      ? 'notAvailable'
      : 'noActionNeeded';
  const warnings = outcomes.filter((outcome) => outcome.severity === 'recommended' && outcome.result === 'fail').length;
  return { status, warnings, outcomes };
}

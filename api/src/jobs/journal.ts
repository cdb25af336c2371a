import type { ChangeResult } from '../../../contract/index.ts';
import { jobAuditKey } from '../accounts/changes/context.ts';
import type { Change } from '../accounts/plan.ts';
import type { Principal } from '../auth/principal.ts';
import type { AuditEntryInput } from '../store/audit.ts';
import type { JournaledChange } from '../store/taskJournal.ts';

/** A job's tasks log and audit under this correlation id, which the job id shown to the admin finds. */
export function jobCorrelationId(jobId: string): string {
  return `job-${jobId}`;
}

/** Said of a journaled change found in effect when the task ran again after an interruption. */
export const CONFIRMED_AFTER_INTERRUPTION = 'Made before an interruption; confirmed by reading the account again.';

/** Said of a journaled change whose task failed before it could read the account again. */
export const UNCONFIRMED_AFTER_INTERRUPTION = 'Interrupted while saving, and not confirmed afterwards: check this setting on the account.';

/**
 * The journal to record before this attempt writes: what earlier attempts journaled (they may have been
 * written, and stay until audited), plus this attempt's changes: every one is attempted (Microsoft 365
 * decides who may), so any may be written. Earlier entries keep their `from`.
 */
export function nextJournal(journaled: JournaledChange[], planned: Change[]): JournaledChange[] {
  const journal = new Map(journaled.map((entry) => [entry.setting, entry]));
  for (const change of planned) {
    if (!journal.has(change.setting)) journal.set(change.setting, { setting: change.setting, from: change.from, to: change.to });
  }
  return [...journal.values()];
}

/**
 * Journaled changes the plan against a fresh read no longer contains are in effect: the interrupted
 * attempt made them, so they are audited as succeeded. Those still planned are simply made again.
 */
export function confirmedChanges(journaled: JournaledChange[], planned: Change[]): ChangeResult[] {
  const stillPlanned = new Set(planned.map((change) => change.setting));
  return journaled
    .filter((entry) => !stillPlanned.has(entry.setting))
    .map((entry) => ({
      setting: entry.setting,
      from: entry.from,
      to: entry.to,
      outcome: 'succeeded',
      message: CONFIRMED_AFTER_INTERRUPTION,
    }));
}

/** Audit entries for journaled changes a failed task could not confirm, keyed like the change service's. */
export function unconfirmedEntries(principal: Principal, jobId: string, accountId: string, journal: JournaledChange[]): AuditEntryInput[] {
  return journal.map((entry) => ({
    tenantId: principal.tenantId,
    actorId: principal.userId,
    actorUpn: principal.userPrincipalName,
    accountId,
    setting: entry.setting,
    before: entry.from ?? null,
    after: entry.to ?? null,
    outcome: 'failed',
    message: UNCONFIRMED_AFTER_INTERRUPTION,
    correlationId: jobCorrelationId(jobId),
    jobId,
    idempotencyKey: jobAuditKey(jobId, accountId, entry.setting),
  }));
}

import type { ChangeResult } from '../../../../contract/index.ts';
import { appendAudit, type AuditEntryInput } from '../../store/audit.ts';
import type { SqlClient } from '../../store/sql.ts';
import { jobAuditKey, type RequestContext } from './context.ts';

/** One audit entry per attempted change of one account, keyed per job task so a re-run records each once. */
export async function auditResults(
  db: SqlClient,
  context: RequestContext,
  accountId: string,
  results: ChangeResult[],
  jobId: string | undefined,
): Promise<void> {
  // A skipped setting (on-premises AD) was not attempted: nothing changed, nothing to audit.
  const attempted = results.filter(
    (result): result is ChangeResult & { outcome: AuditEntryInput['outcome'] } => result.outcome !== 'skipped',
  );
  if (attempted.length === 0) return;
  const entries: AuditEntryInput[] = attempted.map((result) => ({
    tenantId: context.principal.tenantId,
    actorId: context.principal.userId,
    actorUpn: context.principal.userPrincipalName,
    accountId,
    setting: result.setting,
    before: result.from ?? null,
    after: result.to ?? null,
    outcome: result.outcome,
    message: result.message ?? null,
    correlationId: context.correlationId,
    jobId: jobId ?? null,
    idempotencyKey: jobId ? jobAuditKey(jobId, accountId, result.setting) : null,
  }));
  await appendAudit(db, entries);
}

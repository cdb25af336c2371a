import type { ChangeResult } from '../../../../contract/index.ts';
import type { Principal } from '../../auth/principal.ts';
import type { ClientFactory } from '../../clients.ts';
import type { AccountsView } from '../readSide.ts';
import type { SqlClient } from '../../store/sql.ts';
import type { Change } from '../plan.ts';

/** What every change handler works with: the store, Microsoft 365 clients for the caller, and the graded view. */
export interface ChangeDeps {
  db: SqlClient;
  clients: ClientFactory;
  view: AccountsView;
}

export interface RequestContext {
  principal: Principal;
  correlationId: string;
}

/**
 * What a bulk-job task adds to an apply, so a task re-run after a crash neither loses nor doubles an audit
 * entry: a durable journal of the writes it is about to make, and completion in the audit's transaction.
 */
export interface JobTaskRun {
  jobId: string;
  /**
   * Called with the plan against the fresh read, before any write: journal the allowed changes durably, and
   * return (as succeeded results) the changes an interrupted earlier attempt journaled that are now in effect.
   */
  beforeWrite(planned: Change[]): Promise<ChangeResult[]>;
  /** Close the task in the same transaction that appends its audit entries. */
  complete(tx: SqlClient, outcome: { results: ChangeResult[]; message: string }): Promise<void>;
}

/** The idempotency key of a job task's audit entry: a re-run of the task records each setting once. */
export function jobAuditKey(jobId: string, accountId: string, setting: string): string {
  return `${jobId}:${accountId}:${setting}`;
}

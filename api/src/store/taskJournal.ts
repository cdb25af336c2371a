/**
 * A bulk-job task's journal: the writes it is about to make, kept in `job_tasks.result` while the task runs
 * (its final result replaces it). A task re-claimed after its worker died finds there what may have been
 * written to Microsoft 365 but not yet audited.
 */
import type { SqlClient } from './sql.ts';

/** One planned write, as its audit entry will record it. */
export interface JournaledChange {
  setting: string;
  from: unknown;
  to: unknown;
}

export interface TaskRef {
  jobId: string;
  accountId: string;
}

/** The journal inside a task's stored result; empty when there is none. */
export function journalOf(result: unknown): JournaledChange[] {
  const journal = result !== null && typeof result === 'object' ? (result as { journal?: unknown }).journal : undefined;
  if (!Array.isArray(journal)) return [];
  return journal.filter(
    (entry): entry is JournaledChange =>
      entry !== null && typeof entry === 'object' && typeof (entry as { setting?: unknown }).setting === 'string',
  );
}

/** Journal the task's planned writes, only while this worker still holds it; false if another worker took it over. */
export async function writeJournal(db: SqlClient, task: TaskRef, workerId: string, changes: JournaledChange[]): Promise<boolean> {
  const { rows } = await db.query(
    `update job_tasks set result = jsonb_build_object('journal', $4::jsonb), updated_at = now()
      where job_id = $1 and account_id = $2 and claimed_by = $3 and status = 'running'
      returning 1`,
    [task.jobId, task.accountId, workerId, JSON.stringify(changes)],
  );
  return rows.length === 1;
}

/** The journal of a task this worker still holds (empty if none, or if the task is no longer ours). */
export async function readJournal(db: SqlClient, task: TaskRef, workerId: string): Promise<JournaledChange[]> {
  const { rows } = await db.query<{ result: unknown }>(
    `select result from job_tasks where job_id = $1 and account_id = $2 and claimed_by = $3 and status = 'running'`,
    [task.jobId, task.accountId, workerId],
  );
  return journalOf(rows[0]?.result ?? null);
}

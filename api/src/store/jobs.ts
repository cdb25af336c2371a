import { iso, isoOrNull, jsonParam } from './columns.ts';
import type { SqlClient } from './sql.ts';

export type JobStatus = 'queued' | 'running' | 'waiting_for_signin' | 'succeeded' | 'failed' | 'cancelled';
export type TaskStatus = 'pending' | 'running' | 'applied' | 'skipped' | 'refused' | 'failed' | 'cancelled';
/** How a worker may finish a task it claimed. */
export type TaskOutcome = 'applied' | 'skipped' | 'refused' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  tenantId: string;
  kind: string;
  status: JobStatus;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  cancelRequested: boolean;
  request: unknown;
  /** Task counts by status, written when the job finishes. */
  totals: Partial<Record<TaskStatus, number>> | null;
  /** Whose kept grant the tasks act through: the creator, or the admin who took the job over. */
  delegateUserId: string | null;
  delegateUpn: string | null;
  /** Why the job waits for a sign-in (Entra's code), while it does. */
  waitingReason: string | null;
}

export interface JobTask {
  jobId: string;
  tenantId: string;
  accountId: string;
  status: TaskStatus;
  attempts: number;
  claimedBy: string | null;
  claimedAt: string | null;
  leaseUntil: string | null;
  result: unknown;
  updatedAt: string;
}

export type ClaimedTask = JobTask;

export interface JobProgress {
  job: Job;
  /** Tasks by status; statuses no task has are absent. */
  counts: Partial<Record<TaskStatus, number>>;
  /** Every task by account id. */
  tasks: Pick<JobTask, 'accountId' | 'status' | 'attempts' | 'result' | 'updatedAt'>[];
}

/** A task claimed this many times without being completed is given up as failed (it keeps killing its worker). */
export const MAX_ATTEMPTS = 3;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const jobColumns = (t: string) => `${t}.id, ${t}.tenant_id as "tenantId", ${t}.kind, ${t}.status, ${t}.created_by as "createdBy",
  ${t}.created_at as "createdAt", ${t}.started_at as "startedAt", ${t}.finished_at as "finishedAt",
  ${t}.cancel_requested as "cancelRequested", ${t}.request, ${t}.totals, ${t}.delegate_user_id as "delegateUserId",
  ${t}.delegate_upn as "delegateUpn", ${t}.waiting_reason as "waitingReason"`;

const taskColumns = (t: string) => `${t}.job_id as "jobId", ${t}.tenant_id as "tenantId", ${t}.account_id as "accountId", ${t}.status,
  ${t}.attempts, ${t}.claimed_by as "claimedBy", ${t}.claimed_at as "claimedAt", ${t}.lease_until as "leaseUntil", ${t}.result,
  ${t}.updated_at as "updatedAt"`;

type StoredJob = Omit<Job, 'createdAt' | 'startedAt' | 'finishedAt'> & { createdAt: Date; startedAt: Date | null; finishedAt: Date | null };
type StoredTask = Omit<JobTask, 'claimedAt' | 'leaseUntil' | 'updatedAt'> & {
  claimedAt: Date | null;
  leaseUntil: Date | null;
  updatedAt: Date;
};

/** A queued job with one pending task per (distinct) account, created atomically. */
export function createJob(
  db: SqlClient,
  input: {
    tenantId: string;
    kind: string;
    createdBy: string;
    request: unknown;
    accountIds: string[];
    delegate?: { userId: string; upn: string };
  },
): Promise<Job> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<StoredJob>(
      `insert into jobs (tenant_id, kind, created_by, request, delegate_user_id, delegate_upn) values ($1, $2, $3, $4::jsonb, $5, $6) returning ${jobColumns('jobs')}`,
      [
        input.tenantId,
        input.kind,
        input.createdBy,
        jsonParam(input.request) ?? '{}',
        input.delegate?.userId ?? null,
        input.delegate?.upn ?? null,
      ],
    );
    const job = toJob(rows[0]!);
    await tx.query(
      `insert into job_tasks (job_id, tenant_id, account_id)
       select distinct $1::uuid, $2, account_id from jsonb_array_elements_text($3::jsonb) as ids(account_id)`,
      [job.id, input.tenantId, JSON.stringify(input.accountIds)],
    );
    return job;
  });
}

export async function getJob(db: SqlClient, jobId: string): Promise<Job | null> {
  if (!UUID.test(jobId)) return null;
  const { rows } = await db.query<StoredJob>(`select ${jobColumns('jobs')} from jobs where id = $1`, [jobId]);
  return rows[0] ? toJob(rows[0]) : null;
}

/**
 * Claim up to `limit` runnable tasks for this worker: pending ones, and running ones whose lease expired
 * (their worker died), of jobs neither finished nor being cancelled, oldest job first. `FOR UPDATE SKIP
 * LOCKED` lets several workers claim at once without ever getting the same task. Tasks out of attempts,
 * and expired tasks of cancelled jobs, are closed first.
 */
export function claimTasks(
  db: SqlClient,
  options: { workerId: string; limit: number; leaseMs: number; tenantId?: string; maxAttempts?: number },
): Promise<ClaimedTask[]> {
  return db.transaction(async (tx) => {
    await closeAbandonedTasks(tx, options.maxAttempts ?? MAX_ATTEMPTS);
    const { rows } = await tx.query<StoredTask>(
      `with picked as (
         select t.job_id, t.account_id
           from job_tasks t join jobs j on j.id = t.job_id
          where (t.status = 'pending' or (t.status = 'running' and t.lease_until < now()))
            and j.status in ('queued', 'running') and not j.cancel_requested
            and ($4::text is null or t.tenant_id = $4)
          order by j.created_at, t.job_id, t.account_id
          limit $2
          for update of t skip locked)
       update job_tasks t
          set status = 'running', attempts = t.attempts + 1, claimed_by = $1, claimed_at = now(),
              lease_until = now() + $3::double precision * interval '1 millisecond', updated_at = now()
         from picked
        where t.job_id = picked.job_id and t.account_id = picked.account_id
       returning ${taskColumns('t')}`,
      [options.workerId, options.limit, options.leaseMs, options.tenantId ?? null],
    );
    const jobIds = [...new Set(rows.map((row) => row.jobId))];
    if (jobIds.length > 0) {
      await tx.query(
        `update jobs set status = 'running', started_at = coalesce(started_at, now())
          where status = 'queued' and id in (select value::uuid from jsonb_array_elements_text($1::jsonb))`,
        [JSON.stringify(jobIds)],
      );
    }
    return rows.map(toTask).sort((a, b) => a.jobId.localeCompare(b.jobId) || a.accountId.localeCompare(b.accountId));
  });
}

/** Expired running tasks that must not run again: out of attempts, or their job is being cancelled. */
async function closeAbandonedTasks(tx: SqlClient, maxAttempts: number): Promise<void> {
  const { rows } = await tx.query<{ jobId: string }>(
    `update job_tasks t
        set status = case when j.cancel_requested then 'cancelled' else 'failed' end,
            result = case when j.cancel_requested then jsonb_build_object('reason', 'Cancelled.')
                          else jsonb_build_object('code', 'abandoned', 'reason', 'The change was interrupted ' || t.attempts || ' times without finishing. Check the account, then try again.') end
                     -- Keep the interrupted attempts' journal of planned writes (jobs/journal.ts): it may have been applied.
                     || case when t.result ? 'journal' then jsonb_build_object('journal', t.result -> 'journal') else '{}'::jsonb end,
            lease_until = null, updated_at = now()
       from jobs j
      where j.id = t.job_id and t.status = 'running' and t.lease_until < now() and (t.attempts >= $1 or j.cancel_requested)
      returning t.job_id as "jobId"`,
    [maxAttempts],
  );
  for (const jobId of new Set(rows.map((row) => row.jobId))) await finishJobIfDone(tx, jobId);
}

/** Extend the leases of the tasks this worker is running, so a slow task is never presumed dead. Returns how many. */
export async function renewLeases(db: SqlClient, workerId: string, leaseMs: number): Promise<number> {
  const { rows } = await db.query(
    `update job_tasks set lease_until = now() + $2::double precision * interval '1 millisecond'
      where claimed_by = $1 and status = 'running'
      returning 1`,
    [workerId, leaseMs],
  );
  return rows.length;
}

/**
 * End the leases of every running task at once. Only for a store one process holds alone (PGlite): when it
 * starts, any task still marked running was left by a process that died, so it can be claimed again now.
 */
export async function releaseOrphanedTasks(db: SqlClient): Promise<number> {
  const { rows } = await db.query(
    `update job_tasks set lease_until = now() - interval '1 millisecond' where status = 'running' and lease_until > now() returning 1`,
  );
  return rows.length;
}

/** Record a task's outcome, only if this worker still holds it (a task re-claimed after its lease expired is not ours). */
export async function completeTask(
  db: SqlClient,
  jobId: string,
  accountId: string,
  workerId: string,
  status: TaskOutcome,
  result: unknown,
): Promise<boolean> {
  const { rows } = await db.query(
    `update job_tasks set status = $4, result = $5::jsonb, lease_until = null, updated_at = now()
      where job_id = $1 and account_id = $2 and claimed_by = $3 and status = 'running'
      returning 1`,
    [jobId, accountId, workerId, status, jsonParam(result)],
  );
  return rows.length === 1;
}

/** The job, its task counts by status and every task's state. Null if there is no such job. */
export async function jobProgress(db: SqlClient, jobId: string): Promise<JobProgress | null> {
  const job = await getJob(db, jobId);
  if (!job) return null;
  const { rows } = await db.query<Pick<StoredTask, 'accountId' | 'status' | 'attempts' | 'result' | 'updatedAt'>>(
    `select account_id as "accountId", status, attempts, result, updated_at as "updatedAt" from job_tasks where job_id = $1 order by account_id`,
    [jobId],
  );
  const counts: Partial<Record<TaskStatus, number>> = {};
  for (const task of rows) counts[task.status] = (counts[task.status] ?? 0) + 1;
  return { job, counts, tasks: rows.map((task) => ({ ...task, updatedAt: iso(task.updatedAt) })) };
}

/**
 * Ask a job to stop: its pending tasks are cancelled now, tasks in flight finish, and the job ends as
 * cancelled once none is left. False if the tenant has no such unfinished job.
 */
export function requestCancel(db: SqlClient, tenantId: string, jobId: string): Promise<boolean> {
  if (!UUID.test(jobId)) return Promise.resolve(false);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `update jobs set cancel_requested = true where id = $1 and tenant_id = $2 and status in ('queued', 'running', 'waiting_for_signin') returning 1`,
      [jobId, tenantId],
    );
    if (rows.length === 0) return false;
    await tx.query(
      `update job_tasks set status = 'cancelled', result = jsonb_build_object('reason', 'Cancelled before it started.'), updated_at = now()
        where job_id = $1 and status = 'pending'`,
      [jobId],
    );
    await finishJobIfDone(tx, jobId);
    return true;
  });
}

/**
 * Close the job once no task is pending or running: cancelled if cancel was requested, failed if any task
 * failed, else succeeded; totals record the counts. Returns the finished job, or null if it is not done
 * (or was already closed, so only one caller finishes it).
 */
export async function finishJobIfDone(db: SqlClient, jobId: string): Promise<Job | null> {
  const { rows } = await db.query<StoredJob>(
    `with counts as (
       select status, count(*)::int as n from job_tasks where job_id = $1 group by status),
     summary as (
       select coalesce(jsonb_object_agg(status, n), '{}'::jsonb) as totals,
              coalesce(sum(n) filter (where status = 'failed'), 0) as failed,
              coalesce(sum(n) filter (where status in ('pending', 'running')), 0) as unfinished
         from counts)
     update jobs j
        set status = case when j.cancel_requested then 'cancelled' when s.failed > 0 then 'failed' else 'succeeded' end,
            finished_at = now(), totals = s.totals
       from summary s
      where j.id = $1 and j.status in ('queued', 'running', 'waiting_for_signin') and s.unfinished = 0
     returning ${jobColumns('j')}`,
    [jobId],
  );
  return rows[0] ? toJob(rows[0]) : null;
}

/**
 * A task stopped because its admin's grant could not be renewed: back to pending, its attempt not counted and
 * its journal kept (a later run plans against a fresh read and audits what the journal shows applied).
 */
export async function releaseTaskForSignIn(db: SqlClient, task: Pick<JobTask, 'jobId' | 'accountId'>, workerId: string): Promise<boolean> {
  const { rows } = await db.query(
    `update job_tasks set status = 'pending', attempts = greatest(attempts - 1, 0), claimed_by = null, claimed_at = null, lease_until = null, updated_at = now()
      where job_id = $1 and account_id = $2 and claimed_by = $3 and status = 'running' returning 1`,
    [task.jobId, task.accountId, workerId],
  );
  return rows.length > 0;
}

/**
 * The job waits for its delegate to sign in again; workers claim none of its tasks meanwhile. Only while the job
 * still acts for `delegateUserId`, the admin whose grant was refused: a refusal that arrives after another admin
 * took the job over is about a grant the job no longer uses, and must not pause it in the new admin's name.
 */
export async function pauseJobForSignIn(db: SqlClient, jobId: string, reason: string, delegateUserId: string | null): Promise<void> {
  await db.query(
    `update jobs set status = 'waiting_for_signin', waiting_reason = $2
      where id = $1 and status in ('queued', 'running') and delegate_user_id is not distinct from $3`,
    [jobId, reason, delegateUserId],
  );
}

/** Resume the tenant's jobs that wait for this user; returns their ids. */
export async function resumeJobsOf(db: SqlClient, tenantId: string, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `update jobs set status = 'running', waiting_reason = null
      where tenant_id = $1 and delegate_user_id = $2 and status = 'waiting_for_signin' returning id`,
    [tenantId, userId],
  );
  return rows.map((row) => row.id);
}

/** Hand an unfinished job to another admin: its tasks act through their grant from now on. Null if none. */
export async function reassignJob(
  db: SqlClient,
  tenantId: string,
  jobId: string,
  delegate: { userId: string; upn: string },
): Promise<{ before: string | null } | null> {
  if (!UUID.test(jobId)) return null;
  const { rows } = await db.query<{ before: string | null }>(
    `update jobs j set delegate_user_id = $3, delegate_upn = $4, waiting_reason = null,
            status = case when j.status = 'waiting_for_signin' then 'running' else j.status end
       from (select delegate_upn from jobs where id = $1 and tenant_id = $2 for update) old
      where j.id = $1 and j.tenant_id = $2 and j.status in ('queued', 'running', 'waiting_for_signin')
     returning old.delegate_upn as before`,
    [jobId, tenantId, delegate.userId, delegate.upn],
  );
  return rows[0] ?? null;
}

function toJob(row: StoredJob): Job {
  return { ...row, createdAt: iso(row.createdAt), startedAt: isoOrNull(row.startedAt), finishedAt: isoOrNull(row.finishedAt) };
}

function toTask(row: StoredTask): JobTask {
  return { ...row, claimedAt: isoOrNull(row.claimedAt), leaseUntil: isoOrNull(row.leaseUntil), updatedAt: iso(row.updatedAt) };
}

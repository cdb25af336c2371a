import { randomUUID } from 'node:crypto';
import type { ChangeResult } from '../../../contract/index.ts';
import type { ChangeService } from '../accounts/changeService.ts';
import type { JobTaskRun } from '../accounts/changes/context.ts';
import type { Principal } from '../auth/principal.ts';
import { delegatedPrincipal } from '../delegation/grantStore.ts';
import { AppError, isSignInRequired } from '../errors.ts';
import { log } from '../log.ts';
import { appendAudit } from '../store/audit.ts';
import { loadDelegation } from '../store/delegations.ts';
import {
  claimTasks,
  completeTask,
  finishJobIfDone,
  getJob,
  pauseJobForSignIn,
  releaseOrphanedTasks,
  releaseTaskForSignIn,
  renewLeases,
  type ClaimedTask,
  type TaskOutcome,
} from '../store/jobs.ts';
import type { SqlClient } from '../store/sql.ts';
import { journalOf, readJournal, writeJournal } from '../store/taskJournal.ts';
import { confirmedChanges, jobCorrelationId, nextJournal, unconfirmedEntries } from './journal.ts';

export interface WorkerOptions {
  workerId?: string;
  /**
   * Tasks in flight at once in this process; the tenant budget paces the calls they make. A function is asked
   * before each claim (bootstrap sizes it to the Exchange pace, see tasksInFlightFor).
   */
  concurrency?: number | (() => number);
  /**
   * A claimed task whose lease is not renewed within this time is claimed again (its worker is presumed
   * dead). Running tasks renew it every third of it, so a slow task keeps its lease.
   */
  leaseMs?: number;
  pollMs?: number;
  /**
   * The store is held by this process alone (PGlite): at start, tasks still marked running were left by a
   * process that died, so they are claimed again at once instead of after their lease.
   */
  recoverOrphansAtStart?: boolean;
}

/** Tasks a worker runs at once when not told otherwise. */
const TASKS_IN_FLIGHT = 40;
/** Bounds of tasksInFlightFor. */
export const MIN_TASKS_IN_FLIGHT = 8;
export const MAX_TASKS_IN_FLIGHT = 100;
/** Seconds of the tenant's Exchange pace that the tasks in flight may keep queued. */
const QUEUED_SECONDS = 2;

/**
 * Tasks to keep in flight for an Exchange pace of `cmdletsPerSecond`. A task has at most one cmdlet waiting at a
 * time and spends most of its life elsewhere (Graph, the store), so keeping Exchange's 3 envelopes of 10 full
 * takes many tasks: under a large budget 40 left envelopes two-thirds full (bulk apply of 1,000 rooms 28.1 s),
 * 100 filled them (12.9 s; bench, 2026-12-07). Under a small budget those tasks only queue: each queued cmdlet
 * delays the next caller of that admin (their own single change included) and brings an item nearer its retry
 * deadline. So the tasks are sized to keep about QUEUED_SECONDS of the pace waiting: 10 under the legacy 4.75
 * cmdlets a second, the most under a budget 20 times that.
 */
export function tasksInFlightFor(cmdletsPerSecond: number | undefined): number {
  if (cmdletsPerSecond === undefined || !Number.isFinite(cmdletsPerSecond)) return MIN_TASKS_IN_FLIGHT;
  return Math.min(MAX_TASKS_IN_FLIGHT, Math.max(MIN_TASKS_IN_FLIGHT, Math.round(cmdletsPerSecond * QUEUED_SECONDS)));
}

/** Another worker claimed the task after our lease expired: this attempt must not write. */
class TaskTakenOver extends Error {
  override name = 'TaskTakenOver';
}

/**
 * Runs bulk-job tasks from the store. Tasks are claimed with FOR UPDATE SKIP LOCKED, so several workers
 * (processes) never run one task at once. Before a task writes to Microsoft 365 it journals its planned
 * changes; a task re-run after a crash plans against a fresh read (so nothing is applied twice) and audits
 * the journaled changes it finds in effect (so no audit entry is lost). Audit and completion share one
 * transaction.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly concurrency: () => number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly recoverOrphans: boolean;
  private running = false;
  private renewTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: SqlClient,
    private readonly changes: ChangeService,
    options: WorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `worker-${randomUUID()}`;
    const concurrency = options.concurrency ?? TASKS_IN_FLIGHT;
    this.concurrency = typeof concurrency === 'number' ? () => concurrency : concurrency;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 500;
    this.recoverOrphans = options.recoverOrphansAtStart ?? false;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.renewTimer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
    this.loop = this.run();
  }

  /** Work is waiting: skip the rest of the poll interval. */
  nudge(): void {
    this.wake?.();
  }

  /** Stop claiming and wait for the tasks in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    clearInterval(this.renewTimer);
  }

  private async renew(): Promise<void> {
    if (this.inFlight === 0) return;
    await renewLeases(this.db, this.workerId, this.leaseMs).catch((error: unknown) =>
      log('warn', 'job_lease_renew_failed', { workerId: this.workerId, error }),
    );
  }

  private async run(): Promise<void> {
    if (this.recoverOrphans) {
      const orphans = await releaseOrphanedTasks(this.db).catch((error: unknown) => {
        log('error', 'job_orphans_not_released', { workerId: this.workerId, error });
        return 0;
      });
      if (orphans > 0) log('info', 'job_orphans_released', { workerId: this.workerId, tasks: orphans });
    }
    const tasks = new Set<Promise<void>>();
    while (this.running) {
      const limit = this.concurrency();
      const free = limit - this.inFlight;
      let claimed: ClaimedTask[] = [];
      if (free > 0) {
        try {
          claimed = await claimTasks(this.db, { workerId: this.workerId, limit: free, leaseMs: this.leaseMs });
        } catch (error) {
          log('error', 'job_claim_failed', { workerId: this.workerId, error });
        }
      }
      for (const task of claimed) {
        this.inFlight += 1;
        const work = this.execute(task).finally(() => {
          this.inFlight -= 1;
          tasks.delete(work);
          this.nudge();
        });
        tasks.add(work);
      }
      if (claimed.length === 0 || this.inFlight >= limit) await this.sleep();
    }
    await Promise.allSettled([...tasks]);
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async execute(task: ClaimedTask): Promise<void> {
    const correlationId = jobCorrelationId(task.jobId);
    let principal: Principal | undefined;
    /** The admin this run of the task acts for: the job may be taken over by another while it runs. */
    let actingUserId: string | null = null;
    let settled = false;
    try {
      const job = await getJob(this.db, task.jobId);
      if (!job) throw new Error('job vanished');
      actingUserId = job.delegateUserId;
      principal = await this.actingPrincipal(job.tenantId, job.delegateUserId);
      const journaled = journalOf(task.result);
      const run: JobTaskRun = {
        jobId: task.jobId,
        beforeWrite: async (planned) => {
          if (planned.length > 0 && !(await writeJournal(this.db, task, this.workerId, nextJournal(journaled, planned)))) {
            throw new TaskTakenOver(`Task ${task.jobId}/${task.accountId} was claimed by another worker.`);
          }
          return confirmedChanges(journaled, planned);
        },
        complete: async (tx, outcome) => {
          const status = statusOf(outcome.results);
          settled = await completeTask(tx, task.jobId, task.accountId, this.workerId, status, {
            changes: outcome.results.length,
            reason: reasonOf(status, outcome),
            results: outcome.results,
          });
          if (status === 'failed')
            log('warn', 'job_task_failed', {
              correlationId,
              jobId: task.jobId,
              accountId: task.accountId,
              code: 'change_failed',
              reason: outcome.message,
            });
        },
      };
      await this.changes.apply({ principal, correlationId }, task.accountId, 'recommended', run);
    } catch (error) {
      if (error instanceof TaskTakenOver)
        log('info', 'job_task_taken_over', { correlationId, jobId: task.jobId, accountId: task.accountId, workerId: this.workerId });
      else if (isSignInRequired(error)) await this.waitForSignIn(task, error.reason, actingUserId);
      else if (!settled) settled = await this.fail(task, principal, error);
    }
    if (settled) await finishJobIfDone(this.db, task.jobId);
  }

  /** The admin the job acts for, with tokens from their kept grant (never from an SSO token, which expires). */
  private async actingPrincipal(tenantId: string, userId: string | null): Promise<Principal> {
    const delegation = userId ? await loadDelegation(this.db, tenantId, userId) : null;
    if (!delegation)
      throw new AppError(
        409,
        'conflict',
        'This job was started by an earlier version of Room Accounts that kept no sign-in for it. Start the bulk apply again.',
      );
    return delegatedPrincipal(delegation.principal as unknown as Principal);
  }

  /**
   * The admin's grant could not be renewed: the task goes back to pending (nothing is lost; its journal stays
   * for the next run) and the job waits for that admin, or another, to sign in. It never fails for this.
   */
  private async waitForSignIn(task: ClaimedTask, reason: string, actingUserId: string | null): Promise<void> {
    try {
      await releaseTaskForSignIn(this.db, task, this.workerId);
      await pauseJobForSignIn(this.db, task.jobId, reason, actingUserId);
      log('warn', 'job_waiting_for_signin', {
        correlationId: jobCorrelationId(task.jobId),
        jobId: task.jobId,
        accountId: task.accountId,
        reason,
      });
    } catch (error) {
      // The lease expires and the task is claimed again, which meets the same refusal and pauses then.
      log('error', 'job_pause_failed', { jobId: task.jobId, accountId: task.accountId, error });
    }
  }

  /**
   * Close a task that threw. Journaled writes it could not confirm are audited as failed (with a message to
   * check the account), in the transaction that closes it, so none goes unrecorded.
   */
  private async fail(task: ClaimedTask, principal: Principal | undefined, error: unknown): Promise<boolean> {
    const reason = error instanceof AppError ? error.message : 'The account could not be configured. Try again later.';
    const code = error instanceof AppError ? error.code : 'internal_error';
    const correlationId = jobCorrelationId(task.jobId);
    log(error instanceof AppError ? 'warn' : 'error', 'job_task_failed', {
      correlationId,
      jobId: task.jobId,
      accountId: task.accountId,
      code,
      reason,
      ...(error instanceof AppError ? {} : { error }),
    });
    try {
      return await this.db.transaction(async (tx) => {
        const journal = await readJournal(tx, task, this.workerId);
        if (journal.length > 0 && principal) await appendAudit(tx, unconfirmedEntries(principal, task.jobId, task.accountId, journal));
        return completeTask(tx, task.jobId, task.accountId, this.workerId, 'failed', {
          reason,
          code,
          ...(journal.length > 0 ? { journal } : {}),
        });
      });
    } catch (storeError) {
      // The lease will expire and the task run again, journal and all.
      log('error', 'job_task_not_closed', { correlationId, jobId: task.jobId, accountId: task.accountId, error: storeError });
      return false;
    }
  }
}

/**
 * A task with no change made is skipped (settings left to on-premises AD are never a failure); one where
 * something failed on our side or in transit failed; one where Microsoft 365 refused every change it was asked
 * for refused (the admin's role, not our failure); else applied (its reason then says which part was refused).
 */
function statusOf(results: ChangeResult[]): Exclude<TaskOutcome, 'cancelled'> {
  const made = results.filter((result) => result.outcome !== 'skipped');
  if (made.length === 0) return 'skipped';
  if (made.some((result) => result.outcome === 'failed')) return 'failed';
  return made.every((result) => result.outcome === 'refused') ? 'refused' : 'applied';
}

/** The task's reason: why it failed or was refused, which part was refused, and which settings were left alone and why. */
function reasonOf(status: Exclude<TaskOutcome, 'cancelled'>, outcome: { results: ChangeResult[]; message: string }): string | null {
  if (status === 'failed' || status === 'refused') return outcome.message;
  const parts: string[] = [];
  if (outcome.results.some((result) => result.outcome === 'refused')) parts.push(outcome.message);
  const skipped = outcome.results
    .filter((result) => result.outcome === 'skipped')
    .map((result) => `${result.setting}: ${result.message ?? 'not changed'}`);
  if (skipped.length > 0) parts.push(`Not changed by Room Accounts: ${skipped.join(' ')}`);
  if (parts.length > 0) return parts.join(' ');
  return status === 'skipped' ? 'Already compliant: nothing to change.' : null;
}

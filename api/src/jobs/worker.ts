import { randomUUID } from 'node:crypto';
import type { ChangeService } from '../accounts/changeService.ts';
import { AppError } from '../errors.ts';
import { log } from '../log.ts';
import { claimTasks, completeTask, finishJobIfDone, getJob, type ClaimedTask } from '../store/jobs.ts';
import type { SqlClient } from '../store/sql.ts';
import type { PrincipalSealer } from './sealedPrincipal.ts';

export interface WorkerOptions {
  workerId?: string;
  /** Tasks in flight at once in this process; the tenant budget paces the calls they make. */
  concurrency?: number;
  /** A claimed task not completed within this time is claimed again (its worker is presumed dead). */
  leaseMs?: number;
  pollMs?: number;
}

/**
 * Runs bulk-job tasks from the store. Tasks are claimed with FOR UPDATE SKIP LOCKED, so several workers
 * (processes) never run one task at once, and an apply plans against a fresh read, so a task re-run after
 * a crash finds the account already fixed and changes nothing.
 */
export class JobWorker {
  readonly workerId: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private running = false;
  private inFlight = 0;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: SqlClient,
    private readonly changes: ChangeService,
    private readonly sealer: PrincipalSealer,
    options: WorkerOptions = {},
  ) {
    this.workerId = options.workerId ?? `worker-${randomUUID()}`;
    this.concurrency = options.concurrency ?? 8;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.pollMs = options.pollMs ?? 500;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
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
  }

  private async run(): Promise<void> {
    const tasks = new Set<Promise<void>>();
    while (this.running) {
      const free = this.concurrency - this.inFlight;
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
      if (claimed.length === 0 || this.inFlight >= this.concurrency) await this.sleep();
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
    let status: 'applied' | 'skipped' | 'failed' = 'failed';
    let result: Record<string, unknown>;
    try {
      const job = await getJob(this.db, task.jobId);
      if (!job) throw new Error('job vanished');
      const principal = this.sealer.open(String((job.request as { principal?: string }).principal));
      const outcome = await this.changes.apply({ principal, correlationId: `job-${task.jobId}` }, task.accountId, 'recommended', task.jobId);
      const problems = outcome.results.filter((r) => r.outcome !== 'succeeded');
      status = outcome.results.length === 0 ? 'skipped' : problems.length === 0 ? 'applied' : 'failed';
      result = {
        changes: outcome.results.length,
        reason: status === 'skipped' ? 'Already compliant: nothing to change.' : problems.length > 0 ? outcome.message : null,
        results: outcome.results,
      };
    } catch (error) {
      const reason = error instanceof AppError ? error.message : 'The account could not be configured. Try again later.';
      result = { reason, code: error instanceof AppError ? error.code : 'internal_error' };
      if (!(error instanceof AppError)) log('error', 'job_task_failed', { jobId: task.jobId, accountId: task.accountId, error });
    }
    const completed = await completeTask(this.db, task.jobId, task.accountId, this.workerId, status, result);
    if (completed) await finishJobIfDone(this.db, task.jobId);
  }
}

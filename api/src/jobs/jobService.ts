import { MESSAGES, type ApplyJobRequest, type JobProgress } from '../../../contract/index.ts';
import { writableKinds } from '../accounts/permissions.ts';
import type { TokenSource } from '../auth/onBehalfOf.ts';
import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import type { AccountsView } from '../inventory/view/accountsView.ts';
import { appendAudit } from '../store/audit.ts';
import { createJob, getJob, jobProgress, reassignJob, requestCancel, resumeJobsOf } from '../store/jobs.ts';
import type { SqlClient } from '../store/sql.ts';
import type { JobWorker } from './worker.ts';

const MAX_RESULTS = 2_000;

/** Bulk "apply recommended config": a durable job with one task per account, run by the workers. */
export class JobService {
  constructor(
    private readonly db: SqlClient,
    private readonly view: AccountsView,
    private readonly tokens: Pick<TokenSource, 'delegate'>,
    private readonly worker?: JobWorker,
  ) {}

  async createApplyRecommended(principal: Principal, request: ApplyJobRequest): Promise<{ jobId: string; total: number }> {
    // No refusal by the token's roles: Exchange role groups and scoped roles never show in `wids`. Each task
    // meets Microsoft 365's answer, and a task refused throughout is reported as refused, naming the role.
    const accountIds =
      'accountIds' in request ? [...new Set(request.accountIds)] : await this.view.idsWithStatus(principal.tenantId, request.filter.status);
    if (accountIds.length === 0) throw new AppError(400, 'bad_request', 'No account matches: there is nothing to apply.');
    const known = await this.view.knownIds(principal.tenantId, accountIds);
    const unknown = accountIds.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new AppError(
        400,
        'bad_request',
        `${unknown.length} account id(s) are not in the inventory, e.g. ${unknown[0]}. Refresh the list and try again.`,
      );
    // The job may outlive this SSO token by hours: keep a grant the worker renews (README "Work that outlives a sign-in").
    await this.tokens.delegate(principal);
    const job = await createJob(this.db, {
      tenantId: principal.tenantId,
      kind: 'apply-recommended',
      createdBy: principal.userPrincipalName,
      request: { filter: 'filter' in request ? request.filter : null },
      accountIds,
      delegate: { userId: principal.userId, upn: principal.userPrincipalName },
    });
    this.worker?.nudge();
    return { jobId: job.id, total: accountIds.length };
  }

  async progress(tenantId: string, jobId: string): Promise<JobProgress> {
    const progress = await jobProgress(this.db, jobId);
    if (!progress || progress.job.tenantId !== tenantId) throw new AppError(404, 'not_found', 'No such job in this tenant.');
    const names = await this.view.displayNames(tenantId);
    const counts = { pending: 0, running: 0, applied: 0, skipped: 0, refused: 0, failed: 0, cancelled: 0, ...progress.counts };
    return {
      id: progress.job.id,
      kind: progress.job.kind,
      status: progress.job.status,
      createdBy: progress.job.createdBy,
      actingAs: progress.job.delegateUpn,
      waitingFor:
        progress.job.status === 'waiting_for_signin'
          ? {
              userPrincipalName: progress.job.delegateUpn ?? progress.job.createdBy,
              reason: progress.job.waitingReason ?? 'sign-in needed',
            }
          : null,
      createdAt: new Date(progress.job.createdAt).toISOString(),
      finishedAt: progress.job.finishedAt ? new Date(progress.job.finishedAt).toISOString() : null,
      counts,
      total: Object.values(counts).reduce((sum, value) => sum + value, 0),
      message: counts.failed > 0 || counts.refused > 0 ? MESSAGES.apply : null,
      results: progress.tasks.slice(0, MAX_RESULTS).map((task) => ({
        accountId: task.accountId,
        displayName: names.get(task.accountId) ?? null,
        status: task.status,
        reason:
          typeof (task.result as { reason?: unknown } | null)?.reason === 'string'
            ? String((task.result as { reason: string }).reason)
            : null,
      })),
    };
  }

  /**
   * Another admin takes over a job (typically one waiting for its creator's sign-in): from now on its tasks
   * use the new admin's rights, and the audit log records the hand-over.
   */
  async takeOver(principal: Principal, jobId: string, correlationId: string): Promise<JobProgress> {
    const job = await getJob(this.db, jobId);
    if (!job || job.tenantId !== principal.tenantId) throw new AppError(404, 'not_found', 'No such job in this tenant.');
    const own = job.createdBy === principal.userPrincipalName || job.delegateUpn === principal.userPrincipalName;
    if (!own) refuseUnlessRolesShown(principal, 'take over');
    if (!['queued', 'running', 'waiting_for_signin'].includes(job.status))
      throw new AppError(409, 'conflict', 'This job has already finished: there is nothing to take over.');
    await this.tokens.delegate(principal);
    const reassigned = await reassignJob(this.db, principal.tenantId, jobId, {
      userId: principal.userId,
      upn: principal.userPrincipalName,
    });
    if (!reassigned) throw new AppError(409, 'conflict', 'This job finished while you were taking it over.');
    // The same admin signing in again only resumes their own job: no change of hands to audit.
    if (reassigned.before !== principal.userPrincipalName)
      await appendAudit(this.db, [
        {
          tenantId: principal.tenantId,
          actorId: principal.userId,
          actorUpn: principal.userPrincipalName,
          setting: 'bulk job: acting admin',
          before: { actingAs: reassigned.before },
          after: { actingAs: principal.userPrincipalName },
          outcome: 'succeeded',
          message: `${principal.userPrincipalName} took over the job; its remaining accounts are configured with their rights.`,
          correlationId,
          jobId,
        },
      ]);
    this.worker?.nudge();
    return this.progress(principal.tenantId, jobId);
  }

  /** The admin signed in again: their grant was renewed, so the jobs waiting for them go on. */
  async resumeWaitingFor(principal: Principal): Promise<string[]> {
    const resumed = await resumeJobsOf(this.db, principal.tenantId, principal.userId);
    if (resumed.length > 0) this.worker?.nudge();
    return resumed;
  }

  /**
   * Stopping a bulk apply is our own product's policy, not a Microsoft 365 write: its creator may always
   * stop it (their rights may come from assignments the token does not show); another admin only if the
   * token shows a role that may make one of its changes (refuseUnlessRolesShown).
   */
  async cancel(principal: Principal, jobId: string): Promise<JobProgress> {
    const { tenantId } = principal;
    const job = await getJob(this.db, jobId);
    const own = job?.tenantId === tenantId && job.createdBy === principal.userPrincipalName;
    if (!own) refuseUnlessRolesShown(principal, 'cancel');
    const cancelled = await requestCancel(this.db, tenantId, jobId);
    if (!cancelled) throw new AppError(404, 'not_found', 'No such job in this tenant, or it has already finished.');
    return this.progress(tenantId, jobId);
  }
}

/**
 * Acting on a bulk apply another admin started (cancelling it, or taking it over so it runs with your rights)
 * is our own product's policy: only admins whose token shows a role that may make one of its changes.
 */
function refuseUnlessRolesShown(principal: Principal, action: 'cancel' | 'take over'): void {
  if (
    writableKinds(principal.roleTemplateIds).some((kind) => kind === 'calendarProcessing' || kind === 'userAccount' || kind === 'license')
  )
    return;
  throw new AppError(
    403,
    'insufficient_role',
    `You can't ${action} a bulk apply another admin started with your current role. You need a role that may apply recommended config, such as Exchange Recipient Administrator.`,
    {
      requiredRole: 'Exchange Recipient Administrator',
    },
  );
}

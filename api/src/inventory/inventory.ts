import { MESSAGES, type SyncProgress } from '../../../contract/index.ts';
import type { TokenSource } from '../auth/onBehalfOf.ts';
import type { Principal } from '../auth/principal.ts';
import { delegatedPrincipal } from '../delegation/grantStore.ts';
import { AppError, isSignInRequired } from '../errors.ts';
import { log } from '../log.ts';
import type { ClientFactory, M365Clients } from '../clients.ts';
import type { SqlClient } from '../store/sql.ts';
import {
  currentSyncRun,
  finishSyncRun,
  pauseSyncRunForSignIn,
  startSyncRun,
  syncRunWaitingFor,
  updateSyncProgress,
} from '../store/syncRuns.ts';
import { runSync, type SyncOptions } from './sync.ts';
import { loadBaseline } from '../accounts/baselineStore.ts';

export interface InventoryOptions extends SyncOptions {
  clients: ClientFactory;
  /** Keeps the admin's grant so a sync longer than their SSO token's life goes on (README "Work that outlives a sign-in"). */
  tokens: Pick<TokenSource, 'delegate'>;
  /** A running sync silent this long is presumed dead (tests shorten it). */
  staleSyncMs?: number;
}

/**
 * Starts syncs (one per tenant at a time, enforced by the store so several API instances agree) and runs
 * them in the background; progress lives in the store, so any instance can report it.
 */
export class Inventory {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: SqlClient,
    private readonly options: InventoryOptions,
  ) {}

  /** `grantRenewed`: the caller has just kept a grant for this admin (a resume after sign-in), so none is taken again. */
  async startSync(
    principal: Principal,
    requested?: 'full' | 'refresh',
    options: { grantRenewed?: boolean } = {},
  ): Promise<{ id: string; kind: 'full' | 'refresh' }> {
    const kind = requested ?? 'refresh';
    const run = await startSyncRun(this.db, {
      tenantId: principal.tenantId,
      kind,
      startedBy: principal.userPrincipalName,
      delegateUserId: principal.userId,
      staleAfterMs: this.options.staleSyncMs,
    });
    if (!run) throw syncInProgress();
    try {
      // A full sync of a large tenant outlives the SSO token it starts with: it reads through a kept grant.
      if (!options.grantRenewed) await this.options.tokens.delegate(principal);
    } catch (error) {
      const appError = error instanceof AppError ? error : undefined;
      await finishSyncRun(this.db, run.id, {
        status: 'failed',
        error: { code: appError?.code ?? 'sync_failed', message: appError?.message ?? MESSAGES.load },
      });
      throw error;
    }
    // Background work yields to what a person is waiting on.
    const clients = this.options.clients.forPrincipal(delegatedPrincipal(principal), 'low');
    const work = this.execute(run.id, principal, kind, clients, run.resumeFrom ?? undefined);
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return { id: run.id, kind };
  }

  async currentSync(tenantId: string): Promise<SyncProgress | null> {
    const run = await currentSyncRun(this.db, tenantId);
    if (!run) return null;
    return {
      id: run.id,
      kind: run.kind,
      status: run.status,
      phase: run.phase ?? '',
      done: run.done ?? 0,
      total: run.total ?? 0,
      startedAt: new Date(run.startedAt).toISOString(),
      finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
      error: run.error ? { code: String(run.error.code ?? 'sync_failed'), message: String(run.error.message ?? '') } : null,
      waitingFor: run.status === 'waiting_for_signin' ? run.startedBy : null,
      resumeFrom: run.resumeFrom,
    };
  }

  /** The admin signed in again and the caller renewed their grant: a sync of theirs that was waiting continues. */
  async resumeWaitingFor(principal: Principal): Promise<boolean> {
    const waiting = await syncRunWaitingFor(this.db, principal.tenantId, principal.userId);
    if (!waiting) return false;
    await this.startSync(principal, waiting.kind, { grantRenewed: true }).catch((error: unknown) => {
      // Another admin started one meanwhile: that run continues the chain instead.
      if (!(error instanceof AppError && error.code === 'sync_in_progress')) throw error;
    });
    return true;
  }

  /** Wait for background syncs (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async stop(): Promise<void> {
    await this.idle();
  }

  private async execute(
    runId: string,
    principal: Principal,
    kind: 'full' | 'refresh',
    clients: M365Clients,
    resumeFrom?: string,
  ): Promise<void> {
    const started = performance.now();
    try {
      let lastPhase = '';
      // The baseline's N decides which accounts' sign-in logs are worth reading (issue 14).
      const { signInWithinDays } = await loadBaseline(this.db, principal.tenantId);
      const stats = await runSync(
        this.db,
        clients,
        principal.tenantId,
        kind,
        { ...this.options, resumeFrom, signInWithinDays },
        (phase, done, total) => {
          // One line per phase, with the time it started: where a slow sync spends its time.
          if (phase !== lastPhase)
            log('info', 'sync_phase', { runId, tenantId: principal.tenantId, phase, ms: Math.round(performance.now() - started) });
          lastPhase = phase;
          return updateSyncProgress(this.db, runId, { phase, done, total });
        },
      );
      await finishSyncRun(this.db, runId, { status: 'succeeded', stats });
      log('info', 'sync_finished', { runId, tenantId: principal.tenantId, kind, ms: Math.round(performance.now() - started), ...stats });
    } catch (error) {
      if (isSignInRequired(error)) {
        await pauseSyncRunForSignIn(this.db, runId, { code: error.code, message: error.message }).catch(() => undefined);
        log('warn', 'sync_waiting_for_signin', { correlationId: runId, runId, tenantId: principal.tenantId, kind, reason: error.reason });
        return;
      }
      const appError = error instanceof AppError ? error : undefined;
      const message = appError?.message ?? MESSAGES.load;
      await finishSyncRun(this.db, runId, { status: 'failed', error: { code: appError?.code ?? 'sync_failed', message } }).catch(
        () => undefined,
      );
      // The sync's id, shown with its progress, is the correlation id that finds this line.
      log('error', 'sync_failed', { correlationId: runId, runId, tenantId: principal.tenantId, kind, error });
    }
  }
}

function syncInProgress(): AppError {
  return new AppError(
    409,
    'sync_in_progress',
    'A sync of this tenant is already running. Wait for it to finish; its progress is shown above the list.',
  );
}

import { MESSAGES, type SyncProgress } from '../../../contract/index.ts';
import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { log } from '../log.ts';
import type { ClientFactory, M365Clients } from '../clients.ts';
import type { SqlClient } from '../store/sql.ts';
import { currentSyncRun, finishSyncRun, startSyncRun, updateSyncProgress } from '../store/syncRuns.ts';
import { runSync, type SyncOptions } from './sync.ts';

export interface InventoryOptions extends SyncOptions {
  clients: ClientFactory;
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

  async startSync(principal: Principal, requested?: 'full' | 'refresh'): Promise<{ id: string; kind: 'full' | 'refresh' }> {
    // Background work yields to what a person is waiting on.
    const clients = this.options.clients.forPrincipal(principal, 'low');
    const kind = requested ?? 'refresh';
    const run = await startSyncRun(this.db, { tenantId: principal.tenantId, kind, startedBy: principal.userPrincipalName });
    if (!run) throw new AppError(409, 'sync_in_progress', 'A sync of this tenant is already running. Wait for it to finish; its progress is shown above the list.');
    const work = this.execute(run.id, principal, kind, clients);
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
    };
  }

  /** Wait for background syncs (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async stop(): Promise<void> {
    await this.idle();
  }

  private async execute(runId: string, principal: Principal, kind: 'full' | 'refresh', clients: M365Clients): Promise<void> {
    const started = performance.now();
    try {
      let lastPhase = '';
      const stats = await runSync(this.db, clients, principal.tenantId, kind, this.options, (phase, done, total) => {
        // One line per phase, with the time it started: where a slow sync spends its time.
        if (phase !== lastPhase) log('info', 'sync_phase', { runId, tenantId: principal.tenantId, phase, ms: Math.round(performance.now() - started) });
        lastPhase = phase;
        return updateSyncProgress(this.db, runId, { phase, done, total });
      });
      await finishSyncRun(this.db, runId, { status: 'succeeded', stats });
      log('info', 'sync_finished', { runId, tenantId: principal.tenantId, kind, ms: Math.round(performance.now() - started), ...stats });
    } catch (error) {
      const appError = error instanceof AppError ? error : undefined;
      const message = appError?.message ?? MESSAGES.load;
      await finishSyncRun(this.db, runId, { status: 'failed', error: { code: appError?.code ?? 'sync_failed', message } }).catch(() => undefined);
      // The sync's id, shown with its progress, is the correlation id that finds this line.
      log('error', 'sync_failed', { correlationId: runId, runId, tenantId: principal.tenantId, kind, error });
    }
  }
}

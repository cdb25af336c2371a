import { iso, isoOrNull, jsonParam } from './columns.ts';
import type { SqlClient } from './sql.ts';

export type SyncKind = 'full' | 'refresh';
export type SyncStatus = 'running' | 'waiting_for_signin' | 'succeeded' | 'failed';

export interface SyncRun {
  id: string;
  tenantId: string;
  kind: SyncKind;
  status: SyncStatus;
  phase: string | null;
  done: number;
  total: number;
  startedBy: string;
  startedAt: string;
  heartbeatAt: string;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
  stats: Record<string, unknown> | null;
  /** Whose kept grant the run reads with. */
  delegateUserId: string | null;
  /** Continuing an interrupted chain of runs: what that chain read since this time is not read again. */
  resumeFrom: string | null;
}

/** A running sync that has not reported progress for this long is presumed dead (its process crashed). */
export const STALE_SYNC_MS = 120_000;

const COLUMNS = `id, tenant_id as "tenantId", kind, status, phase, done, total, started_by as "startedBy", started_at as "startedAt",
  heartbeat_at as "heartbeatAt", finished_at as "finishedAt", error, stats, delegate_user_id as "delegateUserId", resume_from as "resumeFrom"`;

type StoredRun = Omit<SyncRun, 'startedAt' | 'heartbeatAt' | 'finishedAt' | 'resumeFrom'> & {
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  resumeFrom: Date | null;
};

const STALE_ERROR = {
  code: 'sync_interrupted',
  message: 'The sync stopped reporting progress (the server may have restarted). Start it again.',
};

const CONTINUED_ERROR = { code: 'signin_required', message: 'Continued by a later sync, which reads only what this one had not read yet.' };

/**
 * Start a sync unless one is running for the tenant (the unique index decides, across API instances):
 * returns the new run, or null. A running sync silent for `staleAfterMs` is marked failed first. A full sync
 * that follows full runs which did not finish in the last 24 hours (interrupted, failed, or waiting for a sign-in) continues their
 * chain: `resumeFrom` is when that chain began, and runs still waiting for a sign-in are closed as continued.
 */
export async function startSyncRun(
  db: SqlClient,
  input: { tenantId: string; kind: SyncKind; startedBy: string; delegateUserId?: string; staleAfterMs?: number },
): Promise<SyncRun | null> {
  await db.query(
    `update sync_runs set status = 'failed', finished_at = now(), error = $3::jsonb
      where tenant_id = $1 and status = 'running' and heartbeat_at < now() - $2::double precision * interval '1 millisecond'`,
    [input.tenantId, input.staleAfterMs ?? STALE_SYNC_MS, JSON.stringify(STALE_ERROR)],
  );
  const { rows } = await db.query<StoredRun>(
    `with unfinished as (
       select coalesce(r.resume_from, r.started_at) as since from sync_runs r
        where r.tenant_id = $1 and r.kind = $2 and r.status in ('failed', 'waiting_for_signin') and r.started_at > now() - interval '24 hours'
          and r.started_at > coalesce((select max(ok.started_at) from sync_runs ok where ok.tenant_id = $1 and ok.kind = $2 and ok.status = 'succeeded'), '-infinity')
        order by r.started_at desc limit 1)
     insert into sync_runs (tenant_id, kind, started_by, delegate_user_id, resume_from)
     values ($1, $2, $3, $4, (select since from unfinished))
     on conflict (tenant_id) where status = 'running' do nothing
     returning ${COLUMNS}`,
    [input.tenantId, input.kind, input.startedBy, input.delegateUserId ?? null],
  );
  if (!rows[0]) return null;
  await db.query(
    `update sync_runs set status = 'failed', finished_at = now(), error = $2::jsonb where tenant_id = $1 and status = 'waiting_for_signin'`,
    [input.tenantId, JSON.stringify(CONTINUED_ERROR)],
  );
  return toRun(rows[0]);
}

/** The run's admin must sign in again: it stops here, keeping what it stored, until a later run continues it. */
export async function pauseSyncRunForSignIn(db: SqlClient, id: string, error: { code: string; message: string }): Promise<void> {
  await db.query(
    `update sync_runs set status = 'waiting_for_signin', error = $2::jsonb, heartbeat_at = now() where id = $1 and status = 'running'`,
    [id, JSON.stringify(error)],
  );
}

/** The tenant's latest run if it waits for this user's sign-in, else null. */
export async function syncRunWaitingFor(db: SqlClient, tenantId: string, userId: string): Promise<SyncRun | null> {
  const run = await currentSyncRun(db, tenantId);
  return run && run.status === 'waiting_for_signin' && run.delegateUserId === userId ? run : null;
}

/** At start of a single-process store (PGlite), runs still marked running were left by a process that died. */
export async function interruptRunningSyncs(db: SqlClient): Promise<number> {
  const { rows } = await db.query(
    `update sync_runs set status = 'failed', finished_at = now(), error = $1::jsonb where status = 'running' returning 1`,
    [JSON.stringify(STALE_ERROR)],
  );
  return rows.length;
}

/** Report progress; it doubles as the heartbeat that keeps the run from being presumed dead. */
export async function updateSyncProgress(
  db: SqlClient,
  id: string,
  progress: { phase: string; done: number; total: number },
): Promise<void> {
  await db.query(`update sync_runs set phase = $2, done = $3, total = $4, heartbeat_at = now() where id = $1 and status = 'running'`, [
    id,
    progress.phase,
    progress.done,
    progress.total,
  ]);
}

/** Close a run. A run already marked failed as stale keeps that verdict. */
export async function finishSyncRun(
  db: SqlClient,
  id: string,
  outcome: { status: 'succeeded' | 'failed'; error?: { code: string; message: string }; stats?: object },
): Promise<void> {
  await db.query(
    `update sync_runs set status = $2, error = $3::jsonb, stats = $4::jsonb, finished_at = now(), heartbeat_at = now()
      where id = $1 and status = 'running'`,
    [id, outcome.status, jsonParam(outcome.error), jsonParam(outcome.stats)],
  );
}

/** The tenant's running sync, else its latest one, else null. */
export async function currentSyncRun(db: SqlClient, tenantId: string): Promise<SyncRun | null> {
  const { rows } = await db.query<StoredRun>(
    `select ${COLUMNS} from sync_runs where tenant_id = $1 order by status = 'running' desc, started_at desc limit 1`,
    [tenantId],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

function toRun(row: StoredRun): SyncRun {
  return {
    ...row,
    startedAt: iso(row.startedAt),
    heartbeatAt: iso(row.heartbeatAt),
    finishedAt: isoOrNull(row.finishedAt),
    resumeFrom: isoOrNull(row.resumeFrom),
  };
}

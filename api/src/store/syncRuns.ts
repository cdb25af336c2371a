import { iso, isoOrNull, jsonParam } from './columns.ts';
import type { SqlClient } from './sql.ts';

export type SyncKind = 'full' | 'refresh';
export type SyncStatus = 'running' | 'succeeded' | 'failed';

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
}

/** A running sync that has not reported progress for this long is presumed dead (its process crashed). */
export const STALE_SYNC_MS = 120_000;

const COLUMNS = `id, tenant_id as "tenantId", kind, status, phase, done, total, started_by as "startedBy", started_at as "startedAt",
  heartbeat_at as "heartbeatAt", finished_at as "finishedAt", error, stats`;

type StoredRun = Omit<SyncRun, 'startedAt' | 'heartbeatAt' | 'finishedAt'> & { startedAt: Date; heartbeatAt: Date; finishedAt: Date | null };

const STALE_ERROR = { code: 'sync_interrupted', message: 'The sync stopped reporting progress (the server may have restarted). Start it again.' };

/**
 * Start a sync unless one is running for the tenant (the unique index decides, across API instances):
 * returns the new run, or null. A running sync silent for `staleAfterMs` is marked failed first.
 */
export async function startSyncRun(
  db: SqlClient,
  input: { tenantId: string; kind: SyncKind; startedBy: string; staleAfterMs?: number },
): Promise<SyncRun | null> {
  await db.query(
    `update sync_runs set status = 'failed', finished_at = now(), error = $3::jsonb
      where tenant_id = $1 and status = 'running' and heartbeat_at < now() - $2::double precision * interval '1 millisecond'`,
    [input.tenantId, input.staleAfterMs ?? STALE_SYNC_MS, JSON.stringify(STALE_ERROR)],
  );
  const { rows } = await db.query<StoredRun>(
    `insert into sync_runs (tenant_id, kind, started_by) values ($1, $2, $3)
     on conflict (tenant_id) where status = 'running' do nothing
     returning ${COLUMNS}`,
    [input.tenantId, input.kind, input.startedBy],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** Report progress; it doubles as the heartbeat that keeps the run from being presumed dead. */
export async function updateSyncProgress(db: SqlClient, id: string, progress: { phase: string; done: number; total: number }): Promise<void> {
  await db.query(
    `update sync_runs set phase = $2, done = $3, total = $4, heartbeat_at = now() where id = $1 and status = 'running'`,
    [id, progress.phase, progress.done, progress.total],
  );
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
  return { ...row, startedAt: iso(row.startedAt), heartbeatAt: iso(row.heartbeatAt), finishedAt: isoOrNull(row.finishedAt) };
}

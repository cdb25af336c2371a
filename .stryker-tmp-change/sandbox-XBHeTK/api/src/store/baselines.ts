// @ts-nocheck
import { iso } from './columns.ts';
import type { SqlClient } from './sql.ts';

/** One saved version of a tenant's recommended values; versions count up from 1 and are never changed. */
export interface BaselineVersion {
  tenantId: string;
  version: number;
  values: unknown;
  createdBy: string;
  createdAt: string;
}

export async function latestBaseline(db: SqlClient, tenantId: string): Promise<BaselineVersion | null> {
  const { rows } = await db.query<Omit<BaselineVersion, 'createdAt'> & { createdAt: Date }>(
    `select tenant_id as "tenantId", version, "values", created_by as "createdBy", created_at as "createdAt"
       from baselines where tenant_id = $1 order by version desc limit 1`,
    [tenantId],
  );
  const row = rows[0];
  return row ? { ...row, createdAt: iso(row.createdAt) } : null;
}

/** Save a new version and return its number. Concurrent saves take turns (a per-tenant lock), so each gets its own. */
export function saveBaseline(db: SqlClient, tenantId: string, values: unknown, createdBy: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('room-accounts:baseline:' || $1::text))`, [tenantId]);
    const { rows } = await tx.query<{ version: number }>(
      `insert into baselines (tenant_id, version, "values", created_by)
       select $1, coalesce(max(version), 0) + 1, $2::jsonb, $3 from baselines where tenant_id = $1
       returning version`,
      [tenantId, JSON.stringify(values), createdBy],
    );
    return rows[0]!.version;
  });
}

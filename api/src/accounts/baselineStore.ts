import { baselineValues, type BaselineValues } from '../../../contract/index.ts';
import { latestBaseline, saveBaseline as insertBaseline } from '../store/baselines.ts';
import type { SqlClient } from '../store/sql.ts';
import { DEFAULT_BASELINE, type Baseline } from './baseline.ts';

/** The tenant's baseline: its latest saved version, or the shipped default (version 0). */
export async function loadBaseline(
  db: SqlClient,
  tenantId: string,
): Promise<Baseline & { updatedBy: string | null; updatedAt: string | null }> {
  const row = await latestBaseline(db, tenantId);
  if (!row) return { ...DEFAULT_BASELINE, updatedBy: null, updatedAt: null };
  // A stored baseline from an older release may lack newer fields: fill them from the default.
  const { version: _version, ...defaults } = DEFAULT_BASELINE;
  const values = baselineValues.parse({ ...defaults, ...(row.values as Partial<BaselineValues>) });
  return { ...values, version: row.version, updatedBy: row.createdBy, updatedAt: new Date(row.createdAt).toISOString() };
}

export async function saveBaseline(db: SqlClient, tenantId: string, values: BaselineValues, createdBy: string): Promise<number> {
  return insertBaseline(db, tenantId, values, createdBy);
}

import { isoOrNull } from './columns.ts';
import type { SqlClient } from './sql.ts';

/** Per-tenant bookkeeping of the inventory: where Refresh resumes, when Get Data last ran, tenant settings. */
export interface TenantState {
  tenantId: string;
  /** Graph users delta link that Refresh resumes from. */
  usersDeltaLink: string | null;
  usersDeltaAt: string | null;
  dataVersion: number;
  lastFullSyncAt: string | null;
  settings: Record<string, unknown>;
}

interface StateRow {
  usersDeltaLink: string | null;
  usersDeltaAt: Date | null;
  dataVersion: number;
  lastFullSyncAt: Date | null;
  settings: Record<string, unknown>;
}

/** A tenant never synced reads as version 0 with nothing set. */
export async function getTenantState(db: SqlClient, tenantId: string): Promise<TenantState> {
  const { rows } = await db.query<StateRow>(
    `select users_delta_link as "usersDeltaLink", users_delta_at as "usersDeltaAt", data_version as "dataVersion",
            last_full_sync_at as "lastFullSyncAt", settings
       from tenant_state where tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  return {
    tenantId,
    usersDeltaLink: row?.usersDeltaLink ?? null,
    usersDeltaAt: isoOrNull(row?.usersDeltaAt ?? null),
    dataVersion: row?.dataVersion ?? 0,
    lastFullSyncAt: isoOrNull(row?.lastFullSyncAt ?? null),
    settings: row?.settings ?? {},
  };
}

/** Store (or clear, with null) the delta link; it is internal to sync, so readers' caches stay valid. */
export async function setUsersDeltaLink(db: SqlClient, tenantId: string, link: string | null): Promise<void> {
  await db.query(
    `insert into tenant_state (tenant_id, users_delta_link, users_delta_at) values ($1, $2, now())
     on conflict (tenant_id) do update set users_delta_link = excluded.users_delta_link, users_delta_at = excluded.users_delta_at`,
    [tenantId, link],
  );
}

/** Record a finished Get Data; the list shows this time, so the data version moves. */
export async function markFullSync(db: SqlClient, tenantId: string, at: Date | string = new Date()): Promise<void> {
  await db.query(
    `insert into tenant_state (tenant_id, last_full_sync_at, data_version) values ($1, $2, 1)
     on conflict (tenant_id) do update set last_full_sync_at = excluded.last_full_sync_at, data_version = tenant_state.data_version + 1`,
    [tenantId, new Date(at).toISOString()],
  );
}

/** Shallow-merge `patch` into the tenant's settings; the data and settings versions move only if something changed. */
export async function updateTenantSettings(db: SqlClient, tenantId: string, patch: Record<string, unknown>): Promise<void> {
  await db.query(
    `insert into tenant_state (tenant_id, settings, data_version, settings_version) values ($1, $2::jsonb, 1, 1)
     on conflict (tenant_id) do update set
       settings = tenant_state.settings || excluded.settings,
       data_version = tenant_state.data_version + case when tenant_state.settings || excluded.settings = tenant_state.settings then 0 else 1 end,
       settings_version = tenant_state.settings_version + case when tenant_state.settings || excluded.settings = tenant_state.settings then 0 else 1 end`,
    [tenantId, JSON.stringify(patch)],
  );
}

/** Moves tenant `$1`'s data version by one (its first write creates the row); returns `data_version`. */
export const BUMP_DATA_VERSION = `insert into tenant_state (tenant_id, data_version) values ($1, 1)
  on conflict (tenant_id) do update set data_version = tenant_state.data_version + 1
  returning data_version`;

/** Move the tenant's data version (inside the writer's transaction, so readers never see data without it). */
export async function bumpDataVersion(db: SqlClient, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ data_version: number }>(BUMP_DATA_VERSION, [tenantId]);
  return rows[0]!.data_version;
}

/** The number readers compare to decide whether data derived from snapshots is still current. */
export async function getDataVersion(db: SqlClient, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ dataVersion: number }>('select data_version as "dataVersion" from tenant_state where tenant_id = $1', [
    tenantId,
  ]);
  return rows[0]?.dataVersion ?? 0;
}

/** The tenant's settings as last parsed in this process, per database handle: see {@link getTenantSettings}. */
const parsedSettings = new WeakMap<SqlClient, Map<string, { version: number; settings: Readonly<Record<string, unknown>> }>>();

/**
 * The tenant's settings and last Get Data time. Every apply task grades against the settings, and the Conditional
 * Access fact in them lists each group's resource accounts (a megabyte for 10,000 rooms): parsing that per task
 * was a third of a bulk apply's CPU. So a small read of the settings version comes first, and the settings are
 * read and parsed again only when it moved (by any instance). The result is deeply frozen and shared: callers
 * must not change it, and caches keyed by its objects (Conditional Access membership sets) stay valid.
 */
export async function getTenantSettings(
  db: SqlClient,
  tenantId: string,
): Promise<{ settings: Readonly<Record<string, unknown>>; lastFullSyncAt: string | null }> {
  const { rows } = await db.query<{ settingsVersion: number; lastFullSyncAt: Date | null }>(
    `select settings_version as "settingsVersion", last_full_sync_at as "lastFullSyncAt" from tenant_state where tenant_id = $1`,
    [tenantId],
  );
  const lastFullSyncAt = isoOrNull(rows[0]?.lastFullSyncAt ?? null);
  if (!rows[0]) return { settings: {}, lastFullSyncAt };
  let byTenant = parsedSettings.get(db);
  if (!byTenant) parsedSettings.set(db, (byTenant = new Map()));
  const known = byTenant.get(tenantId);
  if (known?.version === Number(rows[0].settingsVersion)) return { settings: known.settings, lastFullSyncAt };
  // Settings and their version in one row: a write between the two reads is cached under its own version.
  const fresh = await db.query<{ settingsVersion: number; settings: Record<string, unknown> }>(
    `select settings_version as "settingsVersion", settings from tenant_state where tenant_id = $1`,
    [tenantId],
  );
  const row = fresh.rows[0];
  if (!row) return { settings: {}, lastFullSyncAt };
  const settings = deepFreeze(row.settings);
  byTenant.set(tenantId, { version: Number(row.settingsVersion), settings });
  return { settings, lastFullSyncAt };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

import { iso } from './columns.ts';
import type { SqlClient } from './sql.ts';
import { BUMP_DATA_VERSION, bumpDataVersion } from './tenantState.ts';

export { getDataVersion } from './tenantState.ts';

export type SourceName = 'user' | 'licenses' | 'place' | 'mailbox' | 'calendarProcessing';

/**
 * Keys of `sources` that are not one source read: an account's sign-in activity and failures (issue 14) ride in
 * the same JSON, so they need no migration and are written alone with `updateSnapshotSource`.
 */
export type ExtraSourceKey = 'signIn';

/** One source's read result as sync recorded it. */
export interface SourceRead {
  status: 'ok' | 'unavailable' | 'notFound' | 'pending' | 'error';
  readAt: string;
  data?: unknown;
  error?: { code: string; message: string };
}

export type SnapshotSources = Record<SourceName, SourceRead> & { signIn?: unknown };

/** What sync writes per account; the columns beside `sources` are what the list filters and sorts on. */
export interface SnapshotInput {
  accountId: string;
  upn: string;
  displayName: string;
  mail?: string | null;
  building?: string | null;
  city?: string | null;
  country?: string | null;
  location?: string | null;
  licenseSkuIds?: string[];
  recipientType?: string | null;
  sources: SnapshotSources;
  readAt: string;
}

export interface SnapshotRow {
  tenantId: string;
  accountId: string;
  upn: string;
  displayName: string;
  mail: string | null;
  building: string | null;
  city: string | null;
  country: string | null;
  location: string | null;
  licenseSkuIds: string[];
  recipientType: string | null;
  sources: SnapshotSources;
  readAt: string;
  updatedAt: string;
  /** The tenant's data version of the write that last touched this row. */
  rowVersion: number;
}

/** Rows per INSERT: one JSON parameter each, well under any message size limit. */
const CHUNK = 500;

const COLUMNS = `tenant_id as "tenantId", account_id as "accountId", upn, display_name as "displayName", mail, building, city,
  country, location, license_sku_ids as "licenseSkuIds", recipient_type as "recipientType", sources, read_at as "readAt",
  updated_at as "updatedAt", row_version as "rowVersion"`;

type StoredRow = Omit<SnapshotRow, 'readAt' | 'updatedAt'> & { readAt: Date; updatedAt: Date };

/** The upsert of one chunk of rows (`$2`, a JSON array) at a data version given by `version` (SQL). */
const upsertChunk = (version: string) => `insert into account_snapshots (tenant_id, account_id, upn, display_name, mail, building, city,
                                 country, location, license_sku_ids, recipient_type, sources, read_at, updated_at, row_version)
    select $1, r.account_id, r.upn, coalesce(r.display_name, ''), r.mail, r.building, r.city, r.country, r.location,
           coalesce(r.license_sku_ids, '{}'), r.recipient_type, r.sources, r.read_at, now(), ${version}
      from jsonb_to_recordset($2::jsonb) as r(account_id text, upn text, display_name text, mail text, building text,
           city text, country text, location text, license_sku_ids text[], recipient_type text, sources jsonb, read_at timestamptz)
    on conflict (tenant_id, account_id) do update set
      upn = excluded.upn, display_name = excluded.display_name, mail = excluded.mail, building = excluded.building,
      city = excluded.city, country = excluded.country, location = excluded.location,
      license_sku_ids = excluded.license_sku_ids, recipient_type = excluded.recipient_type,
      -- A write that does not carry sign-in reads (an apply's read-back, a sync's listing) keeps the stored ones.
      sources = case when excluded.sources ? 'signIn' or account_snapshots.sources->'signIn' is null then excluded.sources
                     else jsonb_set(excluded.sources, '{signIn}', account_snapshots.sources->'signIn') end,
      read_at = excluded.read_at, updated_at = excluded.updated_at, row_version = excluded.row_version`;

/**
 * Insert or replace snapshots and move the tenant's data version, atomically; returns the version they were
 * written at (0: none). A later row wins over an earlier one with the same account id. Up to CHUNK rows go as
 * one statement (the version's bump a CTE of it): a sync's listing writes a part of a page at a time while the
 * API is busy grading the next, and a transaction's four round trips, each waiting for a turn of a busy event
 * loop, made those writes fall behind. More rows go in chunks inside one transaction.
 */
export async function upsertSnapshots(db: SqlClient, tenantId: string, rows: SnapshotInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  const unique = [...new Map(rows.map((row) => [row.accountId, row])).values()];
  if (unique.length <= CHUNK) {
    const { rows: written } = await db.query<{ dataVersion: number }>(
      `with version as (${BUMP_DATA_VERSION}),
       written as (${upsertChunk('(select data_version from version)')})
       select data_version as "dataVersion" from version`,
      [tenantId, recordsOf(unique)],
    );
    return written[0]!.dataVersion;
  }
  return db.transaction(async (tx) => {
    const version = await bumpDataVersion(tx, tenantId);
    for (let start = 0; start < unique.length; start += CHUNK)
      await tx.query(upsertChunk('$3'), [tenantId, recordsOf(unique.slice(start, start + CHUNK)), version]);
    return version;
  });
}

/** Rows as the JSON array `jsonb_to_recordset` reads. */
function recordsOf(rows: SnapshotInput[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      account_id: row.accountId,
      upn: row.upn,
      display_name: row.displayName,
      mail: row.mail ?? null,
      building: row.building ?? null,
      city: row.city ?? null,
      country: row.country ?? null,
      location: row.location ?? null,
      license_sku_ids: row.licenseSkuIds ?? [],
      recipient_type: row.recipientType ?? null,
      sources: row.sources,
      read_at: row.readAt,
    })),
  );
}

/**
 * Replace one source of many stored snapshots (a sync's mailbox settings), leaving the rest of each as it is:
 * the caller needs only the account ids, not 10,000 whole snapshots in memory. Returns the data version.
 */
export async function updateSnapshotSource(
  db: SqlClient,
  tenantId: string,
  source: SourceName | ExtraSourceKey,
  reads: { accountId: string; read: unknown }[],
): Promise<number> {
  if (reads.length === 0) return 0;
  return db.transaction(async (tx) => {
    const version = await bumpDataVersion(tx, tenantId);
    for (let start = 0; start < reads.length; start += CHUNK) {
      const records = reads.slice(start, start + CHUNK).map(({ accountId, read }) => ({ account_id: accountId, source: read }));
      await tx.query(
        `update account_snapshots s
            set sources = jsonb_set(s.sources, array[$3::text], r.source), updated_at = now(), row_version = $4
           from jsonb_to_recordset($2::jsonb) as r(account_id text, source jsonb)
          where s.tenant_id = $1 and s.account_id = r.account_id`,
        [tenantId, JSON.stringify(records), source, version],
      );
    }
    return version;
  });
}

export async function getSnapshot(db: SqlClient, tenantId: string, accountId: string): Promise<SnapshotRow | null> {
  const { rows } = await db.query<StoredRow>(`select ${COLUMNS} from account_snapshots where tenant_id = $1 and account_id = $2`, [
    tenantId,
    accountId,
  ]);
  return rows[0] ? toSnapshot(rows[0]) : null;
}

/** Every snapshot of a tenant, by account id: the read API grades them in memory and caches by data version. */
export async function listSnapshots(db: SqlClient, tenantId: string): Promise<SnapshotRow[]> {
  const { rows } = await db.query<StoredRow>(`select ${COLUMNS} from account_snapshots where tenant_id = $1 order by account_id`, [
    tenantId,
  ]);
  return rows.map(toSnapshot);
}

/** Up to `limit` snapshots after `afterAccountId` in account id order: a tenant read in pages of bounded memory. */
export async function listSnapshotsAfter(db: SqlClient, tenantId: string, afterAccountId: string, limit: number): Promise<SnapshotRow[]> {
  const { rows } = await db.query<StoredRow>(
    `select ${COLUMNS} from account_snapshots where tenant_id = $1 and account_id > $2 order by account_id limit $3`,
    [tenantId, afterAccountId, limit],
  );
  return rows.map(toSnapshot);
}

/** After a full sync: drop accounts that are no longer resource accounts. Returns how many went. */
export function deleteSnapshotsNotIn(db: SqlClient, tenantId: string, keepIds: string[]): Promise<number> {
  return deleteWhere(db, tenantId, 'not in', keepIds);
}

export function deleteSnapshots(db: SqlClient, tenantId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return Promise.resolve(0);
  return deleteWhere(db, tenantId, 'in', ids);
}

function deleteWhere(db: SqlClient, tenantId: string, membership: 'in' | 'not in', ids: string[]): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ removed: number }>(
      `with gone as (
         delete from account_snapshots
          where tenant_id = $1 and account_id ${membership} (select jsonb_array_elements_text($2::jsonb))
         returning 1)
       select count(*)::int as removed from gone`,
      [tenantId, JSON.stringify(ids)],
    );
    const removed = rows[0]?.removed ?? 0;
    if (removed > 0) await bumpDataVersion(tx, tenantId);
    return removed;
  });
}

function toSnapshot(row: StoredRow): SnapshotRow {
  return { ...row, readAt: iso(row.readAt), updatedAt: iso(row.updatedAt) };
}

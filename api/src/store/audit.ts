import { iso } from './columns.ts';
import type { SqlClient } from './sql.ts';

export type AuditOutcome = 'succeeded' | 'failed' | 'refused';

/** One attempted change, as the change service records it. */
export interface AuditEntryInput {
  tenantId: string;
  actorId: string;
  actorUpn: string;
  accountId?: string | null;
  /** What was changed, e.g. `AutomateProcessing`, `license`, `baseline v3`. */
  setting: string;
  before?: unknown;
  after?: unknown;
  outcome: AuditOutcome;
  message?: string | null;
  correlationId?: string | null;
  jobId?: string | null;
  /** Same key, same tenant: recorded once, so a retried write never doubles an entry. */
  idempotencyKey?: string | null;
}

export interface AuditEntry {
  id: number;
  tenantId: string;
  at: string;
  actorId: string;
  actorUpn: string;
  accountId: string | null;
  setting: string;
  before: unknown;
  after: unknown;
  outcome: AuditOutcome;
  message: string | null;
  correlationId: string | null;
  jobId: string | null;
  idempotencyKey: string | null;
}

export interface AuditFilter {
  accountId?: string;
  /** The actor's UPN (any case) or object id. */
  actor?: string;
  /** ISO date-times, both inclusive. */
  from?: string;
  to?: string;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** A cursor that is not one `queryAudit` returned; callers answer 400. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

/** Append entries in one statement; entries whose idempotency key is already recorded are skipped. Returns how many were added. */
export async function appendAudit(db: SqlClient, entries: AuditEntryInput[]): Promise<number> {
  if (entries.length === 0) return 0;
  const records = entries.map((entry) => ({
    tenant_id: entry.tenantId,
    actor_id: entry.actorId,
    actor_upn: entry.actorUpn,
    account_id: entry.accountId ?? null,
    setting: entry.setting,
    before: entry.before ?? null,
    after: entry.after ?? null,
    outcome: entry.outcome,
    message: entry.message ?? null,
    correlation_id: entry.correlationId ?? null,
    job_id: entry.jobId ?? null,
    idempotency_key: entry.idempotencyKey ?? null,
  }));
  const { rows } = await db.query<{ id: number }>(
    `insert into audit_log (tenant_id, actor_id, actor_upn, account_id, setting, before, after, outcome, message, correlation_id, job_id, idempotency_key)
     select r.tenant_id, r.actor_id, r.actor_upn, r.account_id, r.setting, r.before, r.after, r.outcome, r.message, r.correlation_id, r.job_id, r.idempotency_key
       from jsonb_to_recordset($1::jsonb) as r(tenant_id text, actor_id text, actor_upn text, account_id text, setting text,
            before jsonb, after jsonb, outcome text, message text, correlation_id text, job_id uuid, idempotency_key text)
     on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
     returning id`,
    [JSON.stringify(records)],
  );
  return rows.length;
}

const COLUMNS = `id, tenant_id as "tenantId", at, actor_id as "actorId", actor_upn as "actorUpn", account_id as "accountId", setting,
  before, after, outcome, message, correlation_id as "correlationId", job_id as "jobId", idempotency_key as "idempotencyKey"`;

/** Newest first, one page at a time: pass the returned `nextCursor` back for the next page (null at the end). */
export async function queryAudit(
  db: SqlClient,
  tenantId: string,
  filter: AuditFilter,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const condition = (value: unknown, sql: (param: string) => string) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.accountId) condition(filter.accountId, (p) => `account_id = ${p}`);
  if (filter.actor) condition(filter.actor, (p) => `(actor_id = ${p} or lower(actor_upn) = lower(${p}))`);
  if (filter.from) condition(filter.from, (p) => `at >= ${p}::timestamptz`);
  // Entries show millisecond times while the column keeps microseconds: `to` covers its whole millisecond.
  if (filter.to) condition(filter.to, (p) => `at < ${p}::timestamptz + interval '1 millisecond'`);
  if (filter.cursor) condition(decodeCursor(filter.cursor), (p) => `id < ${p}::bigint`);
  params.push(filter.limit + 1);
  const { rows } = await db.query<Omit<AuditEntry, 'at'> & { at: Date }>(
    `select ${COLUMNS} from audit_log where ${where.join(' and ')} order by id desc limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, filter.limit).map((row) => ({ ...row, at: iso(row.at) }));
  const last = page[page.length - 1];
  return { entries: page, nextCursor: rows.length > filter.limit && last ? String(last.id) : null };
}

function decodeCursor(cursor: string): number {
  if (!/^[1-9]\d{0,15}$/.test(cursor)) throw new InvalidCursorError('This audit page link is not valid. Reload the audit log.');
  return Number(cursor);
}

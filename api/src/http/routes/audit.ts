import { Router } from 'express';
import { auditQuery, type AuditResponse } from '../../../../contract/index.ts';
import { csvCell } from '../../csv.ts';
import { queryAudit } from '../../store/audit.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

/** The audit log: who changed what on which account, filtered and paged; and its CSV export. */
export function auditRoutes(services: Services): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const query = parseInput(auditQuery, req.query, 'query');
    const page = await queryAudit(services.db, principalOf(res).tenantId, query);
    const body: AuditResponse = { items: page.entries.map(toEntry), nextCursor: page.nextCursor ?? null };
    res.json(body);
  });

  router.get('/audit/export.csv', async (req, res) => {
    const query = parseInput(auditQuery.omit({ limit: true, cursor: true }), req.query, 'query');
    const { tenantId } = principalOf(res);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="room-accounts-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.write('Time,Actor,Account,Setting,Before,After,Outcome,Message,Correlation id,Job\r\n');
    let cursor: string | undefined;
    do {
      const page = await queryAudit(services.db, tenantId, { ...query, limit: 500, cursor });
      for (const row of page.entries.map(toEntry)) {
        const line = [
          row.at,
          row.actorUpn,
          row.accountId ?? '',
          row.setting,
          json(row.before),
          json(row.after),
          row.outcome,
          row.message ?? '',
          row.correlationId,
          row.jobId ?? '',
        ]
          .map(csvCell)
          .join(',');
        if (!res.write(`${line}\r\n`)) await new Promise((resolve) => res.once('drain', resolve));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    res.end();
  });

  return router;
}

type StoredEntry = Awaited<ReturnType<typeof queryAudit>>['entries'][number];

function toEntry(row: StoredEntry): AuditResponse['items'][number] {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    actorUpn: row.actorUpn ?? '',
    accountId: row.accountId ?? null,
    setting: row.setting,
    before: row.before,
    after: row.after,
    outcome: row.outcome,
    message: row.message ?? null,
    correlationId: row.correlationId ?? '',
    jobId: row.jobId ?? null,
  };
}

function json(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

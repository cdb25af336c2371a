// @ts-nocheck
import { Router } from 'express';
import { z } from 'zod';
import { accountListQuery } from '../../../../contract/index.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

const accountId = z.string().min(1).max(200);

/** The read API over the stored inventory: list, export, one account, summary. */
export function accountRoutes(services: Services): Router {
  const router = Router();

  router.get('/accounts', async (req, res) => {
    const query = parseInput(accountListQuery, req.query, 'query');
    res.type('json').send(await services.accounts.listJson(principalOf(res).tenantId, query));
  });

  router.get('/accounts/export.csv', async (req, res) => {
    const query = parseInput(accountListQuery.omit({ page: true, pageSize: true }), req.query, 'query');
    const { tenantId } = principalOf(res);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="room-accounts-${new Date().toISOString().slice(0, 10)}.csv"`);
    for await (const chunk of services.accounts.exportCsv(tenantId, query)) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });

  router.get('/accounts/:id', async (req, res) => {
    const id = parseInput(accountId, req.params.id, 'account id');
    res.json(await services.accounts.get(principalOf(res).tenantId, id));
  });

  router.get('/summary', async (_req, res) => {
    res.type('json').send(await services.accounts.summaryJson(principalOf(res).tenantId));
  });

  return router;
}

// @ts-nocheck
import { Router } from 'express';
import { syncStartRequest } from '../../../../contract/index.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

/** Get Data (full sync), Refresh (incremental) and their progress. */
export function syncRoutes(services: Services): Router {
  const router = Router();

  router.post('/sync', async (req, res) => {
    const { kind } = parseInput(syncStartRequest, req.body ?? {}, 'request body');
    const started = await services.inventory.startSync(principalOf(res), kind);
    res.status(202).json({ syncId: started.id, kind: started.kind });
  });

  router.get('/sync/current', async (_req, res) => {
    res.json({ sync: await services.inventory.currentSync(principalOf(res).tenantId) });
  });

  return router;
}

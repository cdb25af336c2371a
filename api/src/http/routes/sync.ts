import { Router } from 'express';
import { syncStartRequest, type SyncCurrentResponse, type SyncStartResponse } from '../../../../contract/index.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

/** Get Data (full sync), Refresh (incremental) and their progress. */
export function syncRoutes(services: Services): Router {
  const router = Router();

  router.post('/sync', async (req, res) => {
    const { kind } = parseInput(syncStartRequest, req.body ?? {}, 'request body');
    const started = await services.inventory.startSync(principalOf(res), kind);
    const body: SyncStartResponse = { syncId: started.id, kind: started.kind };
    res.status(202).json(body);
  });

  router.get('/sync/current', async (_req, res) => {
    const body: SyncCurrentResponse = { sync: await services.inventory.currentSync(principalOf(res).tenantId) };
    res.json(body);
  });

  return router;
}

// @ts-nocheck
import { Router } from 'express';
import { z } from 'zod';
import { applyJobRequest } from '../../../../contract/index.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

const jobId = z.uuid({ message: 'must be a job id (GUID)' });

/** Bulk apply: start a durable job, follow its progress, cancel it. */
export function jobRoutes(services: Services): Router {
  const router = Router();

  router.post('/jobs/apply-recommended', async (req, res) => {
    const body = parseInput(applyJobRequest, req.body, 'request body');
    res.status(202).json(await services.jobs.createApplyRecommended(principalOf(res), body));
  });

  router.get('/jobs/:id', async (req, res) => {
    const id = parseInput(jobId, req.params.id, 'job id');
    res.json(await services.jobs.progress(principalOf(res).tenantId, id));
  });

  router.post('/jobs/:id/cancel', async (req, res) => {
    const id = parseInput(jobId, req.params.id, 'job id');
    res.json(await services.jobs.cancel(principalOf(res), id));
  });

  // Take over a job waiting for another admin's sign-in (or resume one's own): audited when it changes hands.
  router.post('/jobs/:id/take-over', async (req, res) => {
    const principal = principalOf(res);
    const id = parseInput(jobId, req.params.id, 'job id');
    res.json(await services.jobs.takeOver(principal, id, String(res.locals.correlationId)));
  });

  return router;
}

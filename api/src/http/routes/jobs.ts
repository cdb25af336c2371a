import { Router } from 'express';
import { z } from 'zod';
import { applyJobRequest, type JobCreated, type JobProgress } from '../../../../contract/index.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

const jobId = z.uuid({ message: 'must be a job id (GUID)' });

/** Bulk apply: start a durable job, follow its progress, cancel it. */
export function jobRoutes(services: Services): Router {
  const router = Router();

  router.post('/jobs/apply-recommended', async (req, res) => {
    const body = parseInput(applyJobRequest, req.body, 'request body');
    const created: JobCreated = await services.jobs.createApplyRecommended(principalOf(res), body);
    res.status(202).json(created);
  });

  router.get('/jobs/:id', async (req, res) => {
    const id = parseInput(jobId, req.params.id, 'job id');
    const progress: JobProgress = await services.jobs.progress(principalOf(res).tenantId, id);
    res.json(progress);
  });

  router.post('/jobs/:id/cancel', async (req, res) => {
    const id = parseInput(jobId, req.params.id, 'job id');
    const progress: JobProgress = await services.jobs.cancel(principalOf(res), id);
    res.json(progress);
  });

  // Take over a job waiting for another admin's sign-in (or resume one's own): audited when it changes hands.
  router.post('/jobs/:id/take-over', async (req, res) => {
    const principal = principalOf(res);
    const id = parseInput(jobId, req.params.id, 'job id');
    const progress: JobProgress = await services.jobs.takeOver(principal, id, String(res.locals.correlationId));
    res.json(progress);
  });

  return router;
}

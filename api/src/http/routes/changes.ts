import { Router } from 'express';
import { z } from 'zod';
import {
  desiredSettings,
  licenseChangeRequest,
  planRequest,
  type ApplyResponse,
  type LicenseChangeResponse,
  type PlanResponse,
} from '../../../../contract/index.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

const accountId = z.string().min(1).max(200);

/** Preview and apply changes to one account: settings, recommended config, licenses, location. */
export function changeRoutes(services: Services): Router {
  const router = Router();
  const context = (res: Parameters<typeof principalOf>[0]) => ({
    principal: principalOf(res),
    correlationId: String(res.locals.correlationId),
  });

  router.post('/accounts/:id/plan', async (req, res) => {
    const id = parseInput(accountId, req.params.id, 'account id');
    const body = parseInput(planRequest, req.body, 'request body');
    const plan: PlanResponse = await services.changes.plan(context(res), id, 'recommended' in body ? 'recommended' : body.settings);
    res.json(plan);
  });

  router.patch('/accounts/:id', async (req, res) => {
    const id = parseInput(accountId, req.params.id, 'account id');
    const body = parseInput(desiredSettings, req.body, 'request body');
    const applied: ApplyResponse = await services.changes.apply(context(res), id, body);
    res.json(applied);
  });

  router.post('/accounts/:id/apply-recommended', async (req, res) => {
    const id = parseInput(accountId, req.params.id, 'account id');
    const applied: ApplyResponse = await services.changes.apply(context(res), id, 'recommended');
    res.json(applied);
  });

  router.patch('/accounts/:id/location', async (req, res) => {
    const id = parseInput(accountId, req.params.id, 'account id');
    const location = parseInput(desiredSettings.shape.location.unwrap(), req.body, 'request body');
    res.json(await services.changes.changeLocation(context(res), id, location));
  });

  router.put('/accounts/:id/licenses', async (req, res) => {
    const id = parseInput(accountId, req.params.id, 'account id');
    const body = parseInput(licenseChangeRequest, req.body, 'request body');
    const changed: LicenseChangeResponse = await services.changes.changeLicenses(context(res), id, body);
    res.json(changed);
  });

  return router;
}

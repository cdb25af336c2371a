import { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import { faultsOf } from '../tenant/faults.ts';
import { fail, parseBody, tenantParam } from './replies.ts';

/**
 * What a Places call answers while Places is made absent, unless the body names another error. Graph's answer
 * for a segment a deployment does not serve; that Places answers exactly this where it is absent is unverified.
 */
const ABSENT_PLACES = { status: 400, code: 'BadRequest', message: "Resource not found for the segment 'places'." };

const outage = z
  .object({
    absent: z.boolean(),
    status: z.number().int().min(400).max(599).optional(),
    code: z.string().min(1).max(200).optional(),
    message: z.string().max(2000).optional(),
  })
  .strict();

const override = z
  .object({
    set: z.record(z.string().min(1), z.unknown()).default({}),
    remove: z.array(z.string().min(1)).default([]),
  })
  .strict();

/**
 * Emulator-only faults (no Microsoft counterpart as an API): make Places absent or failing for a tenant, and make
 * one user's or room's JSON carry wrong-typed, missing or extra properties. A reset clears them.
 */
export function faultRoutes(ctx: EmulatorContext): Router {
  const router = Router();

  router.put('/tenants/:tid/places/outage', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(outage, req, res);
    if (!tenant || !body) return;
    const faults = faultsOf(tenant);
    faults.placesOutage = body.absent
      ? {
          status: body.status ?? ABSENT_PLACES.status,
          code: body.code ?? ABSENT_PLACES.code,
          message: body.message ?? ABSENT_PLACES.message,
        }
      : undefined;
    res.json({ placesOutage: faults.placesOutage ?? null });
  });

  router.post('/tenants/:tid/users/:id/corrupt', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(override, req, res);
    if (!tenant || !body) return;
    const user = tenant.userByIdOrUpn(String(req.params.id));
    if (!user) return fail(res, 404, 'userNotFound', `Resource '${String(req.params.id)}' does not exist.`);
    faultsOf(tenant).users.set(user.id, body);
    res.json({ userId: user.id, ...body });
  });

  router.post('/tenants/:tid/places/:id/corrupt', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(override, req, res);
    if (!tenant || !body) return;
    const place = tenant.placeByIdOrEmail(String(req.params.id));
    if (!place) return fail(res, 404, 'placeNotFound', `No place '${String(req.params.id)}' in this tenant.`);
    faultsOf(tenant).places.set(place.id, body);
    res.json({ placeId: place.id, ...body });
  });

  return router;
}

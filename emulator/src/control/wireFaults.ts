import { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import { addOutputPatch, addReplyRule, clearInjections } from '../exchange/injected.ts';
import { expireDeltaTokens } from '../graph/users/delta.ts';
import { parseBody, tenantParam } from './replies.ts';

const replyRule = z
  .object({
    cmdlet: z.string().min(1),
    identity: z.string().min(1).optional(),
    reply: z.enum(['errorIn200', 'emptyForbidden', 'notFound404', 'missing', 'throttled']),
    times: z.number().int().min(1).optional(),
    retryAfterSeconds: z.number().positive().max(3600).optional(),
  })
  .strict()
  .refine(
    (rule) => rule.retryAfterSeconds === undefined || rule.reply === 'throttled',
    'retryAfterSeconds goes with reply `throttled` only',
  );

const outputPatch = z
  .object({
    cmdlet: z.string().min(1),
    identity: z.string().min(1),
    set: z.record(z.string(), z.unknown()).optional(),
    remove: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .refine((patch) => patch.set !== undefined || patch.remove !== undefined, 'give `set`, `remove` or both');

const deltaExpiry = z.union([
  z.object({ status: z.literal(400) }).strict(),
  z.object({ status: z.literal(410), code: z.string().min(1) }).strict(),
]);

/**
 * Emulator-only wire faults (no Microsoft counterpart, no authentication): replies a live tenant gives only
 * sometimes (an error inside a 200, a bare 403, a 404 for a missing object, one object missing or throttled), malformed or unfamiliar cmdlet
 * output, and expired delta tokens. See exchange/injected.ts and graph/users/delta.ts for what each models.
 */
export function wireFaultRoutes(ctx: EmulatorContext): Router {
  const router = Router();

  router.post('/tenants/:tid/exchange/replies', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(replyRule, req, res);
    if (!tenant || !body) return;
    addReplyRule(tenant, {
      cmdlet: body.cmdlet,
      identity: body.identity,
      reply: body.reply,
      remaining: body.times,
      retryAfterSeconds: body.retryAfterSeconds,
    });
    res.json({ ok: true });
  });

  router.post('/tenants/:tid/exchange/output', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(outputPatch, req, res);
    if (!tenant || !body) return;
    addOutputPatch(tenant, body);
    res.json({ ok: true });
  });

  router.delete('/tenants/:tid/exchange/faults', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    if (!tenant) return;
    clearInjections(tenant);
    res.json({ ok: true });
  });

  router.post('/tenants/:tid/delta/expire', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(deltaExpiry, req, res);
    if (!tenant || !body) return;
    expireDeltaTokens(tenant, body);
    res.json({ ok: true });
  });

  return router;
}

import { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context.ts';
import { RESOURCE } from '../tenant/catalog.ts';
import { seedManifest } from '../tenant/seed.ts';
import { seedRecord } from '../tenant/seed/manifest.ts';
import { fail, parseBody, tenantParam } from './replies.ts';

const toggle = z.object({ enabled: z.boolean() }).strict();
const scopes = z.object({ resource: z.enum(['graph', 'exchange']).default('graph'), scopes: z.array(z.string().min(1)) }).strict();
const isoOrNull = z.string().datetime({ offset: true }).nullable();
const activity = z
  .object({
    lastSignInDateTime: isoOrNull,
    lastNonInteractiveSignInDateTime: isoOrNull,
    lastSuccessfulSignInDateTime: isoOrNull,
  })
  .partial()
  .strict();

/**
 * Tenant settings behind sign-in health (issue 14), changed "by another admin" or by a test: Entra ID P1 on or
 * off, security defaults, the delegated scopes the demo app holds (to get a token without Policy.Read.All or
 * AuditLog.Read.All), one user's signInActivity, and the seed's ground truth for tests running out of process.
 */
export function signInRoutes(ctx: EmulatorContext): Router {
  const router = Router();

  router.put('/tenants/:tid/premium', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(toggle, req, res);
    if (!tenant || !body) return;
    tenant.premium = body.enabled;
    res.json({ premium: tenant.premium });
  });

  router.put('/tenants/:tid/security-defaults', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(toggle, req, res);
    if (!tenant || !body) return;
    tenant.securityDefaultsEnabled = body.enabled;
    res.json({ securityDefaultsEnabled: tenant.securityDefaultsEnabled });
  });

  // Consented delegated scopes of an app for one resource; tokens issued afterwards carry exactly these in `scp`.
  router.put('/tenants/:tid/apps/:clientId/scopes', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(scopes, req, res);
    if (!tenant || !body) return;
    const app = tenant.apps.get(String(req.params.clientId));
    if (!app) return fail(res, 404, 'appNotFound', `No app ${String(req.params.clientId)} is registered in tenant ${tenant.id}.`);
    app.consentedScopes = { ...app.consentedScopes, [RESOURCE[body.resource].uri]: [...body.scopes] };
    res.json({ clientId: app.clientId, consentedScopes: app.consentedScopes });
  });

  // Replaces the given dates (the request ids stay); DELETE removes the activity: a user who never signed in.
  router.put('/tenants/:tid/users/:id/sign-in-activity', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    const body = tenant && parseBody(activity, req, res);
    if (!tenant || !body) return;
    const user = tenant.userByIdOrUpn(String(req.params.id));
    if (!user) return fail(res, 404, 'userNotFound', `Resource '${String(req.params.id)}' does not exist.`);
    const current = tenant.signInActivity.get(user.id) ?? {
      lastSignInDateTime: null,
      lastSignInRequestId: null,
      lastNonInteractiveSignInDateTime: null,
      lastNonInteractiveSignInRequestId: null,
      lastSuccessfulSignInDateTime: null,
      lastSuccessfulSignInRequestId: null,
    };
    const updated = { ...current, ...body };
    tenant.signInActivity.set(user.id, updated);
    res.json({ userId: user.id, signInActivity: updated });
  });

  router.delete('/tenants/:tid/users/:id/sign-in-activity', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    if (!tenant) return;
    const user = tenant.userByIdOrUpn(String(req.params.id));
    if (!user) return fail(res, 404, 'userNotFound', `Resource '${String(req.params.id)}' does not exist.`);
    tenant.signInActivity.delete(user.id);
    res.json({ userId: user.id, signInActivity: null });
  });

  router.get('/tenants/:tid/sign-in-seed', (req, res) => {
    const tenant = tenantParam(ctx, req, res);
    if (!tenant) return;
    if (!seedRecord(tenant)) return fail(res, 404, 'notSeeded', `Tenant ${tenant.id} was not made by the seed generator.`);
    const { signIn } = seedManifest(tenant);
    res.json({
      anchor: signIn.anchor,
      premium: tenant.premium,
      securityDefaultsEnabled: tenant.securityDefaultsEnabled,
      scenarios: Object.fromEntries(signIn.scenarios),
      byScenario: signIn.byScenario,
      daysSinceSuccess: Object.fromEntries(signIn.daysSinceSuccess),
      conditionalAccess: signIn.conditionalAccess,
    });
  });

  return router;
}

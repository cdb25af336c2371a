import { Router, type RequestHandler } from 'express';
import {
  demoTokenRequest,
  type ClientConfig,
  type DemoTokenResponse,
  type HealthResponse,
  type MeResponse,
} from '../../../../contract/index.ts';
import {
  alsoAccepted,
  leastPrivilegedRole,
  mayEditBaseline,
  rolesShowWrite,
  WRITE_KINDS,
  writableKinds,
} from '../../accounts/permissions.ts';
import { cloudInfo } from '../../auth/cloud.ts';
import { namedRoles } from '../../auth/roles.ts';
import { AppError } from '../../errors.ts';
import { hasWorkWaitingFor } from '../../store/delegations.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

/** Health, demo sign-in and who-am-I. */
export function sessionRoutes(services: Services, authenticate: RequestHandler): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', mode: services.config.mode };
    res.json(body);
  });

  router.get('/client-config', (_req, res) => {
    const { config } = services;
    const body: ClientConfig = {
      mode: config.mode,
      clientId: config.app.clientId,
      authorityHost: config.endpoints.authorityHost,
      tenantId: config.tenantId,
      tabDomain: config.tabDomain,
    };
    res.json(body);
  });

  router.post('/demo/token', async (req, res) => {
    if (!services.demoSignIn)
      throw new AppError(404, 'not_found', 'Demo sign-in exists only in demo mode. Open Room Accounts from Microsoft Teams.');
    const { persona } = parseInput(demoTokenRequest, req.body, 'request body');
    const body: DemoTokenResponse = { access_token: await services.demoSignIn(persona) };
    res.json(body);
  });

  router.get('/me', authenticate, async (_req, res) => {
    const principal = principalOf(res);
    // Opening the tab is the admin's new sign-in: work that waited for it gets a renewed grant and goes on.
    if (await hasWorkWaitingFor(services.db, principal.tenantId, principal.userId)) {
      await services.tokens.delegate(principal);
      await services.jobs.resumeWaitingFor(principal);
      await services.inventory.resumeWaitingFor(principal);
    }
    const body: MeResponse = {
      tenantId: principal.tenantId,
      userId: principal.userId,
      userPrincipalName: principal.userPrincipalName,
      displayName: principal.displayName,
      roles: namedRoles(principal.roleTemplateIds),
      canWrite: writableKinds(principal.roleTemplateIds),
      writeHints: WRITE_KINDS.map((kind) => ({
        kind,
        rolesShow: rolesShowWrite(principal.roleTemplateIds, kind),
        requiredRole: leastPrivilegedRole(kind),
        alsoAccepted: alsoAccepted(kind),
      })),
      writeDecidedBy: 'microsoft365',
      canEditBaseline: mayEditBaseline(principal.roleTemplateIds),
      mode: services.config.mode,
      cloud: cloudInfo(principal.cloud),
    };
    res.json(body);
  });

  return router;
}

import { Router } from 'express';
import { baselineValues, type BaselineResponse } from '../../../../contract/index.ts';
import { loadBaseline, saveBaseline } from '../../accounts/baselineStore.ts';
import { CHECKS } from '../../accounts/checks/registry.ts';
import { mayEditBaseline } from '../../accounts/permissions.ts';
import { severityOf } from '../../accounts/status.ts';
import { ROLE_NAMES } from '../../auth/roles.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Services } from '../../services.ts';
import { principalOf } from '../principalOf.ts';
import { parseInput } from '../validate.ts';

/** The tenant's recommended values: read by anyone signed in, changed by Global or Exchange Administrators. */
export function baselineRoutes(services: Services): Router {
  const router = Router();

  router.get('/baseline', async (_req, res) => {
    res.json(await describeBaseline(services, principalOf(res).tenantId));
  });

  router.put('/baseline', async (req, res) => {
    const principal = principalOf(res);
    if (!mayEditBaseline(principal.roleTemplateIds)) {
      throw new AppError(
        403,
        'insufficient_role',
        'Only an Exchange Administrator or Global Administrator can change the recommended values.',
        { requiredRole: 'Exchange Administrator' },
      );
    }
    const values = parseInput(baselineValues, req.body, 'baseline');
    const unknownChecks = Object.keys(values.severities).filter((id) => !CHECKS.some((check) => check.id === id));
    if (unknownChecks.length > 0) throw new AppError(400, 'bad_request', `Unknown check id(s) in severities: ${unknownChecks.join(', ')}.`);
    const before = await loadBaseline(services.db, principal.tenantId);
    const version = await saveBaseline(services.db, principal.tenantId, values, principal.userPrincipalName);
    const { version: _v, updatedBy: _b, updatedAt: _a, ...beforeValues } = before;
    await appendAudit(services.db, [
      {
        tenantId: principal.tenantId,
        actorId: principal.userId,
        actorUpn: principal.userPrincipalName,
        accountId: null,
        setting: `baseline v${version}`,
        before: beforeValues,
        after: values,
        outcome: 'succeeded',
        message: null,
        correlationId: String(res.locals.correlationId),
        jobId: null,
        idempotencyKey: null,
      },
    ]);
    res.json(await describeBaseline(services, principal.tenantId));
  });

  return router;
}

async function describeBaseline(services: Services, tenantId: string): Promise<BaselineResponse> {
  const baseline = await loadBaseline(services.db, tenantId);
  const { version, updatedBy, updatedAt, ...values } = baseline;
  return {
    version,
    values,
    updatedBy,
    updatedAt,
    checks: CHECKS.map((check) => ({
      id: check.id,
      group: check.group,
      label: check.label,
      description: check.description,
      powershell: check.powershell,
      defaultSeverity: check.severity,
      severity: severityOf(check, baseline),
      expected: check.expected(baseline),
      changeRole: ROLE_NAMES[check.changeRole] ?? check.changeRole,
    })),
  };
}

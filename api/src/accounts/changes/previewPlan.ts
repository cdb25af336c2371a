import type { DesiredSettings, PlanResponse } from '../../../../contract/index.ts';
import { planSettings, type Change } from '../plan.ts';
import type { ChangeDeps, RequestContext } from './context.ts';
import { loadStoredAccount } from './storedAccount.ts';

/** `POST /accounts/{id}/plan`: the diff a change would make, from the stored snapshot (no call to Microsoft 365). */
export async function previewPlan(
  deps: ChangeDeps,
  context: RequestContext,
  accountId: string,
  desired: DesiredSettings | 'recommended',
): Promise<PlanResponse> {
  const { snapshot, baseline, tenant } = await loadStoredAccount(deps.db, context.principal.tenantId, accountId);
  const plan = planSettings(snapshot, desired, context.principal.roleTemplateIds, baseline, tenant);
  return { accountId: snapshot.accountId, changes: plan.changes.map(publicChange) };
}

function publicChange(change: Change): PlanResponse['changes'][number] {
  const { kind: _kind, payload: _payload, ...rest } = change;
  return rest;
}

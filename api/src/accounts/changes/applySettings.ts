import { MESSAGES, type ApplyResponse, type DesiredSettings } from '../../../../contract/index.ts';
import { readForApply } from '../applyReads.ts';
import { upstreamFailure } from '../microsoftErrors.ts';
import { planSettings } from '../plan.ts';
import { applyAndRecord } from './applyAndRecord.ts';
import type { ChangeDeps, JobTaskRun, RequestContext } from './context.ts';
import { accountGone, keepWhatCallerCannotRead, loadStoredAccount } from './storedAccount.ts';

/**
 * `PATCH /accounts/{id}`, `POST /accounts/{id}/apply-recommended` and each task of a bulk job: read the account
 * fresh, plan once against that read (so a retried apply changes nothing), and apply.
 */
export async function applySettings(
  deps: ChangeDeps,
  context: RequestContext,
  accountId: string,
  desired: DesiredSettings | 'recommended',
  job?: JobTaskRun,
): Promise<ApplyResponse> {
  try {
    const { principal } = context;
    const stored = await loadStoredAccount(deps.db, principal.tenantId, accountId);
    // No refusal by roles up front: the token's `wids` misses Exchange role groups and scoped roles, so Microsoft 365 decides.
    const clients = deps.clients.forPrincipal(principal, job ? 'low' : 'high');
    const read = await readForApply(clients, stored.snapshot, stored.tenant.skus);
    if (!read) throw accountGone();
    const fresh = keepWhatCallerCannotRead(read, stored.snapshot);
    const plan = planSettings(fresh, desired, principal.roleTemplateIds, stored.baseline, stored.tenant);
    return await applyAndRecord(deps, context, { clients, stored, fresh, plan, recommended: desired === 'recommended', job });
  } catch (error) {
    throw upstreamFailure(error, desired === 'recommended' ? MESSAGES.apply : MESSAGES.save);
  }
}
